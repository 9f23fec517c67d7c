package org.tessera.dev.pci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.RegionHandler;

/** Reading the firmware below a shadowed segment. */
class FirmwareRomsTest {

    @Test
    void highestPriorityRomCoveringTheAccessAnswers() {
        FirmwareRoms roms = new FirmwareRoms();
        assertEquals(0xFF, roms.read(0xF0000, 1), "no ROM at all");
        FakeBus.Memory low = new FakeBus.Memory(0x20000, false, false);
        low.bytes[0x10000] = 0x11;
        FakeBus.Memory high = new FakeBus.Memory(0x10000, false, false);
        high.bytes[0] = 0x22;
        roms.add(low, I440fxTest.region(0xE0000, 0x20000, 5, true));
        assertEquals(0x11, roms.read(0xF0000, 1));
        roms.add(high, I440fxTest.region(0xF0000, 0x10000, 20, true));
        assertEquals(0x22, roms.read(0xF0000, 1));
        roms.remove(high);
        assertEquals(0x11, roms.read(0xF0000, 1));
        roms.add(low, Map.of(RegionHandler.REGION_BASE, "0xF0000", RegionHandler.REGION_SIZE, 1));
        assertEquals(0x00, roms.read(0xF0000, 1), "updated properties: now one byte at F0000h");
        assertEquals(0xFF, roms.read(0xF0001, 1));
        roms.add(low, Map.of(RegionHandler.REGION_BASE, 0xF0000));
        assertEquals(0xFF, roms.read(0xF0000, 1), "no size: not a ROM any more");
    }

    @Test
    void romsWithoutDirectMemoryAreReadInTheSizesTheyTake() {
        FirmwareRoms roms = new FirmwareRoms();
        FakeBus.Memory mmio = new FakeBus.Memory(0x10, false, true); // bytes only
        for (int i = 0; i < 0x10; i++) {
            mmio.bytes[i] = (byte) (0xA0 + i);
        }
        roms.add(mmio, I440fxTest.region(0xC8000, 0x10, 0, true));
        assertEquals(0xA3A2_A1A0, roms.read(0xC8000, 4));
        assertEquals(4, mmio.reads);
        assertEquals(0xFFFF_AFAE, roms.read(0xC800E, 4), "bytes past the ROM read FFh");
    }
}
