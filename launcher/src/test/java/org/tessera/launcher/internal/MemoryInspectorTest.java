package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

class MemoryInspectorTest {

    private final MemoryInspector inspector = new MemoryInspector();

    @Test
    void parsesPeek() {
        assertEquals(new MemoryInspector.PeekRequest(0x400, 64, false), MemoryInspector.parsePeek("0x400"));
        assertEquals(new MemoryInspector.PeekRequest(0x400, 16, true), MemoryInspector.parsePeek("-f", "400h", "16"));
        assertEquals(new MemoryInspector.PeekRequest(0x400, 32, true), MemoryInspector.parsePeek("0x400", "0x20", "--force"));
    }

    @Test
    void rejectsBadPeeks() {
        assertEquals(MemoryInspector.PEEK_USAGE, assertThrows(IllegalArgumentException.class, MemoryInspector::parsePeek).getMessage());
        assertEquals(MemoryInspector.PEEK_USAGE,
                assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePeek("1", "2", "3")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePeek("-x", "1"))
                .getMessage().startsWith("unknown option '-x'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePeek("0x0", "0"))
                .getMessage().startsWith("count must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePeek("0x0", "65537"))
                .getMessage().startsWith("count must be"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePeek("0xFFFFFFF8", "16"))
                .getMessage().contains("beyond the 4 GiB"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePeek("zz"))
                .getMessage().startsWith("malformed address"));
    }

    @Test
    void parsesPoke() {
        assertEquals(new MemoryInspector.PokeRequest(0x400, 0xAB, 1), MemoryInspector.parsePoke("0x400", "0xAB"));
        assertEquals(new MemoryInspector.PokeRequest(0x400, 0x1234, 2), MemoryInspector.parsePoke("400h", "1234h", "2"));
        assertEquals(new MemoryInspector.PokeRequest(0, 0xFFFFFFFF, 4), MemoryInspector.parsePoke("0", "0xFFFFFFFF", "4"));
    }

    @Test
    void rejectsBadPokes() {
        assertEquals(MemoryInspector.POKE_USAGE,
                assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePoke("0x400")).getMessage());
        assertEquals("size must be 1, 2 or 4 (got 3)",
                assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePoke("0", "1", "3")).getMessage());
        assertEquals("value 0x100 does not fit in 1 byte",
                assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePoke("0", "0x100")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MemoryInspector.parsePoke("0xFFFFFFFF", "1", "2"))
                .getMessage().contains("beyond the 4 GiB"));
    }

    @Test
    void readsMappedBytesAndSkipsUnmappedOnes() {
        FakeBus bus = new FakeBus(List.of(new RegionInfo(0x1000, 4, 0, "ram", "ram", "mem.bus", "ram", true)));
        Integer[] bytes = inspector.read(bus, new MemoryInspector.PeekRequest(0xFFE, 8, false));
        assertArrayEquals(new Integer[] {null, null, 0x00, 0x01, 0x02, 0x03, null, null}, bytes);
        assertEquals(List.of(0x1000L, 0x1001L, 0x1002L, 0x1003L), bus.reads);
    }

    @Test
    void refusesMmioUnlessForced() {
        FakeBus bus = new FakeBus(List.of(
                new RegionInfo(0, 0x1000, 0, "ram", "ram", "mem.bus", "ram", true),
                new RegionInfo(0xA0000, 0x20000, 10, "vga", "vga", "dev.vga", "mmio", true)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> inspector.read(bus, new MemoryInspector.PeekRequest(0x9FFF0, 32, false)));
        assertTrue(e.getMessage().contains("MMIO region vga (dev.vga)"), e.getMessage());
        assertTrue(e.getMessage().contains("peek -f"), e.getMessage());
        assertTrue(bus.reads.isEmpty(), "nothing is read when refused");
        Integer[] forced = inspector.read(bus, new MemoryInspector.PeekRequest(0x9FFF0, 32, true));
        assertEquals(16, bus.reads.size());
        assertEquals(null, forced[0]);
        assertEquals(0x00, forced[16]);
    }

    @Test
    void pokeSaysWhenTheWriteIsDropped() {
        FakeBus bus = new FakeBus(List.of(
                new RegionInfo(0, 0x1000, 0, "ram", "ram", "mem.bus", "ram", true),
                new RegionInfo(0xF0000, 0x10000, 20, "bios.bin", null, "mem.bus", "rom", true)));
        assertEquals("wrote 0x1234 (2 bytes) at 0x00000400",
                inspector.write(bus, new MemoryInspector.PokeRequest(0x400, 0x1234, 2)));
        assertEquals("wrote 0x01 (1 byte) at 0x000F0000 (ROM bios.bin: the write was dropped)",
                inspector.write(bus, new MemoryInspector.PokeRequest(0xF0000, 1, 1)));
        assertEquals("wrote 0x00000001 (4 bytes) at 0x00100000 (unmapped: the write was dropped as open bus)",
                inspector.write(bus, new MemoryInspector.PokeRequest(0x100000, 1, 4)));
        assertFalse(bus.writes.isEmpty());
        assertEquals(3, bus.writes.size());
    }

    /** A bus whose memory reads as the low byte of the offset from 0x1000 (or A0000), and records accesses. */
    private static final class FakeBus implements MemoryBus {
        final List<RegionInfo> regions;
        final List<Long> reads = new ArrayList<>();
        final List<long[]> writes = new ArrayList<>();

        FakeBus(List<RegionInfo> regions) {
            this.regions = regions;
        }

        @Override
        public int read(long address, int size) {
            reads.add(address);
            return (int) (address - (address >= 0xA0000 ? 0xA0000 : 0x1000)) & 0xFF;
        }

        @Override
        public void write(long address, int size, int value) {
            writes.add(new long[] {address, size, value});
        }

        @Override
        public int readModifyWrite(long address, int size, IntUnaryOperator update) {
            throw new UnsupportedOperationException();
        }

        @Override
        public BusAccess newAccess() {
            throw new UnsupportedOperationException();
        }

        @Override
        public MemoryView view() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void retire(String deviceId) {
            // no devices here
        }

        @Override
        public void remap() {
        }

        @Override
        public List<RegionInfo> regions() {
            return regions;
        }

        @Override
        public BusCounters counters() {
            return new BusCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }
}
