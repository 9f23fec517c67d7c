package org.tessera.cpu.core.internal;

/**
 * Decodes instructions for the block compiler from a snapshot of code bytes, the way
 * {@link Decoder} and {@link Interpreter} decode them at run time, but only the instructions the
 * compiler translates: the integer instructions that neither change the processor's mode, the
 * interrupt flag or a segment (other than a real-mode data segment load), nor need a repeat or
 * LOCK prefix. Anything else ends the block before it, and the interpreter runs it.
 */
final class JitDecoder {

    private byte[] code;
    /** Index in {@link #code} of the byte at CS offset {@link #origin}. */
    private int codeIndex;
    private int origin;
    /** CS offset one past the last byte that may be read. */
    private int end;
    private int pos;
    private boolean code32;
    private boolean protectedMode;

    /**
     * Sets the bytes to decode: CS offset {@code origin} is {@code code[index]}, and bytes up to
     * offset {@code end} (exclusive) may be read.
     */
    void setCode(byte[] code, int index, int origin, int end, boolean code32, boolean protectedMode) {
        this.code = code;
        this.codeIndex = index;
        this.origin = origin;
        this.end = end;
        this.code32 = code32;
        this.protectedMode = protectedMode;
    }

    /** Thrown (preallocated) when the bytes end before the instruction does. */
    private static final class OutOfBytes extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfBytes() {
            super(null, null, false, false);
        }
    }

    private static final OutOfBytes OUT = new OutOfBytes();

    private int fetch8() {
        if (Integer.compareUnsigned(pos, end) >= 0 || pos - origin < 0) {
            throw OUT;
        }
        return code[codeIndex + (pos++ - origin)] & 0xFF;
    }

    private int fetch16() {
        int lo = fetch8();
        return lo | fetch8() << 8;
    }

    private int fetch32() {
        int lo = fetch16();
        return lo | fetch16() << 16;
    }

    private int fetchS8() {
        return (byte) fetch8();
    }

    private int fetchImm(int bits) {
        return bits == 8 ? fetch8() : bits == 16 ? fetch16() : fetch32();
    }

    /**
     * Decodes the instruction at CS offset {@code at} into {@code in}.
     *
     * @return false if the compiler does not translate it (or its bytes are not all available)
     */
    boolean decode(int at, JitInsn in) {
        pos = at;
        try {
            return decodeChecked(at, in);
        } catch (OutOfBytes e) {
            return false;
        }
    }

    private boolean decodeChecked(int at, JitInsn in) {
        int defaultBits = code32 ? 32 : 16;
        in.start = at;
        in.opBits = defaultBits;
        in.adBits = defaultBits;
        in.segOverride = Decoder.NO_SEG;
        in.hasModrm = false;
        in.base = -1;
        in.index = -1;
        in.scale = 0;
        in.disp = 0;
        in.imm = 0;
        in.imm2 = 0;
        in.target = 0;
        in.eaSeg = Decoder.NO_SEG;
        int op = fetch8();
        for (;;) {
            switch (op) {
                case 0x26 -> in.segOverride = RegisterFile.ES;
                case 0x2E -> in.segOverride = RegisterFile.CS;
                case 0x36 -> in.segOverride = RegisterFile.SS;
                case 0x3E -> in.segOverride = RegisterFile.DS;
                case 0x64 -> in.segOverride = RegisterFile.FS;
                case 0x65 -> in.segOverride = RegisterFile.GS;
                case 0x66 -> in.opBits = code32 ? 16 : 32;
                case 0x67 -> in.adBits = code32 ? 16 : 32;
                default -> {
                    return opcode(op, in);
                }
            }
            if (pos - at >= Decoder.MAX_LENGTH) {
                return false;
            }
            op = fetch8();
        }
    }

    private boolean opcode(int op, JitInsn in) {
        int bits = in.opBits;
        in.op = op;
        boolean ok = true;
        switch (op) {
            case 0x00, 0x01, 0x02, 0x03, 0x08, 0x09, 0x0A, 0x0B, 0x10, 0x11, 0x12, 0x13, 0x18, 0x19, 0x1A, 0x1B,
                    0x20, 0x21, 0x22, 0x23, 0x28, 0x29, 0x2A, 0x2B, 0x30, 0x31, 0x32, 0x33, 0x38, 0x39, 0x3A, 0x3B,
                    0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8B -> modrm(in);
            case 0x04, 0x0C, 0x14, 0x1C, 0x24, 0x2C, 0x34, 0x3C, 0xA8 -> in.imm = fetch8();
            case 0x05, 0x0D, 0x15, 0x1D, 0x25, 0x2D, 0x35, 0x3D, 0xA9 -> in.imm = fetchImm(bits);
            case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F,
                    0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
                    0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9E, 0x9F,
                    0xA4, 0xA5, 0xA6, 0xA7, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF, 0xC3, 0xD7,
                    0xF5, 0xF8, 0xF9, 0xFC, 0xFD -> {
                // no operand bytes
            }
            case 0x68 -> in.imm = fetchImm(bits);
            case 0x6A -> in.imm = fetchS8();
            case 0x69 -> {
                modrm(in);
                in.imm = fetchImm(bits);
            }
            case 0x6B -> {
                modrm(in);
                in.imm = fetchS8();
            }
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
                    0xE0, 0xE1, 0xE2, 0xE3 -> {
                int rel = fetchS8();
                in.target = jumpTarget(bits, pos + rel);
            }
            case 0x80, 0x82 -> {
                modrm(in);
                in.imm = fetch8();
            }
            case 0x81 -> {
                modrm(in);
                in.imm = fetchImm(bits);
            }
            case 0x83 -> {
                modrm(in);
                in.imm = fetchS8();
            }
            case 0x8C -> {
                modrm(in);
                ok = in.reg <= 5;
            }
            case 0x8D -> {
                modrm(in);
                ok = in.mod != 3;
            }
            case 0x8E -> {
                modrm(in);
                ok = !protectedMode && (in.reg == RegisterFile.ES || in.reg == RegisterFile.DS
                        || in.reg == RegisterFile.FS || in.reg == RegisterFile.GS);
            }
            case 0xA0, 0xA1, 0xA2, 0xA3 -> {
                in.disp = in.adBits == 16 ? fetch16() : fetch32();
                in.eaSeg = in.segOverride == Decoder.NO_SEG ? RegisterFile.DS : in.segOverride;
            }
            case 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7 -> in.imm = fetch8();
            case 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF -> in.imm = fetchImm(bits);
            case 0xC0, 0xC1 -> {
                modrm(in);
                in.imm = fetch8();
            }
            case 0xC2 -> in.imm = fetch16();
            case 0xC6 -> {
                modrm(in);
                in.imm = fetch8();
                ok = in.reg == 0;
            }
            case 0xC7 -> {
                modrm(in);
                in.imm = fetchImm(bits);
                ok = in.reg == 0;
            }
            case 0xD0, 0xD1, 0xD2, 0xD3 -> modrm(in);
            case 0xE8 -> {
                int rel = fetchImm(bits);
                in.target = bits == 16 ? (pos + rel) & 0xFFFF : pos + rel;
            }
            case 0xE9 -> {
                int rel = fetchImm(bits);
                in.target = bits == 16 ? (pos + rel) & 0xFFFF : pos + rel;
            }
            case 0xEB -> {
                int rel = fetchS8();
                in.target = bits == 16 ? (pos + rel) & 0xFFFF : pos + rel;
            }
            case 0xF6, 0xF7 -> {
                modrm(in);
                if (in.reg < 2) {
                    in.imm = fetchImm(op == 0xF6 ? 8 : bits);
                }
            }
            case 0xFE -> {
                modrm(in);
                ok = in.reg < 2;
            }
            case 0xFF -> {
                modrm(in);
                ok = in.reg == 0 || in.reg == 1 || in.reg == 2 || in.reg == 4 || in.reg == 6;
            }
            case 0x0F -> ok = twoByte(in);
            default -> ok = false;
        }
        int ipMask = code32 ? -1 : 0xFFFF;
        in.next = pos & ipMask;
        // an instruction that wraps around the end of a 16-bit segment is left to the interpreter
        // longer than 15 bytes: #GP, which the interpreter raises
        return ok && in.next == pos && pos - in.start <= Decoder.MAX_LENGTH;
    }

    private boolean twoByte(JitInsn in) {
        int op = fetch8();
        in.op = 0x100 | op;
        int bits = in.opBits;
        if (op >= 0x80 && op <= 0x8F) {
            int rel = fetchImm(bits);
            in.target = jumpTarget(bits, pos + rel);
            return true;
        }
        if (op >= 0x90 && op <= 0x9F) {
            modrm(in);
            return true;
        }
        return switch (op) {
            case 0xAF, 0xB6, 0xB7, 0xBE, 0xBF -> {
                modrm(in);
                yield true;
            }
            default -> false;
        };
    }

    /** A near jump's target as {@link Interpreter} computes it (masked for 16-bit operands). */
    private static int jumpTarget(int bits, int target) {
        return bits == 16 ? target & 0xFFFF : target;
    }

    private void modrm(JitInsn in) {
        int m = fetch8();
        in.hasModrm = true;
        in.mod = m >>> 6;
        in.reg = (m >>> 3) & 7;
        in.rm = m & 7;
        if (in.mod == 3) {
            return;
        }
        int def = RegisterFile.DS;
        if (in.adBits == 16) {
            switch (in.rm) {
                case 0 -> base(in, RegisterFile.EBX, RegisterFile.ESI);
                case 1 -> base(in, RegisterFile.EBX, RegisterFile.EDI);
                case 2 -> {
                    base(in, RegisterFile.EBP, RegisterFile.ESI);
                    def = RegisterFile.SS;
                }
                case 3 -> {
                    base(in, RegisterFile.EBP, RegisterFile.EDI);
                    def = RegisterFile.SS;
                }
                case 4 -> base(in, RegisterFile.ESI, -1);
                case 5 -> base(in, RegisterFile.EDI, -1);
                case 6 -> {
                    if (in.mod == 0) {
                        in.disp = fetch16();
                    } else {
                        base(in, RegisterFile.EBP, -1);
                        def = RegisterFile.SS;
                    }
                }
                default -> base(in, RegisterFile.EBX, -1);
            }
            if (in.mod == 1) {
                in.disp += fetchS8();
            } else if (in.mod == 2) {
                in.disp += fetch16();
            }
        } else {
            if (in.rm == 4) {
                int sib = fetch8();
                int scale = sib >>> 6;
                int index = (sib >>> 3) & 7;
                int b = sib & 7;
                if (b == 5 && in.mod == 0) {
                    in.disp = fetch32();
                } else {
                    in.base = b;
                    if (b == RegisterFile.ESP || b == RegisterFile.EBP) {
                        def = RegisterFile.SS;
                    }
                }
                if (index != 4) {
                    in.index = index;
                    in.scale = scale;
                }
            } else if (in.rm == 5 && in.mod == 0) {
                in.disp = fetch32();
            } else {
                in.base = in.rm;
                if (in.rm == RegisterFile.EBP) {
                    def = RegisterFile.SS;
                }
            }
            if (in.mod == 1) {
                in.disp += fetchS8();
            } else if (in.mod == 2) {
                in.disp += fetch32();
            }
        }
        in.eaSeg = in.segOverride == Decoder.NO_SEG ? def : in.segOverride;
    }

    private static void base(JitInsn in, int base, int index) {
        in.base = base;
        in.index = index;
    }
}
