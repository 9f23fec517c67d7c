package org.tessera.launcher.internal;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import org.tessera.machine.api.display.TextScreen;

/**
 * A text screen as text: each row one line, characters mapped from code page 437 (the PC's
 * character set, the glyphs 01h-1Fh and 7Fh included; 00h is a blank) to Unicode, trailing
 * blanks dropped. What {@code --text-screen} writes (as UTF-8) and {@code --until} searches.
 */
final class ScreenText {

    /** The glyphs of 00h-1Fh and 7Fh as the PC draws them (code page 437). */
    private static final String LOW = " \u263A\u263B\u2665\u2666\u2663\u2660\u2022\u25D8\u25CB\u25D9\u2642\u2640\u266A\u266B\u263C"
            + "\u25BA\u25C4\u2195\u203C\u00B6\u00A7\u25AC\u21A8\u2191\u2193\u2192\u2190\u221F\u2194\u25B2\u25BC";
    private static final char DEL = '\u2302';
    /** 80h-FFh of code page 437, from the JDK's IBM437 charset. */
    private static final String HIGH = high();

    private ScreenText() {
    }

    private static String high() {
        byte[] b = new byte[128];
        for (int i = 0; i < 128; i++) {
            b[i] = (byte) (0x80 + i);
        }
        try {
            return Charset.forName("IBM437").decode(ByteBuffer.wrap(b)).toString();
        } catch (IllegalArgumentException e) {
            // a JDK without the extended charsets: the upper half shows as '?'
            return "?".repeat(128);
        }
    }

    /** The character code page 437 draws for {@code code}. */
    static char glyph(int code) {
        int c = code & 0xFF;
        if (c < 0x20) {
            return LOW.charAt(c);
        }
        if (c == 0x7F) {
            return DEL;
        }
        return c < 0x80 ? (char) c : HIGH.charAt(c - 0x80);
    }

    /** The screen's rows as lines ending with a newline, trailing blanks dropped. */
    static String of(TextScreen screen) {
        StringBuilder sb = new StringBuilder(screen.columns() * screen.rows() + screen.rows());
        for (int row = 0; row < screen.rows(); row++) {
            int start = sb.length();
            for (int col = 0; col < screen.columns(); col++) {
                sb.append(glyph(screen.character(col, row)));
            }
            int end = sb.length();
            while (end > start && sb.charAt(end - 1) == ' ') {
                end--;
            }
            sb.setLength(end);
            sb.append('\n');
        }
        return sb.toString();
    }
}
