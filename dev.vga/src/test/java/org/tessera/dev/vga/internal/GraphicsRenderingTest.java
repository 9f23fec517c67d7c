package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.dev.vga.internal.TestModes.dac;
import static org.tessera.dev.vga.internal.TestModes.plane;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.display.Frame;

/** Graphics modes built by hand: planar, CGA, 256-colour chained and unchained, split, panning. */
class GraphicsRenderingTest {

    private final VgaRenderer renderer = new VgaRenderer();

    private Frame frame(VgaHardware hw) {
        return renderer.render(hw, 0);
    }

    /** DAC entry {@code i} set to a colour unique to it: (i >> 2, 63 - (i >> 2), i & 3). */
    private static void uniqueDac(VgaHardware hw) {
        for (int i = 0; i < 256; i++) {
            dac(hw, i, i >> 2, 63 - (i >> 2), (i & 3) * 16);
        }
    }

    /** The colour {@link #uniqueDac} gives entry {@code i}, expanded by hand as (v<<2)|(v>>4). */
    private static int uniqueColour(int i) {
        int r = i >> 2;
        int g = 63 - (i >> 2);
        int b = (i & 3) * 16;
        return ((r << 2) | (r >> 4)) << 16 | ((g << 2) | (g >> 4)) << 8 | ((b << 2) | (b >> 4));
    }

    @Test
    void mode12PlanarPixelsTakeOneBitPerPlane() {
        VgaHardware hw = TestModes.mode12();
        uniqueDac(hw);
        int offset = 80 * 10 + 2; // line 10, pixels 16-23
        plane(hw, 0, offset, 0x80);
        plane(hw, 1, offset, 0xC0);
        plane(hw, 2, offset, 0x20);
        plane(hw, 3, offset, 0xFF);
        Frame f = frame(hw);
        assertEquals(640, f.width());
        assertEquals(480, f.height());
        // dot 0: planes 0,1,3 -> 1011b = 11 -> palette 3Bh; dot 1: 1010b -> 3Ah; dot 2: 1100b -> 3Ch; 3-7: 1000b -> 38h
        assertEquals(uniqueColour(0x3B), f.pixel(16, 10));
        assertEquals(uniqueColour(0x3A), f.pixel(17, 10));
        assertEquals(uniqueColour(0x3C), f.pixel(18, 10));
        assertEquals(uniqueColour(0x38), f.pixel(23, 10));
        assertEquals(uniqueColour(0x00), f.pixel(24, 10));
        assertEquals(uniqueColour(0x00), f.pixel(16, 9));

        hw.attr[VgaHardware.ATTR_PLANE_ENABLE] = 0x07; // plane 3 ignored: dot 0 is 3
        assertEquals(uniqueColour(0x03), frame(hw).pixel(16, 10));
    }

    @Test
    void colourSelectAndP54sAndPelMaskShapeTheDacIndex() {
        VgaHardware hw = TestModes.mode12();
        uniqueDac(hw);
        plane(hw, 0, 0, 0x80);
        plane(hw, 1, 0, 0x80);
        plane(hw, 3, 0, 0x80); // pixel 0 = 11 -> palette 3Bh
        hw.attr[VgaHardware.ATTR_COLOR_SELECT] = 0x0D; // bits 2-3 -> DAC bits 6-7
        assertEquals(uniqueColour(0xFB), frame(hw).pixel(0, 0));
        hw.attr[VgaHardware.ATTR_MODE_CONTROL] = 0x81; // P54S: bits 0-1 replace palette bits 4-5
        assertEquals(uniqueColour(0xC0 | 0x10 | 0x0B), frame(hw).pixel(0, 0));
        hw.attr[VgaHardware.ATTR_MODE_CONTROL] = 0x01;
        hw.attr[VgaHardware.ATTR_COLOR_SELECT] = 0x00;
        hw.pelMask = 0x0F;
        assertEquals(uniqueColour(0x0B), frame(hw).pixel(0, 0));
    }

    @Test
    void mode13ReadsDoublewordAddressesAndDoublesItsScanLines() {
        VgaHardware hw = TestModes.mode13();
        uniqueDac(hw);
        plane(hw, 1, 4, 0x42); // pixel (5,0): counter 1, address 1 << 2 = 4, plane 5 & 3 = 1
        plane(hw, 0, 32000, 0x99); // pixel (0,100): counter 8000, address 32000
        plane(hw, 3, 63996, 0x17); // pixel (319,199): counter 15999, address 63996
        plane(hw, 0, 32001, 0x66); // never shown in mode 13h
        Frame f = frame(hw);
        assertEquals(320, f.width());
        assertEquals(200, f.height());
        assertEquals(uniqueColour(0x42), f.pixel(5, 0));
        assertEquals(uniqueColour(0x99), f.pixel(0, 100));
        assertEquals(uniqueColour(0x17), f.pixel(319, 199));
        assertEquals(uniqueColour(0x00), f.pixel(4, 0));
        for (int x = 0; x < 320; x++) {
            for (int y = 0; y < 200; y++) {
                assertEquals(x == 5 && y == 0 || x == 0 && y == 100 || x == 319 && y == 199 ? 1 : 0,
                        f.pixel(x, y) != uniqueColour(0) ? 1 : 0, "(" + x + "," + y + ")");
            }
        }
    }

    @Test
    void doublewordModeRotatesTheCounterSoStartAddressesWrap() {
        VgaHardware hw = TestModes.mode13();
        uniqueDac(hw);
        // start address 3FFFh: the first counter of line 0 reads 0FFFCh, the next wraps to
        // 4000h -> rotated: address 0001h
        hw.crtc[VgaHardware.CRTC_START_HIGH] = 0x3F;
        hw.crtc[VgaHardware.CRTC_START_LOW] = 0xFF;
        plane(hw, 2, 0xFFFC, 0x21);
        plane(hw, 2, 0x0001, 0x22);
        Frame f = frame(hw);
        assertEquals(uniqueColour(0x21), f.pixel(2, 0));
        assertEquals(uniqueColour(0x22), f.pixel(6, 0));
    }

    @Test
    void mode13ShowsWhatChain4WritesAtEveryAddress() {
        // Chain 4 as the hardware does it: CPU address A goes to plane A & 3 at plane offset
        // A & ~3 (only every fourth byte of a plane is used), where the doubleword mode reads.
        VgaHardware hw = TestModes.mode13();
        uniqueDac(hw);
        byte[] screen = new byte[64000];
        new Random(13).nextBytes(screen);
        for (int a = 0; a < screen.length; a++) {
            plane(hw, a & 3, a & ~3, screen[a]);
        }
        Frame f = frame(hw);
        for (int y = 0; y < 200; y++) {
            for (int x = 0; x < 320; x++) {
                assertEquals(uniqueColour(screen[y * 320 + x] & 0xFF), f.pixel(x, y), "(" + x + "," + y + ")");
            }
        }
    }

    @Test
    void eightBitModePairsTheHalvesThroughThePalette() {
        VgaHardware hw = TestModes.mode13();
        uniqueDac(hw);
        plane(hw, 0, 0, 0xA7);
        assertEquals(uniqueColour(0xA7), frame(hw).pixel(0, 0));
        hw.attr[0x0A] = 0x05; // palette 10 -> 5: the high half A becomes 5
        assertEquals(uniqueColour(0x57), frame(hw).pixel(0, 0));
        hw.pelMask = 0xF0;
        assertEquals(uniqueColour(0x50), frame(hw).pixel(0, 0));
    }

    @Test
    void modeXReadsPlanesInByteModeAndFlipsPagesByStartAddress() {
        VgaHardware hw = TestModes.modeX();
        uniqueDac(hw);
        plane(hw, 1, 1, 0x21); // page 0, pixel (5,0): plane 1, offset 1
        plane(hw, 2, 80 * 239 + 79, 0x22); // page 0, pixel (318,239)
        plane(hw, 1, 0x4B00 + 1, 0x31); // page 1 at 80*240
        Frame f = frame(hw);
        assertEquals(320, f.width());
        assertEquals(240, f.height());
        assertEquals(uniqueColour(0x21), f.pixel(5, 0));
        assertEquals(uniqueColour(0x22), f.pixel(318, 239));
        hw.crtc[VgaHardware.CRTC_START_HIGH] = 0x4B;
        assertEquals(uniqueColour(0x31), frame(hw).pixel(5, 0));
    }

    @Test
    void modeXSplitScreenRestartsAtAddressZeroAfterTheLineCompare() {
        VgaHardware hw = TestModes.modeX();
        uniqueDac(hw);
        hw.crtc[VgaHardware.CRTC_START_HIGH] = 0x4B; // top part shows page 1
        // line compare 399 (18Fh: CR18 8Fh, CR07 bit 4 set, CR09 bit 6 clear): scan line 400 on is the split
        hw.crtc[VgaHardware.CRTC_LINE_COMPARE] = 0x8F;
        hw.crtc[VgaHardware.CRTC_MAX_SCAN_LINE] = 0x01;
        plane(hw, 0, 0x4B00 + 199 * 80, 0x51); // last line of the top part (scan lines 398, 399)
        plane(hw, 0, 0, 0x52); // first line of the split
        plane(hw, 0, 80, 0x53);
        Frame f = frame(hw);
        assertEquals(uniqueColour(0x51), f.pixel(0, 199));
        assertEquals(uniqueColour(0x52), f.pixel(0, 200));
        assertEquals(uniqueColour(0x53), f.pixel(0, 201));
    }

    @Test
    void mode12SplitScreenAndPanningWithAndWithoutPanningCompatibility() {
        VgaHardware hw = TestModes.mode12();
        uniqueDac(hw);
        int start = 80 * 100;
        hw.crtc[VgaHardware.CRTC_START_HIGH] = start >> 8;
        hw.crtc[VgaHardware.CRTC_START_LOW] = start & 0xFF;
        // line compare 299 = 12Bh: CR18 2Bh, CR07 bit 4 (set in 3Eh), CR09 bit 6 clear
        hw.crtc[VgaHardware.CRTC_LINE_COMPARE] = 0x2B;
        hw.crtc[VgaHardware.CRTC_MAX_SCAN_LINE] = 0x00;
        plane(hw, 0, start, 0x10); // line 0: dot 3
        plane(hw, 1, start + 299 * 80, 0x10); // line 299: dot 3, colour 2
        plane(hw, 0, 0, 0x10); // line 300 = split line 0: dot 3
        plane(hw, 2, 80, 0x10); // line 301: dot 3, colour 4
        Frame f = frame(hw);
        assertEquals(uniqueColour(0x01), f.pixel(3, 0));
        assertEquals(uniqueColour(0x02), f.pixel(3, 299));
        assertEquals(uniqueColour(0x01), f.pixel(3, 300));
        assertEquals(uniqueColour(0x04), f.pixel(3, 301));

        hw.attr[VgaHardware.ATTR_H_PEL_PANNING] = 3;
        Frame panned = frame(hw);
        assertEquals(uniqueColour(0x01), panned.pixel(0, 0));
        assertEquals(uniqueColour(0x00), panned.pixel(3, 0));
        assertEquals(uniqueColour(0x01), panned.pixel(0, 300), "the split part pans too");

        hw.attr[VgaHardware.ATTR_MODE_CONTROL] = 0x21; // pel panning compatibility
        Frame compat = frame(hw);
        assertEquals(uniqueColour(0x01), compat.pixel(0, 0), "the top part still pans");
        assertEquals(uniqueColour(0x02), compat.pixel(0, 299));
        assertEquals(uniqueColour(0x01), compat.pixel(3, 300), "the split part does not");
        assertEquals(uniqueColour(0x04), compat.pixel(3, 301));
    }

    @Test
    void panningBringsInDotsOfTheNextCharacterClock() {
        VgaHardware hw = TestModes.mode12();
        uniqueDac(hw);
        plane(hw, 0, 80, 0x01); // line 1, dot 7 of byte 0
        plane(hw, 1, 81, 0x80); // line 1, dot 0 of byte 1
        hw.attr[VgaHardware.ATTR_H_PEL_PANNING] = 7;
        Frame f = frame(hw);
        assertEquals(uniqueColour(0x01), f.pixel(0, 1));
        assertEquals(uniqueColour(0x02), f.pixel(1, 1));
    }

    @Test
    void mode0DIsDoubleScannedTo320x200() {
        VgaHardware hw = TestModes.mode0D();
        uniqueDac(hw);
        plane(hw, 2, 40, 0x80); // line 1 (row offset 2 x 14h = 40 bytes), pixel 0, colour 4
        Frame f = frame(hw);
        assertEquals(320, f.width());
        assertEquals(200, f.height());
        assertEquals(uniqueColour(0x04), f.pixel(0, 1));
        assertEquals(uniqueColour(0x00), f.pixel(0, 0));
        assertEquals(uniqueColour(0x00), f.pixel(0, 2));
    }

    @Test
    void mode04InterleavesTwoBitPixelsAndTakesAddressBit13FromTheRowScan() {
        VgaHardware hw = TestModes.mode04();
        uniqueDac(hw);
        plane(hw, 0, 0, 0x1B); // 00 01 10 11: pixels 0-3 of line 0 (the even byte)
        plane(hw, 1, 0, 0xE4); // 11 10 01 00: pixels 4-7 (the odd byte)
        plane(hw, 0, 0x2000, 0x40); // line 1: second bank
        plane(hw, 0, 80, 0xC0); // line 2: next row, 40 words on
        Frame f = frame(hw);
        assertEquals(320, f.width());
        assertEquals(200, f.height());
        int[] palette = {0x00, 0x13, 0x15, 0x17};
        int[] expected = {0, 1, 2, 3, 3, 2, 1, 0};
        for (int x = 0; x < 8; x++) {
            assertEquals(uniqueColour(palette[expected[x]]), f.pixel(x, 0), "x=" + x);
        }
        assertEquals(uniqueColour(0x13), f.pixel(0, 1));
        assertEquals(uniqueColour(0x17), f.pixel(0, 2));
        assertEquals(uniqueColour(0x00), f.pixel(0, 3));
    }

    @Test
    void mode06ShowsPlane0BitsInBothBanks() {
        VgaHardware hw = TestModes.mode06();
        uniqueDac(hw);
        plane(hw, 0, 0, 0xA0);
        plane(hw, 0, 0x2000 + 79, 0x01);
        plane(hw, 0, 80, 0x80);
        Frame f = frame(hw);
        assertEquals(640, f.width());
        assertEquals(200, f.height());
        assertEquals(uniqueColour(0x17), f.pixel(0, 0));
        assertEquals(uniqueColour(0x00), f.pixel(1, 0));
        assertEquals(uniqueColour(0x17), f.pixel(2, 0));
        assertEquals(uniqueColour(0x17), f.pixel(639, 1));
        assertEquals(uniqueColour(0x17), f.pixel(0, 2));
    }

    @Test
    void map14PutsRowScanBit1OnAddressBit14() {
        // a Hercules-like layout: four row scans per row, no double scan, row scan bits 0 and 1 on
        // address bits 13 and 14: line 4r + s reads bank s (2000h apart) of row r
        VgaHardware hw = TestModes.mode06();
        uniqueDac(hw);
        hw.crtc[VgaHardware.CRTC_MAX_SCAN_LINE] = 0x03;
        hw.crtc[VgaHardware.CRTC_MODE_CONTROL] = 0xC0; // byte mode, MAP13 and MAP14
        plane(hw, 0, 0x0000, 0x80);
        plane(hw, 0, 0x2000, 0x40);
        plane(hw, 0, 0x4000, 0x20);
        plane(hw, 0, 0x6000, 0x10);
        plane(hw, 0, 0x0050, 0x08); // row 1 (offset 80), row scan 0
        Frame f = frame(hw);
        assertEquals(400, f.height(), "400 scan lines, none repeated");
        for (int s = 0; s < 4; s++) {
            for (int x = 0; x < 5; x++) {
                assertEquals(uniqueColour(x == s ? 0x17 : 0x00), f.pixel(x, s), "line " + s + " x " + x);
            }
        }
        assertEquals(uniqueColour(0x17), f.pixel(4, 4));
        assertEquals(uniqueColour(0x00), f.pixel(0, 4));
    }

    @Test
    void vbeModesReadTheLinearFramebufferWithOffsets() {
        VgaHardware hw = TestModes.mode03();
        uniqueDac(hw);
        int[] v = hw.vbe;
        v[VgaHardware.VBE_XRES] = 4;
        v[VgaHardware.VBE_YRES] = 2;
        v[VgaHardware.VBE_VIRT_WIDTH] = 8;
        v[VgaHardware.VBE_X_OFFSET] = 1;
        v[VgaHardware.VBE_Y_OFFSET] = 1;
        v[VgaHardware.VBE_ENABLE] = 0x01;

        v[VgaHardware.VBE_BPP] = 8;
        hw.vram[8 + 1] = 0x33; // pixel (1,1) of the virtual screen
        hw.vram[2 * 8 + 4] = (byte) 0x80; // (4,2) -> frame (3,1)
        Frame f8 = frame(hw);
        assertEquals(4, f8.width());
        assertEquals(2, f8.height());
        assertEquals(uniqueColour(0x33), f8.pixel(0, 0));
        assertEquals(uniqueColour(0x80), f8.pixel(3, 1));

        v[VgaHardware.VBE_BPP] = 16;
        int at = (8 + 1) * 2;
        hw.vram[at] = 0x1F;
        hw.vram[at + 1] = (byte) 0xF8; // F81Fh: red 31, green 0, blue 31
        hw.vram[at + 2] = (byte) 0xE0;
        hw.vram[at + 3] = 0x07; // 07E0h: green 63
        Frame f16 = frame(hw);
        assertEquals(0xFF00FF, f16.pixel(0, 0));
        assertEquals(0x00FF00, f16.pixel(1, 0));

        v[VgaHardware.VBE_BPP] = 15;
        hw.vram[at] = 0x00;
        hw.vram[at + 1] = 0x40; // 4000h: red 10000b = 16 -> 84h
        assertEquals(0x840000, frame(hw).pixel(0, 0));

        v[VgaHardware.VBE_BPP] = 32;
        at = (8 + 1) * 4;
        hw.vram[at] = 0x44;
        hw.vram[at + 1] = 0x55;
        hw.vram[at + 2] = 0x66;
        hw.vram[at + 3] = 0x77;
        assertEquals(0x665544, frame(hw).pixel(0, 0));

        v[VgaHardware.VBE_BPP] = 24;
        at = (8 + 1) * 3;
        hw.vram[at] = 0x11;
        hw.vram[at + 1] = 0x22;
        hw.vram[at + 2] = 0x33;
        assertEquals(0x332211, frame(hw).pixel(0, 0));
    }
}
