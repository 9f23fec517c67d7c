package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * PCI in the framework: the host bridge answers configuration cycles through the real IO bus, and
 * its PAM registers map shadow RAM over a firmware ROM on the real memory bus (the segment
 * DC000h-DFFFFh, PAM4 bits 5-4, where nothing else of this machine lies). The state of the
 * shadow RAM and the PAM registers survives an update of the dev.pci bundle.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PciIT {

    private static final long SEGMENT = 0xDC000;
    private static final int PAM4 = 0x5D;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    IoBus io;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    private ServiceRegistration<RegionHandler> romRegistration;

    /** A 16 KiB ROM marked as firmware. */
    static final class Rom implements RegionHandler {
        final byte[] bytes = new byte[0x4000];

        Rom() {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 13 + 1);
            }
        }

        @Override
        public byte[] directMemory() {
            return bytes;
        }

        @Override
        public int read(long offset, int size) {
            return bytes[(int) offset] & 0xFF;
        }

        @Override
        public void write(long offset, int size, int value) {
        }
    }

    static int romByte(int offset) {
        return offset * 13 + 1 & 0xFF;
    }

    @BeforeEach
    void rom() throws Exception {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(RegionHandler.REGION_BASE, SEGMENT);
        p.put(RegionHandler.REGION_SIZE, 0x4000L);
        p.put(RegionHandler.REGION_PRIORITY, 5);
        p.put(RegionHandler.REGION_NAME, "test.optionrom");
        p.put(RegionHandler.REGION_FIRMWARE, true);
        romRegistration = context.registerService(RegionHandler.class, new Rom(), p);
        awaitHostBridge();
    }

    @AfterEach
    void cleanUp() {
        configWrite(PAM4, 0);
        romRegistration.unregister();
    }

    private void awaitHostBridge() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (configRead(0x00) != 0x1237_8086) {
            assertTrue(System.nanoTime() < deadline, "the i440FX answers at 00.0");
            Thread.sleep(5);
        }
    }

    private int configRead(int register) {
        io.out(0xCF8, 4, 0x8000_0000 | register & 0xFF_FFFC);
        return io.in(0xCFC, 4) >>> ((register & 3) << 3);
    }

    private void configWrite(int register, int value) {
        io.out(0xCF8, 4, 0x8000_0000 | register & 0xFF_FFFC);
        io.out(0xCFC + (register & 3), 1, value);
    }

    private int pageFlags() {
        MemoryView v = bus.view();
        return v.flags((int) (SEGMENT >>> MemoryView.PAGE_SHIFT));
    }

    private RegionInfo shadowRegion() {
        for (RegionInfo r : bus.regions()) {
            if (r.name().equals("shadow.dc000")) {
                return r;
            }
        }
        return null;
    }

    @Test
    void theChipsetIsOnBusZero() {
        assertEquals(0x0600_0002, configRead(0x08));
        assertEquals(0x7000_8086, configRead(1 << 11));
        assertEquals(0x7010_8086, configRead(1 << 11 | 1 << 8));
        assertEquals(0xFFFF_FFFF, configRead(2 << 11), "nothing at 02.0");
        io.out(0xCF8, 4, 0x8000_0000 | 1 << 11 | 1 << 8 | 0x20);
        io.out(0xCFC, 4, 0xFFFF_FFFF);
        assertEquals(0xFFFF_FFF1, io.in(0xCFC, 4), "the IDE bus master BAR sizes through the IO bus");
        io.out(0xCFC, 4, 0);
    }

    @Test
    void pamModesOnTheRealBus() {
        assertEquals(romByte(0x10), bus.read(SEGMENT + 0x10, 1), "mode 00: the ROM");
        assertEquals(null, shadowRegion());

        configWrite(PAM4, 0x20); // mode 10: read ROM, write RAM
        RegionInfo r = shadowRegion();
        assertNotNull(r);
        assertEquals(30, r.priority());
        assertEquals("mmio", r.kind());
        assertEquals(romByte(0x10), bus.read(SEGMENT + 0x10, 1));
        for (long a = SEGMENT; a < SEGMENT + 0x4000; a += 4) {
            bus.write(a, 4, bus.read(a, 4)); // shadow the ROM the classic way
        }
        bus.write(SEGMENT + 0x20, 2, 0xBEEF);
        assertEquals(romByte(0x20), bus.read(SEGMENT + 0x20, 1), "writes went to RAM, reads still the ROM");

        configWrite(PAM4, 0x10); // mode 01: read RAM, writes dropped
        assertEquals(0xBEEF, bus.read(SEGMENT + 0x20, 2));
        assertEquals(romByte(0x3FFF), bus.read(SEGMENT + 0x3FFF, 1));
        bus.write(SEGMENT + 0x20, 2, 0x1234);
        assertEquals(0xBEEF, bus.read(SEGMENT + 0x20, 2));
        assertEquals(MemoryView.DIRECT_READ, pageFlags() & (MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE));
        assertEquals("rom", shadowRegion().kind());

        configWrite(PAM4, 0x30); // mode 11
        bus.write(SEGMENT + 0x20, 2, 0x1234);
        assertEquals(0x1234, bus.read(SEGMENT + 0x20, 2));
        assertEquals(MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE,
                pageFlags() & (MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE), "the fast path");

        configWrite(PAM4, 0x00);
        assertEquals(null, shadowRegion());
        assertEquals(romByte(0x20), bus.read(SEGMENT + 0x20, 1), "the ROM shows through again");
        configWrite(PAM4, 0x10);
        assertEquals(0x1234, bus.read(SEGMENT + 0x20, 2), "the shadow RAM kept its contents");
    }

    @Test
    void pamAndShadowRamSurviveAnUpdateOfTheBundle() throws Exception {
        configWrite(PAM4, 0x30);
        bus.write(SEGMENT + 0x100, 4, 0xFEED_F00D);
        configWrite(PAM4, 0x10);
        io.out(0xCF8, 4, 0x8000_0000 | 1 << 11 | 0x60);
        io.out(0xCFC, 1, 11); // PIRQA -> IRQ 11

        Bundle pci = null;
        for (Bundle b : context.getBundles()) {
            if ("dev.pci".equals(b.getSymbolicName())) {
                pci = b;
            }
        }
        assertNotNull(pci);
        pci.update();
        awaitHostBridge();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (shadowRegion() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0x10, configRead(PAM4));
        assertEquals(0xFEED_F00D, bus.read(SEGMENT + 0x100, 4), "the shadow RAM moved to the new bridge");
        assertEquals("rom", shadowRegion().kind());
        assertEquals(11, configRead(1 << 11 | 0x60) & 0xFF, "the PIIX3's state too");
        assertFalse(bus.regions().stream().filter(r -> r.name().equals("shadow.dc000")).count() > 1,
                "the old bridge's segment is gone");
    }
}
