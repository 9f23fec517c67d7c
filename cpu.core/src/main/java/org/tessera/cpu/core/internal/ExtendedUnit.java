package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;

import org.tessera.cpu.core.internal.alu.Alu;
import org.tessera.cpu.core.internal.alu.LazyFlags;

/**
 * The two-byte opcode map (0F xx) of the 386 and the 486 additions real guests probe for:
 * Jcc rel16/32, SETcc, MOVZX/MOVSX, the bit instructions, SHLD/SHRD, IMUL r,r/m, PUSH/POP FS/GS,
 * LSS/LFS/LGS, BSWAP, XADD, CMPXCHG, CPUID, RDTSC, the system instructions that exist in real
 * mode (LGDT/LIDT/SGDT/SIDT/SMSW/LMSW, MOV to and from control registers, CLTS, INVD, WBINVD,
 * INVLPG). Protected-mode-only instructions raise #UD in real mode.
 */
final class ExtendedUnit {

    /** CPUID vendor: "GenuineIntel". */
    private static final int VENDOR_EBX = 0x756E6547;
    private static final int VENDOR_EDX = 0x49656E69;
    private static final int VENDOR_ECX = 0x6C65746E;
    /** CPUID 1 signature: family 4 (486), model 8 (DX4), stepping 0. */
    private static final int SIGNATURE = 0x0480;

    private final RegisterFile r;
    private final AccessPath mem;
    private final Decoder d;
    private final Operands ops;
    private final Alu alu;
    private final LazyFlags lazy;
    private final CpuFault fault;
    private final Clock clock;
    private Interpreter segments;
    private ProtectedMode pm;

    /** The time stamp counter source. */
    interface Clock {
        long timestamp();
    }

    ExtendedUnit(RegisterFile r, AccessPath mem, Decoder d, Operands ops, Alu alu, LazyFlags lazy, CpuFault fault,
            Clock clock) {
        this.r = r;
        this.mem = mem;
        this.d = d;
        this.ops = ops;
        this.alu = alu;
        this.lazy = lazy;
        this.fault = fault;
        this.clock = clock;
    }

    void setSegmentLoader(Interpreter interpreter, ProtectedMode pm) {
        this.segments = interpreter;
        this.pm = pm;
    }

    /** #GP(0) unless CPL 0 (protected mode). */
    private void privileged() {
        if (r.cpl > 0 && r.protectedMode()) {
            throw fault.raise(CpuFault.GP, 0);
        }
    }

    /** #UD in real mode and virtual-8086 mode (the protected-mode-only instructions). */
    private void protectedOnly() {
        if (!r.segmented()) {
            throw fault.raise(CpuFault.UD);
        }
    }

    /** Sets CR0; a change of PE changes how every segment register is checked. */
    void setCr0(int v) {
        int old = r.cr0;
        r.cr0 = v | 0x10;
        r.systemChanged = true;
        if (((old ^ r.cr0) & 1) != 0) {
            if ((r.cr0 & 1) == 0) {
                r.cpl = 0;
            }
            r.updateChecks();
        }
        mem.controlChanged();
    }

    private void next() {
        d.commit();
    }

    private void noLock() {
        if (d.lock) {
            throw fault.raise(CpuFault.UD);
        }
    }

    private void lockOnlyOnMemory() {
        if (d.lock && d.mod == 3) {
            throw fault.raise(CpuFault.UD);
        }
    }

    void execute(int op) {
        int bits = d.opBits;
        if (op != 0xA3 && op != 0xAB && op != 0xB3 && op != 0xBB && op != 0xBA && op != 0xB0 && op != 0xB1 && op != 0xC0
                && op != 0xC1) {
            noLock();
        }
        switch (op) {
            case 0x00 -> group6(bits);
            case 0x02, 0x03 -> larLsl(op == 0x03, bits);
            case 0x01 -> group7(bits);
            case 0x06 -> {
                privileged();
                r.cr0 &= ~0x8;
                next();
            }
            case 0x08, 0x09 -> {
                // INVD, WBINVD (486): privileged; there is no cache to flush
                privileged();
                next();
            }
            case 0x0B -> throw fault.raise(CpuFault.UD); // UD2
            case 0x20 -> {
                d.modrm();
                controlRegisterExists(d.reg);
                privileged();
                r.gpr[d.rm] = controlRegister(d.reg);
                next();
            }
            case 0x22 -> {
                d.modrm();
                controlRegisterExists(d.reg);
                privileged();
                setControlRegister(d.reg, r.gpr[d.rm]);
                next();
            }
            case 0x21, 0x23 -> {
                d.modrm();
                privileged();
                mem.debug.generalDetect(fault);
                if (op == 0x21) {
                    r.gpr[d.rm] = mem.debug.read(d.reg);
                } else {
                    mem.debug.write(d.reg, r.gpr[d.rm]);
                }
                next();
            }
            case 0x31 -> {
                long t = clock.timestamp();
                r.gpr[EAX] = (int) t;
                r.gpr[EDX] = (int) (t >>> 32);
                next();
            }
            case 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B, 0x8C, 0x8D, 0x8E, 0x8F -> {
                int rel = d.fetchImm(bits);
                if (lazy.condition(op & 15)) {
                    r.eip = bits == 16 ? (d.ip + rel) & 0xFFFF : d.ip + rel;
                } else {
                    next();
                }
            }
            case 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C, 0x9D, 0x9E, 0x9F -> {
                d.modrm();
                ops.setRm(8, lazy.condition(op & 15) ? 1 : 0);
                next();
            }
            case 0xA0 -> pushSeg(RegisterFile.FS);
            case 0xA1 -> popSeg(RegisterFile.FS);
            case 0xA8 -> pushSeg(RegisterFile.GS);
            case 0xA9 -> popSeg(RegisterFile.GS);
            case 0xA2 -> cpuid();
            case 0xA3 -> bitOp(bits, 0, false);
            case 0xAB -> bitOp(bits, 1, false);
            case 0xB3 -> bitOp(bits, 2, false);
            case 0xBB -> bitOp(bits, 3, false);
            case 0xBA -> {
                d.modrm();
                if (d.reg < 4) {
                    throw fault.raise(CpuFault.UD);
                }
                bitOp(bits, d.reg - 4, true);
            }
            case 0xA4, 0xA5, 0xAC, 0xAD -> {
                d.modrm();
                int dest = ops.rmw(bits);
                int count = (op & 1) == 0 ? d.fetch8() : r.reg8(ECX);
                int src = ops.reg(bits, d.reg);
                int res = op < 0xAC ? alu.shld(bits, dest, src, count) : alu.shrd(bits, dest, src, count);
                ops.setRm(bits, res);
                next();
            }
            case 0xAF -> {
                d.modrm();
                int b = ops.rm(bits);
                ops.setReg(bits, d.reg, alu.imulTrunc(bits, ops.reg(bits, d.reg), b));
                next();
            }
            case 0xB0, 0xB1 -> {
                int size = op == 0xB0 ? 8 : bits;
                d.modrm();
                lockOnlyOnMemory();
                int dest = ops.rmw(size);
                int acc = ops.reg(size, EAX);
                alu.cmp(size, acc, dest);
                if (lazy.zf()) {
                    ops.setRm(size, ops.reg(size, d.reg));
                } else {
                    // the 486 writes the destination back even when the comparison fails
                    ops.setRm(size, dest);
                    ops.setReg(size, EAX, dest);
                }
                next();
            }
            case 0xB2 -> loadFar(RegisterFile.SS, bits);
            case 0xB4 -> loadFar(RegisterFile.FS, bits);
            case 0xB5 -> loadFar(RegisterFile.GS, bits);
            case 0xB6, 0xB7, 0xBE, 0xBF -> {
                d.modrm();
                int size = (op & 1) == 0 ? 8 : 16;
                int v = ops.rm(size);
                if (op >= 0xBE) {
                    v = size == 8 ? (byte) v : (short) v;
                }
                ops.setReg(bits, d.reg, v);
                next();
            }
            case 0xBC, 0xBD -> {
                d.modrm();
                int src = ops.rm(bits);
                int dest = ops.reg(bits, d.reg);
                ops.setReg(bits, d.reg, op == 0xBC ? alu.bsf(bits, src, dest) : alu.bsr(bits, src, dest));
                next();
            }
            case 0xC0, 0xC1 -> {
                int size = op == 0xC0 ? 8 : bits;
                d.modrm();
                lockOnlyOnMemory();
                int dest = ops.rmw(size);
                int src = ops.reg(size, d.reg);
                int sum = alu.add(size, dest, src);
                ops.setRm(size, sum);
                if (d.mod != 3 || d.rm != d.reg) {
                    ops.setReg(size, d.reg, dest);
                }
                next();
            }
            case 0xC8, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF -> {
                r.gpr[op & 7] = Alu.bswap(r.gpr[op & 7]);
                next();
            }
            default -> throw fault.raise(CpuFault.UD);
        }
    }


    private int controlRegister(int n) {
        return switch (n) {
            case 0 -> r.cr0;
            case 2 -> r.cr2;
            case 3 -> r.cr3;
            case 4 -> r.cr4;
            default -> throw fault.raise(CpuFault.UD);
        };
    }

    /**
     * Loads a control register. CR0: PG without PE is #GP(0); ET (bit 4) stays set. A change of
     * CR0.PG, PE or WP or of CR4.PSE drops the TLB, and so does every CR3 load (the 486 has no
     * global pages).
     */
    private void setControlRegister(int n, int v) {
        switch (n) {
            case 0 -> {
                if ((v & (AccessPath.CR0_PG | AccessPath.CR0_PE)) == AccessPath.CR0_PG) {
                    throw fault.raise(CpuFault.GP, 0);
                }
                setCr0(v);
            }
            case 2 -> r.cr2 = v;
            case 3 -> {
                r.cr3 = v;
                r.systemChanged = true;
                mem.flush();
            }
            case 4 -> {
                r.cr4 = v;
                r.systemChanged = true;
                mem.controlChanged();
            }
            default -> throw fault.raise(CpuFault.UD);
        }
    }

    /** CR1 and CR5-CR7 do not exist: #UD (before the privilege check). */
    private void controlRegisterExists(int n) {
        if (n == 1 || n > 4) {
            throw fault.raise(CpuFault.UD);
        }
    }

    /** MOV to and from control registers and INVLPG need CPL 0 (in protected and virtual-8086 mode). */
    private void group7(int bits) {
        d.modrm();
        switch (d.reg) {
            case 0, 1 -> {
                if (d.isReg()) {
                    throw fault.raise(CpuFault.UD);
                }
                int limit = d.reg == 0 ? r.gdtLimit : r.idtLimit;
                int base = d.reg == 0 ? r.gdtBase : r.idtBase;
                mem.write16(d.eaSeg, d.eaOff, limit);
                // a 16-bit SGDT/SIDT stores a 24-bit base: the 386 writes 0 in the top byte (the 286 wrote FF)
                mem.write32(d.eaSeg, d.eaOff + 2, bits == 16 ? base & 0xFFFFFF : base);
                next();
            }
            case 2, 3 -> {
                if (d.isReg()) {
                    throw fault.raise(CpuFault.UD);
                }
                privileged();
                int limit = mem.read16(d.eaSeg, d.eaOff);
                int base = mem.read32(d.eaSeg, d.eaOff + 2);
                if (bits == 16) {
                    base &= 0xFFFFFF;
                }
                if (d.reg == 2) {
                    r.gdtLimit = limit;
                    r.gdtBase = base;
                } else {
                    r.idtLimit = limit;
                    r.idtBase = base;
                }
                r.systemChanged = true;
                next();
            }
            case 4 -> {
                ops.setRm(d.isReg() ? bits : 16, r.cr0);
                next();
            }
            case 6 -> {
                privileged();
                int v = ops.rm(16);
                // LMSW loads PE, MP, EM, TS and cannot clear PE
                setCr0((r.cr0 & ~0xE) | (v & 0xF) | (r.cr0 & 1));
                next();
            }
            case 7 -> {
                if (d.isReg()) {
                    throw fault.raise(CpuFault.UD);
                }
                // INVLPG m: drops the page's translations (no access is made, so no segment check)
                privileged();
                mem.invalidate(r.base[d.eaSeg] + d.eaOff);
                next();
            }
            default -> throw fault.raise(CpuFault.UD);
        }
    }

    private void cpuid() {
        int leaf = r.gpr[EAX];
        switch (leaf) {
            case 0 -> {
                r.gpr[EAX] = 1;
                r.gpr[EBX] = VENDOR_EBX;
                r.gpr[EDX] = VENDOR_EDX;
                r.gpr[ECX] = VENDOR_ECX;
            }
            case 1 -> {
                r.gpr[EAX] = SIGNATURE;
                r.gpr[EBX] = 0;
                r.gpr[ECX] = 0;
                // features: PSE (bit 3, 4 MiB pages with CR4.PSE) and TSC (bit 4); no FPU, no VME,
                // no CMPXCHG8B (a 486 has none)
                r.gpr[EDX] = 0x08 | 0x10;
            }
            default -> {
                r.gpr[EAX] = 0;
                r.gpr[EBX] = 0;
                r.gpr[ECX] = 0;
                r.gpr[EDX] = 0;
            }
        }
        next();
    }

    /**
     * BT (0), BTS (1), BTR (2), BTC (3). With a register bit offset and a memory operand the
     * offset selects a bit anywhere in the bit string: the address moves by whole operands.
     */
    private void bitOp(int bits, int kind, boolean immediate) {
        if (!immediate) {
            d.modrm();
        }
        if (kind != 0) {
            lockOnlyOnMemory();
        } else if (d.lock) {
            throw fault.raise(CpuFault.UD);
        }
        int bit;
        int seg = d.eaSeg;
        int off = d.eaOff;
        if (immediate) {
            bit = d.fetch8() & (bits - 1);
        } else {
            int offset = ops.reg(bits, d.reg);
            if (d.isReg()) {
                bit = offset & (bits - 1);
            } else {
                int signed = bits == 16 ? (short) offset : offset;
                off += (signed >> (bits == 16 ? 4 : 5)) * (bits >>> 3);
                if (d.adBits == 16) {
                    off &= 0xFFFF;
                }
                bit = offset & (bits - 1);
            }
        }
        if (kind != 0 && !d.isReg()) {
            mem.checkWrite(seg, off, bits >>> 3);
        }
        int v = d.isReg() ? ops.reg(bits, d.rm) : ops.read(bits, seg, off);
        int res;
        switch (kind) {
            case 0 -> {
                alu.bt(bits, v, bit);
                next();
                return;
            }
            case 1 -> res = alu.bts(bits, v, bit);
            case 2 -> res = alu.btr(bits, v, bit);
            default -> res = alu.btc(bits, v, bit);
        }
        if (d.isReg()) {
            ops.setReg(bits, d.rm, res);
        } else {
            ops.write(bits, seg, off, res);
        }
        next();
    }

    private void pushSeg(int seg) {
        ops.setSp(ops.push(d.opBits, r.selector[seg], ops.sp()));
        next();
    }

    private void popSeg(int seg) {
        int sp = ops.sp();
        int v = ops.top(d.opBits, sp) & 0xFFFF;
        segments.popSegment(seg, v, ops.popped(d.opBits, sp));
        next();
    }

    /** 0F 00: SLDT, STR, LLDT, LTR, VERR, VERW (protected mode only). */
    private void group6(int bits) {
        protectedOnly();
        d.modrm();
        switch (d.reg) {
            case 0, 1 -> {
                int v = d.reg == 0 ? r.ldtrSelector : r.trSelector;
                // a register destination of a 32-bit form gets the selector zero-extended
                ops.setRm(d.isReg() ? bits : 16, v);
                next();
            }
            case 2, 3 -> {
                privileged();
                int sel = ops.rm(16);
                if (d.reg == 2) {
                    pm.loadLdt(sel);
                } else {
                    pm.loadTr(sel);
                }
                next();
            }
            case 4, 5 -> {
                int sel = ops.rm(16);
                boolean ok = pm.visible(sel) && pm.segment();
                if (ok) {
                    int a = pm.access();
                    boolean code = (a & RegisterFile.A_CODE) != 0;
                    boolean rw = (a & RegisterFile.A_RW) != 0;
                    ok = d.reg == 4 ? !code || rw : !code && rw;
                }
                lazy.setZf(ok);
                next();
            }
            default -> throw fault.raise(CpuFault.UD);
        }
    }

    /** LAR (access rights) and LSL (the limit expanded by G). */
    private void larLsl(boolean limit, int bits) {
        protectedOnly();
        d.modrm();
        int sel = ops.rm(16);
        boolean ok = pm.visible(sel) && pm.validForLarLsl(limit);
        if (ok) {
            int v = limit ? RegisterFile.descriptorLimit(pm.lo, pm.hi) : pm.hi & 0x00F0FF00;
            ops.setReg(bits, d.reg, v);
        }
        lazy.setZf(ok);
        next();
    }

    private void loadFar(int seg, int bits) {
        d.modrm();
        if (d.isReg()) {
            throw fault.raise(CpuFault.UD);
        }
        int off = ops.read(bits, d.eaSeg, d.eaOff);
        int sel = mem.read16(d.eaSeg, d.eaOff + (bits >>> 3));
        segments.loadSegment(seg, sel);
        ops.setReg(bits, d.reg, off);
        next();
    }
}
