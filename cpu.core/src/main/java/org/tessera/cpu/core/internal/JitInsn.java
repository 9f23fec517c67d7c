package org.tessera.cpu.core.internal;

/**
 * One instruction as the block compiler decoded it: what the interpreter's decoder would find at
 * run time, fixed at compile time (prefixes, operand sizes, ModR/M fields, the parts of the
 * effective address, immediates, the target of a relative branch).
 */
final class JitInsn {

    /** Offset in CS of the first byte (prefixes included). */
    int start;
    /** Offset in CS of the next instruction (masked to the code size). */
    int next;
    /** Opcode: 00-FF, or 100-1FF for 0F xx. */
    int op;
    int opBits;
    int adBits;
    /** Segment override or {@link Decoder#NO_SEG}. */
    int segOverride = Decoder.NO_SEG;
    /** Whether the instruction has a ModR/M byte. */
    boolean hasModrm;
    int mod;
    int reg;
    int rm;
    /** Effective address: segment, base and index registers (-1 for none), scale, displacement. */
    int eaSeg;
    int base = -1;
    int index = -1;
    int scale;
    int disp;
    /** First and second immediate. */
    int imm;
    int imm2;
    /** Target offset of a relative branch. */
    int target;

    boolean memory() {
        return hasModrm && mod != 3;
    }

    /** A jump, call or return: control leaves the straight line. */
    boolean isBranch() {
        return switch (op) {
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
                    0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9, 0xEB, 0xC2, 0xC3 -> true;
            case 0xFF -> reg == 2 || reg == 4;
            default -> op >= 0x180 && op <= 0x18F;
        };
    }

    /** A branch whose target is known at compile time. */
    boolean isRelative() {
        return (op >= 0x70 && op <= 0x7F) || (op >= 0xE0 && op <= 0xE3) || op == 0xE8 || op == 0xE9 || op == 0xEB
                || (op >= 0x180 && op <= 0x18F);
    }

    /** Control never continues at the next instruction. */
    boolean isUnconditional() {
        return op == 0xE8 || op == 0xE9 || op == 0xEB || op == 0xC2 || op == 0xC3 || (op == 0xFF && (reg == 2 || reg == 4));
    }

    @Override
    public String toString() {
        return Integer.toHexString(start) + ": op " + Integer.toHexString(op) + (hasModrm ? " /" + reg : "");
    }
}
