package org.tessera.mem.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchSpec;

/** The flags and arrays watches leave in the view, and how views are derived when watches change. */
class WatchViewTest {

    private static final int RAM_RW = MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE;

    private final PhysicalBus bus = new PhysicalBus();
    private final RamRegion ram = RamRegion.of(8 << 20);

    WatchViewTest() {
        BusFixture.bind(bus, ram, 0, 8 << 20, 0, "ram");
    }

    @Test
    void aWatchedPageLosesItsWriteArrayACodePageKeepsBothOthersAreUntouched() {
        bus.add(WatchSpec.notify("gdt", 0x1010, 4, null));
        bus.add(WatchSpec.code("code", 0x3000, 0x20, null));
        MemoryView v = bus.view();
        assertEquals(MemoryView.DIRECT_READ | MemoryView.WATCHED, v.flags(1));
        assertSame(ram.directMemory(), v.readArray(1));
        assertNull(v.writeArray(1));
        assertEquals(0x1000, v.arrayOffset(1));
        assertEquals(RAM_RW | MemoryView.CODE, v.flags(3));
        assertSame(ram.directMemory(), v.readArray(3));
        assertSame(ram.directMemory(), v.writeArray(3));
        for (int page : new int[] {0, 2, 4, 0x7FF}) {
            assertEquals(RAM_RW, v.flags(page));
            assertSame(ram.directMemory(), v.writeArray(page));
        }
    }

    @Test
    void aPageUnderBothKindsIsWatchedAndCode() {
        bus.add(WatchSpec.code("code", 0x5000, 0x10, null));
        bus.add(WatchSpec.deny("idt", 0x5800, 0x10, null, null));
        MemoryView v = bus.view();
        assertEquals(MemoryView.DIRECT_READ | MemoryView.WATCHED | MemoryView.CODE, v.flags(5));
        assertNull(v.writeArray(5));
    }

    @Test
    void aWatchChangeCopiesOnlyTheChunksItTouches() {
        CompiledView before = bus.currentView();
        Watch w = bus.add(WatchSpec.notify("w", 0x1000, 0x2000, null));
        CompiledView after = bus.currentView();
        assertNotSame(before, after);
        assertNotSame(before.chunks[0], after.chunks[0]);
        for (int c = 1; c < CompiledView.CHUNKS; c++) {
            assertSame(before.chunks[c], after.chunks[c], "chunk " + c);
        }
        // the copied chunk's untouched pages are the same entries
        assertEquals(RAM_RW, after.flags(0));
        assertEquals(RAM_RW, after.flags(3));
        assertSame(before, after.base);
        w.cancel();
        CompiledView cancelled = bus.currentView();
        assertSame(before.chunks[1], cancelled.chunks[1]);
        assertSame(before, cancelled.base);
    }

    @Test
    void aWatchAcrossChunksAndOnOpenBusIsPainted() {
        bus.add(WatchSpec.notify("wide", 0x3FF000, 0x2000, null));
        bus.add(WatchSpec.notify("nowhere", 0x8000_0000L, 1, null));
        MemoryView v = bus.view();
        assertEquals(MemoryView.DIRECT_READ | MemoryView.WATCHED, v.flags(0x3FF));
        assertEquals(MemoryView.DIRECT_READ | MemoryView.WATCHED, v.flags(0x400));
        assertEquals(RAM_RW, v.flags(0x401));
        assertEquals(MemoryView.OPEN_BUS | MemoryView.WATCHED, v.flags(0x80000));
    }

    @Test
    void cancelRestoresTheDirectWriteArray() {
        Watch w = bus.add(WatchSpec.notify("w", 0x2000, 0x1000, null));
        Watch other = bus.add(WatchSpec.notify("other", 0x2FFF, 2, null));
        assertEquals(List.of(w, other), bus.watches());
        w.cancel();
        MemoryView v = bus.view();
        assertFalse(w.active());
        assertTrue(other.active());
        assertEquals(List.of(other), bus.watches());
        // page 2 still has a byte under "other"
        assertNull(v.writeArray(2));
        other.cancel();
        other.cancel();
        v = bus.view();
        assertEquals(RAM_RW, v.flags(2));
        assertEquals(RAM_RW, v.flags(3));
        assertSame(ram.directMemory(), v.writeArray(2));
        assertSame(ram.directMemory(), v.writeArray(3));
        assertEquals(List.of(), bus.watches());
    }

    @Test
    void aRegionChangeKeepsTheWatchFlags() {
        bus.add(WatchSpec.notify("w", 0x1000, 0x10, null));
        bus.add(WatchSpec.code("c", 0xA0000, 0x10, null));
        RecordingDevice dev = new RecordingDevice("d", 0x1000, RegionHandler.BYTE);
        BusFixture.bind(bus, dev, 0x900000, 0x1000, 0, null);
        RecordingDevice vga = new RecordingDevice("vga", 0x20000, RegionHandler.BYTE);
        BusFixture.bind(bus, vga, 0xA0000, 0x20000, 10, null);
        MemoryView v = bus.view();
        assertEquals(MemoryView.DIRECT_READ | MemoryView.WATCHED, v.flags(1));
        assertNull(v.writeArray(1));
        assertEquals(MemoryView.MMIO | MemoryView.CODE, v.flags(0xA0));
        assertEquals(MemoryView.MMIO, v.flags(0x900));
        bus.unbind(vga);
        v = bus.view();
        assertEquals(RAM_RW | MemoryView.CODE, v.flags(0xA0));
        bus.remap();
        assertEquals(MemoryView.DIRECT_READ | MemoryView.WATCHED, bus.view().flags(1));
        assertEquals(2, bus.watches().size());
    }

    @Test
    void theTableCutsAtEveryChangeOfCoverInAddOrder() {
        WatchEntry a = (WatchEntry) bus.add(WatchSpec.notify("a", 0x100, 0x100, null));
        WatchEntry b = (WatchEntry) bus.add(WatchSpec.notify("b", 0x180, 0x100, null));
        WatchEntry c = (WatchEntry) bus.add(WatchSpec.notify("c", 0x300, 0x10, null));
        WatchTable t = bus.currentView().watches;
        assertEquals(4, t.segmentCount());
        assertEquals(-1, t.segment(0xFF));
        assertEquals(0x100, t.edgeAfter(0));
        assertEquals(List.of(a), List.of(t.cover(t.segment(0x100))));
        assertEquals(List.of(a, b), List.of(t.cover(t.segment(0x180))));
        assertEquals(0x200, t.edgeAfter(0x180));
        assertEquals(List.of(b), List.of(t.cover(t.segment(0x200))));
        assertEquals(-1, t.segment(0x280));
        assertEquals(0x300, t.edgeAfter(0x280));
        assertEquals(List.of(c), List.of(t.cover(t.segment(0x30F))));
        assertEquals(WatchTable.SPACE_END, t.edgeAfter(0x310));
    }
}
