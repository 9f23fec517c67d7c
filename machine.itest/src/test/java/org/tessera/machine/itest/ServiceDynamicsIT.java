package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.memory.RegionInfo;

/** Handlers and configurations coming and going in a running framework. */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class ServiceDynamicsIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    @InjectService(timeout = 5000)
    IoBus io;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    /** A small register file. */
    static final class Registers implements RegionHandler {
        final byte[] bytes = new byte[0x100];

        @Override
        public synchronized int read(long offset, int size) {
            return bytes[(int) offset] & 0xFF;
        }

        @Override
        public synchronized void write(long offset, int size, int value) {
            bytes[(int) offset] = (byte) value;
        }
    }

    @Test
    void aRegionHandlerIsMappedWhileRegisteredAndOpenBusAfterwards() {
        Registers regs = new Registers();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RegionHandler.REGION_BASE, 0xD000_0000L);
        props.put(RegionHandler.REGION_SIZE, 0x100L);
        props.put(RegionHandler.REGION_NAME, "itest.registers");
        ServiceRegistration<RegionHandler> reg = context.registerService(RegionHandler.class, regs, props);
        try {
            bus.write(0xD000_0010L, 2, 0xA55A);
            assertEquals(0x5A, regs.bytes[0x10] & 0xFF);
            assertEquals(0xA5, regs.bytes[0x11] & 0xFF);
            assertEquals(0xA55A, bus.read(0xD000_0010L, 2));
            RegionInfo info = region("itest.registers").orElseThrow();
            assertEquals("machine.itest-tests", info.owner());
            assertEquals("mmio", info.kind());
        } finally {
            reg.unregister();
        }
        long before = bus.counters().openBusReads();
        assertEquals(0xFFFF, bus.read(0xD000_0010L, 2));
        assertEquals(before + 1, bus.counters().openBusReads());
        assertTrue(region("itest.registers").isEmpty());
    }

    @Test
    void ramFollowsItsConfiguration() throws Exception {
        Configuration config = configAdmin.getConfiguration("tessera.ram", "?");
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("size", 32L << 20);
            config.update(props);
            awaitTrue(() -> region("ram").map(r -> r.size() == 32L << 20).orElse(false), "RAM grows to 32 MiB");
            bus.write((32L << 20) - 4, 4, 0x12345678);
            assertEquals(0x12345678, bus.read((32L << 20) - 4, 4));
        } finally {
            config.delete();
        }
        awaitTrue(() -> region("ram").map(r -> r.size() == 16L << 20).orElse(false), "RAM back to 16 MiB");
        assertEquals(0xFFFFFFFF, bus.read((32L << 20) - 4, 4));
    }

    @Test
    void aRomImageFromAFactoryConfigurationIsReadOnly() throws Exception {
        Path image = Files.createTempFile("tessera-itest", ".rom");
        Files.write(image, new byte[] {(byte) 0xEA, 0x5B, (byte) 0xE0, 0x00, (byte) 0xF0});
        Configuration config = configAdmin.getFactoryConfiguration("tessera.rom", "itest", "?");
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("file", image.toString());
            props.put("base", 0xE000_0000L);
            props.put("name", "itest.rom");
            config.update(props);
            awaitTrue(() -> region("itest.rom").isPresent(), "the ROM is mapped");
            assertEquals("rom", region("itest.rom").get().kind());
            assertEquals(0xE05BEA, bus.read(0xE000_0000L, 4) & 0xFFFFFF);
            long dropped = bus.counters().romWritesDropped();
            bus.write(0xE000_0000L, 1, 0x90);
            assertEquals(0xEA, bus.read(0xE000_0000L, 1));
            assertEquals(dropped + 1, bus.counters().romWritesDropped());
        } finally {
            config.delete();
            Files.deleteIfExists(image);
        }
        awaitTrue(() -> region("itest.rom").isEmpty(), "the ROM is gone with its configuration");
    }

    @Test
    void aPortHandlerIsBoundWhileRegistered() {
        int[] last = {-1};
        PortHandler handler = new PortHandler() {
            @Override
            public int in(int port, int size) {
                return 0x40 + (port & 0xF);
            }

            @Override
            public void out(int port, int size, int value) {
                last[0] = value;
            }
        };
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(PortHandler.PORT_BASE, 0x300);
        props.put(PortHandler.PORT_COUNT, 4);
        props.put(PortHandler.PORT_NAME, "itest.ports");
        ServiceRegistration<PortHandler> reg = context.registerService(PortHandler.class, handler, props);
        try {
            assertEquals(0x4342, io.in(0x302, 2));
            io.out(0x301, 1, 0x77);
            assertEquals(0x77, last[0]);
            assertTrue(io.ports().stream().anyMatch(p -> p.first() == 0x300 && p.last() == 0x303));
        } finally {
            reg.unregister();
        }
        assertEquals(0xFF, io.in(0x302, 1));
    }

    @Test
    void theDebugConsoleCollectsPortE9() throws Exception {
        DebugConsole console = service(DebugConsole.class);
        console.clear();
        for (char c : "hello from the guest\n".toCharArray()) {
            io.out(0xE9, 1, c);
        }
        assertEquals("hello from the guest\n", console.text());
        assertEquals(0xE9, io.in(0xE9, 1));
    }

    private <T> T service(Class<T> type) {
        return context.getService(context.getServiceReference(type));
    }

    private Optional<RegionInfo> region(String name) {
        return bus.regions().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
