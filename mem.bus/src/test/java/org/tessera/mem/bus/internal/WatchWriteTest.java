package org.tessera.mem.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.watch.Denial;
import org.tessera.machine.api.watch.RedirectedWrite;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WatchEvent.Outcome;
import org.tessera.machine.api.watch.WatchSpec;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/** Writes judged under watches: notify, deny, redirect, on every write path. */
class WatchWriteTest {

    private final PhysicalBus bus = new PhysicalBus();
    private final RamRegion ram = RamRegion.of(1 << 20);
    private final byte[] mem = ram.directMemory();
    private final List<WatchEvent> events = new CopyOnWriteArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    WatchWriteTest() {
        BusFixture.bind(bus, ram, 0, 1 << 20, 0, "ram");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        bus.deactivate();
    }

    private static WatchEvent event(long seq, String watch, long address, int size, int old, int now, WriteOrigin origin,
            int cs, int eip, WritePolicy policy, Outcome outcome) {
        return new WatchEvent(seq, watch, address, size, old, now, origin, cs, eip, policy, outcome);
    }

    private BusAccess guest(int cs, int eip) {
        BusAccess access = bus.newAccess();
        access.origin(WriteOrigin.GUEST, cs, eip);
        return access;
    }

    // ------------------------------------------------------------------ notify

    @Test
    void notifyThroughTheSynchronousWrite() {
        Pieces.writeLE(mem, 0x1010, 4, 0x11223344);
        bus.add(WatchSpec.notify("gdt", 0x1010, 8, events::add));
        bus.write(0x1010, 4, 0xAABBCCDD);
        assertEquals(0xAABBCCDD, Pieces.readLE(mem, 0x1010, 4));
        assertEquals(List.of(event(0, "gdt", 0x1010, 4, 0x11223344, 0xAABBCCDD, WriteOrigin.DEVICE, 0, 0,
                WritePolicy.NOTIFY, Outcome.WRITTEN)), events);
        // reads are not judged
        assertEquals(0xAABBCCDD, bus.read(0x1010, 4));
        assertEquals(1, events.size());
        assertEquals(1, bus.events());
    }

    @Test
    void notifyThroughASuspendableAccessCarriesItsOrigin() {
        mem[0x1012] = 0x5A;
        bus.add(WatchSpec.notify("gdt", 0x1010, 8, events::add));
        BusAccess access = guest(0x08, 0x1234);
        access.prepare(0x1012, 1, AccessType.WRITE, 0xA5);
        assertTrue(access.watched());
        assertNull(access.refusal());
        assertTrue(access.proceed());
        assertEquals((byte) 0xA5, mem[0x1012]);
        assertEquals(List.of(event(0, "gdt", 0x1012, 1, 0x5A, 0xA5, WriteOrigin.GUEST, 0x08, 0x1234,
                WritePolicy.NOTIFY, Outcome.WRITTEN)), events);
        // a read's pieces are never watched
        access.prepare(0x1012, 1, AccessType.READ, 0);
        assertFalse(access.watched());
        assertTrue(access.proceed());
        assertEquals(0xA5, access.value());
        assertEquals(1, events.size());
        // a new access starts as a device
        BusAccess fresh = bus.newAccess();
        fresh.prepare(0x1012, 1, AccessType.WRITE, 1);
        fresh.proceed();
        assertEquals(WriteOrigin.DEVICE, events.get(1).origin());
        assertEquals(0, events.get(1).cs());
    }

    @Test
    void notifyThroughReadModifyWrite() {
        Pieces.writeLE(mem, 0x2000, 2, 0x0100);
        bus.add(WatchSpec.notify("pte", 0x2000, 4, events::add));
        assertEquals(0x0100, bus.readModifyWrite(0x2000, 2, v -> v | 0x20));
        assertEquals(0x0120, Pieces.readLE(mem, 0x2000, 2));
        assertEquals(List.of(event(0, "pte", 0x2000, 2, 0x0100, 0x0120, WriteOrigin.DEVICE, 0, 0,
                WritePolicy.NOTIFY, Outcome.WRITTEN)), events);
    }

    @Test
    void aWriteBackIsCutAtTheWatchEdgeItsReadIgnored() {
        Pieces.writeLE(mem, 0x2FFC, 4, 0x04030201);
        bus.add(WatchSpec.notify("w", 0x2FFE, 1, events::add));
        BusAccess access = guest(8, 0x40);
        access.prepare(0x2FFC, 4, AccessType.READ, 0);
        assertTrue(access.proceed());
        access.prepareWriteBack(0x44332211);
        assertTrue(access.watched());
        assertTrue(access.proceed());
        assertEquals(0x44332211, Pieces.readLE(mem, 0x2FFC, 4));
        assertEquals(List.of(event(0, "w", 0x2FFE, 1, 0x03, 0x33, WriteOrigin.GUEST, 8, 0x40,
                WritePolicy.NOTIFY, Outcome.WRITTEN)), events);
    }

    @Test
    void aPieceIsCutAtAWatchEdgeInsideThePageEvenToThreeBytes() {
        bus.add(WatchSpec.notify("w", 0x1011, 3, events::add));
        bus.write(0x1010, 4, 0x44332211);
        assertEquals(0x44332211, Pieces.readLE(mem, 0x1010, 4));
        assertEquals(List.of(event(0, "w", 0x1011, 3, 0, 0x443322, WriteOrigin.DEVICE, 0, 0, WritePolicy.NOTIFY,
                Outcome.WRITTEN)), events);
        BusAccess access = bus.newAccess();
        access.prepare(0x1013, 4, AccessType.WRITE, 0x88776655);
        assertTrue(access.proceed());
        assertEquals(0x88776655, Pieces.readLE(mem, 0x1013, 4));
        assertEquals(event(1, "w", 0x1013, 1, 0x44, 0x55, WriteOrigin.DEVICE, 0, 0, WritePolicy.NOTIFY,
                Outcome.WRITTEN), events.get(1));
        assertEquals(2, events.size());
    }

    @Test
    void aPageCrossingDwordHalfWatchedReportsOnlyTheWatchedHalf() {
        bus.add(WatchSpec.notify("hi", 0x2000, 0x10, events::add));
        BusAccess access = guest(0x10, 0x99);
        access.prepare(0x1FFE, 4, AccessType.WRITE, 0xDDCCBBAA);
        assertTrue(access.watched());
        assertTrue(access.proceed());
        assertEquals(0xDDCCBBAA, Pieces.readLE(mem, 0x1FFE, 4));
        assertEquals(List.of(event(0, "hi", 0x2000, 2, 0, 0xDDCC, WriteOrigin.GUEST, 0x10, 0x99, WritePolicy.NOTIFY,
                Outcome.WRITTEN)), events);
    }

    @Test
    void eachPieceOfAPageCrossingWriteFollowsItsOwnPolicy() {
        bus.add(WatchSpec.notify("lo", 0x1FF0, 0x10, events::add));
        bus.add(WatchSpec.deny("hi", 0x2000, 0x10, Denial.DROP, events::add));
        BusAccess access = guest(0x10, 0x99);
        access.prepare(0x1FFE, 4, AccessType.WRITE, 0xDDCCBBAA);
        assertNull(access.refusal(), "a dropping denial does not fault");
        assertTrue(access.proceed());
        assertEquals(0xBBAA, Pieces.readLE(mem, 0x1FFE, 2));
        assertEquals(0, Pieces.readLE(mem, 0x2000, 2));
        assertEquals(List.of(
                event(0, "lo", 0x1FFE, 2, 0, 0xBBAA, WriteOrigin.GUEST, 0x10, 0x99, WritePolicy.NOTIFY, Outcome.WRITTEN),
                event(1, "hi", 0x2000, 2, 0, 0xDDCC, WriteOrigin.GUEST, 0x10, 0x99, WritePolicy.DENY, Outcome.DROPPED)),
                events);
    }

    @Test
    void aCodePageIsNotWrittenBehindTheWatchByTheBus() {
        bus.add(WatchSpec.code("code", 0x4000, 0x100, events::add));
        bus.write(0x4010, 2, 0x9090);
        assertEquals(0x9090, Pieces.readLE(mem, 0x4010, 2));
        assertEquals(1, events.size());
        assertEquals(Outcome.WRITTEN, events.get(0).outcome());
        BusAccess access = guest(8, 0);
        access.prepare(0x4020, 4, AccessType.WRITE, 0);
        assertFalse(access.watched(), "a code watch does not count");
        assertTrue(access.proceed());
        assertEquals(2, events.size());
        // outside the code range on the same page: no event
        bus.write(0x4200, 1, 1);
        assertEquals(2, events.size());
    }

    @Test
    void overlappingWatchesEachGetAnEventInAddOrderAndTheSequenceHasNoGaps() {
        List<WatchEvent> second = new ArrayList<>();
        bus.add(WatchSpec.notify("a", 0x3000, 0x10, events::add));
        bus.add(WatchSpec.notify("silent", 0x3000, 0x10, null));
        bus.add(WatchSpec.notify("b", 0x3004, 0x10, second::add));
        bus.write(0x3000, 4, 1);
        bus.write(0x3004, 4, 2);
        bus.write(0x3012, 2, 3);
        // the first write: a then silent; the second: a, silent, b; the third: b alone
        assertEquals(6, bus.events());
        assertEquals(List.of(0L, 2L), events.stream().map(WatchEvent::sequence).toList());
        assertEquals(List.of(4L, 5L), second.stream().map(WatchEvent::sequence).toList());
        assertEquals(List.of(0x3004L, 0x3012L), second.stream().map(WatchEvent::address).toList());
    }

    // ------------------------------------------------------------------ deny

    @Test
    void aDroppingDenialLeavesMemoryAloneForTheGuestOnly() {
        mem[0x5000] = 7;
        bus.add(WatchSpec.deny("idt", 0x5000, 8, Denial.DROP, events::add));
        BusAccess access = guest(0x1B, 0x400);
        access.prepare(0x5000, 1, AccessType.WRITE, 9);
        assertTrue(access.watched());
        assertNull(access.refusal());
        assertTrue(access.proceed());
        assertEquals(7, mem[0x5000]);
        assertEquals(event(0, "idt", 0x5000, 1, 7, 9, WriteOrigin.GUEST, 0x1B, 0x400, WritePolicy.DENY,
                Outcome.DROPPED), events.get(0));
        access.origin(WriteOrigin.CPU, 0x1B, 0x400);
        access.prepare(0x5000, 1, AccessType.WRITE, 9);
        assertTrue(access.proceed());
        assertEquals(9, mem[0x5000]);
        assertEquals(Outcome.WRITTEN, events.get(1).outcome());
        bus.write(0x5001, 1, 3);
        assertEquals(3, mem[0x5001]);
        assertEquals(Outcome.WRITTEN, events.get(2).outcome());
    }

    @Test
    void aFaultingDenialIsRefusedBeforeAnythingIsWritten() {
        bus.add(WatchSpec.deny("gdt", 0x2000, 0x10, Denial.GENERAL_PROTECTION, events::add));
        bus.add(WatchSpec.deny("pt", 0x3000, 0x10, Denial.PAGE_FAULT, events::add));
        BusAccess access = guest(0x08, 0x77);
        access.prepare(0x1FFE, 4, AccessType.WRITE, 0xDDCCBBAA);
        assertEquals(Denial.GENERAL_PROTECTION, access.refusal());
        access.refuse();
        assertEquals(BusAccess.Status.DONE, access.status());
        assertTrue(access.proceed());
        assertEquals(0, Pieces.readLE(mem, 0x1FFE, 4), "not even the unwatched half");
        assertEquals(List.of(event(0, "gdt", 0x2000, 2, 0, 0xDDCC, WriteOrigin.GUEST, 0x08, 0x77, WritePolicy.DENY,
                Outcome.FAULTED)), events);
        assertThrows(IllegalStateException.class, access::refuse);

        access.prepare(0x3002, 2, AccessType.WRITE, 0x1234);
        assertEquals(Denial.PAGE_FAULT, access.refusal());
        // the CPU and devices are never refused
        access.origin(WriteOrigin.CPU, 0x08, 0x77);
        assertNull(access.refusal());
        assertTrue(access.proceed());
        assertEquals(0x1234, Pieces.readLE(mem, 0x3002, 2));
        assertEquals(Outcome.WRITTEN, events.get(1).outcome());
        BusAccess device = bus.newAccess();
        device.prepare(0x3004, 2, AccessType.WRITE, 0x5678);
        assertNull(device.refusal());
        assertTrue(device.proceed());
        assertEquals(0x5678, Pieces.readLE(mem, 0x3004, 2));
    }

    @Test
    void aFaultingDenialProceededAnywayIsADrop() {
        bus.add(WatchSpec.deny("gdt", 0x2000, 0x10, Denial.GENERAL_PROTECTION, events::add));
        BusAccess access = guest(0x08, 0x77);
        access.prepare(0x2000, 2, AccessType.WRITE, 0xBEEF);
        assertEquals(Denial.GENERAL_PROTECTION, access.refusal());
        assertTrue(access.proceed());
        assertEquals(0, Pieces.readLE(mem, 0x2000, 2));
        assertEquals(Outcome.DROPPED, events.get(0).outcome());
    }

    @Test
    void denyIsStricterThanNotifyAndBothListenersHear() {
        List<WatchEvent> other = new ArrayList<>();
        bus.add(WatchSpec.notify("n", 0x6000, 4, other::add));
        bus.add(WatchSpec.deny("d", 0x6000, 4, Denial.DROP, events::add));
        BusAccess access = guest(8, 8);
        access.prepare(0x6000, 4, AccessType.WRITE, -1);
        assertTrue(access.proceed());
        assertEquals(0, Pieces.readLE(mem, 0x6000, 4));
        assertEquals(event(0, "n", 0x6000, 4, 0, -1, WriteOrigin.GUEST, 8, 8, WritePolicy.NOTIFY, Outcome.DROPPED),
                other.get(0));
        assertEquals(event(1, "d", 0x6000, 4, 0, -1, WriteOrigin.GUEST, 8, 8, WritePolicy.DENY, Outcome.DROPPED),
                events.get(0));
    }

    // ------------------------------------------------------------------ redirect

    @Test
    void aRedirectAnsweredAtOnceStoresWhatItWants() {
        Pieces.writeLE(mem, 0x7000, 4, 0x10);
        AtomicInteger calls = new AtomicInteger();
        List<Integer> olds = new ArrayList<>();
        bus.add(WatchSpec.redirect("shadow", 0x7000, 4, w -> {
            calls.incrementAndGet();
            olds.add(w.oldValue());
            w.store(w.value() + 1);
            return w.complete();
        }, events::add));
        BusAccess access = guest(8, 0x50);
        access.prepare(0x7000, 4, AccessType.WRITE, 0x41);
        assertTrue(access.watched());
        assertTrue(access.proceed());
        assertEquals(0x42, Pieces.readLE(mem, 0x7000, 4));
        assertEquals(List.of(event(0, "shadow", 0x7000, 4, 0x10, 0x41, WriteOrigin.GUEST, 8, 0x50,
                WritePolicy.REDIRECT, Outcome.REDIRECTED)), events);
        bus.write(0x7000, 2, 0x100);
        assertEquals(0x101, Pieces.readLE(mem, 0x7000, 4));
        assertEquals(2, calls.get());
        assertEquals(List.of(0x10, 0x42), olds);
        assertEquals(Outcome.REDIRECTED, events.get(1).outcome());
        assertEquals(0, bus.stats().redirectFailures.sum());
    }

    @Test
    void aRedirectAnsweredLaterSuspendsTheAccessAndNothingIsRepeated() throws Exception {
        RecordingDevice dev = new RecordingDevice("d", 0x1000, RegionHandler.BYTE);
        BusFixture.bind(bus, dev, 0xFF000, 0x1000, 10, null);
        LinkedBlockingQueue<RedirectedWrite> kept = new LinkedBlockingQueue<>();
        bus.add(WatchSpec.redirect("later", 0xFEFF0, 0x10, w -> {
            kept.add(w);
            return false;
        }, events::add));
        AtomicInteger wakeups = new AtomicInteger();
        BusAccess access = guest(0x10, 0x300);
        access.setCompletionListener(wakeups::incrementAndGet);
        // two bytes redirected on RAM, then two on the device
        access.prepare(0xFEFFE, 4, AccessType.WRITE, 0x44332211);
        assertFalse(access.proceed());
        assertEquals(BusAccess.Status.PENDING, access.status());
        assertNotNull(access.pendingPiece());
        assertEquals(0xFEFFE, access.pendingPiece().address());
        assertFalse(access.proceed(), "still pending");
        assertFalse(access.await(10, TimeUnit.MILLISECONDS));
        assertEquals(1, kept.size());
        assertTrue(events.isEmpty(), "reported when completed");
        RedirectedWrite w = kept.take();
        assertEquals(2, w.size());
        assertEquals(0x2211, w.value());
        assertEquals(WriteOrigin.GUEST, w.origin());
        assertEquals(0x300, w.eip());
        pool.submit(() -> {
            w.store(w.value());
            return w.complete();
        }).get(5, TimeUnit.SECONDS);
        assertFalse(w.complete(), "a second completion is ignored");
        assertTrue(access.await(5, TimeUnit.SECONDS));
        assertEquals(1, wakeups.get());
        assertTrue(access.proceed());
        assertTrue(access.proceed());
        assertEquals(BusAccess.Status.DONE, access.status());
        assertEquals(0x2211, Pieces.readLE(mem, 0xFEFFE, 2));
        assertEquals(List.of("W1@0=33", "W1@1=44"), dev.calls());
        assertEquals(List.of(event(0, "later", 0xFEFFE, 2, 0, 0x2211, WriteOrigin.GUEST, 0x10, 0x300,
                WritePolicy.REDIRECT, Outcome.REDIRECTED)), events);
        assertTrue(kept.isEmpty(), "no piece went twice to the redirect");
        assertEquals(1, bus.counters().deferredAccesses());
    }

    @Test
    void theSynchronousWriteWaitsForALateRedirect() throws Exception {
        LinkedBlockingQueue<RedirectedWrite> kept = new LinkedBlockingQueue<>();
        bus.add(WatchSpec.redirect("later", 0x8000, 4, w -> {
            kept.add(w);
            return false;
        }, events::add));
        var answer = pool.submit(() -> {
            RedirectedWrite w = kept.poll(5, TimeUnit.SECONDS);
            w.store(0x77);
            w.complete();
            return null;
        });
        bus.write(0x8000, 1, 0x55);
        answer.get(5, TimeUnit.SECONDS);
        assertEquals(0x77, mem[0x8000]);
        assertEquals(Outcome.REDIRECTED, events.get(0).outcome());
    }

    @Test
    void aThrowingRedirectDropsThePieceAndIsCounted() {
        bus.add(WatchSpec.redirect("broken", 0x7100, 4, w -> {
            throw new IllegalStateException("redirect bug");
        }, events::add));
        BusAccess access = guest(8, 8);
        access.prepare(0x7100, 4, AccessType.WRITE, 0x12345678);
        assertTrue(access.proceed());
        assertEquals(0, Pieces.readLE(mem, 0x7100, 4));
        assertEquals(1, bus.stats().redirectFailures.sum());
        assertEquals(List.of(Outcome.DROPPED), events.stream().map(WatchEvent::outcome).toList());
    }

    // ------------------------------------------------------------------ listeners

    @Test
    void aListenerMayAddAndCancelWatchesFromItsCallback() throws Exception {
        List<Watch> added = new ArrayList<>();
        Watch[] self = new Watch[1];
        self[0] = bus.add(WatchSpec.notify("once", 0x9000, 4, e -> {
            events.add(e);
            added.add(bus.add(WatchSpec.deny("then", 0x9000, 4, Denial.DROP, events::add)));
            self[0].cancel();
        }));
        var done = pool.submit(() -> bus.write(0x9000, 4, 1));
        done.get(5, TimeUnit.SECONDS);
        assertEquals(1, mem[0x9000]);
        assertFalse(self[0].active());
        assertEquals(added, bus.watches());
        BusAccess access = guest(8, 8);
        access.prepare(0x9000, 4, AccessType.WRITE, 2);
        access.proceed();
        assertEquals(1, mem[0x9000]);
        assertEquals(List.of(Outcome.WRITTEN, Outcome.DROPPED), events.stream().map(WatchEvent::outcome).toList());
    }

    @Test
    void aThrowingListenerIsCountedAndTheWriteStands() {
        bus.add(WatchSpec.notify("bad", 0xA000, 4, e -> {
            throw new IllegalStateException("listener bug");
        }));
        bus.add(WatchSpec.notify("good", 0xA000, 4, events::add));
        bus.write(0xA000, 2, 0x1234);
        assertEquals(0x1234, Pieces.readLE(mem, 0xA000, 2));
        assertEquals(1, bus.stats().listenerFailures.sum());
        assertEquals(1, events.size());
        assertEquals(1, events.get(0).sequence());
        assertEquals(2, bus.events());
    }

    @Test
    void aWatchedDeviceGetsPiecesItAcceptsAndOldValuesAreZero() {
        RecordingDevice dev = new RecordingDevice("d", 0x1000, RegionHandler.BYTE | RegionHandler.WORD | RegionHandler.DWORD);
        BusFixture.bind(bus, dev, 0x200000, 0x1000, 0, null);
        dev.bytes[1] = 0x55;
        bus.add(WatchSpec.notify("mmio", 0x200001, 3, events::add));
        bus.write(0x200000, 4, 0x44332211);
        assertEquals(List.of("W1@0=11", "W1@1=22", "W2@2=4433"), dev.calls());
        assertEquals(List.of(
                event(0, "mmio", 0x200001, 1, 0, 0x22, WriteOrigin.DEVICE, 0, 0, WritePolicy.NOTIFY, Outcome.WRITTEN),
                event(1, "mmio", 0x200002, 2, 0, 0x4433, WriteOrigin.DEVICE, 0, 0, WritePolicy.NOTIFY, Outcome.WRITTEN)),
                events);
        // reads of a watched device page are not cut
        bus.read(0x200000, 4);
        assertEquals("R4@0", dev.calls().get(3));
    }
}
