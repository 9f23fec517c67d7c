package org.tessera.guest.monitor.internal;

import java.util.Locale;
import org.tessera.machine.api.watch.WatchEvent;

/**
 * The two ways an event is written: one JSON object per line for the log file, and one human
 * readable line for the shell. The JSON is written by hand (a flat record of numbers and short
 * strings needs no library): hex values are lower-case strings with {@code 0x} and a fixed
 * width, old and new values two digits per byte of the piece.
 */
final class EventFormat {

    private EventFormat() {
    }

    /** The event as one line of JSON, without the line end. */
    static String json(WatchEvent e) {
        StringBuilder b = new StringBuilder(200);
        b.append("{\"seq\":").append(e.sequence());
        b.append(",\"watch\":");
        string(b, e.watch());
        b.append(",\"address\":\"").append(hex(e.address(), 8)).append('"');
        b.append(",\"size\":").append(e.size());
        b.append(",\"old\":\"").append(hex(e.oldValue(), 2 * e.size())).append('"');
        b.append(",\"new\":\"").append(hex(e.newValue(), 2 * e.size())).append('"');
        b.append(",\"origin\":\"").append(lower(e.origin())).append('"');
        b.append(",\"cs\":\"").append(hex(e.cs(), 4)).append('"');
        b.append(",\"eip\":\"").append(hex(e.eip(), 8)).append('"');
        b.append(",\"policy\":\"").append(lower(e.policy())).append('"');
        b.append(",\"outcome\":\"").append(lower(e.outcome())).append('"');
        return b.append('}').toString();
    }

    /** The event for a person: {@code #12 idt 0x00046008/4 0x00000000 -> 0x00088e00 guest at 0008:0000812a notify written}. */
    static String text(WatchEvent e) {
        return "#" + e.sequence() + " " + e.watch() + " " + hex(e.address(), 8) + "/" + e.size() + " "
                + hex(e.oldValue(), 2 * e.size()) + " -> " + hex(e.newValue(), 2 * e.size()) + " " + lower(e.origin())
                + " at " + hex(e.cs(), 4).substring(2) + ":" + hex(e.eip(), 8).substring(2) + " " + lower(e.policy())
                + " " + lower(e.outcome());
    }

    /**
     * {@code 0x} and the low {@code digits} hex digits of {@code value}, zero-padded, lower case.
     * A width of 1 to 16 digits.
     */
    static String hex(long value, int digits) {
        long masked = digits >= 16 ? value : value & ((1L << (4 * digits)) - 1);
        String s = Long.toHexString(masked);
        StringBuilder b = new StringBuilder(2 + digits).append("0x");
        for (int i = s.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(s).toString();
    }

    /** A JSON string literal. */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static String lower(Enum<?> e) {
        return e == null ? "" : e.name().toLowerCase(Locale.ROOT);
    }
}
