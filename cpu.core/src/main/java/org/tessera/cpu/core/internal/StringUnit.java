package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDI;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;
import static org.tessera.cpu.core.internal.RegisterFile.ES;
import static org.tessera.cpu.core.internal.RegisterFile.ESI;

import org.tessera.cpu.core.internal.alu.Alu;
import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.cpu.core.internal.alu.LazyFlags;

/**
 * String instructions: MOVS, CMPS, STOS, LODS, SCAS, INS, OUTS, with REP/REPE/REPNE. With a
 * repeat prefix each call does one element and commits it (ECX, ESI, EDI), leaving EIP at the
 * instruction while elements remain, as the hardware does, so that interrupts are taken between
 * elements and a fault or a suspension affects one element only.
 */
final class StringUnit {

    private final RegisterFile r;
    private final AccessPath mem;
    private final Decoder d;
    private final Operands ops;
    private final Alu alu;
    private final LazyFlags lazy;
    private final CpuFault fault;
    /** For the I/O permission check of INS/OUTS. */
    ProtectedMode pm;

    /** Most elements one call may do (the CPU's burst). */
    static final int BATCH = 64;
    /** Elements done by the last call (counted as instructions by the CPU). */
    int elements;

    StringUnit(RegisterFile r, AccessPath mem, Decoder d, Operands ops, Alu alu, LazyFlags lazy, CpuFault fault) {
        this.r = r;
        this.mem = mem;
        this.d = d;
        this.ops = ops;
        this.alu = alu;
        this.lazy = lazy;
        this.fault = fault;
    }

    /** Whether there is nothing to do (a repeat prefix with ECX = 0): then the instruction ends. */
    private boolean skip() {
        elements = 0;
        if (d.lock) {
            throw fault.raise(CpuFault.UD);
        }
        if (d.rep != 0 && (r.gpr[ECX] & ops.adMask()) == 0) {
            end();
            elements = 1;
            return true;
        }
        return false;
    }

    private int delta(int bits) {
        return (r.flagsOther & Flags.DF) != 0 ? -(bits >>> 3) : bits >>> 3;
    }

    private void setIndex(int reg, int value) {
        if (d.adBits == 16) {
            r.setReg16(reg, value);
        } else {
            r.gpr[reg] = value;
        }
    }

    private void end() {
        d.commit();
    }

    /**
     * Counts an element down; ends the instruction unless elements remain and {@code more}.
     *
     * @return true if another element follows
     */
    private boolean repeat(boolean more) {
        elements++;
        if (d.rep == 0) {
            end();
            return false;
        }
        int count = (r.gpr[ECX] - 1) & ops.adMask();
        setIndex(ECX, count);
        if (count != 0 && more) {
            return true; // EIP stays at the instruction
        }
        end();
        return false;
    }

    /**
     * Whether the next element may run in the same call: only while every access so far went
     * to directly mapped memory (nothing journaled), so that a later element that is suspended
     * or faults rolls back to its own start and nothing else, and not under single-step or with
     * data breakpoints (the trap comes after each element).
     */
    private boolean batch(boolean another) {
        return another && elements < BATCH && mem.journal().count() == 0 && !mem.slowAccessSeen()
                && (r.flagsOther & Flags.TF) == 0 && !mem.debug.watching;
    }

    private boolean compareContinues() {
        return d.rep == 0xF3 ? lazy.zf() : !lazy.zf();
    }

    void movs(int bits) {
        if (skip()) {
            return;
        }
        boolean another;
        do {
            int mask = ops.adMask();
            int si = r.gpr[ESI] & mask;
            int di = r.gpr[EDI] & mask;
            int v = ops.read(bits, d.seg(RegisterFile.DS), si);
            ops.write(bits, ES, di, v);
            int step = delta(bits);
            setIndex(ESI, si + step);
            setIndex(EDI, di + step);
            another = repeat(true);
        } while (batch(another));
    }


    void cmps(int bits) {
        if (skip()) {
            return;
        }
        boolean another;
        do {
            int mask = ops.adMask();
            int si = r.gpr[ESI] & mask;
            int di = r.gpr[EDI] & mask;
            int a = ops.read(bits, d.seg(RegisterFile.DS), si);
            int b = ops.read(bits, ES, di);
            alu.cmp(bits, a, b);
            int step = delta(bits);
            setIndex(ESI, si + step);
            setIndex(EDI, di + step);
            another = repeat(compareContinues());
        } while (batch(another));
    }


    void stos(int bits) {
        if (skip()) {
            return;
        }
        boolean another;
        do {
            int di = r.gpr[EDI] & ops.adMask();
            ops.write(bits, ES, di, r.gpr[EAX]);
            setIndex(EDI, di + delta(bits));
            another = repeat(true);
        } while (batch(another));
    }


    void lods(int bits) {
        if (skip()) {
            return;
        }
        boolean another;
        do {
            int si = r.gpr[ESI] & ops.adMask();
            int v = ops.read(bits, d.seg(RegisterFile.DS), si);
            ops.setReg(bits, EAX, v);
            setIndex(ESI, si + delta(bits));
            another = repeat(true);
        } while (batch(another));
    }


    void scas(int bits) {
        if (skip()) {
            return;
        }
        boolean another;
        do {
            int di = r.gpr[EDI] & ops.adMask();
            int b = ops.read(bits, ES, di);
            alu.cmp(bits, ops.reg(bits, EAX), b);
            setIndex(EDI, di + delta(bits));
            another = repeat(compareContinues());
        } while (batch(another));
    }


    void ins(int bits) {
        if (skip()) {
            return;
        }
        int di = r.gpr[EDI] & ops.adMask();
        pm.checkIo(r.gpr[EDX] & 0xFFFF, bits >>> 3);
        // the destination is checked before the port is read
        mem.checkWrite(ES, di, bits >>> 3);
        int v = mem.in(r.gpr[EDX] & 0xFFFF, bits >>> 3);
        ops.write(bits, ES, di, v);
        setIndex(EDI, di + delta(bits));
        repeat(true);
    }

    void outs(int bits) {
        if (skip()) {
            return;
        }
        pm.checkIo(r.gpr[EDX] & 0xFFFF, bits >>> 3);
        int si = r.gpr[ESI] & ops.adMask();
        int v = ops.read(bits, d.seg(RegisterFile.DS), si);
        mem.out(r.gpr[EDX] & 0xFFFF, bits >>> 3, v);
        setIndex(ESI, si + delta(bits));
        repeat(true);
    }
}
