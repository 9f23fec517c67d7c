package org.tessera.machine.api.cpu;

/** The architectural registers a tool can read or set. */
public enum Register {
    /** General registers, 32 bits. */
    EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI,
    /** Instruction pointer. */
    EIP,
    /** Flags. */
    EFLAGS,
    /** Segment registers (selector; setting one in real mode also sets its base to selector * 16). */
    ES, CS, SS, DS, FS, GS,
    /** Control registers. */
    CR0, CR2, CR3, CR4;

    /** True for ES..GS. */
    public boolean isSegment() {
        return ordinal() >= ES.ordinal() && ordinal() <= GS.ordinal();
    }
}
