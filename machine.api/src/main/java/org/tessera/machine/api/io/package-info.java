/**
 * The IO address space (ports 0000h-FFFFh): port handlers, the IO bus and the simplest devices'
 * views.
 *
 * <p>Devices <em>provide</em> {@link org.tessera.machine.api.io.PortHandler} services; the
 * {@code dev.ioports} bundle <em>provides</em> {@link org.tessera.machine.api.io.IoBus} and calls
 * them; the CPU's IN/OUT instructions use the bus. Since 1.1 the chipset's interrupt controller
 * <em>provides</em> {@link org.tessera.machine.api.io.IrqLines} and its DMA controller
 * {@link org.tessera.machine.api.io.IsaDma}; devices <em>use</em> them.
 */
@Export
@Version("1.1.0")
package org.tessera.machine.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
