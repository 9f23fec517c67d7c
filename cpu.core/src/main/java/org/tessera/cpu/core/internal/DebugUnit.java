package org.tessera.cpu.core.internal;

import org.tessera.cpu.core.internal.alu.Flags;

/**
 * The debug registers (386/486): DR0-DR3 hold linear breakpoint addresses, DR7 enables them
 * (L/G bits) and says what each watches (R/W: 00 instruction execution, 01 data writes, 11 data
 * reads or writes; LEN: 1, 2 or 4 bytes), DR6 reports which fired (B0-B3) and single steps (BS).
 * An instruction breakpoint is a fault taken before the instruction runs unless EFLAGS.RF is set;
 * data breakpoints are traps taken after the instruction (or REP element) that touched a watched
 * byte, together with a single-step trap if TF was set. While any breakpoint is enabled the CPU
 * runs one instruction at a time through {@link Cpu#step} and compiles nothing.
 */
final class DebugUnit {

    /** DR6: single step (the TF trap). */
    static final int DR6_BS = 1 << 14;
    /** DR6: a debug register access while DR7.GD was set (general detect). */
    static final int DR6_BD = 1 << 13;
    /** DR6: a task switch to a TSS with its T bit set. */
    static final int DR6_BT = 1 << 15;
    /** DR7: general detect, every MOV to or from a debug register raises #DB. */
    static final int DR7_GD = 1 << 13;

    private final RegisterFile r;
    /** Data breakpoints hit by the current instruction (bits 0-3). */
    int hits;
    /** Whether any data breakpoint is enabled (checked on every data access while set). */
    boolean watching;

    DebugUnit(RegisterFile r) {
        this.r = r;
    }

    /**
     * A task switch entered a task whose TSS has the T bit set: a #DB trap (DR6.BT) is due before
     * the new task's first instruction.
     */
    boolean taskTrap;

    /**
     * General detect: with DR7.GD set, a MOV to or from a debug register raises #DB as a fault
     * before it is made, with DR6.BD set and GD cleared, so that the handler can use the registers.
     */
    void generalDetect(CpuFault fault) {
        if ((r.dr[7] & DR7_GD) != 0) {
            r.dr[7] &= ~DR7_GD;
            r.dr[6] |= DR6_BD;
            throw fault.raise(CpuFault.DB);
        }
    }

    /** Reports a pending task-switch trap in DR6 and clears it; whether there was one. */
    boolean takeTaskTrap() {
        if (!taskTrap) {
            return false;
        }
        taskTrap = false;
        r.dr[6] |= DR6_BT;
        return true;
    }

    /** Whether any breakpoint is enabled. */
    boolean active() {
        return (r.dr[7] & 0xFF) != 0;
    }

    /** MOV from DRn: DR4/DR5 alias DR6/DR7; the reserved bits read as the 486 returns them. */
    int read(int n) {
        int i = n == 4 ? 6 : n == 5 ? 7 : n;
        int v = r.dr[i];
        return switch (i) {
            case 6 -> (v & 0xE00F) | 0xFFFF0FF0;
            case 7 -> (v & ~0xD800) | 0x400;
            default -> v;
        };
    }

    /** MOV to DRn. */
    void write(int n, int v) {
        int i = n == 4 ? 6 : n == 5 ? 7 : n;
        r.dr[i] = v;
        watching = false;
        for (int b = 0; b < 4; b++) {
            int rw = (r.dr[7] >>> (16 + 4 * b)) & 3;
            if (enabled(b) && (rw == 1 || rw == 3)) {
                watching = true;
            }
        }
    }

    private boolean enabled(int b) {
        return ((r.dr[7] >>> (2 * b)) & 3) != 0;
    }

    private static int length(int dr7, int b) {
        return switch ((dr7 >>> (18 + 4 * b)) & 3) {
            case 0 -> 1;
            case 1 -> 2;
            default -> 4;
        };
    }

    /**
     * The instruction breakpoints that fire at linear address {@code linear} (bits 0-3), or 0;
     * none fire while EFLAGS.RF is set.
     */
    int instructionHits(int linear) {
        if ((r.flagsOther & Flags.RF) != 0) {
            return 0;
        }
        int dr7 = r.dr[7];
        int fired = 0;
        for (int b = 0; b < 4; b++) {
            if (enabled(b) && ((dr7 >>> (16 + 4 * b)) & 3) == 0 && r.dr[b] == linear) {
                fired |= 1 << b;
            }
        }
        return fired;
    }

    /** A data access of {@code size} bytes at {@code linear}: records the breakpoints it hits. */
    void access(int linear, int size, boolean write) {
        int dr7 = r.dr[7];
        for (int b = 0; b < 4; b++) {
            int rw = (dr7 >>> (16 + 4 * b)) & 3;
            if (!enabled(b) || rw == 0 || rw == 2 || (rw == 1 && !write)) {
                continue;
            }
            int len = length(dr7, b);
            int start = r.dr[b] & -len;
            // the ranges [linear, linear+size) and [start, start+len) overlap
            if (Integer.compareUnsigned(linear, start + len - 1) <= 0
                    && Integer.compareUnsigned(start, linear + size - 1) <= 0) {
                hits |= 1 << b;
            }
        }
    }

    /** Reports breakpoints {@code fired} (and a single step) in DR6. */
    void report(int fired, boolean singleStep) {
        r.dr[6] |= fired | (singleStep ? DR6_BS : 0);
    }
}
