package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.dev.ioports.internal.TestSupport.Props;
import org.tessera.dev.ioports.internal.TestSupport.RecordingHandler;
import org.tessera.dev.ioports.internal.TestSupport.StatefulHandler;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.io.PortRangeInfo;

/** Hot swap of port devices: state moves, waiting accesses, timeouts. */
class HotSwapTest {

    private static final int PORT = 0x3F8;

    private final IoBusComponent bus = new IoBusComponent();

    @AfterEach
    void close() {
        bus.deactivate();
    }

    private static IoBusConfig config(long swapTimeoutMillis) {
        return new IoBusConfig() {
            @Override
            public long swapTimeoutMillis() {
                return swapTimeoutMillis;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return IoBusConfig.class;
            }
        };
    }

    private void bindDevice(PortHandler h, long sid) {
        bus.bind(h, Props.sid(sid).range(PORT, 1).device("uart").name("com1").map(), "o");
    }

    @Test
    void stateMovesToTheReplacementBeforeItsFirstAccess() {
        bus.activate(config(5000));
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.out(PORT, 1, 0x42);
        bus.unbind(1);
        assertEquals(1, a.saves);
        assertEquals(List.of(new PortRangeInfo(PORT, PORT, "com1", "uart", "o")), bus.ports(),
                "the swapping slot stays in the map");

        StatefulHandler b = new StatefulHandler("b", "uart");
        bindDevice(b, 2);
        assertEquals(0x42, b.register);
        assertEquals(0x42, bus.in(PORT, 1));
        assertEquals(List.of("b restore", "b in 03F8/1"), b.calls);
        assertEquals(List.of("a out 03F8/1=42", "a save"), a.calls);
        assertEquals(0, bus.counters().unclaimedIns());
    }

    @Test
    void writeDuringSwapWaitsAndReachesTheNewInstanceExactlyOnce() throws Exception {
        bus.configure(30_000);
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.out(PORT, 1, 0x42);
        bus.unbind(1);

        Thread cpu = TestSupport.start("cpu", () -> bus.out(PORT, 1, 0x99));
        TestSupport.awaitThreadState(cpu, Thread.State.TIMED_WAITING);
        assertTrue(cpu.isAlive());

        StatefulHandler b = new StatefulHandler("b", "uart");
        bindDevice(b, 2);
        cpu.join(10_000);
        assertFalse(cpu.isAlive());

        assertEquals(List.of("b restore", "b out 03F8/1=99"), b.calls);
        assertEquals(List.of("a out 03F8/1=42", "a save"), a.calls);
        assertEquals(0x99, b.register);
        assertEquals(0, bus.counters().unclaimedOuts());
    }

    @Test
    void manyAccessesDuringSwapAllReachTheNewInstanceOnce() throws Exception {
        bus.configure(30_000);
        AtomicInteger sum = new AtomicInteger();
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.unbind(1);
        StatefulHandler b = new StatefulHandler("b", "uart") {
            @Override
            public void out(int port, int size, int value) {
                super.out(port, size, value);
                sum.addAndGet(value);
            }
        };
        Thread[] writers = new Thread[4];
        for (int i = 0; i < writers.length; i++) {
            int v = 1 << i;
            writers[i] = TestSupport.start("w" + i, () -> bus.out(PORT, 1, v));
        }
        for (Thread w : writers) {
            TestSupport.awaitThreadState(w, Thread.State.TIMED_WAITING);
        }
        bindDevice(b, 2);
        for (Thread w : writers) {
            w.join(10_000);
        }
        assertEquals(0xF, sum.get());
        assertEquals(5, b.calls.size());
        assertEquals("b restore", b.calls.get(0));
    }

    @Test
    void swapWaitsForAnAccessInFlightBeforeSaving() throws Exception {
        bus.configure(30_000);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StatefulHandler a = new StatefulHandler("a", "uart") {
            @Override
            public void out(int port, int size, int value) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.out(port, size, value);
            }
        };
        bindDevice(a, 1);
        Thread cpu = TestSupport.start("cpu", () -> bus.out(PORT, 1, 0x77));
        entered.await();
        Thread unbinder = TestSupport.start("unbinder", () -> bus.unbind(1));
        TestSupport.awaitThreadState(unbinder, Thread.State.BLOCKED);
        assertEquals(0, a.saves);
        release.countDown();
        unbinder.join(10_000);
        cpu.join(10_000);
        assertEquals(1, a.saves);

        StatefulHandler b = new StatefulHandler("b", "uart");
        bindDevice(b, 2);
        assertEquals(0x77, b.register, "the write in flight is in the saved state");
    }

    @Test
    void timeoutFallsBackToUnclaimedAndALateReplacementStillGetsTheState() {
        bus.activate(config(20));
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.out(PORT, 1, 0x42);
        bus.unbind(1);
        assertEquals(0xFF, bus.in(PORT, 1));
        bus.out(PORT, 1, 0x55);
        assertEquals(1, bus.counters().unclaimedIns());
        assertEquals(1, bus.counters().unclaimedOuts());
        assertEquals(List.of("a out 03F8/1=42", "a save"), a.calls);

        StatefulHandler b = new StatefulHandler("b", "uart");
        bindDevice(b, 2);
        assertEquals(0x42, bus.in(PORT, 1));
        assertEquals(List.of("b restore", "b in 03F8/1"), b.calls);
    }

    @Test
    void refusedStateLeavesTheReplacementInItsResetState() {
        bus.configure(5000);
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.out(PORT, 1, 0x42);
        bus.unbind(1);
        StatefulHandler b = new StatefulHandler("b", "uart");
        b.refuseState = true;
        bindDevice(b, 2);
        assertEquals(1, b.restores);
        assertEquals(0, bus.in(PORT, 1));
        bus.out(PORT, 1, 0x10);
        assertEquals(0x10, b.register);
    }

    @Test
    void handlerWithoutDeviceIdIsSimplyRemoved() {
        bus.configure(60_000);
        StatefulHandler a = new StatefulHandler("a", "uart");
        bus.bind(a, Props.sid(1).range(PORT, 1).map(), "o");
        bus.unbind(1);
        assertEquals(0, a.saves);
        assertEquals(List.of(), bus.ports());
        assertEquals(0xFF, bus.in(PORT, 1));
    }

    @Test
    void statelessHandlerWithDeviceIdIsSimplyRemovedAndUncoversTheNextClaim() {
        bus.configure(60_000);
        RecordingHandler low = new RecordingHandler("low", 0, PortHandler.BYTE);
        RecordingHandler dev = new RecordingHandler("dev", 0, PortHandler.BYTE);
        bus.bind(low, Props.sid(1).range(PORT, 1).map(), "o");
        bus.bind(dev, Props.sid(2).range(PORT, 1).priority(1).device("x").map(), "o");
        bus.unbind(2);
        bus.in(PORT, 1);
        assertEquals(List.of("low in 03F8/1"), low.calls);
    }

    @Test
    void noSwapWhenAnotherLiveHandlerHasTheSameDeviceId() {
        bus.configure(60_000);
        StatefulHandler a = new StatefulHandler("a", "uart");
        StatefulHandler b = new StatefulHandler("b", "uart");
        bindDevice(a, 1);
        bindDevice(b, 2);
        bus.unbind(1);
        assertEquals(0, a.saves);
        bus.in(PORT, 1);
        assertEquals(List.of("b in 03F8/1"), b.calls);
    }

    @Test
    void deactivationReleasesWaitingAccesses() throws Exception {
        bus.configure(60_000);
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.unbind(1);
        int[] answer = new int[1];
        Thread cpu = TestSupport.start("cpu", () -> answer[0] = bus.in(PORT, 2));
        TestSupport.awaitThreadState(cpu, Thread.State.TIMED_WAITING);
        bus.deactivate();
        cpu.join(10_000);
        assertFalse(cpu.isAlive());
        assertEquals(0xFFFF, answer[0]);
    }

    @Test
    void replacementWithOtherPortsTakesItsOwnClaim() throws Exception {
        bus.configure(30_000);
        StatefulHandler a = new StatefulHandler("a", "uart");
        bindDevice(a, 1);
        bus.unbind(1);
        int[] answer = new int[1];
        Thread cpu = TestSupport.start("cpu", () -> answer[0] = bus.in(PORT, 1));
        TestSupport.awaitThreadState(cpu, Thread.State.TIMED_WAITING);
        StatefulHandler b = new StatefulHandler("b", "uart");
        bus.bind(b, Props.sid(2).range(PORT + 1, 1).device("uart").map(), "o");
        cpu.join(10_000);
        assertEquals(0xFF, answer[0], "the old port is unclaimed now");
        assertEquals(List.of("b restore"), b.calls);
    }
}
