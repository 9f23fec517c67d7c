package org.tessera.cpu.core.internal;

/**
 * The architectural registers: the eight general registers (in encoding order EAX, ECX, EDX,
 * EBX, ESP, EBP, ESI, EDI), EIP, the segment registers with their hidden base and limit (in
 * encoding order ES, CS, SS, DS, FS, GS), the non-arithmetic EFLAGS bits (the arithmetic ones are
 * kept lazily elsewhere) and the control registers.
 */
final class RegisterFile {

    static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;

    final int[] gpr = new int[8];
    int eip;
    final int[] selector = new int[6];
    final int[] base = new int[6];
    final int[] limit = new int[6];
    /** EFLAGS bits other than the six arithmetic flags (bit 1 always set). */
    int flagsOther = 2;
    /** Current privilege level: 0 in real mode, the DPL of CS's descriptor in protected mode, 3 in virtual-8086 mode. */
    int cpl;
    /** Code segment default size is 32 bits (CS.D). */
    boolean code32;
    /** Stack segment uses ESP (SS.B). */
    boolean stack32;
    /** Interrupt descriptor table register (in real mode: the vector table). */
    int idtBase;
    int idtLimit = 0x3FF;
    int gdtBase;
    int gdtLimit = 0xFFFF;
    int cr0 = 0x10;
    int cr2;
    int cr3;
    int cr4;

    /** Power-on state: real mode, CS:IP = F000:FFF0 (base FFFF0000 on a 386). */
    void reset() {
        java.util.Arrays.fill(gpr, 0);
        gpr[EDX] = 0x0308; // family 3 stepping 8: what a 386 leaves in DX after reset
        for (int s = 0; s < 6; s++) {
            selector[s] = 0;
            base[s] = 0;
            limit[s] = 0xFFFF;
        }
        selector[CS] = 0xF000;
        base[CS] = 0xFFFF0000;
        eip = 0xFFF0;
        flagsOther = 2;
        cpl = 0;
        code32 = false;
        stack32 = false;
        idtBase = 0;
        idtLimit = 0x3FF;
        gdtBase = 0;
        gdtLimit = 0xFFFF;
        cr0 = 0x10;
        cr2 = 0;
        cr3 = 0;
        cr4 = 0;
    }

    int reg8(int r) {
        return r < 4 ? gpr[r] & 0xFF : (gpr[r - 4] >>> 8) & 0xFF;
    }

    void setReg8(int r, int v) {
        if (r < 4) {
            gpr[r] = (gpr[r] & 0xFFFFFF00) | (v & 0xFF);
        } else {
            gpr[r - 4] = (gpr[r - 4] & 0xFFFF00FF) | ((v & 0xFF) << 8);
        }
    }

    int reg16(int r) {
        return gpr[r] & 0xFFFF;
    }

    void setReg16(int r, int v) {
        gpr[r] = (gpr[r] & 0xFFFF0000) | (v & 0xFFFF);
    }

    /** Loads a segment register the real-mode way: base = selector * 16, limit unchanged. */
    void loadReal(int seg, int value) {
        selector[seg] = value & 0xFFFF;
        base[seg] = (value & 0xFFFF) << 4;
    }

    boolean protectedMode() {
        return (cr0 & 1) != 0;
    }
}
