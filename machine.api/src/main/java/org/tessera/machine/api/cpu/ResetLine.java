package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The CPU's RESET input as the chipset drives it (the keyboard controller's pulse of output port
 * bit 0, port 92h bit 0, the reset control register CF9h): the CPU restarts at FFFF:0000 in real
 * mode with its power-on registers; memory and devices keep their state. Provided by
 * {@code cpu.core}; callable from the CPU thread in the middle of an instruction (an OUT), the reset
 * then takes effect at the end of that instruction.
 */
@ProviderType
public interface ResetLine {

    /** Resets the CPU. */
    void pulse();
}
