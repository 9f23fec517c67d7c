package org.tessera.launcher.internal;

import java.util.Locale;

/**
 * Where the Gogo {@code disassemble} command starts: a code segment (its linear base and, when it
 * has one, its selector) and an offset in it. Relative branch targets are shown as offsets in
 * that segment, and each instruction is labelled {@code SSSS:OOOO}, or with its linear address
 * when the segment has no real-mode selector.
 *
 * @param base the segment's linear base
 * @param selector the selector shown in labels, or -1 to show linear addresses
 * @param offset the offset of the first instruction
 */
record CodeAddress(long base, int selector, long offset) {

    /** The text that means CS:EIP. */
    static final String HERE = ".";

    private static final long SEGMENT_SIZE = 0x10000L;
    private static final long REAL_MODE_LIMIT = 0x100000L;

    /** CS:EIP of the CPU. */
    static CodeAddress instructionPointer(int cs, long csBase, int eip) {
        return new CodeAddress(csBase, cs & 0xFFFF, eip & 0xFFFF_FFFFL);
    }

    /**
     * Parses an address of the shell: {@code SEG:OFF} (both hex, as {@code 1000:0100}), a linear
     * address (hex as {@code 0x7C00} or {@code 7C00h}, or decimal), or {@code .} for CS:EIP.
     *
     * <p>A linear address inside the 64 KiB of the current code segment is shown relative to CS;
     * another one below 1 MiB relative to the 64 KiB-aligned real-mode segment that holds it
     * ({@code 0x17C00} is {@code 1000:7C00}); one above that by its linear address.
     *
     * @param text what the user typed
     * @param cs the CPU's CS:EIP, or null if there is no CPU
     * @throws IllegalArgumentException with a message for the user
     */
    static CodeAddress parse(String text, CodeAddress cs) {
        String t = text.strip();
        if (t.equals(HERE)) {
            if (cs == null) {
                throw new IllegalArgumentException("'.' means CS:EIP, and there is no CPU");
            }
            return cs;
        }
        if (RealModeAddress.looksLikeSegOff(t)) {
            RealModeAddress a = RealModeAddress.parse(t);
            return new CodeAddress((long) a.segment() << 4, a.segment(), a.offset());
        }
        long linear = Numbers.parseAddress(t);
        if (cs != null && cs.selector() >= 0 && linear >= cs.base() && linear < cs.base() + SEGMENT_SIZE) {
            return new CodeAddress(cs.base(), cs.selector(), linear - cs.base());
        }
        if (linear < REAL_MODE_LIMIT) {
            int selector = (int) (linear >>> 4) & 0xF000;
            return new CodeAddress((long) selector << 4, selector, linear & 0xFFFF);
        }
        return new CodeAddress(linear & ~0xFFFFL, -1, linear & 0xFFFF);
    }

    /** The label of the instruction at {@code offset} (of {@code linear}) in this segment. */
    String label(long offset, long linear) {
        if (selector < 0) {
            return Numbers.hex32(linear);
        }
        return String.format(Locale.ROOT, offset > 0xFFFF ? "%04X:%08X" : "%04X:%04X", selector, offset);
    }
}
