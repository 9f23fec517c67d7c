package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The port side: I/O select, attribute flip-flop, CRTC protect, DAC, read-back, word OUTs. */
class VgaPortsTest {

    private VgaFixture vga;

    @BeforeEach
    void setUp() {
        vga = new VgaFixture();
        vga.out(0x3C2, 0x67);
    }

    @Test
    void ioAddressSelectPicksTheCrtcPortSet() {
        vga.crtc(0x0E, 0x12);
        assertEquals(0x12, vga.crtcRead(0x0E));
        assertEquals(0xFF, vga.in(0x3B4));
        assertEquals(0xFF, vga.in(0x3B5));
        assertEquals(0xFF, vga.in(0x3BA));
        vga.out(0x3B4, 0x0F); // ignored
        assertEquals(0x0E, vga.in(0x3D4));
        vga.out(0x3C2, 0x66); // monochrome I/O
        assertEquals(0xFF, vga.in(0x3D4));
        assertEquals(0xFF, vga.in(0x3D5));
        assertEquals(0xFF, vga.in(0x3DA));
        vga.out(0x3B4, 0x0E);
        assertEquals(0x12, vga.in(0x3B5));
        vga.out(0x3B5, 0x34);
        vga.out(0x3C2, 0x67);
        assertEquals(0x34, vga.crtcRead(0x0E));
    }

    @Test
    void miscFeatureAndVideoEnableReadBack() {
        assertEquals(0x67, vga.in(0x3CC));
        vga.out(0x3DA, 0x03);
        assertEquals(0x03, vga.in(0x3CA));
        vga.out(0x3BA, 0x00); // mono port: not decoded with colour I/O
        assertEquals(0x03, vga.in(0x3CA));
        vga.out(0x3C3, 0x00);
        assertEquals(0x00, vga.in(0x3C3));
        vga.out(0x3CA, 0x00); // read-only port
        assertEquals(0x03, vga.in(0x3CA));
    }

    @Test
    void attributeFlipFlopAlternatesAndInputStatusResetsIt() {
        vga.in(0x3DA);
        vga.out(0x3C0, 0x11);
        vga.out(0x3C0, 0x2A);
        assertEquals(0x2A, vga.hw.attr[0x11]);
        assertEquals(0x11, vga.in(0x3C0));
        assertEquals(0x2A, vga.in(0x3C1));
        // index written, then a 3DA read: the next write is an index again
        vga.out(0x3C0, 0x03);
        vga.in(0x3DA);
        vga.out(0x3C0, 0x32);
        assertEquals(0x00, vga.hw.attr[3]);
        assertEquals(0x32, vga.in(0x3C0));
        vga.out(0x3C0, 0xFF); // data for index 12h: four bits of plane enable and two of the mux
        assertEquals(0x3F, vga.in(0x3C1));
        // palette registers keep six bits; 3C1 writes do nothing
        vga.out(0x3C0, 0x05);
        vga.out(0x3C0, 0xFF);
        vga.out(0x3C1, 0x00);
        assertEquals(0x3F, vga.hw.attr[5]);
        // the 3BA read does not reset the flip-flop while colour I/O is selected
        vga.out(0x3C0, 0x06);
        vga.in(0x3BA);
        vga.out(0x3C0, 0x15);
        assertEquals(0x15, vga.hw.attr[6]);
    }

    @Test
    void crtcProtectBitGuardsRegisters0To7ExceptLineCompareBit8() {
        vga.crtc(0x00, 0x5F);
        vga.crtc(0x07, 0x00);
        vga.crtc(0x11, 0x8E);
        vga.crtc(0x00, 0x2D);
        vga.crtc(0x06, 0x12);
        vga.crtc(0x07, 0xFF);
        vga.crtc(0x08, 0x03);
        assertEquals(0x5F, vga.crtcRead(0x00));
        assertEquals(0x00, vga.crtcRead(0x06));
        assertEquals(0x10, vga.crtcRead(0x07));
        assertEquals(0x03, vga.crtcRead(0x08));
        vga.crtc(0x11, 0x0E);
        vga.crtc(0x00, 0x2D);
        vga.crtc(0x07, 0x1F);
        assertEquals(0x2D, vga.crtcRead(0x00));
        assertEquals(0x1F, vga.crtcRead(0x07));
        vga.out(0x3D4, 0x19);
        assertEquals(0xFF, vga.in(0x3D5));
    }

    @Test
    void wordOutsWriteIndexThenData() {
        vga.outw(0x3C4, 0x0F02);
        vga.outw(0x3CE, 0x0805);
        vga.outw(0x3D4, 0x550C);
        assertEquals(0x0F, vga.hw.seq[2]);
        assertEquals(0x02, vga.in(0x3C4));
        assertEquals(0x08, vga.hw.gc[5]);
        assertEquals(0x55, vga.hw.crtc[0x0C]);
        assertEquals(0x0F02, vga.inw(0x3C4));
        assertEquals(0x550C, vga.inw(0x3D4));
    }

    @Test
    void sequencerReadsBackMaskedAndOnlyFiveRegisters() {
        vga.seq(1, 0xFF);
        vga.out(0x3C4, 1);
        assertEquals(0x3D, vga.in(0x3C5));
        vga.seq(4, 0xFF);
        assertEquals(0x0E, vga.in(0x3C5));
        vga.out(0x3C4, 5);
        assertEquals(0xFF, vga.in(0x3C5));
    }

    @Test
    void dacWriteAndReadSequences() {
        vga.out(0x3C8, 5);
        assertEquals(0, vga.in(0x3C7));
        int[] values = {1, 2, 3, 0x44, 0xFF, 6};
        for (int v : values) {
            vga.out(0x3C9, v);
        }
        assertEquals(7, vga.in(0x3C8));
        assertEquals(1, vga.hw.dac[15]);
        assertEquals(0x04, vga.hw.dac[18]);
        assertEquals(0x3F, vga.hw.dac[19]);
        vga.out(0x3C7, 5);
        assertEquals(3, vga.in(0x3C7));
        int[] expected = {1, 2, 3, 0x04, 0x3F, 6};
        for (int e : expected) {
            assertEquals(e, vga.in(0x3C9));
        }
        // a partial write (red, green) is not stored until blue arrives
        vga.out(0x3C8, 9);
        vga.out(0x3C9, 10);
        vga.out(0x3C9, 11);
        assertEquals(0, vga.hw.dac[27]);
        vga.out(0x3C9, 12);
        assertEquals(10, vga.hw.dac[27]);
        assertEquals(12, vga.hw.dac[29]);
        // restarting at red: setting an index drops the partial entry
        vga.out(0x3C8, 255);
        vga.out(0x3C9, 20);
        vga.out(0x3C8, 255);
        vga.out(0x3C9, 21);
        vga.out(0x3C9, 22);
        vga.out(0x3C9, 23);
        assertEquals(21, vga.hw.dac[765]);
        assertEquals(0, vga.in(0x3C8)); // wrapped after 255
        assertEquals(0x15 << 18 | 0x16 << 10 | 0x17 << 2, vga.hw.dacRgb(255) & 0xFCFCFC);
    }

    @Test
    void pelMaskIsAPlainRegister() {
        assertEquals(0xFF, vga.in(0x3C6));
        vga.out(0x3C6, 0x3C);
        assertEquals(0x3C, vga.in(0x3C6));
        vga.out(0x3C8, 0);
        assertEquals(0x3C, vga.in(0x3C6));
    }
}
