package org.tessera.launcher.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real-mode address {@code SEG:OFF}, as debuggers write it: both parts hex, 16 bits each
 * ({@code 1000:0100}; a {@code 0x} prefix or an {@code h} suffix is accepted on either part).
 * Its linear address is {@code SEG * 16 + OFF}, at most {@code 0x10FFEF}.
 *
 * @param segment the segment, 0 to FFFFh
 * @param offset the offset, 0 to FFFFh
 */
record RealModeAddress(int segment, int offset) {

    /** One past the highest linear address real mode reaches (FFFF:FFFF + 1). */
    static final long END = 0x10FFF0L;

    private static final String PART = "(?:0x([0-9a-f]+)|([0-9a-f]+)h?)";
    private static final Pattern SEG_OFF = Pattern.compile(PART + ":" + PART);

    /** Checks the range of both parts. */
    RealModeAddress {
        if (segment < 0 || segment > 0xFFFF || offset < 0 || offset > 0xFFFF) {
            throw new IllegalArgumentException("segment and offset must be 0..FFFF");
        }
    }

    /**
     * Parses {@code SEG:OFF}.
     *
     * @throws IllegalArgumentException with a message fit for the user if malformed or a part is
     *     beyond FFFFh
     */
    static RealModeAddress parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Matcher m = SEG_OFF.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed address '" + text + "' (use SEG:OFF in hex, e.g. 1000:0100)");
        }
        long segment = part(m.group(1), m.group(2));
        long offset = part(m.group(3), m.group(4));
        if (segment > 0xFFFF) {
            throw new IllegalArgumentException("segment of '" + text + "' is beyond FFFF");
        }
        if (offset > 0xFFFF) {
            throw new IllegalArgumentException("offset of '" + text + "' is beyond FFFF");
        }
        return new RealModeAddress((int) segment, (int) offset);
    }

    /** Whether {@code text} has the shape of {@code SEG:OFF} (a colon), right or wrong. */
    static boolean looksLikeSegOff(String text) {
        return text != null && text.indexOf(':') >= 0;
    }

    private static long part(String prefixed, String plain) {
        String digits = prefixed != null ? prefixed : plain;
        if (digits.length() > 8) {
            return Long.MAX_VALUE;
        }
        return Long.parseLong(digits, 16);
    }

    /** The linear address, {@code segment * 16 + offset}. */
    long linear() {
        return ((long) segment << 4) + offset;
    }

    /** {@code SSSS:OOOO} in upper-case hex. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04X:%04X", segment, offset);
    }
}
