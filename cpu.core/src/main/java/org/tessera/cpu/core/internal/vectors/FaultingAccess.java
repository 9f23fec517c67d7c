package org.tessera.cpu.core.internal.vectors;

/**
 * Finds which memory access made a test's instruction raise a segment overrun (INT 13 on the
 * 286 in real mode): the first access, in the order the instruction makes them, that does not
 * fit below offset {@code 0x10000} of its segment. Used to tell stack-segment overruns (an 80386
 * raises #SS, INT 12, for them) from the others.
 *
 * <p>The accesses considered: the ModR/M memory operand (by the opcode's operand width: word,
 * or two words for LES/LDS/BOUND and far JMP/CALL through memory), the {@code moffs} operand of
 * {@code A0}-{@code A3}, string-instruction operands (one step back from the final SI or DI:
 * the 286 advances them past the word that faulted), and the stack words of pushes and pops
 * (including LEAVE, which pops from BP). Byte accesses never overrun.
 */
final class FaultingAccess {

    /** FLAGS bit 10, DF. */
    private static final int DIRECTION_FLAG = 0x400;

    private FaultingAccess() {
    }

    /**
     * The segment register whose limit the instruction overran.
     *
     * @param test the test (its initial registers; for string instructions the final SI/DI)
     * @param shape the decoded instruction
     * @return {@link MooTest#SS}, {@link MooTest#DS}, {@link MooTest#ES} or {@link MooTest#CS},
     *     or -1 if no access of the instruction overruns
     */
    static int segment(MooTest test, InstructionShape shape) {
        int[] regs = test.initialRegs();
        int op = shape.opcode();
        int dataSegment = shape.segmentOverride() >= 0 ? shape.segmentOverride() : MooTest.DS;
        int sp = regs[MooTest.SP];
        if (isStringOp(op)) {
            return stringFault(test, shape, dataSegment);
        }
        if (op == 0xC9) { // LEAVE: SP = BP, then POP BP
            return overrun(regs[MooTest.BP], 2) ? MooTest.SS : -1;
        }
        int pops = wordsPopped(op);
        if (pops > 0) {
            return popsOverrun(sp, pops) ? MooTest.SS : -1;
        }
        if (op >= 0xA0 && op <= 0xA3) {
            return (op & 1) == 1 && overrun(shape.immediate(), 2) ? dataSegment : -1;
        }
        if (shape.hasMemoryOperand()) {
            if (op == 0x8F && popsOverrun(sp, 1)) { // POP r/m reads the stack before it writes
                return MooTest.SS;
            }
            int width = memoryWidth(op, shape.reg());
            if (width > 1 && overrun(shape.memoryOffset(regs), width)) {
                return shape.memorySegment();
            }
        }
        // pushes come after the memory operand is read (PUSH, CALL through memory)
        return pushesOverrun(sp, wordsPushed(op, shape.reg())) ? MooTest.SS : -1;
    }

    /** True if {@code width} bytes at {@code offset} do not fit below 0x10000. */
    static boolean overrun(int offset, int width) {
        return offset + width - 1 > 0xFFFF;
    }

    private static boolean popsOverrun(int sp, int words) {
        for (int k = 0; k < words; k++) {
            if (overrun((sp + 2 * k) & 0xFFFF, 2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean pushesOverrun(int sp, int words) {
        for (int k = 1; k <= words; k++) {
            if (overrun((sp - 2 * k) & 0xFFFF, 2)) {
                return true;
            }
        }
        return false;
    }

    /** True for the word string instructions (MOVSW, CMPSW, STOSW, LODSW, SCASW, INSW, OUTSW). */
    static boolean isWordStringOp(int op) {
        return isStringOp(op) && (op & 1) == 1;
    }

    private static boolean isStringOp(int op) {
        return op >= 0xA4 && op <= 0xA7 || op >= 0xAA && op <= 0xAF || op >= 0x6C && op <= 0x6F;
    }

    /**
     * Word string instructions: the source (DS:SI or the override) is read before ES:DI is
     * used. The 286 advances SI and DI past the word that faulted (and, under REP, CX in its own
     * way), so the faulting word is one step back from the final SI or DI.
     */
    private static int stringFault(MooTest test, InstructionShape shape, int dataSegment) {
        int op = shape.opcode();
        if ((op & 1) == 0) {
            return -1;
        }
        int step = (test.initialRegs()[MooTest.FLAGS] & DIRECTION_FLAG) != 0 ? -2 : 2;
        int si = (test.expectedReg(MooTest.SI) - step) & 0xFFFF;
        int di = (test.expectedReg(MooTest.DI) - step) & 0xFFFF;
        boolean readsSource = op == 0xA5 || op == 0xA7 || op == 0xAD || op == 0x6F;
        boolean usesDestination = op == 0xA5 || op == 0xA7 || op == 0xAB || op == 0xAF || op == 0x6D;
        if (readsSource && overrun(si, 2)) {
            return dataSegment;
        }
        if (usesDestination && overrun(di, 2)) {
            return MooTest.ES;
        }
        return -1;
    }

    /** Words an instruction pops from SS:SP (0 for others; LEAVE is handled apart). */
    private static int wordsPopped(int op) {
        if (op >= 0x58 && op <= 0x5F) {
            return 1;
        }
        return switch (op) {
            case 0x07, 0x17, 0x1F, 0x9D, 0xC2, 0xC3 -> 1;
            case 0xCA, 0xCB -> 2;
            case 0xCF -> 3;
            case 0x61 -> 8;
            default -> 0;
        };
    }

    /** Words an instruction pushes on SS:SP (interrupt frames excluded: SP is at least 6). */
    private static int wordsPushed(int op, int reg) {
        if (op >= 0x50 && op <= 0x57) {
            return 1;
        }
        return switch (op) {
            case 0x06, 0x0E, 0x16, 0x1E, 0x68, 0x6A, 0x9C, 0xE8 -> 1;
            case 0x9A -> 2;
            case 0x60 -> 8;
            case 0xFF -> reg == 2 || reg == 6 ? 1 : reg == 3 ? 2 : 0;
            default -> 0;
        };
    }

    /** The bytes the ModR/M memory operand of an opcode spans (0: no access, as LEA). */
    static int memoryWidth(int op, int reg) {
        if (op < 0x40) {
            return (op & 1) == 1 ? 2 : 1;
        }
        return switch (op) {
            case 0x8D -> 0;
            case 0x62, 0xC4, 0xC5 -> 4;
            case 0xFF -> reg == 3 || reg == 5 ? 4 : 2;
            case 0x80, 0x82, 0x84, 0x86, 0x88, 0x8A, 0xC0, 0xC6, 0xD0, 0xD2, 0xF6, 0xFE -> 1;
            default -> 2; // 63, 69, 6B, 81, 83, 85, 87, 89, 8B, 8C, 8E, 8F, C1, C7, D1, D3, D8-DF, F7
        };
    }
}
