package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VgaFontsTest {

    /** The raw fonts the guest programs include, committed beside them. */
    private static final Path GUEST_FONTS = Path.of("src", "test", "guests", "fonts");

    private static boolean pixel(byte[] font, int h, int c, int x, int y) {
        return (font[c * h + y] & (0x80 >> x)) != 0;
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 14, 16})
    void committedRawFontsAreTheFonts(int h) throws IOException {
        Path file = GUEST_FONTS.resolve(VgaFonts.fileName(h));
        assertTrue(Files.isRegularFile(file), file + " is missing: run VgaFonts with the folder " + GUEST_FONTS);
        assertArrayEquals(VgaFonts.font(h), Files.readAllBytes(file),
                file + " is not what VgaFonts makes now: regenerate it (java -cp dev.vga/target/classes "
                        + "org.tessera.dev.vga.internal.VgaFonts dev.vga/src/test/guests/fonts) and commit it");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 14, 16})
    void everyGlyphIsItsOwn(int h) {
        byte[] font = VgaFonts.font(h);
        assertEquals(256 * h, font.length);
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < 256; c++) {
            byte[] glyph = Arrays.copyOfRange(font, c * h, c * h + h);
            boolean blank = true;
            for (byte b : glyph) {
                blank &= b == 0;
            }
            assertEquals(c == 0x00 || c == 0x20 || c == 0xFF, blank, String.format("glyph %02Xh blank", c));
            if (!blank) {
                Integer other = seen.put(Arrays.toString(glyph), c);
                assertEquals(null, other, String.format("glyphs %02Xh and %02Xh of the 8x%d font are the same",
                        other == null ? 0 : other, c, h));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 14, 16})
    void boxDrawingLinesReachTheEdgesTheyPointTo(int h) {
        byte[] font = VgaFonts.font(h);
        int mid = h / 2;
        // the single lines
        for (int y = 0; y < h; y++) {
            assertEquals(0x10, font[0xB3 * h + y] & 0xFF, "vertical line B3h, line " + y);
        }
        assertEquals(0xFF, font[0xC4 * h + mid] & 0xFF, "horizontal line C4h");
        // C0h-DFh: an arm to the right lights column 7 (the ninth column repeats it), one to the
        // left column 0, up line 0, down the last line; no arm leaves that edge dark
        String[] arms = {
            "s..s", "s.ss", ".sss", "ss.s", "..ss", "ssss", "ss.d", "dd.s", "d..d", ".d.d", "d.dd", ".ddd", "dd.d",
            "..dd", "dddd", "s.dd", "d.ss", ".sdd", ".dss", "d..s", "s..d", ".s.d", ".d.s", "ddss", "ssdd", "s.s.",
            ".s.s"};
        for (int c = 0xC0; c <= 0xDA; c++) {
            String a = arms[c - 0xC0];
            boolean up = false;
            boolean down = false;
            for (int x = 0; x < 8; x++) {
                up |= pixel(font, h, c, x, 0);
                down |= pixel(font, h, c, x, h - 1);
            }
            boolean left = false;
            boolean right = false;
            for (int y = 0; y < h; y++) {
                left |= pixel(font, h, c, 0, y);
                right |= pixel(font, h, c, 7, y);
            }
            String where = String.format("%02Xh of 8x%d", c, h);
            assertEquals(a.charAt(0) != '.', up, where + " up");
            assertEquals(a.charAt(1) != '.', down, where + " down");
            assertEquals(a.charAt(2) != '.', left, where + " left");
            assertEquals(a.charAt(3) != '.', right, where + " right");
            // a double arm has two lines at the edge, a single one one line
            if (a.charAt(3) != '.') {
                int count = 0;
                for (int y = 0; y < h; y++) {
                    count += pixel(font, h, c, 7, y) ? 1 : 0;
                }
                assertEquals(a.charAt(3) == 'd' ? 2 : 1, count, where + " lines at the right edge");
            }
        }
        // the double corner C9h: outer corner at (2, mid-1), inner corner at (4, mid+1), nothing inside
        assertTrue(pixel(font, h, 0xC9, 2, mid - 1) && pixel(font, h, 0xC9, 4, mid + 1));
        assertTrue(!pixel(font, h, 0xC9, 3, mid) && !pixel(font, h, 0xC9, 1, mid - 1) && !pixel(font, h, 0xC9, 2, mid - 2));
        // CEh (double cross): the centre is dark
        assertTrue(!pixel(font, h, 0xCE, 3, mid) && !pixel(font, h, 0xCE, 3, 0) && pixel(font, h, 0xCE, 2, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 14, 16})
    void blocksShadesAndInverseBullets(int h) {
        byte[] font = VgaFonts.font(h);
        int[] lit = new int[3];
        for (int y = 0; y < h; y++) {
            assertEquals(0xFF, font[0xDB * h + y] & 0xFF);
            assertEquals(y >= h / 2 ? 0xFF : 0, font[0xDC * h + y] & 0xFF);
            assertEquals(0xF0, font[0xDD * h + y] & 0xFF);
            assertEquals(0x0F, font[0xDE * h + y] & 0xFF);
            assertEquals(y < h / 2 ? 0xFF : 0, font[0xDF * h + y] & 0xFF);
            assertEquals(~font[0x07 * h + y] & 0xFF, font[0x08 * h + y] & 0xFF);
            assertEquals(~font[0x09 * h + y] & 0xFF, font[0x0A * h + y] & 0xFF);
            for (int s = 0; s < 3; s++) {
                lit[s] += Integer.bitCount(font[(0xB0 + s) * h + y] & 0xFF);
            }
        }
        assertArrayEquals(new int[] {2 * h, 4 * h, 6 * h}, lit, "shades of 25, 50, 75 %");
    }

    /** Letters keep their base line; capitals and digits their height; descenders go below. */
    @Test
    void baseLinesAndHeights() {
        for (int h : VgaFonts.HEIGHTS) {
            byte[] font = VgaFonts.font(h);
            int base = bottom(font, h, 'H');
            for (char c : "ABCDEFGHIKLMNOPRSTUVWXYZ0123456789abcdefhiklmnorstuvwxz".toCharArray()) {
                assertEquals(base, bottom(font, h, c), "base line of '" + c + "' in 8x" + h);
            }
            int capTop = top(font, h, 'H');
            for (char c : "BDEFHIKLMNPRTUVWXYZ".toCharArray()) {
                assertEquals(capTop, top(font, h, c), "top of '" + c + "' in 8x" + h);
            }
            for (char c : "gjpqy".toCharArray()) {
                assertTrue(bottom(font, h, c) > (h == 8 ? top(font, h, 'x') + 3 : base), "descender of '" + c + "' in 8x" + h);
            }
            assertTrue(top(font, h, 'x') > capTop, "x-height below the capitals in 8x" + h);
        }
        assertEquals(10, VgaFonts.font(16)['H' * 16 + 0] == 0 ? bottom(VgaFonts.font(16), 16, 'H') : -1);
    }

    private static int bottom(byte[] font, int h, int c) {
        for (int y = h - 1; y >= 0; y--) {
            if (font[c * h + y] != 0) {
                return y;
            }
        }
        return -1;
    }

    private static int top(byte[] font, int h, int c) {
        for (int y = 0; y < h; y++) {
            if (font[c * h + y] != 0) {
                return y;
            }
        }
        return -1;
    }

    @Test
    void eightLineFormKeepsTallGlyphsWhole() {
        // a 10-row glyph: a dot, a blank row, a stem of six rows, a hook
        int[] g = {0, 0x08, 0, 0x18, 0x08, 0x08, 0x08, 0x08, 0x08, 0x70};
        int[] f = VgaFonts.fit8(g);
        assertArrayEquals(new int[] {0x08, 0, 0x18, 0x08, 0x08, 0x08, 0x08, 0x70}, f);
        assertArrayEquals(new int[] {0, 0, 0, 0x10, 0, 0, 0, 0}, VgaFonts.fit8(new int[] {0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0}));
        assertNotEquals(VgaFonts.font(8)[0x41 * 8 + 3], 0);
    }

    @Test
    void onlyTheStandardHeights() {
        assertThrows(IllegalArgumentException.class, () -> VgaFonts.font(12));
        byte[] a = VgaFonts.font(16);
        a[0x41 * 16 + 5] = 0;
        assertNotEquals(0, VgaFonts.font(16)[0x41 * 16 + 5], "a caller's change does not reach the font");
    }
}
