package org.tessera.cpu.core.internal.vectors;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One single-instruction test of a MOO file (80286 layout, 16-bit registers), as read by
 * {@link MooReader}. Registers are indexed in the file's order: {@link #AX} 0 to {@link #FLAGS}
 * 13. Values are unsigned 16-bit numbers in {@code int}s; addresses are physical.
 *
 * <p>The arrays are the reader's own and are not copied: treat them as read-only.
 *
 * @param idx the test's index in the upstream file
 * @param name the disassembly, e.g. {@code add [bx+0Eh],bl}
 * @param bytes the instruction's bytes including prefixes and the trailing {@code F4} (HLT)
 * @param initialRegs the 14 initial register values, in the order ax, bx, cx, dx, cs, ss, ds,
 *     es, sp, bp, si, di, ip, flags (flags as recorded, bits 12-15 not yet cleared)
 * @param initialRamAddresses the physical addresses of the initial memory bytes
 * @param initialRamValues the initial memory bytes, one per address
 * @param finalRegMask bit i set: register i is present in {@code finalRegs} (it changed)
 * @param finalRegs 14 entries, valid where the mask bit is set (0 elsewhere)
 * @param finalRamAddresses the physical addresses of the memory bytes that changed
 * @param finalRamValues their final values, one per address
 * @param exception the exception or interrupt number taken, -1 if none
 * @param flagAddress the physical address of the FLAGS word pushed for {@code exception}, -1 if
 *     none
 * @param hash the test's SHA-1 in lower-case hex (empty if the file has none)
 */
public record MooTest(int idx, String name, byte[] bytes, int[] initialRegs, long[] initialRamAddresses,
        byte[] initialRamValues, int finalRegMask, int[] finalRegs, long[] finalRamAddresses, byte[] finalRamValues,
        int exception, long flagAddress, String hash) {

    /** Register index of AX. */
    public static final int AX = 0;
    /** Register index of BX. */
    public static final int BX = 1;
    /** Register index of CX. */
    public static final int CX = 2;
    /** Register index of DX. */
    public static final int DX = 3;
    /** Register index of CS. */
    public static final int CS = 4;
    /** Register index of SS. */
    public static final int SS = 5;
    /** Register index of DS. */
    public static final int DS = 6;
    /** Register index of ES. */
    public static final int ES = 7;
    /** Register index of SP. */
    public static final int SP = 8;
    /** Register index of BP. */
    public static final int BP = 9;
    /** Register index of SI. */
    public static final int SI = 10;
    /** Register index of DI. */
    public static final int DI = 11;
    /** Register index of IP. */
    public static final int IP = 12;
    /** Register index of FLAGS. */
    public static final int FLAGS = 13;
    /** The number of registers. */
    public static final int REGISTER_COUNT = 14;
    /** The mask with every register's bit set. */
    public static final int ALL_REGISTERS = (1 << REGISTER_COUNT) - 1;

    /** Register names in index order, lower case as in the upstream JSON. */
    public static final List<String> REGISTER_NAMES = List.of("ax", "bx", "cx", "dx", "cs", "ss", "ds", "es", "sp",
            "bp", "si", "di", "ip", "flags");

    /** Checks the shape of the arrays (the values are not checked). */
    public MooTest {
        if (initialRegs.length != REGISTER_COUNT || finalRegs.length != REGISTER_COUNT) {
            throw new IllegalArgumentException("register arrays must have " + REGISTER_COUNT + " entries");
        }
        if (initialRamAddresses.length != initialRamValues.length || finalRamAddresses.length != finalRamValues.length) {
            throw new IllegalArgumentException("RAM addresses and values differ in length");
        }
        if ((finalRegMask & ~ALL_REGISTERS) != 0) {
            throw new IllegalArgumentException("final register mask has bits above " + (REGISTER_COUNT - 1));
        }
    }

    /** True if register {@code index} changed, i.e. it is present in {@link #finalRegs()}. */
    public boolean hasFinalReg(int index) {
        return (finalRegMask >>> index & 1) != 0;
    }

    /**
     * The value register {@code index} must have after the test: the final value if it changed,
     * else the initial one. For FLAGS the initial value is taken with bits 12-15 cleared, as a
     * real-mode 286 reads it back.
     */
    public int expectedReg(int index) {
        if (hasFinalReg(index)) {
            return finalRegs[index];
        }
        return index == FLAGS ? initialRegs[index] & 0x0FFF : initialRegs[index];
    }

    /** True if the test records an exception or interrupt ({@code EXCP}). */
    public boolean hasException() {
        return exception >= 0;
    }

    /** The instruction's bytes without the trailing {@code F4}. */
    public byte[] instructionBytes() {
        int n = bytes.length > 0 && (bytes[bytes.length - 1] & 0xFF) == 0xF4 ? bytes.length - 1 : bytes.length;
        return Arrays.copyOf(bytes, n);
    }

    /** The physical address of CS:IP at the start (segment base = CS * 16, no 1 MB wrap). */
    public long initialCodeAddress() {
        return ((long) initialRegs[CS] << 4) + initialRegs[IP];
    }

    /** Compares the contents of the arrays, not their identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MooTest t && idx == t.idx && finalRegMask == t.finalRegMask && exception == t.exception
                && flagAddress == t.flagAddress && name.equals(t.name) && hash.equals(t.hash)
                && Arrays.equals(bytes, t.bytes) && Arrays.equals(initialRegs, t.initialRegs)
                && Arrays.equals(initialRamAddresses, t.initialRamAddresses)
                && Arrays.equals(initialRamValues, t.initialRamValues) && Arrays.equals(finalRegs, t.finalRegs)
                && Arrays.equals(finalRamAddresses, t.finalRamAddresses)
                && Arrays.equals(finalRamValues, t.finalRamValues);
    }

    /** Hashes the contents of the arrays. */
    @Override
    public int hashCode() {
        int h = Integer.hashCode(idx);
        h = 31 * h + name.hashCode();
        h = 31 * h + hash.hashCode();
        h = 31 * h + Arrays.hashCode(bytes);
        h = 31 * h + Arrays.hashCode(initialRegs);
        h = 31 * h + Arrays.hashCode(finalRegs);
        h = 31 * h + finalRegMask;
        return h;
    }

    /** A short description: index, name and bytes, e.g. {@code #0 add [bx+0Eh],bl (00 5F 0E F4)}. */
    @Override
    public String toString() {
        return "#" + idx + " " + name + " (" + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes) + ")";
    }
}
