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
 * what LAR/LSL/VERR/VERW see, the I/O permission bitmap, and task switches (JMP/CALL to a TSS
 * or a task gate, INT and exceptions through task gates, IRET with NT; 16- and 32-bit TSS).
 * Virtual-8086 mode as the 386 has it (no VME): entered by IRET at CPL 0 with VM set in the
 * popped EFLAGS or by a task switch to a 32-bit TSS with VM set; left by any interrupt or
 * exception, through a 32-bit (or 16-bit) interrupt or trap gate to a ring-0 non-conforming code
 * segment ({@link #interrupt}) or through a task gate.
 *
 * <p>Descriptor tables are read and written at linear addresses as implicit supervisor accesses
 * ({@link AccessPath#readSupervisor}, {@link AccessPath#writeSupervisor}).
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
        lo = mem.readSupervisor(addr, 4);
        hi = mem.readSupervisor(addr + 4, 4);
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
            mem.writeSupervisor(addr + 5, 1, access());
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
            // a system segment that is no call gate, TSS or task gate
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
    void jumpFar(int sel, int off, int nextIp) {
        if (callGate(sel & 0xFFFF)) {
            throughGate(sel & 0xFFFF, false, 0);
            return;
        }
        if (taskTarget()) {
            taskTransfer(sel & 0xFFFF, TASK_JMP, nextIp);
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
        if (taskTarget()) {
            taskTransfer(sel & 0xFFFF, TASK_CALL, returnIp);
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

    /**
     * A return to the outer level {@code rpl}: pops the outer ESP and SS at {@code sp}, checks the
     * stack segment into NEW_SS and {@code ip} against the new code segment's limit (in NEW_CS).
     *
     * @return the outer stack pointer (not yet committed)
     */
    private int outerStack(int bits, int sp, int rpl, int ip) {
        int newSp = ops.top(bits, sp);
        int ss = ops.top(bits, ops.popped(bits, sp)) & 0xFFFF;
        returnStack(ss, rpl);
        if (Integer.compareUnsigned(ip, r.limit[NEW_CS]) > 0) {
            throw gp(0);
        }
        return newSp;
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
        int newSp = outerStack(bits, sp, rpl, ip);
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

    /**
     * IRET in protected mode: with NT set a return to the task of the TSS back link; otherwise to
     * the same or an outer level.
     */
    void iret(int bits, int nextIp) {
        if ((r.flagsOther & Flags.NT) != 0) {
            int link = mem.readSupervisor(r.trBase, 2);
            switchTask(link, TASK_IRET, nextIp, false, 0, 0);
            return;
        }
        int sp = ops.sp();
        int ip = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        int cs = ops.top(bits, sp) & 0xFFFF;
        sp = ops.popped(bits, sp);
        int f = ops.top(bits, sp);
        sp = ops.popped(bits, sp);
        if (bits == 32 && (f & Flags.VM) != 0 && r.cpl == 0) {
            returnToV86(ip, cs, f, sp);
            return;
        }
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
        int newSp = outerStack(bits, sp, rpl, ip);
        flags.set(f, mask);
        r.copySegment(NEW_CS, CS);
        r.copySegment(NEW_SS, SS);
        setStackPointer(bits, newSp);
        r.eip = ip;
        dropInnerSegments();
    }

    private final int[] v86Sel = new int[6];

    /**
     * IRET at CPL 0 (32-bit) with VM set in the popped EFLAGS: pops ESP, SS, ES, DS, FS, GS after
     * EIP, CS and EFLAGS, loads every segment register the virtual-8086 way and continues at CPL 3.
     */
    private void returnToV86(int ip, int cs, int f, int sp) {
        int newSp = ops.top(32, sp);
        sp = ops.popped(32, sp);
        v86Sel[SS] = ops.top(32, sp) & 0xFFFF;
        sp = ops.popped(32, sp);
        v86Sel[ES] = ops.top(32, sp) & 0xFFFF;
        sp = ops.popped(32, sp);
        v86Sel[DS] = ops.top(32, sp) & 0xFFFF;
        sp = ops.popped(32, sp);
        v86Sel[FS] = ops.top(32, sp) & 0xFFFF;
        sp = ops.popped(32, sp);
        v86Sel[GS] = ops.top(32, sp) & 0xFFFF;
        if (Integer.compareUnsigned(ip, 0xFFFF) > 0) {
            throw gp(0);
        }
        v86Sel[CS] = cs;
        flags.set(f, FlagsUnit.WRITABLE | Flags.RF | Flags.VM);
        for (int seg = 0; seg < 6; seg++) {
            r.loadV86(seg, v86Sel[seg]);
        }
        r.gpr[RegisterFile.ESP] = newSp;
        r.eip = ip;
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
        int glo = mem.readSupervisor(r.idtBase + offset, 4);
        int ghi = mem.readSupervisor(r.idtBase + offset + 4, 4);
        int type = (ghi >>> 8) & 0x1F;
        boolean gate32;
        switch (type) {
            case 0x06, 0x07 -> gate32 = false;
            case 0x0E, 0x0F -> gate32 = true;
            case 0x05 -> gate32 = false;
            default -> throw gp(offset + 2 + ext);
        }
        int cpl = r.cpl;
        if (kind == SOFTWARE && ((ghi >>> 13) & 3) < cpl) {
            throw gp(offset + 2);
        }
        if ((ghi & 0x8000) == 0) {
            throw fault.raise(CpuFault.NP, offset + 2 + ext);
        }
        if (type == 0x05) {
            switchTask(glo >>> 16, TASK_INT, returnIp, hasError, error, ext);
            return;
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
        if (r.v86()) {
            // out of virtual-8086 mode: only to a ring-0 non-conforming code segment
            if (newCpl != 0 || conforming()) {
                throw gp((sel & 0xFFFC) + ext);
            }
            int sp = innerStack(0, ext);
            boolean s32 = (r.attr[NEW_SS] & RegisterFile.A_DB) != 0;
            sp = push(NEW_SS, s32, bits, r.selector[GS], sp);
            sp = push(NEW_SS, s32, bits, r.selector[FS], sp);
            sp = push(NEW_SS, s32, bits, r.selector[DS], sp);
            sp = push(NEW_SS, s32, bits, r.selector[ES], sp);
            sp = push(NEW_SS, s32, bits, r.selector[SS], sp);
            sp = push(NEW_SS, s32, bits, r.gpr[RegisterFile.ESP], sp);
            sp = push(NEW_SS, s32, bits, eflags, sp);
            sp = push(NEW_SS, s32, bits, r.selector[CS], sp);
            sp = push(NEW_SS, s32, bits, returnIp, sp);
            if (hasError) {
                sp = push(NEW_SS, s32, bits, error, sp);
            }
            enter(csLo, csHi, csAddr, sel, 0, target);
            r.copySegment(NEW_SS, SS);
            if (s32) {
                r.gpr[RegisterFile.ESP] = sp;
            } else {
                r.setReg16(RegisterFile.ESP, sp);
            }
            for (int seg : DATA_SEGMENTS) {
                r.loadNull(seg, 0);
            }
        } else if (newCpl < cpl) {
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
        int newSp = mem.readSupervisor(r.trBase + at, width);
        int ss = mem.readSupervisor(r.trBase + at + width, 2);
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
        if (slot == NEW_SS) {
            // the new, more privileged stack: a supervisor access while CPL still holds the old level
            mem.checkWrite(slot, nsp, bits >>> 3);
            mem.writeSupervisor(r.base[slot] + nsp, bits >>> 3, v);
        } else {
            ops.write(bits, slot, nsp, v);
        }
        return nsp;
    }

    // ------------------------------------------------------------------ task switches

    /** How a task switch was started. */
    static final int TASK_JMP = 0, TASK_CALL = 1, TASK_INT = 2, TASK_IRET = 3;

    /** Whether the descriptor read last is a TSS (available or busy) or a task gate. */
    private boolean taskTarget() {
        if (segment()) {
            return false;
        }
        int type = access() & 0x1F;
        return type == 0x01 || type == 0x03 || type == 0x09 || type == 0x0B || type == 0x05;
    }

    /** Far JMP/CALL to the TSS descriptor or task gate {@code sel} (read last). */
    private void taskTransfer(int sel, int kind, int nextIp) {
        if (dpl() < r.cpl || dpl() < (sel & 3)) {
            throw gp(sel & 0xFFFC);
        }
        int tss = sel;
        if ((access() & 0x1F) == 0x05) {
            if (!present()) {
                throw fault.raise(CpuFault.NP, sel & 0xFFFC);
            }
            tss = lo >>> 16;
        }
        switchTask(tss, kind, nextIp, false, 0, 0);
    }

    private final int[] taskGpr = new int[8];
    private final int[] taskSel = new int[6];
    private final int[] taskLo = new int[6];
    private final int[] taskHi = new int[6];

    /**
     * Switches to the task of TSS {@code sel} (386 rules): saves the current state in the
     * current TSS, marks the busy bits, writes the back link and sets NT (CALL, INT), loads the
     * new task's state, sets CR0.TS, and for an exception pushes its error code on the new
     * task's stack. {@code savedEip} is the EIP saved for the old task.
     *
     * <p>As on the 386, the checks of the new TSS (type, busy bit, presence, limit) are made in
     * the old task: such a fault changes nothing. The new task's LDT and segment descriptors are
     * loaded after the switch has committed: a fault there (#TS, #NP, #SS, a #PF on a descriptor
     * table) is raised in the new task, with its EIP as the return address; the registers from
     * the failing one on hold their selectors with unusable descriptors. (They are checked before
     * the old task is saved and loaded after the commit, which gives the same result.)
     */
    void switchTask(int sel, int kind, int savedEip, boolean hasError, int error, int ext) {
        sel &= 0xFFFF;
        int badVector = kind == TASK_IRET ? CpuFault.TS : CpuFault.GP;
        if ((sel & 4) != 0 || (sel & 0xFFFC) == 0 || !fetch(sel)) {
            throw fault.raise(badVector, (sel & 0xFFFC) + ext);
        }
        int type = access() & 0x1F;
        boolean busy = (type & 2) != 0;
        if ((type != 0x01 && type != 0x03 && type != 0x09 && type != 0x0B) || (kind == TASK_IRET) != busy) {
            throw fault.raise(badVector, (sel & 0xFFFC) + ext);
        }
        if (!present()) {
            throw fault.raise(CpuFault.NP, (sel & 0xFFFC) + ext);
        }
        boolean n32 = (type & 0x08) != 0;
        int nBase = RegisterFile.descriptorBase(lo, hi);
        int nLimit = RegisterFile.descriptorLimit(lo, hi);
        int nAddr = addr;
        int nAttr = ((hi >>> 8) & 0xF0FF) | 0x02;
        if (nLimit < (n32 ? 0x67 : 0x2B)) {
            throw fault.raise(CpuFault.TS, (sel & 0xFFFC) + ext);
        }
        // the new task's state
        int eip, eflags, ldt, cr3 = r.cr3;
        boolean debugTrap;
        if (n32) {
            cr3 = mem.readSupervisor(nBase + 0x1C, 4);
            eip = mem.readSupervisor(nBase + 0x20, 4);
            eflags = mem.readSupervisor(nBase + 0x24, 4);
            for (int i = 0; i < 8; i++) {
                taskGpr[i] = mem.readSupervisor(nBase + 0x28 + 4 * i, 4);
            }
            for (int i = 0; i < 6; i++) {
                taskSel[i] = mem.readSupervisor(nBase + 0x48 + 4 * i, 2);
            }
            ldt = mem.readSupervisor(nBase + 0x60, 2);
            debugTrap = (mem.readSupervisor(nBase + 0x64, 2) & 1) != 0; // the T bit
        } else {
            debugTrap = false;
            eip = mem.readSupervisor(nBase + 0x0E, 2);
            eflags = mem.readSupervisor(nBase + 0x10, 2) | (r.flagsOther & 0xFFFF0000 & ~Flags.VM);
            for (int i = 0; i < 8; i++) {
                taskGpr[i] = (r.gpr[i] & 0xFFFF0000) | mem.readSupervisor(nBase + 0x12 + 2 * i, 2);
            }
            for (int i = 0; i < 4; i++) {
                taskSel[i] = mem.readSupervisor(nBase + 0x22 + 2 * i, 2);
            }
            taskSel[RegisterFile.FS] = r.selector[RegisterFile.FS];
            taskSel[RegisterFile.GS] = r.selector[RegisterFile.GS];
            ldt = mem.readSupervisor(nBase + 0x2A, 2);
        }
        // check the new LDT and segments (descriptors with TI = 1 come from the new LDT)
        int oldLdtSel = r.ldtrSelector, oldLdtBase = r.ldtrBase, oldLdtLimit = r.ldtrLimit, oldLdtAttr = r.ldtrAttr;
        int sp = 0;
        boolean s32 = false;
        boolean vm = n32 && (eflags & Flags.VM) != 0;
        // how far the loads got: the LDT, CS, SS, then DS, ES, FS, GS (DATA_SEGMENTS), then the
        // error code; a fault at a stage is raised after the commit, in the new task
        int stage = STAGE_LDT;
        int pendingVector = -1;
        int pendingError = 0;
        try {
            if ((ldt & 0xFFFC) == 0) {
                r.ldtrSelector = ldt;
                r.ldtrBase = 0;
                r.ldtrLimit = 0;
            } else {
                if ((ldt & 4) != 0 || !fetch(ldt) || (access() & 0x1F) != 0x02 || !present()) {
                    throw fault.raise(CpuFault.TS, (ldt & 0xFFFC) + ext);
                }
                r.ldtrSelector = ldt;
                r.ldtrBase = RegisterFile.descriptorBase(lo, hi);
                r.ldtrLimit = RegisterFile.descriptorLimit(lo, hi);
                r.ldtrAttr = (hi >>> 8) & 0xF0FF;
            }
            stage = STAGE_CS;
            int cs = taskSel[CS];
            int cpl = cs & 3;
            if (vm) {
                // a virtual-8086 task: its segments are loaded the virtual-8086 way, unchecked
                r.loadV86(NEW_CS, cs);
                r.loadV86(NEW_SS, taskSel[SS]);
            } else {
                if ((cs & 0xFFFC) == 0 || !fetch(cs) || !code() || (conforming() ? dpl() > cpl : dpl() != cpl)) {
                    throw fault.raise(CpuFault.TS, (cs & 0xFFFC) + ext);
                }
                if (!present()) {
                    throw fault.raise(CpuFault.NP, (cs & 0xFFFC) + ext);
                }
                setAccessed();
                r.loadDescriptor(NEW_CS, cs, lo, hi);
                stage = STAGE_SS;
                int ss = taskSel[SS];
                if ((ss & 0xFFFC) == 0 || !fetch(ss) || (ss & 3) != cpl || !data() || (access() & A_RW) == 0
                        || dpl() != cpl) {
                    throw fault.raise(CpuFault.TS, (ss & 0xFFFC) + ext);
                }
                if (!present()) {
                    throw fault.raise(CpuFault.SS, (ss & 0xFFFC) + ext);
                }
                setAccessed();
                r.loadDescriptor(NEW_SS, ss, lo, hi);
                for (int seg : DATA_SEGMENTS) {
                    taskHi[seg] = 0;
                }
                for (int i = 0; i < DATA_SEGMENTS.length; i++) {
                    stage = STAGE_DATA + i;
                    int seg = DATA_SEGMENTS[i];
                    int v = taskSel[seg];
                    if ((v & 0xFFFC) == 0) {
                        continue;
                    }
                    if (!fetch(v) || !segment() || (code() && (access() & A_RW) == 0)
                            || ((data() || !conforming()) && (dpl() < cpl || dpl() < (v & 3)))) {
                        throw fault.raise(CpuFault.TS, (v & 0xFFFC) + ext);
                    }
                    if (!present()) {
                        throw fault.raise(CpuFault.NP, (v & 0xFFFC) + ext);
                    }
                    setAccessed();
                    taskLo[seg] = lo;
                    taskHi[seg] = hi | 0x100;
                }
            }
            stage = STAGE_ERROR;
            if (hasError) {
                s32 = (r.attr[NEW_SS] & RegisterFile.A_DB) != 0;
                sp = s32 ? taskGpr[RegisterFile.ESP] : taskGpr[RegisterFile.ESP] & 0xFFFF;
                sp = push(NEW_SS, s32, n32 ? 32 : 16, error, sp);
            }
            stage = STAGE_DONE;
        } catch (CpuFault f) {
            // kept for after the commit (the fault object is shared: keep its values)
            pendingVector = f.vector;
            pendingError = f.errorCode;
            if (stage == STAGE_LDT) {
                r.ldtrSelector = ldt;
                r.ldtrBase = 0;
                r.ldtrLimit = 0;
                r.ldtrAttr = 0;
            }
        } catch (RuntimeException e) {
            // a suspension (a descriptor on a device that answers later): nothing has changed
            r.ldtrSelector = oldLdtSel;
            r.ldtrBase = oldLdtBase;
            r.ldtrLimit = oldLdtLimit;
            r.ldtrAttr = oldLdtAttr;
            throw e;
        }
        int newLdtSel = r.ldtrSelector, newLdtBase = r.ldtrBase, newLdtLimit = r.ldtrLimit, newLdtAttr = r.ldtrAttr;
        r.ldtrSelector = oldLdtSel;
        r.ldtrBase = oldLdtBase;
        r.ldtrLimit = oldLdtLimit;
        r.ldtrAttr = oldLdtAttr;
        // save the old task
        int oBase = r.trBase;
        boolean o32 = (r.trAttr & 0x08) != 0;
        int oldFlags = flags.get();
        if (kind == TASK_IRET) {
            oldFlags &= ~Flags.NT;
        }
        if (o32) {
            mem.writeSupervisor(oBase + 0x20, 4, savedEip);
            mem.writeSupervisor(oBase + 0x24, 4, oldFlags);
            for (int i = 0; i < 8; i++) {
                mem.writeSupervisor(oBase + 0x28 + 4 * i, 4, r.gpr[i]);
            }
            for (int i = 0; i < 6; i++) {
                mem.writeSupervisor(oBase + 0x48 + 4 * i, 2, r.selector[i]);
            }
        } else {
            mem.writeSupervisor(oBase + 0x0E, 2, savedEip);
            mem.writeSupervisor(oBase + 0x10, 2, oldFlags);
            for (int i = 0; i < 8; i++) {
                mem.writeSupervisor(oBase + 0x12 + 2 * i, 2, r.gpr[i]);
            }
            for (int i = 0; i < 4; i++) {
                mem.writeSupervisor(oBase + 0x22 + 2 * i, 2, r.selector[i]);
            }
        }
        if (kind == TASK_JMP || kind == TASK_IRET) {
            // the old task is no longer busy
            int oAddr = r.gdtBase + (r.trSelector & ~7 & 0xFFFF) + 5;
            mem.writeSupervisor(oAddr, 1, mem.readSupervisor(oAddr, 1) & ~0x02);
        }
        if (kind == TASK_CALL || kind == TASK_INT) {
            mem.writeSupervisor(nBase, 2, r.trSelector);
            eflags |= Flags.NT;
        }
        if (kind != TASK_IRET) {
            mem.writeSupervisor(nAddr + 5, 1, (nAttr | 0x02) & 0xFF);
        }
        // commit: the new task
        r.trSelector = sel;
        r.trBase = nBase;
        r.trLimit = nLimit;
        r.trAttr = nAttr;
        r.ldtrSelector = newLdtSel;
        r.ldtrBase = newLdtBase;
        r.ldtrLimit = newLdtLimit;
        r.ldtrAttr = newLdtAttr;
        r.cr0 |= 0x08;
        r.cr3 = cr3;
        r.systemChanged = true;
        mem.flush(); // a task switch always loads CR3 (from a 32-bit TSS), which drops the TLB
        System.arraycopy(taskGpr, 0, r.gpr, 0, 8);
        flags.set(eflags, FlagsUnit.WRITABLE | Flags.RF | Flags.VM);
        if (stage > STAGE_CS) {
            r.copySegment(NEW_CS, CS);
        } else {
            r.loadNull(CS, taskSel[CS]);
            r.cpl = taskSel[CS] & 3;
        }
        if (stage > STAGE_SS) {
            r.copySegment(NEW_SS, SS);
        } else {
            r.loadNull(SS, taskSel[SS]);
        }
        for (int i = 0; i < DATA_SEGMENTS.length; i++) {
            int seg = DATA_SEGMENTS[i];
            if (vm) {
                r.loadV86(seg, taskSel[seg]);
            } else if (taskHi[seg] == 0 || stage <= STAGE_DATA + i) {
                r.loadNull(seg, taskSel[seg]); // a null selector, or not loaded: unusable
            } else {
                r.loadDescriptor(seg, taskSel[seg], taskLo[seg], taskHi[seg]);
            }
        }
        if (vm) {
            r.cpl = 3;
        }
        if (hasError && stage == STAGE_DONE) {
            if (s32) {
                r.gpr[RegisterFile.ESP] = sp;
            } else {
                r.setReg16(RegisterFile.ESP, sp);
            }
        }
        r.eip = eip;
        if (pendingVector >= 0) {
            // a fault loading the new task's state: taken in the new task, at its EIP
            CpuFault f = fault.raise(pendingVector, pendingError);
            f.afterCommit = true;
            throw f;
        }
        if (debugTrap) {
            mem.debug.taskTrap = true; // #DB (DR6.BT) before the new task's first instruction
        }
    }

    /** The stages of loading a new task's state in {@link #switchTask}. */
    private static final int STAGE_LDT = 0, STAGE_CS = 1, STAGE_SS = 2, STAGE_DATA = 3, STAGE_ERROR = 7,
            STAGE_DONE = 8;

    // ------------------------------------------------------------------ system segments

    /** LLDT: a null selector leaves no LDT; otherwise an LDT descriptor of the GDT. */
    void loadLdt(int sel) {
        sel &= 0xFFFF;
        if ((sel & 0xFFFC) == 0) {
            r.ldtrSelector = sel;
            r.ldtrBase = 0;
            r.ldtrLimit = 0;
            r.systemChanged = true;
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
        r.systemChanged = true;
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
        mem.writeSupervisor(addr + 5, 1, access());
        r.trSelector = sel;
        r.trBase = RegisterFile.descriptorBase(lo, hi);
        r.trLimit = RegisterFile.descriptorLimit(lo, hi);
        r.trAttr = (hi >>> 8) & 0xF0FF;
        r.systemChanged = true;
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
        if (!r.protectedMode() || (r.cpl <= iopl() && !r.v86())) {
            // in virtual-8086 mode the bitmap decides whatever IOPL is (386)
            return;
        }
        int tssType = r.trAttr & 0x0F;
        if ((tssType != 0x09 && tssType != 0x0B) || r.trLimit < 0x67) {
            throw gp(0);
        }
        int mapBase = mem.readSupervisor(r.trBase + 0x66, 2);
        int at = mapBase + (port >>> 3);
        if (at + 1 > r.trLimit) {
            throw gp(0);
        }
        int bitsWord = mem.readSupervisor(r.trBase + at, 2);
        int mask = ((1 << size) - 1) << (port & 7);
        if ((bitsWord & mask) != 0) {
            throw gp(0);
        }
    }
}
