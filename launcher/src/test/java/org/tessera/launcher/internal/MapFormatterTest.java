package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortRangeInfo;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

class MapFormatterTest {

    private final MapFormatter formatter = new MapFormatter();

    @Test
    void memoryMap() {
        List<RegionInfo> regions = List.of(
                new RegionInfo(0, 32L << 20, 0, "ram", "ram", "mem.bus", "ram", true),
                new RegionInfo(0xA0000, 0x20000, 10, "vga.window", "vga", "dev.vga", "mmio", false),
                new RegionInfo(0xF0000, 0x10000, 20, "bios.bin", null, "mem.bus", "rom", true));
        assertEquals("""
                memory map: 3 regions
                  range                 size  kind  prio  name                         device  owner
                  00000000-01FFFFFF   32 MiB  ram      0  ram                          ram     mem.bus
                  000A0000-000BFFFF  128 KiB  mmio    10  vga.window (being replaced)  vga     dev.vga
                  000F0000-000FFFFF   64 KiB  rom     20  bios.bin                     -       mem.bus
                """, formatter.memoryMap(regions));
    }

    @Test
    void emptyMemoryMap() {
        assertEquals("memory map: 0 regions\n  (nothing is mapped: every address reads as open bus)\n",
                formatter.memoryMap(List.of()));
    }

    @Test
    void portMap() {
        List<PortRangeInfo> ports = List.of(
                new PortRangeInfo(0x20, 0x21, "pic.master", "pic1", "dev.ioports"),
                new PortRangeInfo(0xE9, 0xE9, "debugcon", "debugcon", "dev.ioports"),
                new PortRangeInfo(0x3F8, 0x3FF, "uart", null, "dev.ioports"));
        assertEquals("""
                port map: 3 port ranges
                  ports      count  name        device    owner
                  0020-0021      2  pic.master  pic1      dev.ioports
                  00E9           1  debugcon    debugcon  dev.ioports
                  03F8-03FF      8  uart        -         dev.ioports
                """, formatter.portMap(ports));
    }

    @Test
    void emptyPortMap() {
        assertEquals("port map: 0 port ranges\n  (no port is claimed: every IN reads all ones)\n", formatter.portMap(List.of()));
    }

    @Test
    void counters() {
        assertEquals("""
                io bus:
                  ins                 1
                  outs               22
                  unclaimed ins       0
                  unclaimed outs      3
                  handler failures  444
                """, formatter.counters("io bus", new IoCounters(1, 22, 0, 3, 444)));
        String bus = formatter.counters("memory bus", new BusCounters(1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals("memory bus:", bus.lines().findFirst().orElseThrow());
        assertEquals("  views published     9", bus.lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void hexDump() {
        Integer[] bytes = new Integer[20];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = 0x41 + i;
        }
        bytes[1] = 0x00;
        bytes[2] = null;
        assertEquals("""
                000F0000  41 00 -- 44 45 46 47 48  49 4A 4B 4C 4D 4E 4F 50  |A. DEFGHIJKLMNOP|
                000F0010  51 52 53 54                                       |QRST|
                """, formatter.hexDump(0xF0000, bytes));
    }

    @Test
    void pageRuns() {
        int[] flags = new int[8];
        flags[0] = flags[1] = MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE;
        flags[2] = MemoryView.MMIO;
        flags[3] = flags[4] = flags[5] = flags[6] = flags[7] = MemoryView.OPEN_BUS;
        MemoryView view = new FakeView(flags);
        assertEquals("""
                flat view: 8 pages of 4 KiB
                  range              pages  flags
                  00000000-00001FFF      2  read write
                  00002000-00002FFF      1  mmio
                  00003000-00007FFF      5  open-bus
                """, formatter.pageRuns(view));
    }

    @Test
    void flagNamesAndWords() {
        assertEquals("-", MapFormatter.flagNames(0));
        assertEquals("read discard-writes subpage watched code 0x100",
                MapFormatter.flagNames(MemoryView.DIRECT_READ | MemoryView.DISCARD_WRITES | MemoryView.SUBPAGE
                        | MemoryView.WATCHED | MemoryView.CODE | 0x100));
        assertEquals("open bus reads", MapFormatter.words("openBusReads"));
    }

    /** A view of a few pages with the given flags and no arrays. */
    private record FakeView(int[] pageFlags) implements MemoryView {
        @Override
        public int pageCount() {
            return pageFlags.length;
        }

        @Override
        public int flags(int page) {
            return pageFlags[page];
        }

        @Override
        public byte[] readArray(int page) {
            return null;
        }

        @Override
        public byte[] writeArray(int page) {
            return null;
        }

        @Override
        public int arrayOffset(int page) {
            return 0;
        }
    }
}
