package org.tessera.mem.bus.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.memory.RegionHandler;

/** Handlers that answer later, and devices swapped while accesses are under way. */
class RedirectAndSwapTest {

    private final PhysicalBus bus = new PhysicalBus();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        bus.deactivate();
    }

    /** Keeps every access and answers it when the test says so, from the test's thread. */
    static final class LaterDevice extends RecordingDevice {
        final LinkedBlockingQueue<RegionAccess> kept = new LinkedBlockingQueue<>();

        LaterDevice(String id) {
            super(id, 0x100, RegionHandler.BYTE);
        }

        @Override
        public boolean submit(RegionAccess access) {
            kept.add(access);
            return false;
        }

        void answerOne() throws InterruptedException {
            RegionAccess a = kept.poll(5, TimeUnit.SECONDS);
            assertNotNull(a, "an access reached the device");
            if (a.type().isWrite()) {
                write(a.offset(), a.size(), a.value());
                a.complete(0);
            } else {
                a.complete(read(a.offset(), a.size()));
            }
        }
    }

    @Test
    void aSuspendableAccessStopsAtADeferredPieceAndResumesWithoutRepeatingPieces() throws Exception {
        RamRegion ram = RamRegion.of(0x1000);
        BusFixture.bind(bus, ram, 0, 0x1000, 0, "ram");
        LaterDevice dev = new LaterDevice("later");
        BusFixture.bind(bus, dev, 0x1000, 0x100, 0, null);
        ram.directMemory()[0xFFF] = 0x5A;
        dev.bytes[0] = 0x11;
        dev.bytes[1] = 0x22;
        dev.bytes[2] = 0x33;

        AtomicInteger wakeups = new AtomicInteger();
        BusAccess access = bus.newAccess();
        access.setCompletionListener(wakeups::incrementAndGet);
        access.prepare(0xFFF, 4, AccessType.READ, 0);
        assertFalse(access.proceed());
        assertEquals(BusAccess.Status.PENDING, access.status());
        assertNotNull(access.pendingPiece());
        assertEquals(0x1000, access.pendingPiece().address());
        assertFalse(access.proceed(), "still pending: nothing is repeated");
        assertEquals(1, dev.kept.size());

        for (int i = 0; i < 3; i++) {
            Future<?> answer = pool.submit(() -> {
                dev.answerOne();
                return null;
            });
            answer.get(5, TimeUnit.SECONDS);
            assertTrue(access.await(5, TimeUnit.SECONDS));
            access.proceed();
        }
        assertEquals(BusAccess.Status.DONE, access.status());
        assertEquals(0x3322115A, access.value());
        assertEquals(List.of("R1@0", "R1@1", "R1@2"), dev.calls());
        assertEquals(3, wakeups.get());
        assertEquals(3, bus.counters().deferredAccesses());
        assertNull(access.pendingPiece());
    }

    @Test
    void theSynchronousPathWaitsForADeferredAnswer() throws Exception {
        LaterDevice dev = new LaterDevice("later");
        BusFixture.bind(bus, dev, 0x1000, 0x100, 0, null);
        Future<?> answers = pool.submit(() -> {
            dev.answerOne();
            dev.answerOne();
            return null;
        });
        bus.write(0x1004, 2, 0xBEEF);
        answers.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("W1@4=ef", "W1@5=be"), dev.calls());
    }

    @Test
    void aSwappedDeviceKeepsItsStateAndAWriteDuringTheSwapReachesTheNewInstanceOnce() throws Exception {
        RecordingDevice old = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, old, 0x2000, 0x100, 0, "dev");
        bus.write(0x2000, 1, 0x42);

        bus.unbind(old);
        assertFalse(bus.regions().get(0).available());
        Future<?> writer = pool.submit(() -> bus.write(0x2001, 1, 0x43));
        Thread.sleep(100);
        assertFalse(writer.isDone(), "the write waits for the new instance");

        RecordingDevice fresh = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, fresh, 0x2000, 0x100, 0, "dev");
        writer.get(5, TimeUnit.SECONDS);
        assertEquals(0x42, fresh.bytes[0], "state moved across");
        assertEquals(0x43, fresh.bytes[1]);
        assertEquals(List.of("W1@1=43"), fresh.calls());
        assertEquals(List.of("W1@0=42"), old.calls());
        assertEquals(1, bus.counters().swapWaits());
        assertTrue(bus.regions().get(0).available());
    }

    @Test
    void aParkedSuspendableAccessIsSubmittedToTheNewInstance() throws Exception {
        RecordingDevice old = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, old, 0x2000, 0x100, 0, "dev");
        bus.write(0x2010, 1, 0x77);
        bus.unbind(old);
        AtomicInteger wakeups = new AtomicInteger();
        BusAccess access = bus.newAccess();
        access.setCompletionListener(wakeups::incrementAndGet);
        access.prepare(0x2010, 1, AccessType.READ, 0);
        assertFalse(access.proceed());
        RecordingDevice fresh = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, fresh, 0x2000, 0x100, 0, "dev");
        assertTrue(access.await(1, TimeUnit.SECONDS));
        assertTrue(access.proceed());
        assertEquals(0x77, access.value());
        assertEquals(1, wakeups.get());
    }

    @Test
    void aSwapThatNeverCompletesFallsBackToOpenBus() throws Exception {
        bus.configure(config(50, 1000));
        RecordingDevice old = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, old, 0x2000, 0x100, 0, "dev");
        bus.unbind(old);
        assertEquals(0xFF, bus.read(0x2000, 1));
        BusAccess access = bus.newAccess();
        access.prepare(0x2000, 1, AccessType.READ, 0);
        assertFalse(access.proceed());
        assertTrue(access.await(2, TimeUnit.SECONDS));
        assertTrue(access.proceed());
        assertEquals(0xFF, access.value());
        assertEquals(2, bus.counters().swapTimeouts());
        // the device comes back later: its state is still there
        RecordingDevice fresh = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, fresh, 0x2000, 0x100, 0, "dev");
        assertEquals(0, bus.read(0x2000, 1));
    }

    @Test
    void aSwapWaitsForAPieceTheOldInstanceStillKeeps() throws Exception {
        LaterDevice old = new LaterDevice("dev");
        BusFixture.bind(bus, old, 0x3000, 0x100, 0, "dev");
        BusAccess access = bus.newAccess();
        access.prepare(0x3000, 1, AccessType.WRITE, 0x99);
        assertFalse(access.proceed());
        Future<?> unbind = pool.submit(() -> bus.unbind(old));
        Thread.sleep(100);
        assertFalse(unbind.isDone(), "the swap waits for the kept write");
        old.answerOne();
        unbind.get(5, TimeUnit.SECONDS);
        assertTrue(access.proceed());
        RecordingDevice fresh = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, fresh, 0x3000, 0x100, 0, "dev");
        assertEquals((byte) 0x99, fresh.bytes[0], "the kept write is part of the moved state");
    }

    @Test
    void unbindingAfterAnsweredAndReusedPiecesDoesNotWait() throws Exception {
        LaterDevice dev = new LaterDevice("dev");
        BusFixture.bind(bus, dev, 0x3000, 0x100, 0, null);
        BusAccess access = bus.newAccess();
        for (int i = 0; i < 3; i++) {
            access.prepare(0x3000 + i, 1, AccessType.WRITE, i);
            assertFalse(access.proceed());
            dev.answerOne();
            assertTrue(access.proceed());
        }
        Future<?> unbind = pool.submit(() -> bus.unbind(dev));
        unbind.get(2, TimeUnit.SECONDS);
        assertEquals(0xFF, bus.read(0x3000, 1), "the device is gone");
    }

    @Test
    void aDirectlyMappedDeviceIsTakenOffTheFastPathBeforeItsStateIsSaved() {
        ViewCompilerTest.SwitchableDevice dev = new StatefulSwitchable();
        dev.linear = true;
        BusFixture.bind(bus, dev, 0x4000, 0x1000, 0, "sw");
        bus.write(0x4000, 4, 0x01020304);
        assertNotNull(bus.view().readArray(4));
        bus.unbind(dev);
        assertNull(bus.view().readArray(4), "no direct mapping while the device is away");
        StatefulSwitchable fresh = new StatefulSwitchable();
        fresh.linear = true;
        BusFixture.bind(bus, fresh, 0x4000, 0x1000, 0, "sw");
        assertArrayEquals(new byte[] {4, 3, 2, 1}, java.util.Arrays.copyOf(fresh.mem, 4));
        assertEquals(0x01020304, bus.read(0x4000, 4));
    }

    /** A switchable device that can move its memory. */
    static final class StatefulSwitchable extends ViewCompilerTest.SwitchableDevice
            implements org.tessera.machine.api.device.StatefulDevice {
        @Override
        public org.tessera.machine.api.device.DeviceState saveState() {
            return org.tessera.machine.api.device.DeviceState.builder("sw", 1).blob("mem", mem).build();
        }

        @Override
        public void restoreState(org.tessera.machine.api.device.DeviceState state) {
            byte[] m = state.blob("mem");
            System.arraycopy(m, 0, mem, 0, m.length);
        }
    }

    static PhysicalBus.Config config(long swapMillis, long deferredMillis) {
        return new PhysicalBus.Config() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return PhysicalBus.Config.class;
            }

            @Override
            public long swapTimeoutMillis() {
                return swapMillis;
            }

            @Override
            public long deferredTimeoutMillis() {
                return deferredMillis;
            }
        };
    }
}
