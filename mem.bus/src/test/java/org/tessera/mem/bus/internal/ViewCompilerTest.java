package org.tessera.mem.bus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionHandler;

class ViewCompilerTest {

    private final PhysicalBus bus = new PhysicalBus();

    @Test
    void emptyViewIsOpenBusEverywhere() {
        MemoryView v = bus.view();
        assertEquals(1 << 20, v.pageCount());
        assertEquals(MemoryView.OPEN_BUS, v.flags(0));
        assertEquals(MemoryView.OPEN_BUS, v.flags(v.pageCount() - 1));
        assertNull(v.readArray(0));
    }

    @Test
    void ramPagesAreDirectWithTheirOffsets() {
        RamRegion ram = RamRegion.of(64 * 1024);
        BusFixture.bind(bus, ram, 0, 64 * 1024, 0, "ram");
        MemoryView v = bus.view();
        for (int page = 0; page < 16; page++) {
            assertSame(ram.directMemory(), v.readArray(page));
            assertSame(ram.directMemory(), v.writeArray(page));
            assertEquals(page * 4096, v.arrayOffset(page));
            assertEquals(MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE, v.flags(page));
        }
        assertEquals(MemoryView.OPEN_BUS, v.flags(16));
    }

    @Test
    void higherPriorityHidesLowerAndRomIsReadOnly() {
        RamRegion ram = RamRegion.of(1 << 20);
        BusFixture.bind(bus, ram, 0, 1 << 20, 0, "ram");
        RomRegion rom = RomRegion.of(new byte[0x10000]);
        BusFixture.bind(bus, rom, 0xF0000, 0x10000, 20, null);
        RecordingDevice vga = new RecordingDevice("vga", 0x20000, RegionHandler.BYTE);
        BusFixture.bind(bus, vga, 0xA0000, 0x20000, 10, "vga");
        MemoryView v = bus.view();
        assertEquals(MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE, v.flags(0x9F));
        assertEquals(MemoryView.MMIO, v.flags(0xA0));
        assertEquals(MemoryView.MMIO, v.flags(0xBF));
        assertEquals(MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE, v.flags(0xC0));
        assertEquals(MemoryView.DIRECT_READ | MemoryView.DISCARD_WRITES, v.flags(0xF0));
        assertSame(rom.directMemory(), v.readArray(0xF1));
        assertEquals(0x1000, v.arrayOffset(0xF1));
        assertNull(v.writeArray(0xF1));
    }

    @Test
    void regionsSmallerThanAPageShareItWithOpenBusInTheGaps() {
        RecordingDevice a = new RecordingDevice("a", 16, RegionHandler.BYTE);
        RecordingDevice b = new RecordingDevice("b", 8, RegionHandler.BYTE);
        BusFixture.bind(bus, a, 0x10000010, 16, 0, null);
        BusFixture.bind(bus, b, 0x10000020, 8, 0, null);
        MemoryView v = bus.view();
        int page = 0x10000;
        assertTrue((v.flags(page) & MemoryView.SUBPAGE) != 0);
        assertTrue((v.flags(page) & MemoryView.OPEN_BUS) != 0);
        CompiledView cv = (CompiledView) v;
        assertSame(Target.OPEN, cv.target(0x1000000F));
        assertSame(a, cv.target(0x10000010).slot.binding().handler());
        assertSame(a, cv.target(0x1000001F).slot.binding().handler());
        assertSame(b, cv.target(0x10000020).slot.binding().handler());
        assertSame(Target.OPEN, cv.target(0x10000028));
        assertEquals(0x10000020, cv.runEnd(0x10000010));
        assertEquals(0x10001000, cv.runEnd(0x10000030));
    }

    @Test
    void unbindingRestoresWhatWasBelow() {
        RamRegion ram = RamRegion.of(1 << 20);
        BusFixture.bind(bus, ram, 0, 1 << 20, 0, "ram");
        RecordingDevice dev = new RecordingDevice("d", 0x1000, RegionHandler.BYTE);
        BusFixture.bind(bus, dev, 0x5000, 0x1000, 5, null);
        assertEquals(MemoryView.MMIO, bus.view().flags(5));
        bus.unbind(dev);
        assertEquals(MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE, bus.view().flags(5));
        assertEquals(1, bus.regions().size());
    }

    @Test
    void aHandlerWhosePropertiesChangeMovesWithItsState() {
        RecordingDevice dev = new RecordingDevice("d", 0x2000, RegionHandler.BYTE);
        BusFixture.bind(bus, dev, 0x10000, 0x1000, 0, "d");
        bus.write(0x10004, 1, 0x5A);
        bus.update(dev, BusFixture.props(0x20000, 0x2000, 0, "d"), "test");
        assertEquals(0x5A, bus.read(0x20004, 1));
        assertEquals(0xFF, bus.read(0x10004, 1));
        assertEquals(0x20000, bus.regions().get(0).base());
        assertEquals(0x2000, bus.regions().get(0).size());
    }

    @Test
    void aNewViewIsPublishedPerChangeAndRemapRereadsDirectMemory() {
        SwitchableDevice dev = new SwitchableDevice();
        BusFixture.bind(bus, dev, 0x20000, 0x1000, 0, "sw");
        MemoryView before = bus.view();
        assertEquals(MemoryView.MMIO, before.flags(0x20));
        dev.linear = true;
        bus.remap();
        MemoryView after = bus.view();
        assertTrue(before != after);
        assertNotNull(after.readArray(0x20));
        bus.write(0x20004, 4, 0x11223344);
        assertArrayEquals(new byte[] {0x44, 0x33, 0x22, 0x11}, java.util.Arrays.copyOfRange(dev.mem, 4, 8));
        assertEquals(0, dev.calls, "a directly mapped page never reaches the handler");
    }

    /** A device that can switch between handler accesses and direct mapping, like a VGA. */
    static class SwitchableDevice implements RegionHandler {
        final byte[] mem = new byte[0x1000];
        volatile boolean linear;
        int calls;

        @Override
        public byte[] directMemory() {
            return linear ? mem : null;
        }

        @Override
        public boolean directWritable() {
            return true;
        }

        @Override
        public int read(long offset, int size) {
            calls++;
            return mem[(int) offset] & 0xFF;
        }

        @Override
        public void write(long offset, int size, int value) {
            calls++;
            mem[(int) offset] = (byte) value;
        }
    }
}
