package org.tessera.machine.api.watch;

/** Who made a write. */
public enum WriteOrigin {
    /** An instruction of the guest, as its explicit operand (MOV, STOS, a PUSH, a locked XCHG...). */
    GUEST,
    /**
     * The CPU on its own account while running an instruction or delivering an event: accessed
     * and dirty bits of page table entries, a descriptor's accessed bit, a TSS busy bit, the state
     * saved in a TSS by a task switch, an interrupt or exception frame.
     */
    CPU,
    /** Another bus master or a tool: a device, DMA, a debugger, a loader. */
    DEVICE
}
