package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.machine.api.display.TextScreen;

/** Code page 437 to Unicode, one line per row, trailing blanks dropped. */
class ScreenTextTest {

    private static TextScreen screen(int columns, String... rows) {
        short[] cells = new short[columns * rows.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < columns; c++) {
                int ch = c < rows[r].length() ? rows[r].charAt(c) : ' ';
                cells[r * columns + c] = (short) (0x0700 | ch);
            }
        }
        return new TextScreen(columns, rows.length, cells, 0, 0);
    }

    @Test
    void rowsBecomeLinesWithoutTrailingBlanks() {
        assertEquals("A:\\>\n\nver /r\n", ScreenText.of(screen(10, "A:\\>", "", "ver /r    ")));
    }

    @Test
    void codePage437Glyphs() {
        assertEquals(' ', ScreenText.glyph(0x00));
        assertEquals('\u263A', ScreenText.glyph(0x01));
        assertEquals('\u2302', ScreenText.glyph(0x7F));
        assertEquals('\u00C7', ScreenText.glyph(0x80));
        assertEquals('\u2550', ScreenText.glyph(0xCD));
        assertEquals('\u2588', ScreenText.glyph(0xDB));
        assertEquals('\u00A0', ScreenText.glyph(0xFF));
        assertEquals('A', ScreenText.glyph('A'));
    }
}
