package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.machine.api.display.TextScreen;

class VgaModeSetterTest {

    private final VgaFixture f = new VgaFixture();
    private final VgaModeSetter setter = new VgaModeSetter(new VgaPortHandler(f.device), f.device);

    @Test
    void everyStandardModeProgramsTheRegistersOfItsTable() {
        for (VgaModeTables.Mode m : VgaModeTables.all()) {
            assertTrue(setter.setMode(m.number(), false), m.toString());
            assertEquals(m.misc(), f.hw.miscOutput, m + " misc");
            assertEquals(0x03, f.hw.seq[0], m + " seq 0");
            for (int i = 1; i <= 4; i++) {
                assertEquals(m.seq(i), f.hw.seq[i], m + " seq " + i);
            }
            assertArrayEquals(m.crtc(), f.hw.crtc, m + " crtc");
            assertArrayEquals(m.gc(), f.hw.gc, m + " gc");
            assertArrayEquals(m.attr(), f.hw.attr, m + " attr");
            assertEquals(0x20, f.hw.attrAddress & 0x20, m + " palette address source");
        }
    }

    @Test
    void unknownModeChangesNothing() {
        setter.setMode(0x03, false);
        assertFalse(setter.setMode(0x08, false));
        assertFalse(setter.setMode(0x14, false));
        assertEquals(0x67, f.hw.miscOutput);
    }

    @Test
    void textModeShowsAClearedScreenAndWhatIsWrittenAtB8000() {
        setter.setMode(0x03, false);
        VgaRenderer r = new VgaRenderer();
        TextScreen s = r.textScreen(f.hw).orElseThrow();
        assertEquals(80, s.columns());
        assertEquals(25, s.rows());
        assertEquals(' ', s.character(5, 5));
        assertEquals(0x07, s.attribute(5, 5));
        f.device.write(0x18000 + 2 * 81, 1, 'A');
        f.device.write(0x18000 + 2 * 81 + 1, 1, 0x1E);
        s = r.textScreen(f.hw).orElseThrow();
        assertEquals('A', s.character(1, 1));
        assertEquals(0x1E, s.attribute(1, 1));
    }

    @Test
    void textModeLoadsTheSixteenLineFontIntoPlaneTwo() {
        setter.setMode(0x03, false);
        byte[] font = VgaFonts.font(16);
        for (int line = 0; line < 16; line++) {
            assertEquals(font['A' * 16 + line] & 0xFF, f.hw.planeByte(2, 'A' * 32 + line));
        }
        // the host sees odd/even text memory again afterwards
        assertEquals(0x03, f.hw.seq[2]);
        assertEquals(0x0E, f.hw.gc[6]);
    }

    @Test
    void loadFontIntoBlockFourUsesItsPlaneOffset() {
        setter.setMode(0x03, false);
        assertTrue(setter.loadFont(8, 4));
        byte[] font = VgaFonts.font(8);
        assertEquals(font['B' * 8 + 3] & 0xFF, f.hw.planeByte(2, 0x2000 + 'B' * 32 + 3));
        assertFalse(setter.loadFont(10, 0));
        assertFalse(setter.loadFont(8, 8));
    }

    @Test
    void mode13LoadsTheFullDacAndMapsPixelsChained() {
        setter.setMode(0x13, false);
        f.device.write(5, 1, 0x28);
        assertEquals(0x28, f.hw.planeByte(1, 4));
        // colour 15 is white, 16 black, 31 white, a full-brightness hue is saturated
        assertEquals(0xFFFFFF, f.hw.dacRgb(15));
        assertEquals(0x000000, f.hw.dacRgb(16));
        assertEquals(0xFFFFFF, f.hw.dacRgb(31));
        assertEquals(0x0000FF, f.hw.dacRgb(32));
    }

    @Test
    void textDacIsTheEgaPaletteAndKeepMemoryKeepsTheScreen() {
        setter.setMode(0x03, false);
        assertEquals(0xAA5500, f.hw.dacRgb(0x14)); // brown
        assertEquals(0xFFFFFF, f.hw.dacRgb(0x3F));
        f.device.write(0x18000, 1, 'Z');
        setter.setMode(0x03, true);
        assertEquals('Z', new VgaRenderer().textScreen(f.hw).orElseThrow().character(0, 0));
        setter.setMode(0x03, false);
        assertEquals(' ', new VgaRenderer().textScreen(f.hw).orElseThrow().character(0, 0));
    }
}
