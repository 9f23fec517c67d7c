package org.tessera.cpu.core.internal;

/**
 * Instruction fetch and operand decoding: prefixes, the ModR/M byte with 16- and 32-bit
 * addressing (SIB included), displacements and immediates. Holds the decode state of the
 * instruction being executed (reset by {@link #begin}); reads code through the
 * {@link AccessPath} with the CS limit checked byte by byte.
 */
final class Decoder {

    static final int NO_SEG = -1;
    /** Longest instruction the 386 accepts. */
    static final int MAX_LENGTH = 15;

    private final RegisterFile regs;
    private final AccessPath mem;
    private final CpuFault fault;

    /** Offset (within CS) of the instruction's first byte. */
    int start;
    /** Offset of the next byte to fetch. */
    int ip;
    /** EIP mask of the code segment: 0xFFFF for 16-bit code, all ones for 32-bit code. */
    int ipMask = 0xFFFF;
    /** Operand size in bits (16 or 32) after prefixes. */
    int opBits;
    /** Address size in bits (16 or 32) after prefixes. */
    int adBits;
    /** Segment override (ES..GS) or {@link #NO_SEG}. */
    int segOverride;
    /** 0, 0xF2 (REPNE) or 0xF3 (REP/REPE). */
    int rep;
    boolean lock;

    // ModR/M
    int mod;
    int reg;
    int rm;
    /** The effective segment and offset of a memory operand. */
    int eaSeg;
    int eaOff;

    Decoder(RegisterFile regs, AccessPath mem, CpuFault fault) {
        this.regs = regs;
        this.mem = mem;
        this.fault = fault;
    }

    // the code window: the directly readable page holding the current code, as offsets in CS
    private byte[] window;
    private int windowDelta;
    private int windowStart;
    private int windowEnd;
    private int windowCsBase;
    private int windowGeneration;
    /** The CPL the window was made at: with paging, what is readable depends on it. */
    private int windowCpl;

    /** Starts decoding at CS:EIP with the default sizes of the code segment. */
    void begin(int defaultBits) {
        if (window != null && (regs.base[RegisterFile.CS] != windowCsBase || mem.generation() != windowGeneration
                || regs.cpl != windowCpl)) {
            window = null;
        }
        start = regs.eip;
        ip = start;
        ipMask = defaultBits == 32 ? -1 : 0xFFFF;
        opBits = defaultBits;
        adBits = defaultBits;
        segOverride = NO_SEG;
        rep = 0;
        lock = false;
    }

    /** Commits the end of the instruction: EIP = the offset after its last byte. */
    void commit() {
        regs.eip = ip & ipMask;
    }

    /** Length of the instruction so far. */
    int length() {
        return ip - start;
    }

    int fetch8() {
        int offset = ip;
        if (window != null && offset - windowStart >= 0 && offset < windowEnd && offset - start < MAX_LENGTH) {
            ip = offset + 1;
            return window[windowDelta + offset] & 0xFF;
        }
        return fetchSlow(offset);
    }

    private int fetchSlow(int offset) {
        if (Integer.compareUnsigned(offset, regs.limit[RegisterFile.CS]) > 0 || offset - start >= MAX_LENGTH) {
            throw fault.raise(CpuFault.GP, 0);
        }
        int csBase = regs.base[RegisterFile.CS];
        int linear = csBase + offset;
        byte[] page = mem.codePage(linear);
        if (page != null && mem.a20Mask == -1) {
            int pageStartOffset = offset - (linear & 0xFFF);
            window = page;
            windowDelta = mem.codeBase - pageStartOffset;
            windowStart = pageStartOffset;
            long end = Math.min((long) pageStartOffset + 0x1000, (regs.limit[RegisterFile.CS] & 0xFFFF_FFFFL) + 1);
            windowEnd = (int) Math.min(end, Integer.MAX_VALUE);
            windowCsBase = csBase;
            windowGeneration = mem.generation();
            windowCpl = regs.cpl;
            if (offset - windowStart < 0) {
                window = null;
            }
        }
        ip = offset + 1;
        return mem.fetchLinear(linear, 1);
    }

    int fetch16() {
        int lo = fetch8();
        return lo | fetch8() << 8;
    }

    int fetch32() {
        int lo = fetch16();
        return lo | fetch16() << 16;
    }

    /** An immediate of the operand size (16 or 32 bits). */
    int fetchImm(int bits) {
        return bits == 8 ? fetch8() : bits == 16 ? fetch16() : fetch32();
    }

    /** A sign-extended 8-bit immediate. */
    int fetchS8() {
        return (byte) fetch8();
    }

    /** The segment a memory operand uses: the override, or {@code defaultSeg}. */
    int seg(int defaultSeg) {
        return segOverride == NO_SEG ? defaultSeg : segOverride;
    }

    /** Decodes a ModR/M byte and, for a memory operand, its effective address. */
    void modrm() {
        int m = fetch8();
        mod = m >>> 6;
        reg = (m >>> 3) & 7;
        rm = m & 7;
        if (mod != 3) {
            if (adBits == 16) {
                address16();
            } else {
                address32();
            }
        }
    }

    boolean isReg() {
        return mod == 3;
    }

    private void address16() {
        int off;
        int def = RegisterFile.DS;
        int[] g = regs.gpr;
        switch (rm) {
            case 0 -> off = g[RegisterFile.EBX] + g[RegisterFile.ESI];
            case 1 -> off = g[RegisterFile.EBX] + g[RegisterFile.EDI];
            case 2 -> {
                off = g[RegisterFile.EBP] + g[RegisterFile.ESI];
                def = RegisterFile.SS;
            }
            case 3 -> {
                off = g[RegisterFile.EBP] + g[RegisterFile.EDI];
                def = RegisterFile.SS;
            }
            case 4 -> off = g[RegisterFile.ESI];
            case 5 -> off = g[RegisterFile.EDI];
            case 6 -> {
                if (mod == 0) {
                    off = fetch16();
                } else {
                    off = g[RegisterFile.EBP];
                    def = RegisterFile.SS;
                }
            }
            default -> off = g[RegisterFile.EBX];
        }
        if (mod == 1) {
            off += fetchS8();
        } else if (mod == 2) {
            off += fetch16();
        }
        eaOff = off & 0xFFFF;
        eaSeg = seg(def);
    }

    private void address32() {
        int off;
        int def = RegisterFile.DS;
        int[] g = regs.gpr;
        if (rm == 4) {
            int sib = fetch8();
            int scale = sib >>> 6;
            int index = (sib >>> 3) & 7;
            int base = sib & 7;
            if (base == 5 && mod == 0) {
                off = fetch32();
            } else {
                off = g[base];
                if (base == RegisterFile.ESP || base == RegisterFile.EBP) {
                    def = RegisterFile.SS;
                }
            }
            if (index != 4) {
                off += g[index] << scale;
            }
        } else if (rm == 5 && mod == 0) {
            off = fetch32();
        } else {
            off = g[rm];
            if (rm == RegisterFile.EBP) {
                def = RegisterFile.SS;
            }
        }
        if (mod == 1) {
            off += fetchS8();
        } else if (mod == 2) {
            off += fetch32();
        }
        eaOff = off;
        eaSeg = seg(def);
    }

    /** A memory offset of the address size (moffs of MOV A0-A3). */
    int fetchAddress() {
        return adBits == 16 ? fetch16() : fetch32();
    }
}
