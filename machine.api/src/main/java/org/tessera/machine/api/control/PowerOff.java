package org.tessera.machine.api.control;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The machine's power switch as a device throws it for the guest (the Bochs and QEMU shutdown port
 * 8900h, an APM or ACPI power-off): the machine stops at the end of the current instruction in
 * state {@link MachineState#HALTED} (the run ended, as the guest wanted; not a failure) with the
 * given reason, and does not run on until it is reset.
 * Provided by the machine control ({@code cpu.core}); callable from the CPU thread in the middle of
 * an instruction (an OUT) or from any other thread.
 */
@ProviderType
public interface PowerOff {

    /**
     * Turns the machine off.
     *
     * @param reason why, for the machine's status (e.g. "the guest powered off (port 8900h)")
     */
    void powerOff(String reason);
}
