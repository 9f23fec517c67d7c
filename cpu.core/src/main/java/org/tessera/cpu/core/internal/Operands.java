package org.tessera.cpu.core.internal;

/**
 * Operand access by size for the execution units: general registers (8-bit registers AL..BH
 * by encoding), the ModR/M operand (register or memory), memory through the access path, and
 * the stack. Stack operations take and return the stack pointer instead of changing ESP, so that
 * an instruction commits ESP only after all its accesses succeeded.
 */
final class Operands {

    private final RegisterFile r;
    private final AccessPath mem;
    private final Decoder d;

    Operands(RegisterFile r, AccessPath mem, Decoder d) {
        this.r = r;
        this.mem = mem;
        this.d = d;
    }

    int reg(int bits, int n) {
        return bits == 8 ? r.reg8(n) : bits == 16 ? r.gpr[n] & 0xFFFF : r.gpr[n];
    }

    void setReg(int bits, int n, int v) {
        if (bits == 8) {
            r.setReg8(n, v);
        } else if (bits == 16) {
            r.gpr[n] = (r.gpr[n] & 0xFFFF0000) | (v & 0xFFFF);
        } else {
            r.gpr[n] = v;
        }
    }

    int read(int bits, int seg, int off) {
        return bits == 8 ? mem.read8(seg, off) : bits == 16 ? mem.read16(seg, off) : mem.read32(seg, off);
    }

    void write(int bits, int seg, int off, int v) {
        if (bits == 8) {
            mem.write8(seg, off, v);
        } else if (bits == 16) {
            mem.write16(seg, off, v);
        } else {
            mem.write32(seg, off, v);
        }
    }

    /** The ModR/M r/m operand. */
    int rm(int bits) {
        return d.mod == 3 ? reg(bits, d.rm) : read(bits, d.eaSeg, d.eaOff);
    }

    /**
     * The r/m operand of an instruction that computes flags from it and writes it back: a memory
     * operand is checked for writing first, so that a write to a read-only segment faults before
     * any flag changes (the instruction is restarted after the fault with the flags it began with).
     */
    int rmw(int bits) {
        if (d.mod != 3) {
            mem.checkWrite(d.eaSeg, d.eaOff, bits >>> 3);
        }
        return rm(bits);
    }

    void setRm(int bits, int v) {
        if (d.mod == 3) {
            setReg(bits, d.rm, v);
        } else {
            write(bits, d.eaSeg, d.eaOff, v);
        }
    }

    /** Address-size mask of an offset register (SI, DI, CX for strings). */
    int adMask() {
        return d.adBits == 16 ? 0xFFFF : -1;
    }

    // ------------------------------------------------------------------ stack

    int sp() {
        return r.stack32 ? r.gpr[RegisterFile.ESP] : r.gpr[RegisterFile.ESP] & 0xFFFF;
    }

    void setSp(int sp) {
        if (r.stack32) {
            r.gpr[RegisterFile.ESP] = sp;
        } else {
            r.gpr[RegisterFile.ESP] = (r.gpr[RegisterFile.ESP] & 0xFFFF0000) | (sp & 0xFFFF);
        }
    }

    private int stackMask() {
        return r.stack32 ? -1 : 0xFFFF;
    }

    /** Writes {@code v} below {@code sp}; returns the new stack pointer (not committed). */
    int push(int bits, int v, int sp) {
        int nsp = (sp - (bits >>> 3)) & stackMask();
        write(bits, RegisterFile.SS, nsp, v);
        return nsp;
    }

    /** Reads the value at {@code sp} (the caller advances the pointer with {@link #popped}). */
    int top(int bits, int sp) {
        return read(bits, RegisterFile.SS, sp & stackMask());
    }

    /** The stack pointer after popping {@code bits}. */
    int popped(int bits, int sp) {
        return (sp + (bits >>> 3)) & stackMask();
    }
}
