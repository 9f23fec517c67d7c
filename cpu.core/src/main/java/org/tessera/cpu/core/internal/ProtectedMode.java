package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.A_CODE;
import static org.tessera.cpu.core.internal.RegisterFile.A_DC;
import static org.tessera.cpu.core.internal.RegisterFile.A_P;
import static org.tessera.cpu.core.internal.RegisterFile.A_RW;
import static org.tessera.cpu.core.internal.RegisterFile.A_S;
import static org.tessera.cpu.core.internal.RegisterFile.CS;
import static org.tessera.cpu.core.internal.RegisterFile.DS;
import static org.tessera.cpu.core.internal.RegisterFile.ES;
import static org.tessera.cpu.core.internal.RegisterFile.FS;
import static org.tessera.cpu.core.internal.RegisterFile.GS;
import static org.tessera.cpu.core.internal.RegisterFile.NEW_CS;
import static org.tessera.cpu.core.internal.RegisterFile.NEW_SS;
import static org.tessera.cpu.core.internal.RegisterFile.SS;

import org.tessera.cpu.core.internal.alu.Flags;

/**
 * Protected-mode segmentation (386 rules): descriptor table reads, segment register loads with
 * their checks, far JMP/CALL/RET and IRET to code segments (same privilege, and RET/IRET to an
 * outer level), far JMP/CALL through call gates (a CALL to an inner level switches to the stack
 * from the TSS and copies the parameters), interrupt/exception delivery through the IDT
 * (interrupt and trap gates, with the stack switch from the TSS for an inner level), LLDT/LTR,
 * what LAR/LSL/VERR/VERW see, and the I/O permission bitmap. Task switches (TSS descriptors and
 * task gates as JMP/CALL/INT targets, IRET with NT) and virtual-8086 mode are not implemented.
 *
 * <p>Descriptor tables are read and written at linear addresses ({@link AccessPath#readLinear}).
 * Like every instruction, a transfer does all its reads, checks and writes first and changes
 * registers last: a new CS or SS is loaded into a scratch slot of the register file
 * ({@link RegisterFile#NEW_CS}, {@link RegisterFile#NEW_SS}), used there for the limit checks and
 * the pushes, and copied into CS/SS when the transfer commits.
 */
final class ProtectedMode {

    /** Kinds of event for {@link #interrupt}. */
    static final int SOFTWARE = 0, ICEBP = 1, EVENT = 2;

    private final RegisterFile r;
    private final AccessPath mem;
    private final Operands ops;
    private final FlagsUnit flags;
    private final CpuFault fault;

    /** The descriptor read last by {@link #fetch}: its two doublewords and its linear address. */
    int lo, hi, addr;

    ProtectedMode(RegisterFile r, AccessPath mem, Operands ops, FlagsUnit flags, CpuFault fault) {
        this.r = r;
        this.mem = mem;
        this.ops = ops;
        this.flags = flags;
        this.fault = fault;
    }

    // ------------------------------------------------------------------ descriptors

    /**
     * Reads the descriptor {@code sel} selects (GDT, or the LDT for TI = 1) into {@link #lo} and
     * {@link #hi}.
     *
     * @return false if it lies beyond the table's limit (or TI = 1 with a null LDTR)
     */
    boolean fetch(int sel) {
        int tableBase, tableLimit;
        if ((sel & 4) != 0) {
            if ((r.ldtrSelector & 0xFFFC) == 0) {
                return false;
            }
            tableBase = r.ldtrBase;
            tableLimit = r.ldtrLimit;
        } else {
            tableBase = r.gdtBase;
            tableLimit = r.gdtLimit;
        }
        if (Integer.compareUnsigned(sel | 7, tableLimit) > 0) {
            return false;
        }
        addr = tableBase + (sel & ~7 & 0xFFFF);
        lo = mem.readLinear(addr, 4);
        hi = mem.readLinear(addr + 4, 4);
        return true;
    }

    /** {@link #fetch} or {@code vector}(selector) when the selector lies beyond the table. */
    void read(int sel, int vector) {
        if (!fetch(sel)) {
            throw fault.raise(vector, sel & 0xFFFC);
        }
    }

    int access() {
        return (hi >>> 8) & 0xFF;
    }

    int dpl() {
        return (hi >>> 13) & 3;
    }

    boolean present() {
        return (hi & 0x8000) != 0;
    }

    /** A code or data segment (S = 1). */
    boolean segment() {
        return (hi & 0x1000) != 0;
    }

    boolean code() {
        return segment() && (access() & A_CODE) != 0;
    }

    boolean data() {
        return segment() && (access() & A_CODE) == 0;
    }

    boolean conforming() {
        return code() && (access() & A_DC) != 0;
    }

    /** Sets the accessed bit of the descriptor read last (written back if it was clear). */
    void setAccessed() {
        if ((hi & 0x100) == 0) {
            hi |= 0x100;
            mem.writeLinear(addr + 5, 1, access());
        }
    }

    private CpuFault gp(int error) {
        return fault.raise(CpuFault.GP, error);
    }

    // ------------------------------------------------------------------ segment register loads

    /**
     * MOV/POP Sreg, LDS/LES/LFS/LGS/LSS in protected mode: checks the selector and its
     * descriptor, sets the accessed bit, then loads the register.
     */
    void loadSegment(int seg, int sel) {
        sel &= 0xFFFF;
        int rpl = sel & 3;
        int cpl = r.cpl;
        if (seg == SS) {
            if ((sel & 0xFFFC) == 0) {
                throw gp(0);
            }
            read(sel, CpuFault.GP);
            if (rpl != cpl || !data() || (access() & A_RW) == 0 || dpl() != cpl) {
                throw gp(sel & 0xFFFC);
            }
            if (!present()) {
                throw fault.raise(CpuFault.SS, sel & 0xFFFC);
            }
        } else {
            if ((sel & 0xFFFC) == 0) {
                r.loadNull(seg, sel);
                return;
            }
            read(sel, CpuFault.GP);
            if (!segment() || (code() && (access() & A_RW) == 0)) {
                throw gp(sel & 0xFFFC);
            }
            if ((data() || !conforming()) && (rpl > dpl() || cpl > dpl())) {
                throw gp(sel & 0xFFFC);
            }
            if (!present()) {
                throw fault.raise(CpuFault.NP, sel & 0xFFFC);
            }
        }
        setAccessed();
        r.loadDescriptor(seg, sel, lo, hi);
    }

    /**
     * After a return to an outer level: a data segment register the new CPL may not use (data
     * or non-conforming code with DPL below the CPL) is loaded with a null selector.
     */
    private void dropInnerSegments() {
        for (int seg : DATA_SEGMENTS) {
            int a = r.attr[seg];
            if (a == 0) {
                continue;
            }
            boolean conformingCode = (a & (A_CODE | A_DC)) == (A_CODE | A_DC);
            if (!conformingCode && ((a >>> 5) & 3) < r.cpl) {
                r.loadNull(seg, 0);
            }
        }
    }

    private static final int[] DATA_SEGMENTS = {ES, DS, FS, GS};

    // ------------------------------------------------------------------ far transfers

    /**
     * Checks a code segment a far JMP or CALL goes to (same privilege only) and loads it into
     * {@link RegisterFile#NEW_CS} with RPL = CPL; {@code off} must lie within its limit.
     */
    private void targetCode(int sel, int off) {
        if ((sel & 0xFFFC) == 0) {
            throw gp(0);
        }
        read(sel, CpuFault.GP);
        int cpl = r.cpl;
        if (!code()) {
            // task gates and TSS descriptors (task switches) are not supported: #GP(selector)
            throw gp(sel & 0xFFFC);
        }
        if (conforming()) {
            if (dpl() > cpl) {
                throw gp(sel & 0xFFFC);
            }
        } else if ((sel & 3) > cpl || dpl() != cpl) {
            throw gp(sel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, sel & 0xFFFC);
        }
        r.loadDescriptor(NEW_CS, (sel & 0xFFFC) | cpl, lo, hi);
        if (Integer.compareUnsigned(off, r.limit[NEW_CS]) > 0) {
            throw gp(0);
        }
        setAccessed();
        r.attr[NEW_CS] |= RegisterFile.A_ACCESSED;
    }

    /** Far JMP to {@code sel:off} ({@code off} already masked to the operand size). */
    void jumpFar(int sel, int off) {
        if (callGate(sel & 0xFFFF)) {
            throughGate(sel & 0xFFFF, false, 0);
            return;
        }
        targetCode(sel & 0xFFFF, off);
        r.copySegment(NEW_CS, CS);
        r.eip = off;
    }

    /** Far CALL: pushes CS and the return offset with {@code bits} then jumps. */
    void callFar(int bits, int sel, int off, int returnIp) {
        if (callGate(sel & 0xFFFF)) {
            throughGate(sel & 0xFFFF, true, returnIp);
            return;
        }
        targetCode(sel & 0xFFFF, off);
        int sp = ops.sp();
        sp = ops.push(bits, r.selector[CS], sp);
        sp = ops.push(bits, returnIp, sp);
        ops.setSp(sp);
        r.copySegment(NEW_CS, CS);
        r.eip = off;
    }

    /** Whether {@code sel} (not null) selects a call gate (read into {@link #lo}/{@link #hi}). */
    private boolean callGate(int sel) {
        if ((sel & 0xFFFC) == 0) {
            throw gp(0);
        }
        read(sel, CpuFault.GP);
        int type = access() & 0x1F;
        return type == 0x04 || type == 0x0C;
    }

    /**
     * A far JMP or CALL through the call gate read last: to the same level, or for a CALL to a
     * more privileged non-conforming segment with the stack switch from the TSS, copying the
     * gate's count of parameters (words for a 16-bit gate, doublewords for a 32-bit one).
     */
    private void throughGate(int gateSel, boolean call, int returnIp) {
        int glo = lo, ghi = hi;
        int cpl = r.cpl;
        if (dpl() < cpl || dpl() < (gateSel & 3)) {
            throw gp(gateSel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, gateSel & 0xFFFC);
        }
        boolean gate32 = (access() & 0x08) != 0;
        int sel = glo >>> 16;
        int target = gate32 ? (ghi & 0xFFFF0000) | (glo & 0xFFFF) : glo & 0xFFFF;
        int count = ghi & 0x1F;
        if ((sel & 0xFFFC) == 0) {
            throw gp(0);
        }
        read(sel, CpuFault.GP);
        if (!code() || dpl() > cpl) {
            throw gp(sel & 0xFFFC);
        }
        if (!call && !conforming() && dpl() != cpl) {
            throw gp(sel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, sel & 0xFFFC);
        }
        int csLo = lo, csHi = hi, csAddr = addr;
        int bits = gate32 ? 32 : 16;
        if (!call) {
            enter(csLo, csHi, csAddr, sel, cpl, target);
            return;
        }
        if (!conforming() && dpl() < cpl) {
            int newCpl = dpl();
            int sp = innerStack(newCpl, 0);
            boolean s32 = (r.attr[NEW_SS] & RegisterFile.A_DB) != 0;
            int oldSp = ops.sp();
            sp = push(NEW_SS, s32, bits, r.selector[SS], sp);
            sp = push(NEW_SS, s32, bits, r.gpr[RegisterFile.ESP], sp);
            int size = bits >>> 3;
            int mask = r.stack32 ? -1 : 0xFFFF;
            for (int i = count - 1; i >= 0; i--) {
                sp = push(NEW_SS, s32, bits, ops.read(bits, SS, (oldSp + i * size) & mask), sp);
            }
            sp = push(NEW_SS, s32, bits, r.selector[CS], sp);
            sp = push(NEW_SS, s32, bits, returnIp, sp);
            enter(csLo, csHi, csAddr, sel, newCpl, target);
            r.copySegment(NEW_SS, SS);
            if (s32) {
                r.gpr[RegisterFile.ESP] = sp;
            } else {
                r.setReg16(RegisterFile.ESP, sp);
            }
            return;
        }
        int sp = ops.sp();
        sp = ops.push(bits, r.selector[CS], sp);
        sp = ops.push(bits, returnIp, sp);
        enter(csLo, csHi, csAddr, sel, cpl, target);
        ops.setSp(sp);
    }

    /**
     * Checks the code segment a far RET or IRET returns to and loads it into
     * {@link RegisterFile#NEW_CS}.
     */
    private void returnCode(int sel) {
        if ((sel & 0xFFFC) == 0) {
            throw gp(0);
        }
        read(sel, CpuFault.GP);
        int rpl = sel & 3;
        if (!code() || rpl < r.cpl) {
            throw gp(sel & 0xFFFC);
        }
        if (conforming() ? dpl() > rpl : dpl() != rpl) {
            throw gp(sel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, sel & 0xFFFC);
        }
        setAccessed();
        r.loadDescriptor(NEW_CS, sel, lo, hi);
    }

    /** Checks the stack segment of a return to level {@code rpl} and loads it into NEW_SS. */
    private void returnStack(int sel, int rpl) {
        if ((sel & 0xFFFC) == 0) {
            throw gp(0);
        }
        read(sel, CpuFault.GP);
        if ((sel & 3) != rpl || !data() || (access() & A_RW) == 0 || dpl() != rpl) {
            throw gp(sel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.SS, sel & 0xFFFC);
        }
        setAccessed();
        r.loadDescriptor(NEW_SS, sel, lo, hi);
    }

    /** Far RET (with {@code imm} bytes of parameters to release). */
    void returnFar(int bits, int imm) {
        int sp = ops.sp();
        int ip = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int cs = ops.top(bits, sp) & 0xFFFF;
        sp = ops.popped(bits, sp);
        if (bits == 16) {
            ip &= 0xFFFF;
        }
        returnCode(cs);
        int rpl = cs & 3;
        if (rpl == r.cpl) {
            if (Integer.compareUnsigned(ip, r.limit[NEW_CS]) > 0) {
                throw gp(0);
            }
            ops.setSp(sp + imm);
            r.copySegment(NEW_CS, CS);
            r.eip = ip;
            return;
        }
        sp = (sp + imm) & (r.stack32 ? -1 : 0xFFFF);
        int newSp = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int ss = ops.top(bits, sp) & 0xFFFF;
        returnStack(ss, rpl);
        if (Integer.compareUnsigned(ip, r.limit[NEW_CS]) > 0) {
            throw gp(0);
        }
        r.copySegment(NEW_CS, CS);
        r.copySegment(NEW_SS, SS);
        setStackPointer(bits, newSp);
        ops.setSp(ops.sp() + imm);
        r.eip = ip;
        dropInnerSegments();
    }

    private void setStackPointer(int bits, int sp) {
        if (bits == 32) {
            r.gpr[RegisterFile.ESP] = sp;
        } else {
            r.setReg16(RegisterFile.ESP, sp);
        }
    }

    /**
     * The EFLAGS bits POPF and IRET may change at the current privilege level: IOPL only at CPL
     * 0, IF only at CPL <= IOPL.
     */
    int writableFlags(int bits) {
        int mask = FlagsUnit.WRITABLE;
        if (r.cpl > 0) {
            mask &= ~Flags.IOPL;
        }
        if (r.cpl > iopl()) {
            mask &= ~Flags.IF;
        }
        return bits == 16 ? mask & 0xFFFF : mask;
    }

    int iopl() {
        return (r.flagsOther >>> 12) & 3;
    }

    /** IRET in protected mode (to the same or an outer level; NT = 1 is not supported: #GP(0)). */
    void iret(int bits) {
        if ((r.flagsOther & Flags.NT) != 0) {
            throw fault.raise(CpuFault.TS, r.trSelector & 0xFFFC); // task return: not supported
        }
        int sp = ops.sp();
        int ip = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int cs = ops.top(bits, sp) & 0xFFFF;
        sp = ops.popped(bits, sp);
        int f = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        if (bits == 16) {
            ip &= 0xFFFF;
        }
        returnCode(cs);
        int rpl = cs & 3;
        int mask = writableFlags(bits) | (bits == 32 ? Flags.RF : 0);
        if (rpl == r.cpl) {
            if (Integer.compareUnsigned(ip, r.limit[NEW_CS]) > 0) {
                throw gp(0);
            }
            ops.setSp(sp);
            flags.set(f, mask);
            r.copySegment(NEW_CS, CS);
            r.eip = ip;
            return;
        }
        int newSp = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int ss = ops.top(bits, sp) & 0xFFFF;
        returnStack(ss, rpl);
        if (Integer.compareUnsigned(ip, r.limit[NEW_CS]) > 0) {
            throw gp(0);
        }
        flags.set(f, mask);
        r.copySegment(NEW_CS, CS);
        r.copySegment(NEW_SS, SS);
        setStackPointer(bits, newSp);
        r.eip = ip;
        dropInnerSegments();
    }

    // ------------------------------------------------------------------ interrupts

    /**
     * Delivers {@code vector} through the IDT. {@code kind}: {@link #SOFTWARE} (INT n, INT3,
     * INTO: the gate's DPL must allow the CPL), {@link #ICEBP}, {@link #EVENT} (an exception or
     * an external interrupt: faults while delivering it carry EXT in their error code).
     */
    void interrupt(int vector, int returnIp, int kind, boolean hasError, int error) {
        int ext = kind == EVENT ? 1 : 0;
        int offset = (vector & 0xFF) << 3;
        if (offset + 7 > r.idtLimit) {
            throw gp(offset + 2 + ext);
        }
        int glo = mem.readLinear(r.idtBase + offset, 4);
        int ghi = mem.readLinear(r.idtBase + offset + 4, 4);
        int type = (ghi >>> 8) & 0x1F;
        boolean gate32;
        switch (type) {
            case 0x06, 0x07 -> gate32 = false;
            case 0x0E, 0x0F -> gate32 = true;
            default -> throw gp(offset + 2 + ext); // task gates are not supported
        }
        int cpl = r.cpl;
        if (kind == SOFTWARE && ((ghi >>> 13) & 3) < cpl) {
            throw gp(offset + 2);
        }
        if ((ghi & 0x8000) == 0) {
            throw fault.raise(CpuFault.NP, offset + 2 + ext);
        }
        int sel = glo >>> 16;
        int target = gate32 ? (ghi & 0xFFFF0000) | (glo & 0xFFFF) : glo & 0xFFFF;
        if ((sel & 0xFFFC) == 0) {
            throw gp(ext);
        }
        if (!fetch(sel)) {
            throw gp((sel & 0xFFFC) + ext);
        }
        if (!code() || dpl() > cpl) {
            throw gp((sel & 0xFFFC) + ext);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, (sel & 0xFFFC) + ext);
        }
        int csLo = lo, csHi = hi, csAddr = addr;
        int bits = gate32 ? 32 : 16;
        int eflags = flags.get();
        int newCpl = conforming() ? cpl : dpl();
        if (newCpl < cpl) {
            int sp = innerStack(newCpl, ext);
            boolean s32 = (r.attr[NEW_SS] & RegisterFile.A_DB) != 0;
            sp = push(NEW_SS, s32, bits, r.selector[SS], sp);
            sp = push(NEW_SS, s32, bits, r.gpr[RegisterFile.ESP], sp);
            sp = push(NEW_SS, s32, bits, eflags, sp);
            sp = push(NEW_SS, s32, bits, r.selector[CS], sp);
            sp = push(NEW_SS, s32, bits, returnIp, sp);
            if (hasError) {
                sp = push(NEW_SS, s32, bits, error, sp);
            }
            enter(csLo, csHi, csAddr, sel, newCpl, target);
            r.copySegment(NEW_SS, SS);
            if (s32) {
                r.gpr[RegisterFile.ESP] = sp;
            } else {
                r.setReg16(RegisterFile.ESP, sp);
            }
        } else {
            int sp = ops.sp();
            sp = ops.push(bits, eflags, sp);
            sp = ops.push(bits, r.selector[CS], sp);
            sp = ops.push(bits, returnIp, sp);
            if (hasError) {
                sp = ops.push(bits, error, sp);
            }
            enter(csLo, csHi, csAddr, sel, cpl, target);
            ops.setSp(sp);
        }
        r.flagsOther &= ~(Flags.TF | Flags.NT | Flags.RF | Flags.VM);
        if ((type & 1) == 0) {
            r.flagsOther &= ~Flags.IF;
        }
    }

    /**
     * The stack of inner level {@code newCpl} from the TSS (SS0:ESP0 etc., 16- or 32-bit TSS):
     * checks it, loads SS into {@link RegisterFile#NEW_SS} and returns the stack pointer.
     */
    private int innerStack(int newCpl, int ext) {
        int tssType = r.trAttr & 0x0F;
        boolean tss32 = tssType == 0x09 || tssType == 0x0B;
        int at = tss32 ? 4 + newCpl * 8 : 2 + newCpl * 4;
        int width = tss32 ? 4 : 2;
        if (at + width + 1 > r.trLimit) {
            throw fault.raise(CpuFault.TS, (r.trSelector & 0xFFFC) + ext);
        }
        int newSp = mem.readLinear(r.trBase + at, width);
        int ss = mem.readLinear(r.trBase + at + width, 2);
        if ((ss & 0xFFFC) == 0) {
            throw fault.raise(CpuFault.TS, ext);
        }
        if (!fetch(ss)) {
            throw fault.raise(CpuFault.TS, (ss & 0xFFFC) + ext);
        }
        if ((ss & 3) != newCpl || !data() || (access() & A_RW) == 0 || dpl() != newCpl) {
            throw fault.raise(CpuFault.TS, (ss & 0xFFFC) + ext);
        }
        if (!present()) {
            throw fault.raise(CpuFault.SS, (ss & 0xFFFC) + ext);
        }
        setAccessed();
        r.loadDescriptor(NEW_SS, ss, lo, hi);
        return (r.attr[NEW_SS] & RegisterFile.A_DB) != 0 ? newSp : newSp & 0xFFFF;
    }

    /** Loads the handler's CS (checking the offset against its limit first) and EIP. */
    private void enter(int csLo, int csHi, int csAddr, int sel, int newCpl, int target) {
        r.loadDescriptor(NEW_CS, (sel & 0xFFFC) | newCpl, csLo, csHi);
        if (Integer.compareUnsigned(target, r.limit[NEW_CS]) > 0) {
            throw gp(0);
        }
        lo = csLo;
        hi = csHi;
        addr = csAddr;
        setAccessed();
        r.copySegment(NEW_CS, CS);
        r.eip = target;
    }

    private int push(int slot, boolean s32, int bits, int v, int sp) {
        int nsp = (sp - (bits >>> 3)) & (s32 ? -1 : 0xFFFF);
        ops.write(bits, slot, nsp, v);
        return nsp;
    }

    // ------------------------------------------------------------------ system segments

    /** LLDT: a null selector leaves no LDT; otherwise an LDT descriptor of the GDT. */
    void loadLdt(int sel) {
        sel &= 0xFFFF;
        if ((sel & 0xFFFC) == 0) {
            r.ldtrSelector = sel;
            r.ldtrBase = 0;
            r.ldtrLimit = 0;
            return;
        }
        if ((sel & 4) != 0) {
            throw gp(sel & 0xFFFC);
        }
        read(sel, CpuFault.GP);
        if ((access() & 0x1F) != 0x02) {
            throw gp(sel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, sel & 0xFFFC);
        }
        r.ldtrSelector = sel;
        r.ldtrBase = RegisterFile.descriptorBase(lo, hi);
        r.ldtrLimit = RegisterFile.descriptorLimit(lo, hi);
        r.ldtrAttr = (hi >>> 8) & 0xF0FF;
    }

    /** LTR: an available TSS of the GDT, which becomes busy. */
    void loadTr(int sel) {
        sel &= 0xFFFF;
        if ((sel & 0xFFFC) == 0) {
            throw gp(0);
        }
        if ((sel & 4) != 0) {
            throw gp(sel & 0xFFFC);
        }
        read(sel, CpuFault.GP);
        int type = access() & 0x1F;
        if (type != 0x01 && type != 0x09) {
            throw gp(sel & 0xFFFC);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, sel & 0xFFFC);
        }
        hi |= 0x200;
        mem.writeLinear(addr + 5, 1, access());
        r.trSelector = sel;
        r.trBase = RegisterFile.descriptorBase(lo, hi);
        r.trLimit = RegisterFile.descriptorLimit(lo, hi);
        r.trAttr = (hi >>> 8) & 0xF0FF;
    }

    /**
     * Whether the descriptor of {@code sel} is visible to LAR/LSL/VERR/VERW at the current CPL
     * (read into {@link #lo}/{@link #hi}): not null, within its table, and unless conforming code,
     * DPL >= max(CPL, RPL).
     */
    boolean visible(int sel) {
        sel &= 0xFFFF;
        if ((sel & 0xFFFC) == 0 || !fetch(sel)) {
            return false;
        }
        if (conforming()) {
            return true;
        }
        return dpl() >= r.cpl && dpl() >= (sel & 3);
    }

    /** Whether LAR accepts the descriptor type read last (LSL: {@code forLimit}). */
    boolean validForLarLsl(boolean forLimit) {
        if (segment()) {
            return true;
        }
        int type = access() & 0x0F;
        return switch (type) {
            case 0x1, 0x2, 0x3, 0x9, 0xB -> true;          // TSS, LDT
            case 0x4, 0x5, 0xC -> !forLimit;                // call gates, task gate
            default -> false;
        };
    }

    /** The I/O permission check for CPL > IOPL: the TSS bitmap (32-bit TSS only) or #GP(0). */
    void checkIo(int port, int size) {
        if (!r.protectedMode() || r.cpl <= iopl()) {
            return;
        }
        int tssType = r.trAttr & 0x0F;
        if ((tssType != 0x09 && tssType != 0x0B) || r.trLimit < 0x67) {
            throw gp(0);
        }
        int mapBase = mem.readLinear(r.trBase + 0x66, 2);
        int at = mapBase + (port >>> 3);
        if (at + 1 > r.trLimit) {
            throw gp(0);
        }
        int bitsWord = mem.readLinear(r.trBase + at, 2);
        int mask = ((1 << size) - 1) << (port & 7);
        if ((bitsWord & mask) != 0) {
            throw gp(0);
        }
    }
}
