package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The A20 gate: address line 20 of every memory access the CPU makes, driven by the chipset (the
 * keyboard controller's output port bit 1, port 92h bit 1, the BIOS's INT 15h AX=240xh). Closed,
 * bit 20 of every physical address is forced to 0, so addresses wrap at 1 MiB as on an 8086. The
 * state at power-on is the provider's (documented there); a CPU reset does not change it. Provided
 * by {@code cpu.core}; a change takes effect at the next access.
 */
@ProviderType
public interface A20Gate {

    /** Whether the gate is open (address bit 20 passes). */
    boolean isOpen();

    /** Opens ({@code true}) or closes the gate. */
    void setOpen(boolean open);
}
