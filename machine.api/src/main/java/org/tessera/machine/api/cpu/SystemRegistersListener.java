package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the guest moves its system structures: a whiteboard service that the CPU calls after
 * an instruction or event that changed GDTR, IDTR, LDTR, TR, CR0, CR3 or CR4 (LGDT, LIDT, LLDT,
 * LTR, MOV to a control register, LMSW, a task switch, a mode change, a reset) has completed, on
 * the CPU thread, at that instruction boundary. A CR3 load that writes the same value still counts
 * (the guest flushed its TLB: its page tables may have changed). Implementations must be quick;
 * they may read guest memory and add or cancel watches.
 */
@ConsumerType
@FunctionalInterface
public interface SystemRegistersListener {

    /** The registers after the change. */
    void changed(SystemRegisters registers);
}
