package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.dev.vga.internal.TestModes.dac;
import static org.tessera.dev.vga.internal.TestModes.plane;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.display.Frame;
import org.tessera.machine.api.display.TextScreen;

/** Text mode 03h built by hand: glyphs, colours, the ninth column, blink, cursor, underline, fonts. */
class TextRenderingTest {

    private static final int BLACK = 0x000000;
    private static final int BLUE = 0x0000AA; // DAC 01h = (0, 0, 42)
    private static final int GREY = 0xAAAAAA; // DAC 07h = (42, 42, 42)
    private static final int YELLOW = 0xFFFF55; // DAC 3Eh = (63, 63, 21)
    private static final int LIGHT_BLUE = 0x5555FF; // DAC 39h = (21, 21, 63)
    private static final int WHITE = 0xFFFFFF; // DAC 3Fh

    private VgaHardware hw;
    private final VgaRenderer renderer = new VgaRenderer();

    @BeforeEach
    void mode03() {
        hw = TestModes.mode03();
        dac(hw, 0x01, 0, 0, 42);
        dac(hw, 0x07, 42, 42, 42);
        dac(hw, 0x3E, 63, 63, 21);
        dac(hw, 0x39, 21, 21, 63);
        dac(hw, 0x3F, 63, 63, 63);
    }

    /** Puts a character and attribute in the cell, as the CRTC's word mode reads it. */
    private void cell(int column, int row, int ch, int attribute) {
        int offset = 2 * (row * 80 + column);
        plane(hw, 0, offset, ch);
        plane(hw, 1, offset, attribute);
    }

    private void glyphLine(int fontBase, int ch, int line, int bits) {
        plane(hw, 2, fontBase + ch * 32 + line, bits);
    }

    private Frame frame(long n) {
        return renderer.render(hw, n);
    }

    @Test
    void eightyByTwentyFiveWithNineDotsIs720x400() {
        Frame f = frame(0);
        assertEquals(720, f.width());
        assertEquals(400, f.height());
    }

    @Test
    void glyphDotsTakeForegroundAndBackgroundThroughPaletteAndDac() {
        cell(0, 0, 0x41, 0x1E);
        cell(1, 0, 0x41, 0x1E);
        glyphLine(0, 0x41, 0, 0x81);
        glyphLine(0, 0x41, 1, 0x3C);
        Frame f = frame(0);
        assertEquals(YELLOW, f.pixel(0, 0));
        for (int x = 1; x < 7; x++) {
            assertEquals(BLUE, f.pixel(x, 0), "x=" + x);
        }
        assertEquals(YELLOW, f.pixel(7, 0));
        assertEquals(BLUE, f.pixel(8, 0), "ninth dot of 41h is the background");
        assertEquals(YELLOW, f.pixel(9, 0), "the second cell starts at dot 9");
        assertEquals(BLUE, f.pixel(1, 1));
        assertEquals(YELLOW, f.pixel(2, 1));
        assertEquals(YELLOW, f.pixel(5, 1));
        assertEquals(BLUE, f.pixel(6, 1));
        assertEquals(BLACK, f.pixel(18, 0), "the third cell is character 0 on black");
    }

    @Test
    void ninthColumnRepeatsTheEighthOnlyForLineGraphicsCharacters() {
        cell(0, 0, 0xC4, 0x07);
        cell(1, 0, 0x41, 0x07);
        cell(2, 0, 0xE0, 0x07);
        glyphLine(0, 0xC4, 0, 0x01);
        glyphLine(0, 0x41, 0, 0x01);
        glyphLine(0, 0xE0, 0, 0x01);
        Frame f = frame(0);
        assertEquals(GREY, f.pixel(7, 0));
        assertEquals(GREY, f.pixel(8, 0), "C4h repeats its eighth dot");
        assertEquals(GREY, f.pixel(16, 0));
        assertEquals(BLACK, f.pixel(17, 0), "41h has a background ninth dot");
        assertEquals(BLACK, f.pixel(26, 0), "E0h is outside C0h-DFh");

        hw.attr[VgaHardware.ATTR_MODE_CONTROL] = 0x08; // line graphics off
        assertEquals(BLACK, frame(0).pixel(8, 0), "without line graphics C4h's ninth dot is background");

        hw.seq[VgaHardware.SEQ_CLOCKING] = 0x01; // 8-dot characters
        Frame eight = frame(0);
        assertEquals(640, eight.width());
        assertEquals(GREY, eight.pixel(15, 0), "41h's last dot with 8-dot characters");
    }

    @Test
    void blinkUsesBit7AndLimitsTheBackgroundToEightColours() {
        cell(0, 0, 0x41, 0x9E);
        glyphLine(0, 0x41, 0, 0x80);
        Frame on = frame(0);
        assertEquals(YELLOW, on.pixel(0, 0));
        assertEquals(BLUE, on.pixel(1, 0), "background 9 with blink enabled is 1");
        Frame off = frame(16);
        assertEquals(BLUE, off.pixel(0, 0), "blinking character hidden in the off phase");
        assertEquals(YELLOW, frame(32).pixel(0, 0), "and back after 32 frames");

        hw.attr[VgaHardware.ATTR_MODE_CONTROL] = 0x04; // blink off: bit 7 is background intensity
        Frame intense = frame(16);
        assertEquals(YELLOW, intense.pixel(0, 0));
        assertEquals(LIGHT_BLUE, intense.pixel(1, 0), "background 9 goes through palette 9 (39h)");
    }

    @Test
    void cursorCoversItsScanLinesAtTheCursorLocationAndBlinks() {
        cell(5, 2, 0x20, 0x07);
        hw.crtc[VgaHardware.CRTC_CURSOR_HIGH] = 0x00;
        hw.crtc[VgaHardware.CRTC_CURSOR_LOW] = 2 * 80 + 5;
        int x = 5 * 9;
        int top = 2 * 16;
        Frame f = frame(0);
        assertEquals(BLACK, f.pixel(x, top + 12));
        assertEquals(GREY, f.pixel(x, top + 13));
        assertEquals(GREY, f.pixel(x + 8, top + 14), "the cursor covers the ninth dot");
        assertEquals(BLACK, f.pixel(x, top + 15));
        assertEquals(BLACK, f.pixel(x + 9, top + 13), "only the cursor's cell");
        assertEquals(BLACK, frame(8).pixel(x, top + 13), "off in the second half of 16 frames");
        assertEquals(GREY, frame(16).pixel(x, top + 13));

        TextScreen screen = renderer.textScreen(hw).orElseThrow();
        assertEquals(5, screen.cursorColumn());
        assertEquals(2, screen.cursorRow());

        cell(6, 2, 0x20, 0x01);
        hw.crtc[VgaHardware.CRTC_CURSOR_END] = 0x2E; // skew of one character clock: the next cell, its colour
        assertEquals(BLUE, frame(0).pixel(x + 9, top + 13));
        assertEquals(BLACK, frame(0).pixel(x, top + 13));

        hw.crtc[VgaHardware.CRTC_CURSOR_START] = 0x2D; // cursor disabled
        assertEquals(BLACK, frame(0).pixel(x + 9, top + 13));
        assertEquals(-1, renderer.textScreen(hw).orElseThrow().cursorColumn());
    }

    @Test
    void underlineAttributeDrawsTheUnderlineRow() {
        cell(0, 0, 0x20, 0x01);
        cell(1, 0, 0x20, 0x07);
        cell(2, 0, 0x20, 0x11);
        hw.crtc[VgaHardware.CRTC_CURSOR_START] = 0x20; // no cursor over cell 0
        hw.crtc[VgaHardware.CRTC_UNDERLINE] = 0x0D;
        Frame f = frame(0);
        assertEquals(BLUE, f.pixel(0, 13));
        assertEquals(BLUE, f.pixel(8, 13), "the underline spans nine dots");
        assertEquals(BLACK, f.pixel(0, 12));
        assertEquals(BLACK, f.pixel(9, 13), "attribute 07h is not underlined");
        assertEquals(BLUE, f.pixel(18, 13), "attribute 11h: background 1, no underline");
        assertEquals(BLUE, f.pixel(18, 12));

        hw.crtc[VgaHardware.CRTC_UNDERLINE] = 0x1F; // the colour modes' value: below the cell
        assertEquals(BLACK, frame(0).pixel(0, 13));
    }

    @Test
    void attributeBit3SelectsCharacterMapA() {
        cell(0, 0, 0x41, 0x0F);
        cell(1, 0, 0x41, 0x07);
        glyphLine(0x4000, 0x41, 0, 0xFF); // map 1
        glyphLine(0x2000, 0x41, 0, 0xF0); // map 4
        hw.seq[VgaHardware.SEQ_CHAR_MAP] = 0x04; // A = map 1, B = map 0
        Frame f = frame(0);
        assertEquals(WHITE, f.pixel(7, 0), "bit 3 set: map A at 16K");
        assertEquals(BLACK, f.pixel(9, 0), "bit 3 clear: map B at 0");

        hw.seq[VgaHardware.SEQ_CHAR_MAP] = 0x20; // A = map 4 (8K), B = map 0
        Frame g = frame(0);
        assertEquals(WHITE, g.pixel(3, 0));
        assertEquals(BLACK, g.pixel(4, 0));

        hw.seq[VgaHardware.SEQ_CHAR_MAP] = 0x00;
        assertEquals(BLACK, frame(0).pixel(7, 0), "both maps at 0");
    }

    @Test
    void panningOfNineDotCharactersCountsFromEight() {
        cell(0, 0, 0x41, 0x07);
        glyphLine(0, 0x41, 0, 0x81);
        hw.attr[VgaHardware.ATTR_H_PEL_PANNING] = 0x08;
        assertEquals(GREY, frame(0).pixel(0, 0), "8 pans by nothing");
        hw.attr[VgaHardware.ATTR_H_PEL_PANNING] = 0x00;
        Frame f = frame(0);
        assertEquals(BLACK, f.pixel(0, 0), "0 pans by one dot");
        assertEquals(GREY, f.pixel(6, 0));
    }

    @Test
    void textScreenHoldsCellsFromTheStartAddress() {
        cell(0, 0, 'H', 0x1F);
        cell(1, 0, 'i', 0x1F);
        cell(79, 24, 'z', 0x4E);
        TextScreen screen = renderer.textScreen(hw).orElseThrow();
        assertEquals(80, screen.columns());
        assertEquals(25, screen.rows());
        assertEquals('H', screen.character(0, 0));
        assertEquals(0x1F, screen.attribute(1, 0));
        assertEquals('z', screen.character(79, 24));
        assertEquals(0x4E, screen.attribute(79, 24));

        hw.crtc[VgaHardware.CRTC_START_LOW] = 80; // one row down
        assertEquals('z', renderer.textScreen(hw).orElseThrow().character(79, 23));
        assertEquals('z', renderer.textScreen(hw).orElseThrow().character(79, 23));
    }

    @Test
    void graphicsModesHaveNoTextScreen() {
        assertTrue(renderer.textScreen(TestModes.mode12()).isEmpty());
        VgaHardware vbe = TestModes.mode03();
        vbe.vbe[VgaHardware.VBE_ENABLE] = 1;
        assertEquals(Optional.empty(), renderer.textScreen(vbe));
    }

    @Test
    void blankedScreenIsBlackAndPaletteLoadingShowsTheOverscanColour() {
        cell(0, 0, 0x41, 0x1E);
        glyphLine(0, 0x41, 0, 0xFF);
        hw.seq[VgaHardware.SEQ_CLOCKING] |= 0x20;
        assertEquals(BLACK, frame(0).pixel(0, 0));
        hw.seq[VgaHardware.SEQ_CLOCKING] &= ~0x20;
        hw.attrAddress = 0x00;
        hw.attr[VgaHardware.ATTR_OVERSCAN] = 0x39;
        Frame f = frame(0);
        assertEquals(LIGHT_BLUE, f.pixel(0, 0));
        assertEquals(LIGHT_BLUE, f.pixel(719, 399));
    }

    @Test
    void presetRowScanStartsTheFirstRowLowerAndBytePanningMovesTheStart() {
        cell(0, 0, 0x41, 0x07);
        cell(0, 1, 0x42, 0x07);
        cell(1, 0, 0x43, 0x07);
        glyphLine(0, 0x41, 3, 0x80);
        glyphLine(0, 0x42, 0, 0x80);
        glyphLine(0, 0x43, 0, 0x80);
        hw.crtc[VgaHardware.CRTC_CURSOR_START] = 0x20;
        hw.crtc[VgaHardware.CRTC_PRESET_ROW_SCAN] = 0x03;
        Frame f = frame(0);
        assertEquals(GREY, f.pixel(0, 0), "line 0 shows glyph line 3 of row 0");
        assertEquals(GREY, f.pixel(0, 13), "line 13 is the first line of row 1");
        assertEquals(BLACK, f.pixel(0, 16));

        hw.crtc[VgaHardware.CRTC_PRESET_ROW_SCAN] = 0x20; // byte panning 1: the screen starts one character on
        assertEquals(GREY, frame(0).pixel(0, 0), "character 43h at column 0");
    }

    @Test
    void theDisplayComponentCountsFramesForTheCursorBlink() {
        cell(0, 0, 0x20, 0x07);
        VgaDisplayComponent display = new VgaDisplayComponent(hw);
        assertEquals(GREY, display.frame().pixel(0, 13), "the first frame shows the cursor");
        for (int i = 1; i < 8; i++) {
            display.frame();
        }
        assertEquals(BLACK, display.frame().pixel(0, 13), "the ninth does not");
        assertEquals('\0', display.textScreen().orElseThrow().character(1, 0));
        assertEquals(0, display.textScreen().orElseThrow().cursorRow());
    }

    @Test
    void fortyColumnTextWithHalvedDotClockIs360Wide() {
        hw.seq[VgaHardware.SEQ_CLOCKING] = 0x08; // dot clock / 2, 9-dot
        hw.crtc[VgaHardware.CRTC_H_DISPLAY_END] = 0x27;
        hw.crtc[VgaHardware.CRTC_OFFSET] = 0x14;
        cell(0, 1, 0x41, 0x07); // as a 80-column cell: offset 160; in 40 columns that is row 2
        Frame f = frame(0);
        assertEquals(360, f.width());
        assertEquals(400, f.height());
        TextScreen screen = renderer.textScreen(hw).orElseThrow();
        assertEquals(40, screen.columns());
        assertEquals(0x41, screen.character(0, 2));
    }
}
