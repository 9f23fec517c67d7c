/**
 * The CPU as other bundles see it: its registers (for loaders, debuggers and reports), the
 * interrupt request line that an interrupt controller drives, and the disassembler of guest code.
 *
 * <p>Provided by {@code cpu.core}: {@link org.tessera.machine.api.cpu.Processor},
 * {@link org.tessera.machine.api.cpu.InterruptLine} and (since 1.1)
 * {@link org.tessera.machine.api.cpu.Disassembly}; since 1.2 it calls
 * {@link org.tessera.machine.api.cpu.SystemRegistersListener} services (a whiteboard) when the guest
 * moves its descriptor tables, task or page tables. Provided by an interrupt controller (the PIC):
 * {@link org.tessera.machine.api.cpu.InterruptAcknowledge}.
 */
@Export
@Version("1.4.0")
package org.tessera.machine.api.cpu;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
