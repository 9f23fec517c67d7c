package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDI;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;
import static org.tessera.cpu.core.internal.RegisterFile.ES;
import static org.tessera.cpu.core.internal.RegisterFile.ESI;

import org.tessera.cpu.core.internal.alu.DivideErrorException;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * The templates compiled blocks call: small static methods with the semantics of the
 * {@link Interpreter}'s instructions, taking the decoded operands as arguments. A generated block
 * passes constants for everything the decoder found (sizes, register numbers, segments, the
 * operation), so that once the JVM inlines a template into the block the choices fold away.
 *
 * <p>As in the interpreter, every access of an instruction comes before its first register
 * change, so a fault or a suspension leaves the state as it was at the instruction's start.
 */
final class JitOps {

    private JitOps() {
    }

    /** Starts an instruction that accesses memory: the previous one's journal is done with. */
    static void begin(JitContext c) {
        AccessPath m = c.mem;
        if (m.slowAccessSeen()) {
            m.endInstruction();
        }
    }

    /** How many writes the CPU has made to lines holding compiled code. */
    static int codeWrites(JitContext c) {
        return c.mem.codeWrites;
    }

    // ------------------------------------------------------------------ registers and memory

    static int reg(JitContext c, int bits, int n) {
        return c.ops.reg(bits, n);
    }

    static void setReg(JitContext c, int bits, int n, int v) {
        c.ops.setReg(bits, n, v);
    }

    static int read(JitContext c, int bits, int seg, int off) {
        return c.ops.read(bits, seg, off);
    }

    static int read8(JitContext c, int seg, int off) {
        return c.mem.read8(seg, off);
    }

    static int read16(JitContext c, int seg, int off) {
        return c.mem.read16(seg, off);
    }

    static int read32(JitContext c, int seg, int off) {
        return c.mem.read32(seg, off);
    }

    static void write8(JitContext c, int seg, int off, int v) {
        c.mem.write8(seg, off, v);
    }

    static void write16(JitContext c, int seg, int off, int v) {
        c.mem.write16(seg, off, v);
    }

    static void write32(JitContext c, int seg, int off, int v) {
        c.mem.write32(seg, off, v);
    }

    /** The write check of a read-modify-write operand, before it is read. */
    static void checkWrite(JitContext c, int bits, int seg, int off) {
        c.mem.checkWrite(seg, off, bits >>> 3);
    }

    static void write(JitContext c, int bits, int seg, int off, int v) {
        c.ops.write(bits, seg, off, v);
    }

    // ------------------------------------------------------------------ arithmetic

    /** The eight ALU operations by their reg field (CMP returns {@code a}). */
    static int arith(JitContext c, int op, int bits, int a, int b) {
        return c.alu.arith(op, bits, a, b);
    }

    static void test(JitContext c, int bits, int a, int b) {
        c.alu.test(bits, a, b);
    }

    static int inc(JitContext c, int bits, int a) {
        return c.alu.inc(bits, a);
    }

    static int dec(JitContext c, int bits, int a) {
        return c.alu.dec(bits, a);
    }

    static int neg(JitContext c, int bits, int a) {
        return c.alu.neg(bits, a);
    }

    /** Group 2 by its reg field: ROL, ROR, RCL, RCR, SHL, SHR, SAL, SAR. */
    static int shift(JitContext c, int op, int bits, int v, int count) {
        return c.alu.shift(op, bits, v, count);
    }

    /** MUL (op 4) or IMUL (op 5) of the accumulator by {@code a}. */
    static void mul(JitContext c, int op, int bits, int a) {
        int acc = reg(c, bits, EAX);
        long p = op == 4 ? c.alu.mul(bits, acc, a) : c.alu.imul(bits, acc, a);
        if (bits == 8) {
            setReg(c, 16, EAX, (int) p);
        } else {
            setReg(c, bits, EAX, (int) p);
            setReg(c, bits, EDX, (int) (p >>> bits));
        }
    }

    /** DIV (op 6) or IDIV (op 7) of the accumulator by {@code a}; #DE on overflow. */
    static void div(JitContext c, int op, int bits, int a) {
        int[] g = c.gpr;
        long dividend = bits == 8 ? g[EAX] & 0xFFFF
                : bits == 16 ? ((long) (g[EDX] & 0xFFFF) << 16) | (g[EAX] & 0xFFFF)
                        : ((long) g[EDX] << 32) | (g[EAX] & 0xFFFFFFFFL);
        long qr;
        try {
            qr = op == 6 ? c.alu.div(bits, dividend, a) : c.alu.idiv(bits, dividend, a);
        } catch (DivideErrorException e) {
            throw c.fault.raise(CpuFault.DE);
        }
        int q = (int) qr;
        int rem = (int) (qr >>> 32);
        if (bits == 8) {
            setReg(c, 16, EAX, (q & 0xFF) | (rem & 0xFF) << 8);
        } else {
            setReg(c, bits, EAX, q);
            setReg(c, bits, EDX, rem);
        }
    }

    static int imul(JitContext c, int bits, int a, int b) {
        return c.alu.imulTrunc(bits, a, b);
    }

    static void cbw(JitContext c, int bits) {
        int[] g = c.gpr;
        if (bits == 16) {
            g[EAX] = (g[EAX] & 0xFFFF0000) | (((byte) g[EAX]) & 0xFFFF);
        } else {
            g[EAX] = (short) g[EAX];
        }
    }

    static void cwd(JitContext c, int bits) {
        int[] g = c.gpr;
        if (bits == 16) {
            g[EDX] = (g[EDX] & 0xFFFF0000) | ((((short) g[EAX]) >> 15) & 0xFFFF);
        } else {
            g[EDX] = g[EAX] >> 31;
        }
    }

    /** CLC, STC, CMC by opcode. */
    static void carry(JitContext c, int op) {
        c.lazy.setCf(op == 0xF5 ? !c.lazy.cf() : op == 0xF9);
    }

    /** CLD, STD by opcode. */
    static void direction(JitContext c, int op) {
        c.flags.setBit(Flags.DF, op == 0xFD);
    }

    static void sahf(JitContext c) {
        c.flags.set(reg(c, 8, 4), Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF);
    }

    static void lahf(JitContext c) {
        setReg(c, 8, 4, c.flags.get());
    }

    static boolean condition(JitContext c, int cc) {
        return c.lazy.condition(cc);
    }

    static int setcc(JitContext c, int cc) {
        return c.lazy.condition(cc) ? 1 : 0;
    }

    static int selector(JitContext c, int sreg) {
        return c.r.selector[sreg];
    }

    /** MOV Sreg in real mode: base = selector * 16. */
    static void loadSegment(JitContext c, int sreg, int v) {
        c.r.loadReal(sreg, v);
    }

    // ------------------------------------------------------------------ stack and branches

    // The stack templates work on ESP and the access path directly (as Operands' push and pop do:
    // the access first, then ESP, so that a fault leaves ESP as it was; a 16-bit stack (SS.B
    // clear) wraps SP and keeps ESP's upper half).

    static void push(JitContext c, int bits, int v) {
        int[] g = c.gpr;
        int esp = g[RegisterFile.ESP];
        int bytes = bits >>> 3;
        if (c.r.stack32) {
            int nsp = esp - bytes;
            stackWrite(c, bits, nsp, v);
            g[RegisterFile.ESP] = nsp;
        } else {
            int nsp = (esp - bytes) & 0xFFFF;
            stackWrite(c, bits, nsp, v);
            g[RegisterFile.ESP] = (esp & 0xFFFF0000) | nsp;
        }
    }

    static void pop(JitContext c, int bits, int n) {
        int[] g = c.gpr;
        int esp = g[RegisterFile.ESP];
        int bytes = bits >>> 3;
        int v;
        if (c.r.stack32) {
            v = stackRead(c, bits, esp);
            g[RegisterFile.ESP] = esp + bytes;
        } else {
            int sp = esp & 0xFFFF;
            v = stackRead(c, bits, sp);
            g[RegisterFile.ESP] = (esp & 0xFFFF0000) | ((sp + bytes) & 0xFFFF);
        }
        // after ESP moved: POP ESP loads the popped value
        if (bits == 32) {
            g[n] = v;
        } else {
            g[n] = (g[n] & 0xFFFF0000) | v;
        }
    }

    private static void stackWrite(JitContext c, int bits, int sp, int v) {
        if (bits == 32) {
            c.mem.write32(RegisterFile.SS, sp, v);
        } else {
            c.mem.write16(RegisterFile.SS, sp, v);
        }
    }

    private static int stackRead(JitContext c, int bits, int sp) {
        return bits == 32 ? c.mem.read32(RegisterFile.SS, sp) : c.mem.read16(RegisterFile.SS, sp);
    }

    /** #GP(0) if a near branch target lies beyond the CS limit. */
    static void checkNear(JitContext c, int target) {
        if (Integer.compareUnsigned(target, c.r.limit[RegisterFile.CS]) > 0) {
            throw c.fault.raise(CpuFault.GP, 0);
        }
    }

    /** Near CALL: {@code target} already masked to the operand size. */
    static void call(JitContext c, int bits, int ret, int target) {
        checkNear(c, target);
        push(c, bits, ret);
        c.r.eip = target;
    }

    /** Near JMP to an absolute target (from a register or memory). */
    static void jumpAbsolute(JitContext c, int bits, int target) {
        int t = bits == 16 ? target & 0xFFFF : target;
        checkNear(c, t);
        c.r.eip = t;
    }

    /** Near CALL to an absolute target (from a register or memory). */
    static void callAbsolute(JitContext c, int bits, int ret, int target) {
        int t = bits == 16 ? target & 0xFFFF : target;
        call(c, bits, ret, t);
    }

    /** Near RET, releasing {@code imm} more bytes. */
    static void ret(JitContext c, int bits, int imm) {
        int[] g = c.gpr;
        int esp = g[RegisterFile.ESP];
        boolean s32 = c.r.stack32;
        int sp = s32 ? esp : esp & 0xFFFF;
        int target = stackRead(c, bits, sp);
        checkNear(c, target);
        int nsp = sp + (bits >>> 3) + imm;
        g[RegisterFile.ESP] = s32 ? nsp : (esp & 0xFFFF0000) | (nsp & 0xFFFF);
        c.r.eip = target;
    }

    /** LOOP (E2), LOOPE (E1), LOOPNE (E0): counts down and tells whether the branch is taken. */
    static boolean loop(JitContext c, int op, int adBits) {
        int mask = adBits == 16 ? 0xFFFF : -1;
        int count = (c.gpr[ECX] - 1) & mask;
        boolean taken = count != 0 && (op == 0xE2 || (op == 0xE1) == c.lazy.zf());
        if (adBits == 16) {
            setReg(c, 16, ECX, count);
        } else {
            c.gpr[ECX] = count;
        }
        return taken;
    }

    static boolean jcxz(JitContext c, int adBits) {
        return (c.gpr[ECX] & (adBits == 16 ? 0xFFFF : -1)) == 0;
    }

    static void setEip(JitContext c, int eip) {
        c.r.eip = eip;
    }

    /** Records where a block's instruction stopped (a fault or a suspension is on its way). */
    static void stoppedAt(JitContext c, int done, int eip) {
        c.done = done;
        c.r.eip = eip;
    }

    // ------------------------------------------------------------------ strings (no repeat prefix)

    private static int delta(JitContext c, int bits) {
        return (c.r.flagsOther & Flags.DF) != 0 ? -(bits >>> 3) : bits >>> 3;
    }

    private static void setIndex(JitContext c, int adBits, int reg, int value) {
        if (adBits == 16) {
            setReg(c, 16, reg, value);
        } else {
            c.gpr[reg] = value;
        }
    }

    static void movs(JitContext c, int bits, int seg, int adBits) {
        int mask = adBits == 16 ? 0xFFFF : -1;
        int si = c.gpr[ESI] & mask;
        int di = c.gpr[EDI] & mask;
        int v = read(c, bits, seg, si);
        write(c, bits, ES, di, v);
        int step = delta(c, bits);
        setIndex(c, adBits, ESI, si + step);
        setIndex(c, adBits, EDI, di + step);
    }

    static void cmps(JitContext c, int bits, int seg, int adBits) {
        int mask = adBits == 16 ? 0xFFFF : -1;
        int si = c.gpr[ESI] & mask;
        int di = c.gpr[EDI] & mask;
        int a = read(c, bits, seg, si);
        int b = read(c, bits, ES, di);
        c.alu.cmp(bits, a, b);
        int step = delta(c, bits);
        setIndex(c, adBits, ESI, si + step);
        setIndex(c, adBits, EDI, di + step);
    }

    static void stos(JitContext c, int bits, int adBits) {
        int di = c.gpr[EDI] & (adBits == 16 ? 0xFFFF : -1);
        write(c, bits, ES, di, c.gpr[EAX]);
        setIndex(c, adBits, EDI, di + delta(c, bits));
    }

    static void lods(JitContext c, int bits, int seg, int adBits) {
        int si = c.gpr[ESI] & (adBits == 16 ? 0xFFFF : -1);
        int v = read(c, bits, seg, si);
        setReg(c, bits, EAX, v);
        setIndex(c, adBits, ESI, si + delta(c, bits));
    }

    static void scas(JitContext c, int bits, int adBits) {
        int di = c.gpr[EDI] & (adBits == 16 ? 0xFFFF : -1);
        int b = read(c, bits, ES, di);
        c.alu.cmp(bits, reg(c, bits, EAX), b);
        setIndex(c, adBits, EDI, di + delta(c, bits));
    }

    /** XLAT: AL = [seg:(E)BX + AL]. */
    static void xlat(JitContext c, int seg, int adBits) {
        int off = (c.gpr[RegisterFile.EBX] + reg(c, 8, EAX)) & (adBits == 16 ? 0xFFFF : -1);
        setReg(c, 8, EAX, c.mem.read8(seg, off));
    }
}
