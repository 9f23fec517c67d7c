package org.tessera.cpu.core.internal.vectors;

import java.util.function.IntUnaryOperator;

/**
 * The structure of one 16-bit real-mode instruction of the 8086/186/286 one-byte opcode map, as
 * far as the test filter needs it: prefixes, opcode, ModR/M, length, and the effective address
 * of the memory operand. Not a disassembler: operands other than the ModR/M memory operand are
 * only counted, never interpreted.
 *
 * @param prefixCount the number of prefix bytes
 * @param lock whether a {@code LOCK} ({@code F0}) prefix is present
 * @param repeat whether a {@code REP}/{@code REPE}/{@code REPNE} prefix is present
 * @param segmentOverride the register index ({@link MooTest#ES}, {@link MooTest#CS},
 *     {@link MooTest#SS}, {@link MooTest#DS}) of the last segment override prefix (the one that
 *     takes effect), or -1
 * @param opcode the opcode byte, or -1 if the bytes end before it
 * @param modrm the ModR/M byte, or -1 if the opcode has none (or it is unknown)
 * @param displacement the ModR/M displacement, sign-extended for 8 bits (0 if none)
 * @param immediate the first immediate byte or word, little-endian (0 if none or unknown)
 * @param length the instruction's length in bytes including prefixes, or -1 if it cannot be
 *     told (two-byte {@code 0F} opcodes, bytes missing)
 */
public record InstructionShape(int prefixCount, boolean lock, boolean repeat, int segmentOverride, int opcode,
        int modrm, int displacement, int immediate, int length) {

    /** More prefixes than this are not decoded further (the 386 limit is 15 bytes in all). */
    private static final int MAX_BYTES = 15;

    /**
     * Decodes the instruction a test starts with. The bytes come from the test's {@code bytes}
     * and, past their end, from its initial memory at CS:IP onward (the generator puts the
     * {@code F4} where the instruction's fetch stopped, so an over-long instruction's bytes may
     * end early).
     *
     * @param test the test
     * @return the shape
     */
    public static InstructionShape of(MooTest test) {
        byte[] bytes = test.bytes();
        int[] regs = test.initialRegs();
        long codeBase = (long) regs[MooTest.CS] << 4;
        int ip = regs[MooTest.IP];
        return decode(i -> {
            if (i < bytes.length) {
                return bytes[i] & 0xFF;
            }
            long address = codeBase + ((ip + i) & 0xFFFF);
            long[] addresses = test.initialRamAddresses();
            for (int k = 0; k < addresses.length; k++) {
                if (addresses[k] == address) {
                    return test.initialRamValues()[k] & 0xFF;
                }
            }
            return -1;
        });
    }

    /**
     * Decodes an instruction.
     *
     * @param code byte {@code i} of the instruction, 0-255, or -1 if unknown
     * @return the shape
     */
    public static InstructionShape decode(IntUnaryOperator code) {
        int i = 0;
        boolean lock = false;
        boolean repeat = false;
        int segment = -1;
        int opcode = -1;
        while (i < MAX_BYTES) {
            int b = code.applyAsInt(i);
            if (b < 0) {
                return new InstructionShape(i, lock, repeat, segment, -1, -1, 0, 0, -1);
            }
            int seg = segmentOfPrefix(b);
            if (seg >= 0) {
                segment = seg;
            } else if (b == 0xF0) {
                lock = true;
            } else if (b == 0xF2 || b == 0xF3) {
                repeat = true;
            } else {
                opcode = b;
                break;
            }
            i++;
        }
        int prefixes = i;
        if (opcode < 0 || opcode == 0x0F) {
            return new InstructionShape(prefixes, lock, repeat, segment, opcode, -1, 0, 0, -1);
        }
        int pos = prefixes + 1;
        int modrm = -1;
        int displacement = 0;
        if (hasModrm(opcode)) {
            modrm = code.applyAsInt(pos);
            if (modrm < 0) {
                return new InstructionShape(prefixes, lock, repeat, segment, opcode, -1, 0, 0, -1);
            }
            pos++;
            int dispSize = displacementSize(modrm);
            if (dispSize == 1) {
                int d = code.applyAsInt(pos);
                displacement = d < 0 ? 0 : (byte) d;
            } else if (dispSize == 2) {
                int lo = code.applyAsInt(pos);
                int hi = code.applyAsInt(pos + 1);
                displacement = lo < 0 || hi < 0 ? 0 : lo | hi << 8;
            }
            pos += dispSize;
        }
        int immSize = immediateSize(opcode, modrm);
        int immediate = 0;
        if (immSize > 0) {
            int lo = code.applyAsInt(pos);
            int hi = immSize > 1 ? code.applyAsInt(pos + 1) : 0;
            immediate = lo < 0 || hi < 0 ? 0 : lo | hi << 8;
        }
        return new InstructionShape(prefixes, lock, repeat, segment, opcode, modrm, displacement, immediate,
                pos + immSize);
    }

    /** The register index a segment override prefix selects, or -1 if {@code b} is none. */
    static int segmentOfPrefix(int b) {
        return switch (b) {
            case 0x26 -> MooTest.ES;
            case 0x2E -> MooTest.CS;
            case 0x36 -> MooTest.SS;
            case 0x3E -> MooTest.DS;
            default -> -1;
        };
    }

    /** Whether a one-byte opcode is followed by a ModR/M byte. */
    static boolean hasModrm(int op) {
        if (op < 0x40) {
            return (op & 7) < 4;
        }
        return op == 0x62 || op == 0x63 || op == 0x69 || op == 0x6B || (op >= 0x80 && op <= 0x8F)
                || op == 0xC0 || op == 0xC1 || (op >= 0xC4 && op <= 0xC7) || (op >= 0xD0 && op <= 0xD3)
                || (op >= 0xD8 && op <= 0xDF) || op == 0xF6 || op == 0xF7 || op == 0xFE || op == 0xFF;
    }

    /** The displacement bytes a 16-bit ModR/M byte implies. */
    static int displacementSize(int modrm) {
        int mod = modrm >>> 6;
        if (mod == 1) {
            return 1;
        }
        if (mod == 2 || (mod == 0 && (modrm & 7) == 6)) {
            return 2;
        }
        return 0;
    }

    /** The immediate bytes of a one-byte opcode (with its ModR/M, -1 if none). */
    static int immediateSize(int op, int modrm) {
        if (op < 0x40) {
            int low = op & 7;
            return low == 4 ? 1 : low == 5 ? 2 : 0;
        }
        if (op >= 0x70 && op <= 0x7F || op >= 0xB0 && op <= 0xB7 || op >= 0xE0 && op <= 0xE7) {
            return 1;
        }
        if (op >= 0xB8 && op <= 0xBF || op >= 0xA0 && op <= 0xA3) {
            return 2;
        }
        return switch (op) {
            case 0x6A, 0x6B, 0x80, 0x82, 0x83, 0xA8, 0xC0, 0xC1, 0xC6, 0xCD, 0xD4, 0xD5, 0xEB -> 1;
            case 0x68, 0x69, 0x81, 0xA9, 0xC2, 0xC7, 0xCA, 0xE8, 0xE9 -> 2;
            case 0xC8 -> 3;
            case 0x9A, 0xEA -> 4;
            case 0xF6 -> modrm >= 0 && (modrm >>> 3 & 7) < 2 ? 1 : 0;
            case 0xF7 -> modrm >= 0 && (modrm >>> 3 & 7) < 2 ? 2 : 0;
            default -> 0;
        };
    }

    /** True if the instruction has a ModR/M byte that names memory (mod is not 3). */
    public boolean hasMemoryOperand() {
        return modrm >= 0 && modrm >>> 6 != 3;
    }

    /** The ModR/M {@code reg} field, or -1 without ModR/M. */
    public int reg() {
        return modrm < 0 ? -1 : modrm >>> 3 & 7;
    }

    /**
     * The segment register the memory operand uses: the override, else SS for BP-based forms
     * and DS for the others. Only meaningful when {@link #hasMemoryOperand()}.
     */
    public int memorySegment() {
        if (segmentOverride >= 0) {
            return segmentOverride;
        }
        int rm = modrm & 7;
        boolean bpBased = rm == 2 || rm == 3 || (rm == 6 && modrm >>> 6 != 0);
        return bpBased ? MooTest.SS : MooTest.DS;
    }

    /**
     * The 16-bit offset of the memory operand for the given registers. Only meaningful when
     * {@link #hasMemoryOperand()}.
     *
     * @param regs registers in {@link MooTest} order
     * @return the offset, 0-0xFFFF
     */
    public int memoryOffset(int[] regs) {
        int rm = modrm & 7;
        int base = switch (rm) {
            case 0 -> regs[MooTest.BX] + regs[MooTest.SI];
            case 1 -> regs[MooTest.BX] + regs[MooTest.DI];
            case 2 -> regs[MooTest.BP] + regs[MooTest.SI];
            case 3 -> regs[MooTest.BP] + regs[MooTest.DI];
            case 4 -> regs[MooTest.SI];
            case 5 -> regs[MooTest.DI];
            case 6 -> modrm >>> 6 == 0 ? 0 : regs[MooTest.BP];
            default -> regs[MooTest.BX];
        };
        return (base + displacement) & 0xFFFF;
    }
}
