package org.tessera.dev.pci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The configuration space helper: read-only fields, write masks, write-1-to-clear, BAR sizing, state. */
class ConfigSpaceTest {

    private static ConfigSpace sample() {
        return new ConfigSpace(0x1234, 0x5678, 0x9A, 0xBCDEF0, 0x80)
                .command(0x0002, 0x0005)
                .status(0x0280, 0xF900)
                .ioBar(1, 32)
                .interrupt(1)
                .register(0x40, 2, 0xA5A5, 0x0FF0)
                .seal();
    }

    @Test
    void identificationIsReadOnlyAndLittleEndian() {
        ConfigSpace c = sample();
        assertEquals(0x5678_1234, c.read(0x00, 4));
        assertEquals(0x34, c.read(0x00, 1));
        assertEquals(0x56, c.read(0x03, 1));
        assertEquals(0xBCDE_F09A, c.read(0x08, 4));
        assertEquals(0x80, c.read(0x0E, 1));
        c.write(0x00, 4, 0);
        c.write(0x08, 4, 0);
        c.write(0x0C, 4, -1);
        assertEquals(0x5678_1234, c.read(0x00, 4));
        assertEquals(0xBCDE_F09A, c.read(0x08, 4));
        assertEquals(0x0080_0000, c.read(0x0C, 4), "cache line, latency and BIST not implemented: 0");
    }

    @Test
    void unclaimedBytesReadZeroAndIgnoreWrites() {
        ConfigSpace c = sample();
        c.write(0x80, 4, 0x1234_5678);
        c.write(0xFC, 4, -1);
        assertEquals(0, c.read(0x80, 4));
        assertEquals(0, c.read(0xFC, 4));
    }

    @Test
    void writeMaskKeepsReadOnlyBits() {
        ConfigSpace c = sample();
        c.write(0x40, 2, 0x0000);
        assertEquals(0xA005, c.read(0x40, 2));
        c.write(0x41, 1, 0xFF);
        assertEquals(0xAF05, c.read(0x40, 2));
        c.write(ConfigSpace.COMMAND, 2, 0xFFFF);
        assertEquals(0x0007, c.read(ConfigSpace.COMMAND, 2), "bit 1 hardwired, bits 0 and 2 written");
        c.write(ConfigSpace.COMMAND, 2, 0);
        assertEquals(0x0002, c.read(ConfigSpace.COMMAND, 2));
    }

    @Test
    void statusBitsClearOnWritingOne() {
        ConfigSpace c = sample();
        c.setStatus(0x3000 | 0x0100);
        assertEquals(0x3380, c.read(ConfigSpace.STATUS, 2));
        c.write(ConfigSpace.STATUS, 2, 0);
        assertEquals(0x3380, c.read(ConfigSpace.STATUS, 2), "writing 0 leaves them");
        c.write(ConfigSpace.STATUS, 2, 0x1000 | 0x0280);
        assertEquals(0x2380, c.read(ConfigSpace.STATUS, 2), "writing 1 clears only that bit; DEVSEL is read-only");
        // a dword write at 04h writes command and status together
        c.write(ConfigSpace.COMMAND, 4, 0xFFFF_0001);
        assertEquals(0x0280_0003, c.read(ConfigSpace.COMMAND, 4));
    }

    @Test
    void ioBarSizesAndPlaces() {
        ConfigSpace c = sample();
        int bar = ConfigSpace.BAR0 + 4;
        assertEquals(0x0000_0001, c.read(bar, 4));
        c.write(bar, 4, 0xFFFF_FFFF);
        int sizing = c.read(bar, 4);
        assertEquals(0xFFFF_FFE1, sizing);
        assertEquals(32, ~(sizing & ~3) + 1, "the size software computes");
        c.write(bar, 4, 0x0000_C03F);
        assertEquals(0x0000_C021, c.read(bar, 4));
        c.write(bar + 2, 2, 0x1234);
        assertEquals(0x1234_C021, c.read(bar, 4));
        for (int other : new int[] {0x10, 0x18, 0x1C, 0x20, 0x24, 0x30}) {
            c.write(other, 4, -1);
            assertEquals(0, c.read(other, 4), "unimplemented BAR " + Integer.toHexString(other));
        }
        assertThrows(IllegalArgumentException.class, () -> new ConfigSpace(0, 0, 0, 0, 0).ioBar(0, 24));
    }

    @Test
    void interruptLineIsWritablePinIsNot() {
        ConfigSpace c = sample();
        c.write(ConfigSpace.INTERRUPT_LINE, 2, 0xFF0B);
        assertEquals(0x010B, c.read(ConfigSpace.INTERRUPT_LINE, 2));
    }

    @Test
    void loadTakesWritableBitsOnlyAndResetRestores() {
        ConfigSpace c = sample();
        c.write(0x40, 2, 0x0FF0);
        byte[] saved = c.save();
        saved[0] = 0x11; // a different vendor in the record
        saved[0x80] = 0x22; // an unclaimed byte
        ConfigSpace d = sample();
        d.load(saved);
        assertEquals(0xAFF5, d.read(0x40, 2));
        assertEquals(0x1234, d.read(0, 2), "this implementation's IDs win");
        assertEquals(0, d.read(0x80, 1));
        d.reset();
        assertEquals(0xA5A5, d.read(0x40, 2));
        assertThrows(IllegalArgumentException.class, () -> d.load(new byte[255]));
        assertThrows(IllegalStateException.class, () -> sample().register(0x50, 1, 0, 0xFF));
    }
}
