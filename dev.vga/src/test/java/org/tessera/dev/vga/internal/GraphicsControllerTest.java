package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planar data path: read modes, write modes 0-3 with rotate, set/reset, the logical
 * function, the bit mask and the map mask. Expected bytes are worked out by hand from the rules
 * (in the comments), never by calling the code under test.
 */
class GraphicsControllerTest {

    private VgaFixture vga;

    @BeforeEach
    void setUp() {
        vga = new VgaFixture();
        vga.planar();
        // latches source at offset 10h: plane 0 0Fh, plane 1 F0h, plane 2 AAh, plane 3 55h
        vga.fillPlanes(0x10, 0x0F, 0xF0, 0xAA, 0x55);
    }

    private void assertPlanes(int offset, int p0, int p1, int p2, int p3) {
        assertEquals(p0, vga.hw.planeByte(0, offset), "plane 0");
        assertEquals(p1, vga.hw.planeByte(1, offset), "plane 1");
        assertEquals(p2, vga.hw.planeByte(2, offset), "plane 2");
        assertEquals(p3, vga.hw.planeByte(3, offset), "plane 3");
    }

    @Test
    void mapMaskWritesOnlyTheEnabledPlanes() {
        assertPlanes(0x10, 0x0F, 0xF0, 0xAA, 0x55);
        vga.seq(2, 0x0A);
        vga.poke(0x11, 0x77);
        assertPlanes(0x11, 0x00, 0x77, 0x00, 0x77);
    }

    @Test
    void readMode0ReadsTheSelectedPlaneAndLoadsAllLatches() {
        for (int p = 0; p < 4; p++) {
            vga.gc(4, p);
            assertEquals(new int[] {0x0F, 0xF0, 0xAA, 0x55}[p], vga.peek(0x10));
        }
        assertEquals(0x55AAF00F, vga.hw.latches);
    }

    @Test
    void writeMode0RotateSetResetXorBitMaskMapMask() {
        vga.peek(0x10); // latches 0F F0 AA 55
        vga.gc(3, 0x18 | 3); // XOR, rotate right 3
        vga.gc(8, 0xF0);
        vga.gc(1, 0x04); // set/reset enabled on plane 2 only
        vga.gc(0, 0x06); // set/reset value: planes 1 and 2
        vga.seq(2, 0x0D); // planes 0, 2, 3
        vga.poke(0x10, 0x81);
        // 81h ror 3 = 30h.
        // plane 0: 30 ^ 0F = 3F; (3F & F0) | (0F & 0F) = 3F
        // plane 1: not written, F0
        // plane 2: set/reset FF ^ AA = 55; (55 & F0) | (AA & 0F) = 5A
        // plane 3: 30 ^ 55 = 65; (65 & F0) | (55 & 0F) = 65
        assertPlanes(0x10, 0x3F, 0xF0, 0x5A, 0x65);
    }

    @Test
    void writeMode0AndAndOr() {
        vga.peek(0x10);
        vga.gc(3, 0x08); // AND, no rotate
        vga.poke(0x20, 0x3C);
        // 3C & latches: 0C 30 28 14
        assertPlanes(0x20, 0x0C, 0x30, 0x28, 0x14);
        vga.gc(3, 0x10 | 7); // OR, rotate right 7 (= left 1)
        vga.poke(0x21, 0x81); // 81h ror 7 = 03h
        // 03 | latches: 0F F3 AB 57
        assertPlanes(0x21, 0x0F, 0xF3, 0xAB, 0x57);
    }

    @Test
    void writeMode0BitMaskKeepsLatchedBitsNotWhatIsInMemory() {
        vga.fillPlanes(0x30, 0xEE, 0xEE, 0xEE, 0xEE);
        vga.peek(0x10); // latches from offset 10h; writes do not load them
        vga.gc(8, 0x0F);
        vga.poke(0x30, 0x00);
        // the bits outside the mask come from the latches (offset 10h), not from offset 30h
        assertPlanes(0x30, 0x00, 0xF0, 0xA0, 0x50);
    }

    @Test
    void writeMode1CopiesTheLatchesThroughTheMapMask() {
        vga.fillPlanes(0x41, 0x11, 0x22, 0x33, 0x44);
        vga.gc(5, 0x01);
        vga.peek(0x10);
        vga.poke(0x40, 0x12); // the value does not matter
        assertPlanes(0x40, 0x0F, 0xF0, 0xAA, 0x55);
        vga.seq(2, 0x03);
        vga.peek(0x10);
        vga.poke(0x41, 0xFF);
        assertPlanes(0x41, 0x0F, 0xF0, 0x33, 0x44);
        // bit mask and function do not apply in write mode 1
        vga.gc(8, 0x00);
        vga.gc(3, 0x18);
        vga.seq(2, 0x0F);
        vga.poke(0x42, 0x00);
        assertPlanes(0x42, 0x0F, 0xF0, 0xAA, 0x55);
    }

    @Test
    void latchedCopyBetweenTwoAddresses() {
        // a REP MOVSB from 10h to 50h in write mode 1: read loads, write stores the latches
        vga.fillPlanes(0x11, 0x01, 0x02, 0x03, 0x04);
        vga.gc(5, 0x01);
        for (int i = 0; i < 2; i++) {
            vga.poke(0x50 + i, vga.peek(0x10 + i));
        }
        assertPlanes(0x50, 0x0F, 0xF0, 0xAA, 0x55);
        assertPlanes(0x51, 0x01, 0x02, 0x03, 0x04);
    }

    @Test
    void writeMode2ExpandsTheColourThroughFunctionAndBitMask() {
        vga.peek(0x10);
        vga.gc(5, 0x02);
        vga.gc(3, 0x08 | 5); // AND; the rotate count is ignored in write mode 2
        vga.gc(8, 0x3C);
        vga.poke(0x60, 0xFA); // colour 1010b: planes 1 and 3 get FF
        // plane 0: 00 & 0F = 00; (00 & 3C) | (0F & C3) = 03
        // plane 1: FF & F0 = F0; (F0 & 3C) | (F0 & C3) = 30 | C0 = F0
        // plane 2: 00; (AA & C3) = 82
        // plane 3: FF & 55 = 55; (55 & 3C) | (55 & C3) = 14 | 41 = 55
        assertPlanes(0x60, 0x03, 0xF0, 0x82, 0x55);
    }

    @Test
    void writeMode3UsesRotatedDataAndBitMaskAsMaskAndSetResetAsData() {
        vga.peek(0x10);
        vga.gc(5, 0x03);
        vga.gc(3, 0x10 | 1); // OR, rotate right 1
        vga.gc(8, 0xCC);
        vga.gc(0, 0x05); // set/reset planes 0 and 2
        vga.gc(1, 0x00); // enable set/reset does not matter in write mode 3
        vga.poke(0x70, 0xF0);
        // F0 ror 1 = 78; mask = 78 & CC = 48
        // plane 0: FF | 0F = FF; (FF & 48) | (0F & B7) = 48 | 07 = 4F
        // plane 1: 00 | F0 = F0; (F0 & 48) | (F0 & B7) = 40 | B0 = F0
        // plane 2: FF | AA = FF; 48 | (AA & B7) = 48 | A2 = EA
        // plane 3: 00 | 55 = 55; (55 & 48) | (55 & B7) = 40 | 15 = 55
        assertPlanes(0x70, 0x4F, 0xF0, 0xEA, 0x55);
    }

    @Test
    void readMode1ComparesColoursWithDontCare() {
        vga.gc(5, 0x08);
        vga.gc(2, 0x05); // colour 0101b
        vga.gc(7, 0x0F);
        // pixel bit j matches where plane0=1, plane1=0, plane2=1, plane3=0: bits 3 and 1
        assertEquals(0x0A, vga.peek(0x10));
        assertEquals(0x55AAF00F, vga.hw.latches);
        vga.gc(7, 0x03); // only planes 0 and 1 count: bits 3-0
        assertEquals(0x0F, vga.peek(0x10));
        vga.gc(7, 0x00); // nothing counts: all match
        assertEquals(0xFF, vga.peek(0x10));
        vga.gc(2, 0x0A);
        vga.gc(7, 0x0F); // colour 1010b: plane0=0, plane1=1, plane2=0, plane3=1: bits 6 and 4
        assertEquals(0x50, vga.peek(0x10));
    }

    @Test
    void registersReadBackMaskedToTheirBits() {
        vga.gc(3, 0xFF);
        vga.out(0x3CE, 3);
        assertEquals(0x1F, vga.in(0x3CF));
        vga.gc(5, 0xFF);
        assertEquals(0x7B, vga.in(0x3CF));
        vga.out(0x3CE, 0x0C);
        assertEquals(0x0C, vga.in(0x3CE));
        assertEquals(0xFF, vga.in(0x3CF));
    }
}
