package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * Updates the dev.vga bundle while one thread drives the VGA as a CPU would, through both buses
 * in program order: a word OUT selects the plane (map mask), a memory write fills it, reads go
 * through the read map select, the DAC is loaded entry by entry. A lost or repeated OUT would put
 * bytes in the wrong plane; a state that did not move would lose the planes, the DAC or the
 * registers. At the end the planes, the DAC and the registers must equal a model of the same
 * stream without swaps.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class VgaHotSwapIT {

    private static final int STEPS = 120_000;
    private static final int UPDATES = 4;
    private static final long A0000 = 0xA0000L;
    /** The plane bytes the stream covers. */
    private static final int SPAN = 0x4000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    @InjectService(timeout = 5000)
    IoBus io;

    static int value(int i) {
        return (i * 0x9E3779B1 >>> 13) & 0xFF;
    }

    @Test
    void updatingTheVgaBundleWhileItIsDrivenKeepsPlanesDacAndRegisters() throws Exception {
        Bundle vga = bundle("dev.vga");
        ServiceReference<RegionHandler> first = windowReference();

        // planar memory as mode 12h has it
        io.out(0x3C2, 1, 0xE3);
        io.out(0x3C4, 2, 0x0F02);
        io.out(0x3C4, 2, 0x0604);
        io.out(0x3CE, 2, 0x0000);
        io.out(0x3CE, 2, 0x0001);
        io.out(0x3CE, 2, 0x0003);
        io.out(0x3CE, 2, 0x0005);
        io.out(0x3CE, 2, 0x0506);
        io.out(0x3CE, 2, 0xFF08);
        io.out(0x3C6, 1, 0xFF);

        // the model starts from what the planes hold now (other tests may have drawn before)
        byte[][] planes = new byte[4][SPAN];
        for (int p = 0; p < 4; p++) {
            io.out(0x3CE, 2, p << 8 | 0x04);
            for (int o = 0; o < SPAN; o++) {
                planes[p][o] = (byte) bus.read(A0000 + o, 1);
            }
        }
        byte[] dac = new byte[256 * 3];
        AtomicInteger progress = new AtomicInteger();
        AtomicInteger readMismatches = new AtomicInteger();
        ExecutorService cpu = Executors.newSingleThreadExecutor();
        Future<?> stream = cpu.submit(() -> {
            for (int i = 0; i < STEPS; i++) {
                int plane = i & 3;
                int offset = (i >>> 2) % SPAN;
                io.out(0x3C4, 2, (1 << plane) << 8 | 0x02);
                bus.write(A0000 + offset, 1, value(i));
                planes[plane][offset] = (byte) value(i);
                if (i % 7 == 0) {
                    int p = (i >>> 3) & 3;
                    int o = (i * 13) % SPAN;
                    io.out(0x3CE, 2, p << 8 | 0x04);
                    if (bus.read(A0000 + o, 1) != (planes[p][o] & 0xFF)) {
                        readMismatches.incrementAndGet();
                    }
                }
                if (i % 16 == 0) {
                    int entry = (i >>> 4) & 0xFF;
                    io.out(0x3C8, 1, entry);
                    for (int c = 0; c < 3; c++) {
                        int v = (i + c * 21) & 0x3F;
                        io.out(0x3C9, 1, v);
                        dac[entry * 3 + c] = (byte) v;
                    }
                }
                if (i % 1000 == 0) {
                    io.out(0x3D4, 2, (i >>> 8 & 0xFF) << 8 | 0x0C);
                    io.out(0x3D4, 2, (i & 0xFF) << 8 | 0x0D);
                }
                progress.set(i);
            }
            return null;
        });
        for (int u = 1; u <= UPDATES; u++) {
            while (progress.get() < u * STEPS / (UPDATES + 2) && !stream.isDone()) {
                Thread.sleep(1);
            }
            vga.update();
        }
        stream.get(120, TimeUnit.SECONDS);
        cpu.shutdown();

        ServiceReference<RegionHandler> last = windowReference();
        assertNotEquals(first.getProperty("service.id"), last.getProperty("service.id"), "the VGA was replaced");
        assertEquals(0, readMismatches.get(), "every read saw the plane's last write");
        for (int p = 0; p < 4; p++) {
            io.out(0x3CE, 2, p << 8 | 0x04);
            byte[] now = new byte[SPAN];
            for (int o = 0; o < SPAN; o++) {
                now[o] = (byte) bus.read(A0000 + o, 1);
            }
            assertArrayEquals(planes[p], now, "plane " + p);
        }
        io.out(0x3C7, 1, 0);
        byte[] dacNow = new byte[dac.length];
        for (int i = 0; i < dacNow.length; i++) {
            dacNow[i] = (byte) io.in(0x3C9, 1);
        }
        assertArrayEquals(dac, dacNow, "DAC");
        int lastCrtc = (STEPS - 1) / 1000 * 1000;
        io.out(0x3D4, 1, 0x0C);
        assertEquals(lastCrtc >>> 8 & 0xFF, io.in(0x3D5, 1), "CRTC start address high");
        io.out(0x3D4, 1, 0x0D);
        assertEquals(lastCrtc & 0xFF, io.in(0x3D5, 1), "CRTC start address low");
        assertEquals(0xE3, io.in(0x3CC, 1), "misc output");
        assertEquals(0, bus.counters().swapTimeouts(), "no memory access gave up waiting");
        // the display's service and the direct-mapped linear framebuffer are back too
        assertNotNull(context.getServiceReference("org.tessera.dev.vga.internal.VgaHardware"), "VgaHardware service");
        assertTrue(bus.regions().stream().anyMatch(r -> r.base() == 0xE0000000L && r.kind().equals("ram")),
                "linear framebuffer mapped directly: " + bus.regions());
        bus.write(0xE0000000L + 0x10000, 4, 0x12345678);
        io.out(0x1CE, 2, 4);
        io.out(0x1CF, 2, 0x81); // VBE on, memory kept
        io.out(0x1CE, 2, 5);
        io.out(0x1CF, 2, 1); // bank 1
        assertEquals(0x12345678, bus.read(A0000, 4), "the banked window shows the framebuffer");
        io.out(0x1CE, 2, 4);
        io.out(0x1CF, 2, 0);
        System.out.println("VgaHotSwapIT: " + STEPS + " steps, " + UPDATES + " updates of dev.vga, "
                + bus.counters().swapWaits() + " memory accesses waited for a swap");
    }

    private ServiceReference<RegionHandler> windowReference() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var refs = context.getServiceReferences(RegionHandler.class, "(&(device.id=vga)(tessera.region.base=655360))");
            if (!refs.isEmpty()) {
                return refs.iterator().next();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no VGA registered");
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
