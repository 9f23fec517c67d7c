package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host addressing (chain-4, odd/even, planar), the memory map windows and RAM enable. */
class VgaMemoryTest {

    private VgaFixture vga;

    @BeforeEach
    void setUp() {
        vga = new VgaFixture();
        vga.planar();
    }

    @Test
    void chain4SelectsThePlaneByTheLowTwoBitsAtTheDoublewordOffset() {
        vga.seq(4, 0x0E); // chain-4
        vga.gc(5, 0x40);
        for (int i = 0; i < 8; i++) {
            vga.poke(i, 0x11 * (i + 1));
        }
        // pixel n: plane n & 3, offset n & ~3
        assertEquals(0x11, vga.hw.planeByte(0, 0));
        assertEquals(0x22, vga.hw.planeByte(1, 0));
        assertEquals(0x33, vga.hw.planeByte(2, 0));
        assertEquals(0x44, vga.hw.planeByte(3, 0));
        assertEquals(0x55, vga.hw.planeByte(0, 4));
        assertEquals(0x88, vga.hw.planeByte(3, 4));
        for (int o = 1; o < 4; o++) {
            for (int p = 0; p < 4; p++) {
                assertEquals(0, vga.hw.planeByte(p, o), "unused byte of plane " + p + " at " + o);
            }
        }
        assertEquals(0x33, vga.peek(2));
        // a read latches the four pixels of its doubleword
        assertEquals(0x44332211, vga.hw.latches);
        assertEquals(0x66, vga.peek(5));
        assertEquals(0x88776655, vga.hw.latches);
        // the map mask still applies: plane 0 masked, pixel 8 is not written
        vga.seq(2, 0x0E);
        vga.poke(8, 0x99);
        vga.poke(9, 0x9A);
        assertEquals(0, vga.hw.planeByte(0, 8));
        assertEquals(0x9A, vga.hw.planeByte(1, 8));
    }

    @Test
    void oddEvenSendsEvenBytesToPlanes0And2AndOddBytesToPlanes1And3() {
        vga.seq(4, 0x02); // odd/even on
        vga.gc(5, 0x10); // odd/even reads
        vga.gc(6, 0x0E); // B8000, chain odd/even, text
        vga.seq(2, 0x03);
        int b8000 = 0x18000;
        vga.poke(b8000, 'A');
        vga.poke(b8000 + 1, 0x1E);
        vga.poke(b8000 + 2, 'B');
        vga.poke(b8000 + 3, 0x07);
        assertEquals('A', vga.hw.planeByte(0, 0));
        assertEquals(0x1E, vga.hw.planeByte(1, 0));
        assertEquals('B', vga.hw.planeByte(0, 2));
        assertEquals(0x07, vga.hw.planeByte(1, 2));
        assertEquals(0, vga.hw.planeByte(0, 1));
        assertEquals(0, vga.hw.planeByte(2, 0));
        // reads: A0 picks plane 0 or 1 (read map select bit 1 picks the pair)
        vga.gc(4, 0);
        assertEquals('A', vga.peek(b8000));
        assertEquals(0x1E, vga.peek(b8000 + 1));
        assertEquals(0x07, vga.peek(b8000 + 3));
        // the font plane: map mask 4 and an even address reach plane 2; an odd one nothing
        vga.seq(2, 0x04);
        vga.poke(b8000 + 4, 0x5A);
        vga.poke(b8000 + 5, 0xA5);
        assertEquals(0x5A, vga.hw.planeByte(2, 4));
        assertEquals(0, vga.hw.planeByte(3, 4));
        vga.gc(4, 2);
        assertEquals(0x5A, vga.peek(b8000 + 4));
    }

    @Test
    void withoutChainOddEvenA0StaysAnAddressBit() {
        vga.seq(4, 0x02); // odd/even on
        vga.gc(5, 0x10);
        vga.gc(6, 0x0C); // B8000, chain odd/even off
        vga.seq(2, 0x0F);
        vga.poke(0x18000 + 0x21, 0x5C);
        // odd address: planes 1 and 3, at offset 21h (not 20h)
        assertEquals(0x5C, vga.hw.planeByte(1, 0x21));
        assertEquals(0x5C, vga.hw.planeByte(3, 0x21));
        assertEquals(0, vga.hw.planeByte(1, 0x20));
        vga.gc(4, 0);
        assertEquals(0x5C, vga.peek(0x18000 + 0x21));
        vga.gc(6, 0x0E); // chain odd/even: now A0 is not in the offset
        assertEquals(0, vga.peek(0x18000 + 0x21));
    }

    @Test
    void planarWithoutOddEvenReadsTheReadMapAtTheFullAddress() {
        vga.fillPlanes(0x1235, 1, 2, 3, 4);
        vga.gc(4, 3);
        assertEquals(4, vga.peek(0x1235));
        assertEquals(4, vga.hw.planeByte(3, 0x1235));
    }

    @Test
    void memoryMapSelectDecodesItsWindowOnly() {
        // 1: A0000 64K
        vga.gc(6, 0x05);
        vga.poke(0x10000, 0x42);
        assertEquals(0xFF, vga.peek(0x10000));
        vga.poke(0x0001, 0x42);
        assertEquals(0x42, vga.peek(0x0001));
        // 2: B0000 32K
        vga.gc(6, 0x09);
        assertEquals(0xFF, vga.peek(0x0001));
        assertEquals(0xFF, vga.peek(0x18000));
        assertEquals(0x42, vga.peek(0x10001));
        vga.poke(0x10002, 0x43);
        assertEquals(0x43, vga.hw.planeByte(0, 2));
        // 3: B8000 32K
        vga.gc(6, 0x0D);
        assertEquals(0xFF, vga.peek(0x10001));
        assertEquals(0x42, vga.peek(0x18001));
        vga.poke(0x17FFF, 0x99);
        assertEquals(0, vga.hw.planeByte(0, 0x7FFF));
        // 0: A0000 128K
        vga.gc(6, 0x01);
        assertEquals(0x42, vga.peek(0x0001));
        vga.poke(0x1FFFF, 0x77);
        assertEquals(0x77, vga.hw.planeByte(0, 0xFFFF));
    }

    @Test
    void miscOutputRamEnableGatesMemory() {
        vga.poke(5, 0x12);
        vga.out(0x3C2, 0xE1); // RAM off
        assertEquals(0xFF, vga.peek(5));
        vga.poke(5, 0x34);
        vga.out(0x3C2, 0xE3);
        assertEquals(0x12, vga.peek(5));
    }

    @Test
    void wordAccessesAreTwoByteAccessesLowAddressFirst() {
        vga.seq(4, 0x0E);
        vga.device.write(0x100, 2, 0xBBAA);
        assertEquals(0xAA, vga.hw.planeByte(0, 0x100));
        assertEquals(0xBB, vga.hw.planeByte(1, 0x100));
        assertEquals(0xBBAA, vga.device.read(0x100, 2));
        // latches from the second byte's read (same doubleword here)
        vga.seq(4, 0x06);
        vga.fillPlanes(0x200, 1, 2, 3, 4);
        vga.fillPlanes(0x201, 5, 6, 7, 8);
        vga.device.read(0x200, 2);
        assertEquals(0x08070605, vga.hw.latches);
    }

    @Test
    void theWindowIsNeverMappedDirectlyAndReadsHaveSideEffects() {
        assertNull(vga.device.directMemory());
        assertFalse(vga.device.readsAreSideEffectFree());
    }
}
