package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tessera.cpu.core.internal.RedirectTestBus.Entry;
import org.tessera.cpu.core.internal.RedirectTestBus.Kind;
import org.tessera.cpu.core.internal.RedirectTestBus.Mode;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionAccess;

/** The redirect tests' bus keeps the {@link BusAccess} contract the CPU relies on. */
class RedirectTestBusTest {

    private static RedirectTestBus bus(Mode mode) {
        RedirectTestBus b = new RedirectTestBus(mode).map(0x31, 1, Kind.DEVICE).map(0x40, 1, Kind.ROM);
        for (int i = 0; i < 0x50000; i++) {
            b.ram()[i] = (byte) (i * 7 + (i >>> 8));
        }
        return b;
    }

    @Test
    void devicePagesAreDirectOnlyInPlainMode() {
        assertNotNull(bus(Mode.PLAIN).readArray(0x31));
        assertNull(bus(Mode.IMMEDIATE).readArray(0x31));
        assertNull(bus(Mode.LATER).writeArray(0x31));
        RedirectTestBus b = bus(Mode.LATER);
        assertNotNull(b.readArray(0x40), "ROM reads are direct");
        assertNull(b.writeArray(0x40), "ROM writes are not");
        assertEquals(MemoryView.DIRECT_READ | MemoryView.DISCARD_WRITES, b.flags(0x40));
        assertSame(b.ram(), b.readArray(0x30));
    }

    @Test
    void aCrossingReadIsSplitLowestFirstAndTheRamPieceIsNotRepeated() throws Exception {
        RedirectTestBus b = bus(Mode.LATER);
        BusAccess a = b.newAccess();
        CountDownLatch done = new CountDownLatch(1);
        a.setCompletionListener(done::countDown);
        int expected = b.read(0x31FFE, 4);
        assertEquals(1, b.log().size(), "the synchronous read went to the device too");
        a.prepare(0x31FFE, 4, AccessType.READ, 0);
        assertEquals(BusAccess.Status.READY, a.status());
        assertFalse(a.proceed(), "the device piece is deferred");
        assertEquals(BusAccess.Status.PENDING, a.status());
        RegionAccess p = a.pendingPiece();
        assertEquals(0x31FFE, p.address());
        assertEquals(2, p.size());
        assertThrows(IllegalStateException.class, () -> a.prepare(0, 1, AccessType.READ, 0));
        assertTrue(a.await(5, TimeUnit.SECONDS));
        assertTrue(a.proceed(), "the RAM piece is done at once");
        assertEquals(BusAccess.Status.DONE, a.status());
        assertEquals(expected, a.value());
        assertTrue(a.proceed(), "nothing is repeated");
        assertEquals(List.of(new Entry(0x31FFE, 2, false, expected & 0xFFFF),
                new Entry(0x31FFE, 2, false, expected & 0xFFFF)), b.log());
        assertTrue(done.await(5, TimeUnit.SECONDS), "listener called for the deferred piece");
        assertEquals(1, b.listenerCalls());
    }

    @Test
    void aCrossingWriteFromRamIntoTheDeviceDoesTheRamPieceFirst() {
        RedirectTestBus b = bus(Mode.LATER);
        BusAccess a = b.newAccess();
        a.prepare(0x30FFF, 4, AccessType.WRITE, 0x44332211);
        assertFalse(a.proceed());
        assertEquals(0x11, b.ram()[0x30FFF], "the RAM byte is written before the device piece");
        assertEquals(0x31000, a.pendingPiece().address());
        assertEquals(2, a.pendingPiece().size(), "aligned word");
        while (!a.proceed()) {
            Thread.onSpinWait();
        }
        assertEquals(0x44332211, b.read(0x30FFF, 4));
        assertEquals(List.of(new Entry(0x31000, 2, true, 0x3322), new Entry(0x31002, 1, true, 0x44),
                new Entry(0x30FFF + 1, 2, false, 0x3322), new Entry(0x31002, 1, false, 0x44)), b.log());
    }

    @Test
    void aReadModifyWriteOnRomReadsAndDropsTheWrite() {
        RedirectTestBus b = bus(Mode.IMMEDIATE);
        int old = b.read(0x40010, 2);
        assertEquals(old, b.readModifyWrite(0x40010, 2, v -> v + 1));
        assertEquals(old, b.read(0x40010, 2));
        assertEquals(1, b.romWritesDropped());
        assertEquals(1, b.counters().romWritesDropped());
    }

    @Test
    void immediateDevicesAnswerInsideProceed() {
        RedirectTestBus b = bus(Mode.IMMEDIATE);
        BusAccess a = b.newAccess();
        a.prepare(0x31001, 4, AccessType.READ, 0);
        assertTrue(a.proceed());
        assertEquals(3, b.log().size(), "byte, word, byte at an odd address");
        assertEquals(0, b.deferred());
    }
}
