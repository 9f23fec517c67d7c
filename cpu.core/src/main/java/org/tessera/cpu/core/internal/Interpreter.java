package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.CS;
import static org.tessera.cpu.core.internal.RegisterFile.DS;
import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.EBP;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;
import static org.tessera.cpu.core.internal.RegisterFile.ES;
import static org.tessera.cpu.core.internal.RegisterFile.SS;

import org.tessera.cpu.core.internal.alu.Alu;
import org.tessera.cpu.core.internal.alu.DivideErrorException;
import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.cpu.core.internal.alu.LazyFlags;

/**
 * Executes one instruction (or one element of a REP string instruction): decodes prefixes and the
 * opcode and carries out the one-byte opcode map; string instructions go to {@link StringUnit},
 * two-byte (0F) opcodes to {@link ExtendedUnit}, interrupts to {@link InterruptUnit}.
 *
 * <p>Every instruction performs all its memory and IO accesses before it changes a register, a
 * flag that it reads, or EIP: a fault or a suspension in the middle leaves the architectural state
 * as it was at the instruction's start.
 */
final class Interpreter {

    /** The prefix bytes: segment overrides, operand and address size, LOCK, REP/REPNE. */
    private static final boolean[] PREFIX = new boolean[256];
    static {
        for (int p : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) {
            PREFIX[p] = true;
        }
    }

    private final RegisterFile r;
    private final AccessPath mem;
    private final Decoder d;
    private final Operands ops;
    private final FlagsUnit flags;
    private final LazyFlags lazy;
    private final Alu alu;
    private final CpuFault fault;
    private final InterruptUnit ints;
    private final StringUnit strings;
    private final ExtendedUnit extended;
    private final ProtectedMode pm;

    /** Set by an instruction that opens a one-instruction interrupt shadow (STI, MOV/POP SS). */
    boolean shadow;
    /** Set by HLT. */
    boolean halted;

    Interpreter(RegisterFile r, AccessPath mem, Decoder d, Operands ops, FlagsUnit flags, Alu alu, CpuFault fault,
            InterruptUnit ints, StringUnit strings, ExtendedUnit extended, ProtectedMode pm) {
        this.r = r;
        this.mem = mem;
        this.d = d;
        this.ops = ops;
        this.flags = flags;
        this.lazy = flags.lazy();
        this.alu = alu;
        this.fault = fault;
        this.ints = ints;
        this.strings = strings;
        this.extended = extended;
        this.pm = pm;
    }

    /**
     * Instructions retired by the last {@link #execute}: 1, or the number of elements a REP string
     * instruction did in one go (each counts as an instruction); elements done before a fault or
     * a suspension are included.
     */
    int retired() {
        int n = strings.elements;
        return n == 0 ? 1 : n;
    }

    /** Elements completed before the current instruction stopped (fault or suspension). */
    int completedElements() {
        return strings.elements;
    }

    /** Executes the instruction at CS:EIP. */
    void execute() {
        shadow = false;
        strings.elements = 0;
        d.begin(r.code32 ? 32 : 16);
        int op = d.fetch8();
        while (PREFIX[op]) {
            switch (op) {
                case 0x26 -> d.segOverride = ES;
                case 0x2E -> d.segOverride = CS;
                case 0x36 -> d.segOverride = SS;
                case 0x3E -> d.segOverride = DS;
                case 0x64 -> d.segOverride = RegisterFile.FS;
                case 0x65 -> d.segOverride = RegisterFile.GS;
                case 0x66 -> d.opBits = r.code32 ? 16 : 32;
                case 0x67 -> d.adBits = r.code32 ? 16 : 32;
                case 0xF0 -> d.lock = true;
                default -> d.rep = op; // F2, F3
            }
            op = d.fetch8();
        }
        dispatch(op);
    }

    /** Commits the instruction's end: EIP = the next instruction's offset. */
    private void next() {
        d.commit();
    }

    /** A near jump to {@code target} (masked to the operand size). */
    private void jump(int target) {
        r.eip = d.opBits == 16 ? target & 0xFFFF : target;
    }

    private void lockOnlyOnMemory(boolean lockable) {
        if (d.lock && (!lockable || d.mod == 3)) {
            throw fault.raise(CpuFault.UD);
        }
    }

    private void noLock() {
        if (d.lock) {
            throw fault.raise(CpuFault.UD);
        }
    }

    private void dispatch(int op) {
        int bits = d.opBits;
        switch (op) {
            // ---------------------------------------------------------- ALU ops 00-3F
            case 0x00, 0x08, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38 -> aluRmReg(op >>> 3, 8);
            case 0x01, 0x09, 0x11, 0x19, 0x21, 0x29, 0x31, 0x39 -> aluRmReg(op >>> 3, bits);
            case 0x02, 0x0A, 0x12, 0x1A, 0x22, 0x2A, 0x32, 0x3A -> aluRegRm(op >>> 3, 8);
            case 0x03, 0x0B, 0x13, 0x1B, 0x23, 0x2B, 0x33, 0x3B -> aluRegRm(op >>> 3, bits);
            case 0x04, 0x0C, 0x14, 0x1C, 0x24, 0x2C, 0x34, 0x3C -> op04(op);
            case 0x05, 0x0D, 0x15, 0x1D, 0x25, 0x2D, 0x35, 0x3D -> op05(op, bits);
            case 0x06 -> pushSeg(ES);
            case 0x07 -> popSeg(ES);
            case 0x0E -> pushSeg(CS);
            case 0x16 -> pushSeg(SS);
            case 0x17 -> popSeg(SS);
            case 0x1E -> pushSeg(DS);
            case 0x1F -> popSeg(DS);
            case 0x0F -> extended.execute(d.fetch8());
            case 0x27 -> bcd(alu.daa(r.gpr[EAX]));
            case 0x2F -> bcd(alu.das(r.gpr[EAX]));
            case 0x37 -> bcd(alu.aaa(r.gpr[EAX]));
            case 0x3F -> bcd(alu.aas(r.gpr[EAX]));
            // ---------------------------------------------------------- INC/DEC/PUSH/POP reg
            case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47 -> op40(op, bits);
            case 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F -> op48(op, bits);
            case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 -> op50(op, bits);
            case 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F -> op58(op, bits);
            case 0x60 -> pusha(bits);
            case 0x61 -> popa(bits);
            case 0x62 -> bound(bits);
            case 0x63 -> arpl();
            case 0x68 -> push(bits, d.fetchImm(bits));
            case 0x6A -> push(bits, d.fetchS8());
            case 0x69, 0x6B -> op69(op, bits);
            case 0x6C -> strings.ins(8);
            case 0x6D -> strings.ins(bits);
            case 0x6E -> strings.outs(8);
            case 0x6F -> strings.outs(bits);
            // ---------------------------------------------------------- Jcc short
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F -> op70(op);
            // ---------------------------------------------------------- group 1
            case 0x80, 0x82 -> group1(8, 8);
            case 0x81 -> group1(bits, bits);
            case 0x83 -> group1(bits, 8);
            case 0x84 -> op84();
            case 0x85 -> op85(bits);
            case 0x86 -> xchg(8);
            case 0x87 -> xchg(bits);
            case 0x88 -> op88();
            case 0x89 -> op89(bits);
            case 0x8A -> op8A();
            case 0x8B -> op8B(bits);
            case 0x8C -> op8C(bits);
            case 0x8D -> op8D(bits);
            case 0x8E -> op8E();
            case 0x8F -> popRm(bits);
            case 0x90 -> op90();
            case 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97 -> op91(op, bits);
            case 0x98 -> op98(bits);
            case 0x99 -> op99(bits);
            case 0x9A -> op9A(bits);
            case 0x9B -> op9B();
            case 0x9C -> op9C(bits);
            case 0x9D -> op9D(bits);
            case 0x9E -> op9E();
            case 0x9F -> op9F();
            case 0xA0 -> opA0();
            case 0xA1 -> opA1(bits);
            case 0xA2 -> opA2();
            case 0xA3 -> opA3(bits);
            case 0xA4 -> strings.movs(8);
            case 0xA5 -> strings.movs(bits);
            case 0xA6 -> strings.cmps(8);
            case 0xA7 -> strings.cmps(bits);
            case 0xA8 -> opA8();
            case 0xA9 -> opA9(bits);
            case 0xAA -> strings.stos(8);
            case 0xAB -> strings.stos(bits);
            case 0xAC -> strings.lods(8);
            case 0xAD -> strings.lods(bits);
            case 0xAE -> strings.scas(8);
            case 0xAF -> strings.scas(bits);
            case 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7 -> opB0(op);
            case 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF -> opB8(op, bits);
            case 0xC0 -> opC0();
            case 0xC1 -> opC1(bits);
            case 0xC2, 0xC3 -> opC2(op, bits);
            case 0xC4 -> loadFarPointer(ES, bits);
            case 0xC5 -> loadFarPointer(DS, bits);
            case 0xC6 -> opC6();
            case 0xC7 -> opC7(bits);
            case 0xC8 -> enter(bits);
            case 0xC9 -> opC9(bits);
            case 0xCA, 0xCB -> opCA(op, bits);
            case 0xCC -> opCC();
            case 0xCD -> opCD();
            case 0xCE -> opCE();
            case 0xCF -> iret(bits);
            case 0xD0 -> opD0();
            case 0xD1 -> opD1(bits);
            case 0xD2 -> opD2();
            case 0xD3 -> opD3(bits);
            case 0xD4 -> opD4();
            case 0xD5 -> opD5();
            case 0xD6 -> opD6();
            case 0xD7 -> opD7();
            case 0xD8, 0xD9, 0xDA, 0xDB, 0xDC, 0xDD, 0xDE, 0xDF -> esc();
            case 0xE0, 0xE1, 0xE2 -> opE0(op);
            case 0xE3 -> opE3();
            case 0xE4 -> opE4();
            case 0xE5 -> opE5(bits);
            case 0xE6 -> opE6();
            case 0xE7 -> opE7(bits);
            case 0xE8 -> opE8(bits);
            case 0xE9 -> opE9(bits);
            case 0xEA -> opEA(bits);
            case 0xEB -> opEB();
            case 0xEC -> opEC();
            case 0xED -> opED(bits);
            case 0xEE -> opEE();
            case 0xEF -> opEF(bits);
            case 0xF1 -> opF1();
            case 0xF4 -> opF4();
            case 0xF5 -> opF5();
            case 0xF6 -> group3(8);
            case 0xF7 -> group3(bits);
            case 0xF8, 0xF9 -> opF8(op);
            case 0xFA -> opFA();
            case 0xFB -> opFB();
            case 0xFC, 0xFD -> opFC(op);
            case 0xFE -> group4();
            case 0xFF -> group5(bits);
            default -> throw fault.raise(CpuFault.UD);
        }
    }


    private void op04(int op) {
        noLock();
        int imm = d.fetch8();
        int res = alu.arith(op >>> 3, 8, r.reg8(EAX), imm);
        r.setReg8(EAX, res);
        next();
    }

    private void op05(int op, int bits) {
        noLock();
        int imm = d.fetchImm(bits);
        int res = alu.arith(op >>> 3, bits, ops.reg(bits, EAX), imm);
        ops.setReg(bits, EAX, res);
        next();
    }

    private void op40(int op, int bits) {
        noLock();
        ops.setReg(bits, op & 7, alu.inc(bits, ops.reg(bits, op & 7)));
        next();
    }

    private void op48(int op, int bits) {
        noLock();
        ops.setReg(bits, op & 7, alu.dec(bits, ops.reg(bits, op & 7)));
        next();
    }

    private void op50(int op, int bits) {
        noLock();
        int sp = ops.push(bits, ops.reg(bits, op & 7), ops.sp());
        ops.setSp(sp);
        next();
    }

    private void op58(int op, int bits) {
        noLock();
        int sp = ops.sp();
        int v = ops.top(bits, sp);
        ops.setSp(ops.popped(bits, sp));
        ops.setReg(bits, op & 7, v);
        next();
    }

    private void op69(int op, int bits) {
        noLock();
        d.modrm();
        int a = ops.rm(bits);
        int b = op == 0x69 ? d.fetchImm(bits) : d.fetchS8();
        ops.setReg(bits, d.reg, alu.imulTrunc(bits, a, b));
        next();
    }

    private void op70(int op) {
        noLock();
        int rel = d.fetchS8();
        if (lazy.condition(op & 15)) {
            jump(d.ip + rel);
        } else {
            next();
        }
    }

    private void op84() {
        noLock();
        d.modrm();
        alu.test(8, ops.rm(8), r.reg8(d.reg));
        next();
    }

    private void op85(int bits) {
        noLock();
        d.modrm();
        alu.test(bits, ops.rm(bits), ops.reg(bits, d.reg));
        next();
    }

    private void op88() {
        noLock();
        d.modrm();
        ops.setRm(8, r.reg8(d.reg));
        next();
    }

    private void op89(int bits) {
        noLock();
        d.modrm();
        ops.setRm(bits, ops.reg(bits, d.reg));
        next();
    }

    private void op8A() {
        noLock();
        d.modrm();
        r.setReg8(d.reg, ops.rm(8));
        next();
    }

    private void op8B(int bits) {
        noLock();
        d.modrm();
        ops.setReg(bits, d.reg, ops.rm(bits));
        next();
    }

    private void op8C(int bits) {
        noLock();
        d.modrm();
        if (d.reg > 5) {
            throw fault.raise(CpuFault.UD);
        }
        int sel = r.selector[d.reg];
        if (d.isReg()) {
            ops.setReg(bits, d.rm, sel);
        } else {
            mem.write16(d.eaSeg, d.eaOff, sel);
        }
        next();
    }

    private void op8D(int bits) {
        noLock();
        d.modrm();
        if (d.isReg()) {
            throw fault.raise(CpuFault.UD);
        }
        ops.setReg(bits, d.reg, d.eaOff);
        next();
    }

    private void op8E() {
        noLock();
        d.modrm();
        if (d.reg == CS || d.reg > 5) {
            throw fault.raise(CpuFault.UD);
        }
        int v = ops.rm(16);
        loadSegment(d.reg, v);
        if (d.reg == SS) {
            shadow = true;
        }
        next();
    }

    private void op90() {
        noLock();
        next();
    }

    private void op91(int op, int bits) {
        noLock();
        int a = ops.reg(bits, EAX);
        ops.setReg(bits, EAX, ops.reg(bits, op & 7));
        ops.setReg(bits, op & 7, a);
        next();
    }

    private void op98(int bits) {
        noLock();
        if (bits == 16) {
            r.setReg16(EAX, (byte) r.gpr[EAX]);
        } else {
            r.gpr[EAX] = (short) r.gpr[EAX];
        }
        next();
    }

    private void op99(int bits) {
        noLock();
        if (bits == 16) {
            r.setReg16(EDX, ((short) r.gpr[EAX]) >> 15);
        } else {
            r.gpr[EDX] = r.gpr[EAX] >> 31;
        }
        next();
    }

    private void op9A(int bits) {
        noLock();
        int off = d.fetchImm(bits);
        int sel = d.fetch16();
        callFar(bits, sel, off);
    }

    private void op9B() {
        // WAIT: no coprocessor; #NM only when CR0.MP and TS are both set
        if ((r.cr0 & 0xA) == 0xA) {
            throw fault.raise(CpuFault.NM);
        }
        next();
    }

    private void op9C(int bits) {
        noLock();
        v86Sensitive();
        int f = flags.get() & ~(Flags.VM | Flags.RF);
        push(bits, bits == 16 ? f & 0xFFFF : f);
    }

    private void op9D(int bits) {
        noLock();
        v86Sensitive();
        int sp = ops.sp();
        int v = ops.top(bits, sp);
        ops.setSp(ops.popped(bits, sp));
        flags.set(v, r.protectedMode() ? pm.writableFlags(bits) : bits == 16 ? FlagsUnit.WRITABLE & 0xFFFF : FlagsUnit.WRITABLE);
        next();
    }

    private void op9E() {
        noLock();
        flags.set(r.reg8(4), Flags.SF | Flags.ZF | Flags.AF | Flags.PF | Flags.CF);
        next();
    }

    private void op9F() {
        noLock();
        r.setReg8(4, flags.get());
        next();
    }

    private void opA0() {
        noLock();
        int off = d.fetchAddress();
        r.setReg8(EAX, mem.read8(d.seg(DS), off));
        next();
    }

    private void opA1(int bits) {
        noLock();
        int off = d.fetchAddress();
        ops.setReg(bits, EAX, ops.read(bits, d.seg(DS), off));
        next();
    }

    private void opA2() {
        noLock();
        int off = d.fetchAddress();
        mem.write8(d.seg(DS), off, r.gpr[EAX]);
        next();
    }

    private void opA3(int bits) {
        noLock();
        int off = d.fetchAddress();
        ops.write(bits, d.seg(DS), off, r.gpr[EAX]);
        next();
    }

    private void opA8() {
        noLock();
        alu.test(8, r.reg8(EAX), d.fetch8());
        next();
    }

    private void opA9(int bits) {
        noLock();
        alu.test(bits, ops.reg(bits, EAX), d.fetchImm(bits));
        next();
    }

    private void opB0(int op) {
        noLock();
        r.setReg8(op & 7, d.fetch8());
        next();
    }

    private void opB8(int op, int bits) {
        noLock();
        ops.setReg(bits, op & 7, d.fetchImm(bits));
        next();
    }

    private void opC0() {
        d.modrm();
        shift(8, d.fetch8());
    }

    private void opC1(int bits) {
        d.modrm();
        shift(bits, d.fetch8());
    }

    private void opC2(int op, int bits) {
        noLock();
        int imm = op == 0xC2 ? d.fetch16() : 0;
        int sp = ops.sp();
        int target = ops.top(bits, sp);
        checkNear(target);
        ops.setSp(ops.popped(bits, sp) + imm);
        jump(target);
    }

    private void opC6() {
        noLock();
        d.modrm();
        if (d.reg != 0) {
            throw fault.raise(CpuFault.UD);
        }
        int imm = d.fetch8();
        ops.setRm(8, imm);
        next();
    }

    private void opC7(int bits) {
        noLock();
        d.modrm();
        if (d.reg != 0) {
            throw fault.raise(CpuFault.UD);
        }
        int imm = d.fetchImm(bits);
        ops.setRm(bits, imm);
        next();
    }

    private void opC9(int bits) {
        noLock();
        int bp = r.stack32 ? r.gpr[EBP] : r.gpr[EBP] & 0xFFFF;
        int v = ops.top(bits, bp);
        ops.setSp(ops.popped(bits, bp));
        ops.setReg(bits, EBP, v);
        next();
    }

    private void opCA(int op, int bits) {
        noLock();
        int imm = op == 0xCA ? d.fetch16() : 0;
        if (r.segmented()) {
            pm.returnFar(bits, imm);
            return;
        }
        int sp = ops.sp();
        int ip = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int cs = ops.top(bits, sp) & 0xFFFF;
        sp = ops.popped(bits, sp);
        ops.setSp(sp + imm);
        r.loadReal(CS, cs);
        jump(ip);
    }

    private void opCC() {
        noLock();
        ints.deliver(CpuFault.BP, d.ip, ProtectedMode.SOFTWARE);
    }

    private void opCD() {
        noLock();
        v86Sensitive();
        int v = d.fetch8();
        ints.announce(v);
        ints.deliver(v, d.ip, ProtectedMode.SOFTWARE);
    }

    private void opCE() {
        noLock();
        if (lazy.of()) {
            ints.deliver(CpuFault.OF, d.ip, ProtectedMode.SOFTWARE);
        } else {
            next();
        }
    }

    private void opD0() {
        d.modrm();
        shift(8, 1);
    }

    private void opD1(int bits) {
        d.modrm();
        shift(bits, 1);
    }

    private void opD2() {
        d.modrm();
        shift(8, r.reg8(ECX));
    }

    private void opD3(int bits) {
        d.modrm();
        shift(bits, r.reg8(ECX));
    }

    private void opD4() {
        noLock();
        int imm = d.fetch8();
        int ax;
        try {
            ax = alu.aam(r.gpr[EAX], imm);
        } catch (DivideErrorException e) {
            throw fault.raise(CpuFault.DE);
        }
        r.setReg16(EAX, ax);
        next();
    }

    private void opD5() {
        noLock();
        r.setReg16(EAX, alu.aad(r.gpr[EAX], d.fetch8()));
        next();
    }

    private void opD6() {
        noLock();
        r.setReg8(EAX, lazy.cf() ? 0xFF : 0);
        next();
    }

    private void opD7() {
        noLock();
        int off = (r.gpr[EBX] + r.reg8(EAX)) & ops.adMask();
        r.setReg8(EAX, mem.read8(d.seg(DS), off));
        next();
    }

    private void opE0(int op) {
        noLock();
        int rel = d.fetchS8();
        int count = (r.gpr[ECX] - 1) & ops.adMask();
        boolean taken = count != 0 && (op == 0xE2 || (op == 0xE1) == lazy.zf());
        setCount(count);
        if (taken) {
            jump(d.ip + rel);
        } else {
            next();
        }
    }

    private void opE3() {
        noLock();
        int rel = d.fetchS8();
        if ((r.gpr[ECX] & ops.adMask()) == 0) {
            jump(d.ip + rel);
        } else {
            next();
        }
    }

    private void opE4() {
        noLock();
        int port = d.fetch8();
        r.setReg8(EAX, in(port, 1));
        next();
    }

    private void opE5(int bits) {
        noLock();
        int port = d.fetch8();
        ops.setReg(bits, EAX, in(port, bits >>> 3));
        next();
    }

    private void opE6() {
        noLock();
        int port = d.fetch8();
        out(port, 1, r.gpr[EAX] & 0xFF);
        next();
    }

    private void opE7(int bits) {
        noLock();
        int port = d.fetch8();
        out(port, bits >>> 3, r.gpr[EAX]);
        next();
    }

    private void opE8(int bits) {
        noLock();
        int rel = d.fetchImm(bits);
        int ret = d.ip;
        int target = bits == 16 ? (ret + rel) & 0xFFFF : ret + rel;
        checkNear(target);
        int sp = ops.push(bits, ret, ops.sp());
        ops.setSp(sp);
        jump(target);
    }

    private void opE9(int bits) {
        noLock();
        int rel = d.fetchImm(bits);
        int target = d.opBits == 16 ? (d.ip + rel) & 0xFFFF : d.ip + rel;
        checkNear(target);
        jump(target);
    }

    private void opEA(int bits) {
        noLock();
        int off = d.fetchImm(bits);
        int sel = d.fetch16();
        if (r.segmented()) {
            pm.jumpFar(sel, off, d.ip);
            return;
        }
        r.loadReal(CS, sel);
        jump(off);
    }

    private void opEB() {
        noLock();
        int rel = d.fetchS8();
        int target = d.opBits == 16 ? (d.ip + rel) & 0xFFFF : d.ip + rel;
        checkNear(target);
        jump(target);
    }

    private void opEC() {
        noLock();
        r.setReg8(EAX, in(r.gpr[EDX] & 0xFFFF, 1));
        next();
    }

    private void opED(int bits) {
        noLock();
        ops.setReg(bits, EAX, in(r.gpr[EDX] & 0xFFFF, bits >>> 3));
        next();
    }

    private void opEE() {
        noLock();
        out(r.gpr[EDX] & 0xFFFF, 1, r.gpr[EAX] & 0xFF);
        next();
    }

    private void opEF(int bits) {
        noLock();
        out(r.gpr[EDX] & 0xFFFF, bits >>> 3, r.gpr[EAX]);
        next();
    }

    private void opF1() {
        // ICEBP / INT1: a debug trap
        noLock();
        ints.deliver(CpuFault.DB, d.ip, ProtectedMode.ICEBP);
    }

    private void opF4() {
        noLock();
        privileged();
        halted = true;
        next();
    }

    private void opF5() {
        noLock();
        lazy.setCf(!lazy.cf());
        next();
    }

    private void opF8(int op) {
        noLock();
        lazy.setCf(op == 0xF9);
        next();
    }

    /** IN with the I/O permission check of protected mode. */
    private int in(int port, int size) {
        pm.checkIo(port, size);
        return mem.in(port, size);
    }

    /** OUT with the I/O permission check of protected mode. */
    private void out(int port, int size, int value) {
        pm.checkIo(port & 0xFFFF, size);
        mem.out(port, size, value);
    }

    /** #GP(0) unless CPL 0 (protected mode). */
    private void privileged() {
        if (r.cpl > 0 && r.protectedMode()) {
            throw fault.raise(CpuFault.GP, 0);
        }
    }

    /** #GP(0) for PUSHF, POPF, INT n and IRET in virtual-8086 mode when IOPL < 3. */
    private void v86Sensitive() {
        if (r.v86() && pm.iopl() < 3) {
            throw fault.raise(CpuFault.GP, 0);
        }
    }

    /** #GP(0) for CLI/STI when CPL > IOPL (protected mode). */
    private void ioplSensitive() {
        if (r.protectedMode() && r.cpl > pm.iopl()) {
            throw fault.raise(CpuFault.GP, 0);
        }
    }

    private void opFA() {
        noLock();
        ioplSensitive();
        flags.setBit(Flags.IF, false);
        next();
    }

    private void opFB() {
        noLock();
        ioplSensitive();
        if (!flags.isSet(Flags.IF)) {
            shadow = true;
        }
        flags.setBit(Flags.IF, true);
        next();
    }

    private void opFC(int op) {
        noLock();
        flags.setBit(Flags.DF, op == 0xFD);
        next();
    }

    // ------------------------------------------------------------------ helpers

    private void aluRmReg(int op, int bits) {
        d.modrm();
        lockOnlyOnMemory(op != 7);
        int a = op == 7 ? ops.rm(bits) : ops.rmw(bits);
        int res = alu.arith(op, bits, a, ops.reg(bits, d.reg));
        if (op != 7) {
            ops.setRm(bits, res);
        }
        next();
    }

    private void aluRegRm(int op, int bits) {
        d.modrm();
        noLock();
        int b = ops.rm(bits);
        int res = alu.arith(op, bits, ops.reg(bits, d.reg), b);
        if (op != 7) {
            ops.setReg(bits, d.reg, res);
        }
        next();
    }

    private void group1(int bits, int immBits) {
        d.modrm();
        lockOnlyOnMemory(d.reg != 7);
        int a = d.reg == 7 ? ops.rm(bits) : ops.rmw(bits);
        int imm = immBits == 8 ? (bits == 8 ? d.fetch8() : d.fetchS8()) : d.fetchImm(bits);
        int res = alu.arith(d.reg, bits, a, imm);
        if (d.reg != 7) {
            ops.setRm(bits, res);
        }
        next();
    }

    private void bcd(int ax) {
        noLock();
        r.setReg16(EAX, ax);
        next();
    }

    private void push(int bits, int v) {
        noLock();
        ops.setSp(ops.push(bits, v, ops.sp()));
        next();
    }

    private void pushSeg(int seg) {
        noLock();
        ops.setSp(ops.push(d.opBits, r.selector[seg], ops.sp()));
        next();
    }

    private void popSeg(int seg) {
        noLock();
        int bits = d.opBits;
        int sp = ops.sp();
        int v = ops.top(bits, sp) & 0xFFFF;
        popSegment(seg, v, ops.popped(bits, sp));
        if (seg == SS) {
            shadow = true;
        }
        next();
    }

    /**
     * Loads {@code seg} with the value POP Sreg popped, then ESP with {@code sp} (computed with the
     * old stack size): the load may fault, and must do so before ESP changes.
     */
    void popSegment(int seg, int v, int sp) {
        boolean s32 = r.stack32;
        loadSegment(seg, v);
        if (s32) {
            r.gpr[RegisterFile.ESP] = sp;
        } else {
            r.setReg16(RegisterFile.ESP, sp);
        }
    }

    /**
     * Loads a data segment register: in real mode base = selector * 16, in protected mode from
     * its descriptor with every check.
     */
    void loadSegment(int seg, int value) {
        if (r.segmented()) {
            pm.loadSegment(seg, value);
            return;
        }
        r.loadReal(seg, value);
        if (seg == SS) {
            r.stack32 = false;
        }
    }

    /** ARPL r/m16, r16 (protected mode only). */
    private void arpl() {
        if (!r.segmented()) {
            throw fault.raise(CpuFault.UD);
        }
        noLock();
        d.modrm();
        int dest = ops.rm(16);
        int src = r.gpr[d.reg] & 3;
        if ((dest & 3) < src) {
            ops.setRm(16, (dest & ~3) | src);
            lazy.setZf(true);
        } else {
            lazy.setZf(false);
        }
        next();
    }

    /**
     * POP r/m. The 386 increments ESP before it computes an ESP-based destination address, so
     * ESP is moved first and put back if the write faults or is suspended.
     */
    private void popRm(int bits) {
        noLock();
        int sp = ops.sp();
        int v = ops.top(bits, sp);
        int saved = r.gpr[RegisterFile.ESP];
        mem.saveStateNow();
        ops.setSp(ops.popped(bits, sp));
        try {
            d.modrm();
            if (d.reg != 0) {
                throw fault.raise(CpuFault.UD);
            }
            ops.setRm(bits, v);
        } catch (RuntimeException e) {
            r.gpr[RegisterFile.ESP] = saved;
            throw e;
        }
        next();
    }

    private void pusha(int bits) {
        noLock();
        int sp = ops.sp();
        int oldSp = ops.reg(bits, RegisterFile.ESP);
        for (int i = 0; i < 8; i++) {
            sp = ops.push(bits, i == RegisterFile.ESP ? oldSp : ops.reg(bits, i), sp);
        }
        ops.setSp(sp);
        next();
    }

    private void popa(int bits) {
        noLock();
        int sp = ops.sp();
        int[] v = popBuffer;
        for (int i = 7; i >= 0; i--) {
            v[i] = ops.top(bits, sp);
            sp = ops.popped(bits, sp);
        }
        for (int i = 0; i < 8; i++) {
            if (i != RegisterFile.ESP) {
                ops.setReg(bits, i, v[i]);
            }
        }
        ops.setSp(sp);
        next();
    }

    private final int[] popBuffer = new int[8];

    private void bound(int bits) {
        noLock();
        d.modrm();
        if (d.isReg()) {
            throw fault.raise(CpuFault.UD);
        }
        int idx = ops.reg(bits, d.reg);
        int lo = ops.read(bits, d.eaSeg, d.eaOff);
        int hi = ops.read(bits, d.eaSeg, d.eaOff + (bits >>> 3));
        if (bits == 16) {
            idx = (short) idx;
            lo = (short) lo;
            hi = (short) hi;
        }
        if (idx < lo || idx > hi) {
            throw fault.raise(CpuFault.BR);
        }
        next();
    }

    private void xchg(int bits) {
        d.modrm();
        lockOnlyOnMemory(true);
        int a = ops.rm(bits);
        int b = ops.reg(bits, d.reg);
        ops.setRm(bits, b);
        ops.setReg(bits, d.reg, a);
        next();
    }

    private void loadFarPointer(int seg, int bits) {
        noLock();
        d.modrm();
        if (d.isReg()) {
            throw fault.raise(CpuFault.UD);
        }
        int off = ops.read(bits, d.eaSeg, d.eaOff);
        int sel = mem.read16(d.eaSeg, d.eaOff + (bits >>> 3));
        loadSegment(seg, sel);
        ops.setReg(bits, d.reg, off);
        next();
    }

    private void checkNear(int target) {
        if (Integer.compareUnsigned(target, r.limit[CS]) > 0) {
            throw fault.raise(CpuFault.GP, 0);
        }
    }

    private void callFar(int bits, int sel, int off) {
        if (r.segmented()) {
            pm.callFar(bits, sel, bits == 16 ? off & 0xFFFF : off, d.ip);
            return;
        }
        int sp = ops.sp();
        sp = ops.push(bits, r.selector[CS], sp);
        sp = ops.push(bits, d.ip, sp);
        ops.setSp(sp);
        r.loadReal(CS, sel);
        jump(off);
    }

    private void enter(int bits) {
        noLock();
        int size = d.fetch16();
        int level = d.fetch8() & 31;
        int sp = ops.sp();
        int bp = r.stack32 ? r.gpr[EBP] : r.gpr[EBP] & 0xFFFF;
        sp = ops.push(bits, ops.reg(bits, EBP), sp);
        int frame = sp;
        int step = bits >>> 3;
        for (int i = 1; i < level; i++) {
            bp = r.stack32 ? bp - step : (bp - step) & 0xFFFF;
            sp = ops.push(bits, ops.read(bits, SS, bp), sp);
        }
        if (level > 0) {
            sp = ops.push(bits, frame, sp);
        }
        int nsp = r.stack32 ? sp - size : (sp - size) & 0xFFFF;
        // the new stack top must be writable (checked as the 386 does, before any change)
        mem.checkWrite(SS, nsp, 1);
        ops.setReg(bits, EBP, frame);
        ops.setSp(nsp);
        next();
    }

    private void iret(int bits) {
        noLock();
        v86Sensitive();
        if (r.segmented()) {
            pm.iret(bits, d.ip);
            return;
        }
        int sp = ops.sp();
        int ip = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int cs = ops.top(bits, sp) & 0xFFFF;
        sp = ops.popped(bits, sp);
        int f = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        // IRETD loads RF (real mode too); in virtual-8086 mode (IOPL 3) IRET keeps IOPL and VM
        int mask = r.v86() ? (FlagsUnit.WRITABLE & ~Flags.IOPL) | Flags.RF : FlagsUnit.WRITABLE | Flags.RF;
        if (r.v86() && Integer.compareUnsigned(bits == 16 ? ip & 0xFFFF : ip, r.limit[CS]) > 0) {
            throw fault.raise(CpuFault.GP, 0);
        }
        ops.setSp(sp);
        flags.set(f, bits == 16 ? mask & 0xFFFF : mask);
        r.loadReal(CS, cs);
        jump(ip);
    }

    private void setCount(int count) {
        if (d.adBits == 16) {
            r.setReg16(ECX, count);
        } else {
            r.gpr[ECX] = count;
        }
    }

    private void esc() {
        noLock();
        if ((r.cr0 & 0x4) != 0 || (r.cr0 & 0x8) != 0) {
            // EM: no coprocessor, emulate; TS: the FPU context is another task's
            throw fault.raise(CpuFault.NM);
        }
        d.modrm();
        if (!d.isReg()) {
            // the operand is still addressed (at least a word): an offset past the limit faults
            mem.checkRead(d.eaSeg, d.eaOff, 2);
        }
        next();
    }

    private void shift(int bits, int count) {
        lockOnlyOnMemory(false);
        int v = ops.rmw(bits);
        ops.setRm(bits, alu.shift(d.reg, bits, v, count));
        next();
    }

    private void group3(int bits) {
        d.modrm();
        int reg = d.reg;
        lockOnlyOnMemory(reg == 2 || reg == 3);
        switch (reg) {
            case 0, 1 -> {
                int a = ops.rm(bits);
                alu.test(bits, a, d.fetchImm(bits == 8 ? 8 : bits));
                next();
            }
            case 2 -> {
                int a = ops.rm(bits);
                ops.setRm(bits, ~a);
                next();
            }
            case 3 -> {
                int a = ops.rmw(bits);
                ops.setRm(bits, alu.neg(bits, a));
                next();
            }
            case 4, 5 -> {
                int a = ops.rm(bits);
                long p = reg == 4 ? alu.mul(bits, ops.reg(bits, EAX), a) : alu.imul(bits, ops.reg(bits, EAX), a);
                if (bits == 8) {
                    r.setReg16(EAX, (int) p);
                } else {
                    ops.setReg(bits, EAX, (int) p);
                    ops.setReg(bits, EDX, (int) (p >>> bits));
                }
                next();
            }
            default -> {
                int a = ops.rm(bits);
                long dividend = bits == 8 ? r.gpr[EAX] & 0xFFFF
                        : bits == 16 ? ((long) (r.gpr[EDX] & 0xFFFF) << 16) | (r.gpr[EAX] & 0xFFFF)
                                : ((long) r.gpr[EDX] << 32) | (r.gpr[EAX] & 0xFFFFFFFFL);
                long qr;
                try {
                    qr = reg == 6 ? alu.div(bits, dividend, a) : alu.idiv(bits, dividend, a);
                } catch (DivideErrorException e) {
                    throw fault.raise(CpuFault.DE);
                }
                int q = (int) qr;
                int rem = (int) (qr >>> 32);
                if (bits == 8) {
                    r.setReg16(EAX, (q & 0xFF) | (rem & 0xFF) << 8);
                } else {
                    ops.setReg(bits, EAX, q);
                    ops.setReg(bits, EDX, rem);
                }
                next();
            }
        }
    }

    private void group4() {
        d.modrm();
        lockOnlyOnMemory(d.reg < 2);
        int a = d.reg < 2 ? ops.rmw(8) : ops.rm(8);
        switch (d.reg) {
            case 0 -> ops.setRm(8, alu.inc(8, a));
            case 1 -> ops.setRm(8, alu.dec(8, a));
            default -> throw fault.raise(CpuFault.UD);
        }
        next();
    }

    private void group5(int bits) {
        d.modrm();
        int reg = d.reg;
        lockOnlyOnMemory(reg < 2);
        switch (reg) {
            case 0, 1 -> {
                int a = ops.rmw(bits);
                ops.setRm(bits, reg == 0 ? alu.inc(bits, a) : alu.dec(bits, a));
                next();
            }
            case 2 -> {
                int target = ops.rm(bits);
                if (bits == 16) {
                    target &= 0xFFFF;
                }
                checkNear(target);
                int sp = ops.push(bits, d.ip, ops.sp());
                ops.setSp(sp);
                jump(target);
            }
            case 3 -> {
                if (d.isReg()) {
                    throw fault.raise(CpuFault.UD);
                }
                int off = ops.read(bits, d.eaSeg, d.eaOff);
                int sel = mem.read16(d.eaSeg, d.eaOff + (bits >>> 3));
                callFar(bits, sel, off);
            }
            case 4 -> {
                int target = ops.rm(bits);
                if (bits == 16) {
                    target &= 0xFFFF;
                }
                checkNear(target);
                jump(target);
            }
            case 5 -> {
                if (d.isReg()) {
                    throw fault.raise(CpuFault.UD);
                }
                int off = ops.read(bits, d.eaSeg, d.eaOff);
                int sel = mem.read16(d.eaSeg, d.eaOff + (bits >>> 3));
                if (r.segmented()) {
                    pm.jumpFar(sel, bits == 16 ? off & 0xFFFF : off, d.ip);
                    return;
                }
                r.loadReal(CS, sel);
                jump(off);
            }
            case 6 -> {
                int v = ops.rm(bits);
                ops.setSp(ops.push(bits, v, ops.sp()));
                next();
            }
            default -> throw fault.raise(CpuFault.UD);
        }
    }
}
