/**
 * Machine control: run, pause at an instruction boundary, single step, reset, and the status a
 * user sees. Provided by the bundle that drives the CPU; used by the launcher and tools.
 */
@Export
@Version("1.2.0")
package org.tessera.machine.api.control;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
