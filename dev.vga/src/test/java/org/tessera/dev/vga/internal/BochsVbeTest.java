package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Bochs VBE registers, the banked window and the linear framebuffer. */
class BochsVbeTest {

    private static final int VRAM = 4 << 20;
    private VgaFixture vga;

    @BeforeEach
    void setUp() {
        vga = new VgaFixture(VRAM);
        vga.out(0x3C2, 0x63);
    }

    @Test
    void idAcceptsOnlyKnownVersions() {
        assertEquals(0xB0C5, vga.vbeRead(0));
        vga.vbe(0, 0xB0C0);
        assertEquals(0xB0C0, vga.vbeRead(0));
        vga.vbe(0, 0xB0C6);
        assertEquals(0xB0C0, vga.vbeRead(0));
        vga.vbe(0, 0x1234);
        assertEquals(0xB0C0, vga.vbeRead(0));
        assertEquals(0, vga.inw(0x1CE));
        assertEquals(VRAM >> 16, vga.vbeRead(10));
    }

    @Test
    void modeRegistersAndEnable() {
        vga.vbe(1, 800);
        vga.vbe(2, 600);
        vga.vbe(3, 16);
        vga.vbe(3, 17); // not a depth: ignored
        assertEquals(16, vga.vbeRead(3));
        vga.vbe(1, 801); // not a multiple of 8
        assertEquals(800, vga.vbeRead(1));
        vga.vbe(4, 0x41);
        assertEquals(0x41, vga.vbeRead(4));
        assertEquals(800, vga.vbeRead(6));
        assertEquals(VRAM / 1600, vga.vbeRead(7));
        // while enabled the resolution stays
        vga.vbe(1, 640);
        assertEquals(800, vga.vbeRead(1));
        vga.vbe(6, 1024);
        assertEquals(1024, vga.vbeRead(6));
        assertEquals(VRAM / 2048, vga.vbeRead(7));
        vga.vbe(8, 3);
        vga.vbe(9, 7);
        assertEquals(3, vga.vbeRead(8));
        assertEquals(7, vga.vbeRead(9));
        vga.vbe(4, 0);
        vga.vbe(1, 640);
        assertEquals(640, vga.vbeRead(1));
    }

    @Test
    void getCapsReadsTheMaximum() {
        vga.vbe(4, 0x02);
        assertEquals(2560, vga.vbeRead(1));
        assertEquals(1600, vga.vbeRead(2));
        assertEquals(32, vga.vbeRead(3));
        vga.vbe(4, 0x00);
        assertEquals(640, vga.vbeRead(1));
        assertEquals(480, vga.vbeRead(2));
        assertEquals(8, vga.vbeRead(3));
    }

    @Test
    void enablingClearsMemoryUnlessNoClearMem() {
        vga.hw.vram[12345] = 7;
        vga.vbe(4, 0x81);
        assertEquals(7, vga.hw.vram[12345]);
        vga.vbe(4, 0x00);
        vga.vbe(4, 0x01);
        assertEquals(0, vga.hw.vram[12345]);
    }

    @Test
    void aModeLargerThanMemoryIsNotEnabled() {
        vga.vbe(1, 2560);
        vga.vbe(2, 1600);
        vga.vbe(3, 32);
        vga.vbe(4, 0x41);
        assertEquals(0x40, vga.vbeRead(4));
    }

    @Test
    void bankedWindowAtA0000() {
        vga.vbe(4, 0x01);
        vga.vbe(5, 3);
        vga.poke(0x10, 0xAB);
        vga.poke(0xFFFF, 0xCD);
        assertEquals(0xAB, vga.hw.vram[3 * 65536 + 0x10] & 0xFF);
        assertEquals(0xCD, vga.hw.vram[3 * 65536 + 0xFFFF] & 0xFF);
        assertEquals(0xAB, vga.peek(0x10));
        assertEquals(0xFF, vga.peek(0x10000)); // B0000 is not decoded
        vga.device.write(0x20, 2, 0x3412);
        assertEquals(0x12, vga.hw.vram[3 * 65536 + 0x20]);
        assertEquals(0x34, vga.hw.vram[3 * 65536 + 0x21]);
        vga.vbe(5, VRAM >> 16); // beyond the memory: ignored
        assertEquals(3, vga.vbeRead(5));
        // disabled again: planar decoding, latches and all
        vga.vbe(4, 0x00);
        vga.seq(4, 0x06);
        vga.seq(2, 0x0F);
        vga.gc(8, 0xFF);
        vga.gc(6, 0x05);
        vga.poke(0x10, 0x5A);
        assertEquals(0x5A, vga.hw.planeByte(3, 0x10));
    }

    @Test
    void linearFramebufferIsPlainMemoryOverAllOfVram() {
        VgaLfb lfb = new VgaLfb(vga.hw);
        lfb.write(0x30010, 4, 0x44332211);
        assertEquals(0x11, vga.hw.vram[0x30010]);
        assertEquals(0x44, vga.hw.vram[0x30013]);
        assertEquals(0x44332211, lfb.read(0x30010, 4));
        assertEquals(0x3322, lfb.read(0x30011, 2));
        assertSame(vga.hw.vram, lfb.directMemory());
        assertTrue(lfb.directWritable());
        assertTrue(lfb.readsAreSideEffectFree());
        // the banked window shows the same bytes
        vga.vbe(4, 0x81);
        vga.vbe(5, 3);
        assertEquals(0x22, vga.peek(0x11));
    }
}
