package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.dev.ioports.internal.TestSupport.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.tessera.dev.ioports.internal.TestSupport.Props;
import org.tessera.dev.ioports.internal.TestSupport.RecordingHandler;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.io.PortRangeInfo;

/** The IO bus without hot swap: table compilation, splitting, unclaimed ports, failures. */
class IoBusTest {

    private final IoBusComponent bus = new IoBusComponent();

    @AfterEach
    void close() {
        bus.deactivate();
    }

    @Test
    void unclaimedPortsReadAllOnesAndIgnoreWrites() {
        assertEquals(0xFF, bus.in(0x1234, 1));
        assertEquals(0xFFFF, bus.in(0x1234, 2));
        assertEquals(0xFFFFFFFF, bus.in(0x1234, 4));
        bus.out(0x1234, 4, 0x12345678);
        assertEquals(new IoCounters(3, 1, 3, 1, 0), bus.counters());
        assertEquals(List.of(), bus.ports());
    }

    @Test
    void byteAccessReachesTheOwner() {
        RecordingHandler h = new RecordingHandler("h", 0x10, PortHandler.BYTE);
        bus.bind(h, Props.sid(1).range(0x60, 2).map(), "owner");
        assertEquals((0x10 + 0x61) & 0xFF, bus.in(0x61, 1));
        bus.out(0x60, 1, 0x1AB);
        assertEquals(List.of("h in 0061/1", "h out 0060/1=AB"), h.calls);
        IoCounters c = bus.counters();
        assertEquals(1, c.ins());
        assertEquals(1, c.outs());
        assertEquals(0, c.unclaimedIns() + c.unclaimedOuts());
    }

    @Test
    void higherPriorityWinsWhereClaimsOverlap() {
        RecordingHandler low = new RecordingHandler("low", 0, PortHandler.BYTE);
        RecordingHandler high = new RecordingHandler("high", 0, PortHandler.BYTE);
        bus.bind(high, Props.sid(2).range(0x42, 1).priority(5).name("high").map(), "b");
        bus.bind(low, Props.sid(1).range(0x40, 4).name("low").map(), "a");
        assertEquals(List.of(
                new PortRangeInfo(0x40, 0x41, "low", null, "a"),
                new PortRangeInfo(0x42, 0x42, "high", null, "b"),
                new PortRangeInfo(0x43, 0x43, "low", null, "a")), bus.ports());
        bus.in(0x42, 1);
        bus.in(0x43, 1);
        assertEquals(List.of("high in 0042/1"), high.calls);
        assertEquals(List.of("low in 0043/1"), low.calls);

        bus.unbind(2);
        assertEquals(List.of(new PortRangeInfo(0x40, 0x43, "low", null, "a")), bus.ports());
        bus.in(0x42, 1);
        assertEquals("low in 0042/1", low.calls.get(1));
    }

    @Test
    void tiesGoToHigherRankingThenLowerServiceId() {
        RecordingHandler a = new RecordingHandler("a", 0, PortHandler.BYTE);
        RecordingHandler b = new RecordingHandler("b", 0, PortHandler.BYTE);
        RecordingHandler c = new RecordingHandler("c", 0, PortHandler.BYTE);
        bus.bind(a, Props.sid(20).range(0x70, 1).name("a").map(), "x");
        bus.bind(b, Props.sid(10).range(0x70, 1).name("b").map(), "x");
        assertEquals("b", bus.ports().get(0).name(), "same priority and ranking: lower service.id wins");
        bus.bind(c, Props.sid(30).range(0x70, 1).ranking(1).name("c").map(), "x");
        assertEquals("c", bus.ports().get(0).name(), "higher service.ranking wins");
        bus.bind(a, Props.sid(40).range(0x70, 1).priority(1).name("a2").map(), "x");
        assertEquals("a2", bus.ports().get(0).name(), "priority beats ranking");
        bus.unbind(40);
        bus.unbind(30);
        assertEquals("b", bus.ports().get(0).name());
    }

    @Test
    void portListsInAllForms() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE);
        bus.bind(h, Props.sid(1).list(new int[] {0x20, 0xA0}).name("ints").map(), "o");
        bus.bind(h, Props.sid(2).list(new Integer[] {0x21, 0xA1}).name("boxed").map(), "o");
        bus.bind(h, Props.sid(3).list(List.of(0x3F8, 0x2F8)).name("coll").map(), "o");
        bus.bind(h, Props.sid(4).list("0x40").name("string").map(), "o");
        List<PortRangeInfo> map = bus.ports();
        assertEquals(List.of("ints", "boxed", "string", "ints", "boxed", "coll", "coll"),
                map.stream().map(PortRangeInfo::name).toList());
        assertEquals(List.of(0x20, 0x21, 0x40, 0xA0, 0xA1, 0x2F8, 0x3F8),
                map.stream().map(PortRangeInfo::first).toList());
    }

    @Test
    void unusableClaimIsNotBound() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE);
        bus.bind(h, Props.sid(1).list(new int[] {0x10000}).map(), "o");
        bus.bind(h, Props.sid(2).range(0xFFF0, 0x20).map(), "o");
        bus.bind(h, Props.sid(3).map(), "o");
        assertEquals(List.of(), bus.ports());
        bus.unbind(1);
        assertEquals(0xFF, bus.in(0xFFF8, 1));
    }

    @Test
    void serviceReferencePathGivesOwnerAndDeviceId() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE);
        Map<String, Object> props = Props.sid(7).range(0x92, 1).name("a20").device("port92").map();
        ServiceReference<PortHandler> ref = reference(props, "tessera.chipset");
        bus.addHandler(ref, h);
        assertEquals(List.of(new PortRangeInfo(0x92, 0x92, "a20", "port92", "tessera.chipset")), bus.ports());

        props.put(PortHandler.PORT_BASE, 0x93);
        bus.updatedHandler(ref, h);
        assertEquals(List.of(new PortRangeInfo(0x93, 0x93, "a20", "port92", "tessera.chipset")), bus.ports());

        bus.removeHandler(ref, h);
        assertEquals(List.of(), bus.ports());
    }

    @Test
    void wordToByteHandlerIsSplitLowPortFirst() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE);
        bus.bind(h, Props.sid(1).range(0x100, 4).map(), "o");
        assertEquals(0x0100, bus.in(0x100, 2));
        bus.out(0x100, 4, 0x44332211);
        assertEquals(List.of("h in 0100/1", "h in 0101/1", "h out 0100/1=11", "h out 0101/1=22",
                "h out 0102/1=33", "h out 0103/1=44"), h.calls);
    }

    @Test
    void acceptedSizeOwnedWholeIsOneCall() {
        RecordingHandler h = new RecordingHandler("h", 0x20, PortHandler.BYTE | PortHandler.WORD);
        bus.bind(h, Props.sid(1).range(0x1F0, 8).map(), "o");
        assertEquals(0x1211, bus.in(0x1F1, 2));
        bus.out(0x1F0, 2, 0xBEEF);
        bus.out(0x1F0, 4, 0xCAFEBABE);
        assertEquals(List.of("h in 01F1/2", "h out 01F0/2=BEEF", "h out 01F0/2=BABE", "h out 01F2/2=CAFE"),
                h.calls);
    }

    @Test
    void accessAcrossTwoHandlersIsSplitByOwner() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        RecordingHandler a = new RecordingHandler("a", 0, PortHandler.BYTE | PortHandler.WORD | PortHandler.DWORD,
                order);
        RecordingHandler b = new RecordingHandler("b", 0, PortHandler.BYTE, order);
        bus.bind(a, Props.sid(1).range(0x200, 2).map(), "o");
        bus.bind(b, Props.sid(2).range(0x202, 2).map(), "o");
        int v = bus.in(0x200, 4);
        assertEquals(0x03020100, v);
        bus.out(0x201, 2, 0x5566);
        bus.out(0x200, 4, 0xDDCCBBAA);
        assertEquals(List.of("a in 0200/2", "b in 0202/1", "b in 0203/1",
                "a out 0201/1=66", "b out 0202/1=55",
                "a out 0200/2=BBAA", "b out 0202/1=CC", "b out 0203/1=DD"), order);
    }

    @Test
    void partlyUnclaimedAccessAnswersOnesForTheMissingBytes() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE | PortHandler.WORD);
        bus.bind(h, Props.sid(1).range(0x300, 1).map(), "o");
        assertEquals(0xFFFF_FF00, bus.in(0x300, 4));
        bus.out(0x300, 2, 0x1234);
        assertEquals(List.of("h in 0300/1", "h out 0300/1=34"), h.calls);
        IoCounters c = bus.counters();
        assertEquals(1, c.unclaimedIns());
        assertEquals(1, c.unclaimedOuts());
    }

    @Test
    void portsWrapAtFFFF() {
        RecordingHandler top = new RecordingHandler("top", 0, PortHandler.BYTE | PortHandler.WORD);
        RecordingHandler bottom = new RecordingHandler("bottom", 0x40, PortHandler.BYTE);
        bus.bind(top, Props.sid(1).range(0xFFFE, 2).map(), "o");
        bus.bind(bottom, Props.sid(2).range(0, 2).map(), "o");
        assertEquals(0x40 << 8 | 0xFF, bus.in(0xFFFF, 2));
        bus.out(0xFFFE, 4, 0x44332211);
        assertEquals(0x41, bus.in(0x10001, 1), "port numbers are taken modulo 10000h");
        assertEquals(List.of("top in FFFF/1", "top out FFFE/2=2211"), top.calls);
        assertEquals(List.of("bottom in 0000/1", "bottom out 0000/1=33", "bottom out 0001/1=44",
                "bottom in 0001/1"), bottom.calls);
    }

    @Test
    void throwingHandlerIsCountedAndTheBusKeepsWorking() {
        PortHandler broken = new PortHandler() {
            @Override
            public int in(int port, int size) {
                throw new IllegalStateException("broken in");
            }

            @Override
            public void out(int port, int size, int value) {
                throw new AssertionError("broken out");
            }
        };
        RecordingHandler good = new RecordingHandler("good", 0, PortHandler.BYTE);
        bus.bind(broken, Props.sid(1).range(0x10, 1).map(), "o");
        bus.bind(good, Props.sid(2).range(0x11, 1).map(), "o");
        assertEquals(0xFF, bus.in(0x10, 1));
        bus.out(0x10, 1, 1);
        assertEquals(0x11FF, bus.in(0x10, 2));
        for (int i = 0; i < 2000; i++) {
            bus.in(0x10, 1);
        }
        assertEquals(2003, bus.counters().handlerFailures());
        assertEquals(0, bus.counters().unclaimedIns());
        assertEquals(List.of("good in 0011/1"), good.calls);
    }

    @Test
    void virtualMachineErrorsPropagate() {
        final class Fatal extends VirtualMachineError {
            private static final long serialVersionUID = 1L;
        }
        PortHandler fatal = new PortHandler() {
            @Override
            public int in(int port, int size) {
                throw new Fatal();
            }

            @Override
            public void out(int port, int size, int value) {
            }
        };
        bus.bind(fatal, Props.sid(1).range(0x10, 1).map(), "o");
        assertThrows(Fatal.class, () -> bus.in(0x10, 1));
        assertEquals(0, bus.counters().handlerFailures());
    }

    @Test
    void badSizeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> bus.in(0x10, 0));
        assertThrows(IllegalArgumentException.class, () -> bus.out(0x10, 8, 0));
    }

    @Test
    void unbindWaitsForAnAccessInFlight() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        PortHandler slow = new PortHandler() {
            @Override
            public int in(int port, int size) {
                return 0;
            }

            @Override
            public void out(int port, int size, int value) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.add("out done");
            }
        };
        bus.bind(slow, Props.sid(1).range(0x50, 1).map(), "o");
        Thread cpu = TestSupport.start("cpu", () -> bus.out(0x50, 1, 7));
        entered.await();
        Thread unbinder = TestSupport.start("unbinder", () -> {
            bus.unbind(1);
            events.add("unbound");
        });
        TestSupport.awaitThreadState(unbinder, Thread.State.BLOCKED);
        assertTrue(events.isEmpty());
        release.countDown();
        cpu.join(10_000);
        unbinder.join(10_000);
        assertEquals(List.of("out done", "unbound"), events);
        assertEquals(0xFF, bus.in(0x50, 1));
    }

    @Test
    void bindAndUnbindWhileRunning() throws Exception {
        RecordingHandler[] handlers = new RecordingHandler[3];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = new RecordingHandler("h" + i, 0x10 * (i + 1), PortHandler.BYTE | PortHandler.WORD) {
                @Override
                void record(String call) {
                    // keep memory flat: no logging in the stress test
                }
            };
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int accesses = 200_000;
        Thread cpu = TestSupport.start("cpu", () -> {
            try {
                for (int i = 0; i < accesses; i++) {
                    int v = bus.in(0x60, 2);
                    int lo = v & 0xFF;
                    int hi = v >>> 8;
                    if (!(valid(lo, 0x60, handlers) && valid(hi, 0x61, handlers))) {
                        throw new AssertionError("unexpected value " + Integer.toHexString(v));
                    }
                    bus.out(0x60, 1, i);
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long sid = 100;
        while (cpu.isAlive()) {
            int which = (int) (sid % handlers.length);
            bus.bind(handlers[which], Props.sid(sid).range(0x60 + (int) (sid % 2), 2).priority(which).map(), "o");
            if (sid > 102) {
                bus.unbind(sid - 2);
            }
            sid++;
        }
        cpu.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(accesses, bus.counters().ins());
        assertEquals(accesses, bus.counters().outs());
        assertEquals(0, bus.counters().handlerFailures());
        assertTrue(sid > 103, "the binder ran concurrently");
    }

    private static boolean valid(int b, int port, RecordingHandler[] handlers) {
        if (b == 0xFF) {
            return true;
        }
        for (RecordingHandler h : handlers) {
            if (h.byteAt(port) == b) {
                return true;
            }
        }
        return false;
    }

    @Test
    void deactivatedBusAnswersUnclaimed() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE);
        bus.bind(h, Props.sid(1).range(0x60, 1).map(), "o");
        bus.deactivate();
        assertEquals(0xFF, bus.in(0x60, 1));
        bus.bind(h, Props.sid(2).range(0x61, 1).map(), "o");
        assertEquals(List.of(), bus.ports());
        assertTrue(h.calls.isEmpty());
    }

    @Test
    void tableEntriesShareOneSlotPerHandler() {
        RecordingHandler h = new RecordingHandler("h", 0, PortHandler.BYTE);
        bus.bind(h, Props.sid(1).range(0x60, 3).map(), "o");
        PortTable t = bus.table();
        assertSame(t.owner(0x60), t.owner(0x62));
        assertEquals(null, t.owner(0x63));
    }
}
