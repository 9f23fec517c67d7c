/**
 * Device state records: what a device's modelled hardware holds (register values, memory), so
 * that a device can be replaced while the machine runs (hot swap) and a machine saved and
 * restored.
 */
@Export
@Version("1.0.0")
package org.tessera.machine.api.device;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
