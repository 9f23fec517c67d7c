/**
 * Machine time: the clock that devices use for anything timed (retrace, timers), derived from
 * guest execution so that a run is reproducible.
 *
 * <p>The bundle that runs the CPU <em>provides</em>
 * {@link org.tessera.machine.api.time.VirtualClock}; devices <em>use</em> it, and fall back to
 * the host's clock when none is present.
 */
@Export
@Version("1.1.0")
package org.tessera.machine.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
