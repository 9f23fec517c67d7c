package org.tessera.cpu.core.internal.alu;

/**
 * Bit masks of the i386 EFLAGS register and the parity helper.
 *
 * <p>Only constants and static helpers; not instantiable.
 */
public final class Flags {

    /** Carry flag, bit 0. */
    public static final int CF = 0x1;
    /** Bit 1 of EFLAGS, which always reads as 1. */
    public static final int FIXED_1 = 0x2;
    /** Parity flag, bit 2: set when the low byte of the result has an even number of one bits. */
    public static final int PF = 0x4;
    /** Auxiliary carry flag, bit 4: carry or borrow out of bit 3. */
    public static final int AF = 0x10;
    /** Zero flag, bit 6. */
    public static final int ZF = 0x40;
    /** Sign flag, bit 7. */
    public static final int SF = 0x80;
    /** Trap flag, bit 8. */
    public static final int TF = 0x100;
    /** Interrupt enable flag, bit 9. */
    public static final int IF = 0x200;
    /** Direction flag, bit 10. */
    public static final int DF = 0x400;
    /** Overflow flag, bit 11. */
    public static final int OF = 0x800;
    /** I/O privilege level, bits 12-13. */
    public static final int IOPL = 0x3000;
    /** Shift of the IOPL field. */
    public static final int IOPL_SHIFT = 12;
    /** Nested task flag, bit 14. */
    public static final int NT = 0x4000;
    /** Resume flag, bit 16. */
    public static final int RF = 0x10000;
    /** Virtual-8086 mode flag, bit 17. */
    public static final int VM = 0x20000;
    /** Alignment check flag, bit 18 (486+, kept for completeness). */
    public static final int AC = 0x40000;
    /** CPUID-available flag, bit 21 (late 486+, kept for completeness). */
    public static final int ID = 0x200000;

    /** The six arithmetic status flags: CF, PF, AF, ZF, SF and OF. */
    public static final int ARITH = CF | PF | AF | ZF | SF | OF;

    private Flags() {
    }

    /**
     * Parity of the low byte of a value, as the PF bit.
     *
     * @param value any int; only bits 0-7 are looked at
     * @return {@link #PF} when bits 0-7 hold an even number of ones, otherwise 0
     */
    public static int parity(int value) {
        // bitCount is an intrinsic (POPCNT); (~count & 1) is 1 for an even count.
        return (~Integer.bitCount(value & 0xFF) & 1) << 2;
    }

    /**
     * Parity of the low byte of a value.
     *
     * @param value any int; only bits 0-7 are looked at
     * @return true when bits 0-7 hold an even number of ones (PF would be set)
     */
    public static boolean evenParity(int value) {
        return (Integer.bitCount(value & 0xFF) & 1) == 0;
    }
}
