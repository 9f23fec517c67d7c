package org.tessera.dev.ioports.internal.cmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionInfo;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/** The CMOS component: ports, memory bytes, configuration, wiring to clock, timers and IRQ8. */
class CmosComponentTest {

    private static final long S = 1_000_000_000L;

    static CmosConfig config(String time, String floppyA, String floppyB, int disks, String boot, boolean fpu,
            long extKb) {
        return new CmosConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CmosConfig.class;
            }

            @Override
            public String time() {
                return time;
            }

            @Override
            public String floppyA() {
                return floppyA;
            }

            @Override
            public String floppyB() {
                return floppyB;
            }

            @Override
            public int hardDisks() {
                return disks;
            }

            @Override
            public String bootOrder() {
                return boot;
            }

            @Override
            public boolean fpu() {
                return fpu;
            }

            @Override
            public long extendedKb() {
                return extKb;
            }
        };
    }

    static CmosConfig defaults(String time) {
        return config(time, "1.44M", "none", 0, "floppy,disk", false, -1);
    }

    static MemoryBus bus(List<RegionInfo> regions) {
        return (MemoryBus) Proxy.newProxyInstance(CmosComponentTest.class.getClassLoader(),
                new Class<?>[] {MemoryBus.class}, (p, m, a) -> switch (m.getName()) {
                    case "regions" -> regions;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static RegionInfo ram(long base, long size) {
        return new RegionInfo(base, size, 0, "ram", "ram", "mem.bus", "ram", true);
    }

    private static int rd(CmosComponent c, int i) {
        c.out(0x70, 1, i);
        return c.in(0x71, 1);
    }

    @Test
    void memoryBytesFor32MiBAndChecksum() {
        CmosComponent c = new CmosComponent();
        c.setMemoryBus(bus(List.of(ram(0, 32 << 20),
                new RegionInfo(0xA0000, 0x20000, 10, "vga.window", "vga", "dev.vga", "mmio", true),
                new RegionInfo(0xE0000000L, 16 << 20, 0, "vga.lfb", "vga.lfb", "dev.vga", "ram", true))));
        c.activate(defaults("2000-01-01T00:00:00"));
        assertEquals(0x40, rd(c, 0x10), "1.44 MB in A:, none in B:");
        assertEquals(0x00, rd(c, 0x12));
        assertEquals(0x01, rd(c, 0x14), "one floppy, VGA, no FPU");
        assertEquals(640, rd(c, 0x15) | rd(c, 0x16) << 8);
        assertEquals(31 * 1024, rd(c, 0x17) | rd(c, 0x18) << 8);
        assertEquals(31 * 1024, rd(c, 0x30) | rd(c, 0x31) << 8);
        assertEquals(16 * 1024 / 64, rd(c, 0x34) | rd(c, 0x35) << 8, "16 MiB above 16 MiB");
        assertEquals(0x21, rd(c, 0x3D), "floppy then disk");
        int sum = 0;
        for (int i = 0x10; i <= 0x2D; i++) {
            sum += rd(c, i);
        }
        assertEquals(sum, rd(c, 0x2E) << 8 | rd(c, 0x2F));
        c.deactivate();
    }

    @Test
    void extendedMemoryIsCappedAt63MiB() {
        CmosComponent c = new CmosComponent();
        c.setMemoryBus(bus(List.of(ram(0, 0xA0000), ram(0x100000, 255L << 20))));
        c.activate(defaults("2000-01-01T00:00:00"));
        assertEquals(0xFC00, rd(c, 0x17) | rd(c, 0x18) << 8);
        assertEquals(0xFC00, rd(c, 0x30) | rd(c, 0x31) << 8);
        assertEquals((255 - 15) * 1024 / 64, rd(c, 0x34) | rd(c, 0x35) << 8);
    }

    @Test
    void smallMemoryAndNoBus() {
        assertEquals(-1, CmosMemory.extendedKb(List.of(ram(0, 0xA0000))));
        assertEquals(3 * 1024, CmosMemory.extendedKb(List.of(ram(0, 4 << 20))));
        assertEquals(7 * 1024, CmosMemory.extendedKb(List.of(ram(0, 4 << 20), ram(4 << 20, 4 << 20))));
        CmosComponent c = new CmosComponent();
        c.activate(config("2000-01-01T00:00:00", "720K", "1.2M", 2, "disk,cdrom,floppy", true, 1024));
        assertEquals(0x32, rd(c, 0x10));
        assertEquals(0xFF, rd(c, 0x12));
        assertEquals(47, rd(c, 0x19));
        assertEquals(47, rd(c, 0x1A));
        assertEquals(0x43, rd(c, 0x14), "two floppies and an FPU");
        assertEquals(1024, rd(c, 0x17) | rd(c, 0x18) << 8, "configured extended memory");
        assertEquals(0x32, rd(c, 0x3D));
        assertEquals(0x10, rd(c, 0x38) & 0xF0);
    }

    @Test
    void badConfigurationFallsBackToDefaults() {
        CmosComponent c = new CmosComponent();
        c.activate(config("not a time", "8\"", "none", 0, "tape", false, 0));
        assertEquals(0x40, rd(c, 0x10));
        assertTrue(rd(c, 0x09) <= 0x99);
    }

    @Test
    void hostTimeByDefault() {
        LocalDateTime before = LocalDateTime.now().withNano(0);
        LocalDateTime t = CmosComponent.startTime("host");
        assertTrue(!t.isBefore(before) && t.isBefore(before.plusMinutes(1)));
        assertEquals(LocalDateTime.parse("1999-12-31T23:59:00"), CmosComponent.startTime("1999-12-31T23:59"));
    }

    @Test
    void runsOnTheVirtualClockWithTimersAndIrq8() {
        long[] clock = {1_000 * S};
        List<Runnable> tasks = new ArrayList<>();
        List<Long> deadlines = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        CmosComponent c = new CmosComponent();
        c.setClock(() -> clock[0]);
        c.setTimers((at, task) -> {
            tasks.add(task);
            deadlines.add(at);
            return new VirtualTimers.Scheduled() {
                @Override
                public long deadline() {
                    return at;
                }

                @Override
                public void cancel() {
                    tasks.set(tasks.indexOf(task), () -> { });
                }
            };
        });
        c.setIrqLines(new IrqLines() {
            @Override
            public void raise(int irq) {
                lines.add("raise " + irq);
            }

            @Override
            public void lower(int irq) {
                lines.add("lower " + irq);
            }

            @Override
            public boolean isRaised(int irq) {
                return false;
            }
        });
        c.activate(defaults("2000-01-01T00:00:00"));
        c.out(0x70, 1, 0x0B);
        c.out(0x71, 1, 0x12);
        long due = deadlines.get(deadlines.size() - 1);
        assertEquals(1_000 * S + S / 2, due, "in the virtual clock's time");
        clock[0] = due;
        tasks.get(tasks.size() - 1).run();
        assertEquals(List.of("raise 8"), lines);
        assertEquals(0x01, rd(c, 0));
        assertEquals(0x90, rd(c, 0x0C) & 0x90);
        assertEquals(List.of("raise 8", "lower 8"), lines);

        // the clock goes away and comes back: the RTC's time does not jump
        c.unsetClock(null);
        DeviceState saved = c.saveState();
        assertEquals(0x01, rd(c, 0));
        VirtualClock fresh = () -> 5;
        c.setClock(fresh);
        assertEquals(0x01, rd(c, 0));
        assertEquals(saved.field("updates"), c.saveState().field("updates"));
        c.deactivate();
    }

    @Test
    void hotSwapKeepsTimeAndMemory() {
        CmosComponent a = new CmosComponent();
        long[] clock = {0};
        a.setClock(() -> clock[0]);
        a.activate(defaults("2010-06-15T08:30:00"));
        a.out(0x70, 1, 0x50);
        a.out(0x71, 1, 0xAB);
        clock[0] = 10 * S;
        DeviceState state = a.saveState();
        a.deactivate();
        CmosComponent b = new CmosComponent();
        b.setClock(() -> clock[0]);
        b.activate(defaults("host"));
        b.restoreState(state);
        assertEquals(0xAB, rd(b, 0x50));
        assertEquals(0x10, rd(b, 0), "08:30:10");
        assertEquals(0x08, rd(b, 4));
    }

    @Test
    void nmiMaskThroughPort70() {
        CmosComponent c = new CmosComponent();
        c.activate(defaults("2000-01-01T00:00:00"));
        c.out(0x70, 1, 0x8D);
        assertTrue(c.nmiMasked());
        assertEquals(0x80, c.in(0x71, 1));
        c.out(0x70, 1, 0x0D);
        assertTrue(!c.nmiMasked());
    }
}
