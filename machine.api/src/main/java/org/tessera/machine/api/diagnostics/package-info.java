/**
 * Diagnostics a machine's bundles offer to tools: today the CPU's single-instruction test
 * vectors.
 *
 * <p>The bundle that owns the CPU <em>provides</em>
 * {@link org.tessera.machine.api.diagnostics.CpuTestVectors}; the launcher's {@code cputest}
 * command and tests <em>use</em> it.
 */
@Export
@Version("1.0.0")
package org.tessera.machine.api.diagnostics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
