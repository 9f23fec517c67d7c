/**
 * The physical address space: accesses, region handlers and the bus that dispatches to them.
 *
 * <p>Roles: a device <em>provides</em> {@link org.tessera.machine.api.memory.RegionHandler}
 * services (the whiteboard); the {@code mem.bus} bundle <em>provides</em> the
 * {@link org.tessera.machine.api.memory.MemoryBus} service and calls the handlers; the CPU and
 * tools <em>use</em> the bus. A handler may answer an access at once or later, from any thread
 * (the redirect contract, see {@link org.tessera.machine.api.memory.RegionAccess}).
 */
@Export
@Version("1.2.0")
package org.tessera.machine.api.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
