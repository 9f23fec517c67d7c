package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.itest.fixture.TallyDevice;

/**
 * Updates the bundle of a region device while another thread streams writes and reads through
 * the bus: every write must reach the old or the new instance exactly once, the state must move
 * across, and the end state must equal that of the same stream without swaps.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HotSwapIT {

    private static final int WRITES = 200_000;
    private static final int UPDATES = 5;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    /** The i-th operation of the stream: offset, size and value of a write. */
    static int offset(int i) {
        return (i * 52 + (i >>> 7) * 4) % TallyDevice.COUNT & ~3;
    }

    static int size(int i) {
        return 1 << (i % 3);
    }

    static int value(int i) {
        int v = i * 0x9E3779B1;
        return size(i) == 4 ? v : v & ((1 << (size(i) << 3)) - 1);
    }

    /** The device's digest of one more write, as its documentation defines it. */
    static int digest(int digest, int offset, int size, int value) {
        int h = digest * 0x01000193 ^ offset;
        h = h * 0x01000193 ^ size;
        return h * 0x01000193 ^ value;
    }

    @Test
    void updatingTheDeviceBundleMidStreamLosesAndRepeatsNothing() throws Exception {
        Bundle fixture = bundle("machine.itest");
        ServiceReference<RegionHandler> first = tallyReference();
        long base = TallyDevice.BASE;
        int count0 = bus.read(base + TallyDevice.COUNT, 4);
        int digest0 = bus.read(base + TallyDevice.DIGEST, 4);

        // the reference: the same stream applied to a model of the device that is never swapped
        byte[] model = new byte[TallyDevice.COUNT];
        for (int o = 0; o < TallyDevice.COUNT; o++) {
            model[o] = (byte) bus.read(base + o, 1);
        }

        AtomicInteger progress = new AtomicInteger();
        AtomicInteger readMismatches = new AtomicInteger();
        ExecutorService streamer = Executors.newSingleThreadExecutor();
        Future<?> stream = streamer.submit(() -> {
            for (int i = 0; i < WRITES; i++) {
                int o = offset(i);
                int s = size(i);
                int v = value(i);
                bus.write(base + o, s, v);
                for (int k = 0; k < s; k++) {
                    model[o + k] = (byte) (v >>> (k << 3));
                }
                if (i % 5 == 0) {
                    int back = bus.read(base + o, 4);
                    int expected = (model[o] & 0xFF) | (model[o + 1] & 0xFF) << 8 | (model[o + 2] & 0xFF) << 16
                            | (model[o + 3] & 0xFF) << 24;
                    if (back != expected) {
                        readMismatches.incrementAndGet();
                    }
                }
                progress.set(i);
            }
            return null;
        });
        for (int u = 1; u <= UPDATES; u++) {
            while (progress.get() < u * WRITES / (UPDATES + 2) && !stream.isDone()) {
                Thread.sleep(1);
            }
            fixture.update();
        }
        stream.get(120, TimeUnit.SECONDS);
        streamer.shutdown();

        ServiceReference<RegionHandler> last = tallyReference();
        assertNotEquals(first.getProperty("service.id"), last.getProperty("service.id"), "the device was replaced");
        assertEquals(0, readMismatches.get(), "every read saw the last write");
        int writesThrough = bus.read(base + TallyDevice.COUNT, 4) - count0;
        assertEquals(WRITES, writesThrough, "each write reached exactly one instance exactly once");
        byte[] memory = new byte[TallyDevice.COUNT];
        for (int o = 0; o < TallyDevice.COUNT; o++) {
            memory[o] = (byte) bus.read(base + o, 1);
        }
        assertArrayEquals(model, memory, "memory equals the run without swaps");
        // the digest covers the order of all writes since the device's birth; replay it for the reference
        int digest = digest0;
        for (int i = 0; i < WRITES; i++) {
            digest = digest(digest, offset(i), size(i), value(i));
        }
        assertEquals(digest, bus.read(base + TallyDevice.DIGEST, 4), "the writes arrived in program order");
        assertEquals(0, bus.counters().swapTimeouts(), "no access gave up waiting");
        System.out.println("HotSwapIT: " + WRITES + " writes, " + UPDATES + " bundle updates, "
                + bus.counters().swapWaits() + " accesses waited for a swap");
    }

    private ServiceReference<RegionHandler> tallyReference() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var refs = context.getServiceReferences(RegionHandler.class, "(device.id=" + TallyDevice.DEVICE + ")");
            if (!refs.isEmpty()) {
                return refs.iterator().next();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no tally device registered");
    }

    private Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) {
            if (bsn.equals(b.getSymbolicName())) {
                return b;
            }
        }
        assertNotNull(null, "bundle " + bsn + " is installed");
        return null;
    }
}
