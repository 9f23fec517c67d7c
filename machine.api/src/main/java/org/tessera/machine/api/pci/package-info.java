/**
 * The PCI configuration space of bus 0: the functions that answer configuration cycles.
 *
 * <p>Roles: a device <em>provides</em> a {@link org.tessera.machine.api.pci.PciFunction} service
 * per function it implements (the whiteboard); the host bridge (configuration mechanism #1 at
 * ports 0CF8h/0CFCh, in {@code dev.pci}) <em>uses</em> them and is the only caller.
 */
@Export
@Version("1.0.0")
package org.tessera.machine.api.pci;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
