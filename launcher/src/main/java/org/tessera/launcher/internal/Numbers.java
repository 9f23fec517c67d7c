package org.tessera.launcher.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsing and printing of the numbers a user types and reads: sizes ({@code 640K}, {@code 16M},
 * {@code 1G}), physical addresses and values (hex as {@code 0xF0000} or {@code F0000h}, or
 * decimal). Parse errors are {@link IllegalArgumentException}s whose message is fit to show to
 * the user as is.
 */
final class Numbers {

    /** The size of the 32-bit physical address space. */
    static final long ADDRESS_SPACE = 1L << 32;

    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    /** A number in one of the accepted notations, named groups hex, hexh and dec. */
    private static final String NUMBER = "(?:0x(?<hex>[0-9a-f]+)|(?<hexh>[0-9a-f]+)h|(?<dec>[0-9]+))";
    private static final Pattern PLAIN = Pattern.compile(NUMBER);
    private static final Pattern SIZE = Pattern.compile(NUMBER + "\\s*(?<unit>k|kb|kib|m|mb|mib|g|gb|gib|b)?");

    private Numbers() {
    }

    /**
     * Parses a size in bytes: a number (decimal, or hex as {@code 0x...} / {@code ...h}),
     * optionally followed by a binary unit K, M or G (KB/KiB... are accepted too).
     *
     * @return the size, at least 1
     * @throws IllegalArgumentException if malformed, zero or too large
     */
    static long parseSize(String text) {
        String t = normalize(text);
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed size '" + text + "' (examples: 640K, 16M, 1G, 0x100000)");
        }
        long number = number(m, text, "size");
        String unit = m.group("unit");
        long multiplier = unit == null ? 1 : switch (unit.charAt(0)) {
            case 'k' -> KIB;
            case 'm' -> MIB;
            case 'g' -> GIB;
            default -> 1;
        };
        long size;
        try {
            size = Math.multiplyExact(number, multiplier);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size '" + text + "' is too large");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size '" + text + "' must be at least one byte");
        }
        return size;
    }

    /**
     * Parses a physical address: hex as {@code 0xF0000} or {@code F0000h}, or decimal.
     *
     * @return the address, below 2<sup>32</sup>
     * @throws IllegalArgumentException if malformed or outside the 32-bit address space
     */
    static long parseAddress(String text) {
        long value = parseNumber(text, "address");
        if (value >= ADDRESS_SPACE) {
            throw new IllegalArgumentException("address '" + text + "' is beyond the 4 GiB physical address space");
        }
        return value;
    }

    /**
     * Parses a non-negative number in the address notations (hex {@code 0x..} or {@code ..h}, or
     * decimal).
     *
     * @param what what the number is, for the error message ("address", "count", "value")
     * @throws IllegalArgumentException if malformed or too large for a long
     */
    static long parseNumber(String text, String what) {
        Matcher m = PLAIN.matcher(normalize(text));
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed " + what + " '" + text
                    + "' (use hex as 0xF0000 or F0000h, or decimal)");
        }
        return number(m, text, what);
    }

    private static String normalize(String text) {
        if (text == null) {
            return "";
        }
        return text.trim().toLowerCase(Locale.ROOT);
    }

    private static long number(Matcher m, String text, String what) {
        try {
            if (m.group("hex") != null) {
                return Long.parseLong(m.group("hex"), 16);
            }
            if (m.group("hexh") != null) {
                return Long.parseLong(m.group("hexh"), 16);
            }
            return Long.parseLong(m.group("dec"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is too large");
        }
    }

    /** An address as eight upper-case hex digits. */
    static String hex32(long address) {
        return String.format(Locale.ROOT, "%08X", address);
    }

    /** A port as four upper-case hex digits. */
    static String hex16(int port) {
        return String.format(Locale.ROOT, "%04X", port);
    }

    /**
     * A size for people: whole GiB, MiB or KiB where the size is a multiple, else bytes
     * ({@code 640 KiB}, {@code 16 MiB}, {@code 1536 B}).
     */
    static String humanSize(long bytes) {
        if (bytes != 0 && bytes % GIB == 0) {
            return bytes / GIB + " GiB";
        }
        if (bytes != 0 && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes != 0 && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " B";
    }
}
