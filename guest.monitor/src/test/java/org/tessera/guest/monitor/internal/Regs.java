package org.tessera.guest.monitor.internal;

import org.tessera.machine.api.cpu.SystemRegisters;

/** System registers for tests, changed one field at a time. */
record Regs(int cr0, int cr3, int cr4, int gdtBase, int gdtLimit, int idtBase, int idtLimit, int ldtr, int ldtBase,
        int ldtLimit, int tr, int tssBase, int tssLimit, boolean a20) {

    static final int PE = 1;
    static final int PG = 0x8000_0000;
    static final int PSE = 0x10;

    /** As after reset: real mode, IDTR 0/3FF, A20 open. */
    static Regs reset() {
        return new Regs(0, 0, 0, 0, 0xFFFF, 0, 0x3FF, 0, 0, 0, 0, 0, 0, true);
    }

    Regs cr0(int v) {
        return new Regs(v, cr3, cr4, gdtBase, gdtLimit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, tr, tssBase, tssLimit, a20);
    }

    Regs cr3(int v) {
        return new Regs(cr0, v, cr4, gdtBase, gdtLimit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, tr, tssBase, tssLimit, a20);
    }

    Regs cr4(int v) {
        return new Regs(cr0, cr3, v, gdtBase, gdtLimit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, tr, tssBase, tssLimit, a20);
    }

    Regs gdt(int base, int limit) {
        return new Regs(cr0, cr3, cr4, base, limit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, tr, tssBase, tssLimit, a20);
    }

    Regs idt(int base, int limit) {
        return new Regs(cr0, cr3, cr4, gdtBase, gdtLimit, base, limit, ldtr, ldtBase, ldtLimit, tr, tssBase, tssLimit, a20);
    }

    Regs ldt(int selector, int base, int limit) {
        return new Regs(cr0, cr3, cr4, gdtBase, gdtLimit, idtBase, idtLimit, selector, base, limit, tr, tssBase, tssLimit, a20);
    }

    Regs tss(int selector, int base, int limit) {
        return new Regs(cr0, cr3, cr4, gdtBase, gdtLimit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, selector, base, limit, a20);
    }

    Regs a20(boolean open) {
        return new Regs(cr0, cr3, cr4, gdtBase, gdtLimit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, tr, tssBase, tssLimit, open);
    }

    SystemRegisters get() {
        return new SystemRegisters(cr0, cr3, cr4, gdtBase, gdtLimit, idtBase, idtLimit, ldtr, ldtBase, ldtLimit, tr, tssBase,
                tssLimit, a20);
    }
}
