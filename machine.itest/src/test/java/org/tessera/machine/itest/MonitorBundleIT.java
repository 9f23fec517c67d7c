package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchSpec;

/**
 * The guest monitor is a bundle like any other: stopping it while a guest runs takes its watches
 * away, starting it again puts them back (it reads the CPU's system registers and the guest's page
 * tables afresh), updating it does both, and the guest sees nothing of any of it. The guest is guest.monitor's
 * {@code structures.asm} (it loads and modifies GDT, IDT, LDT, TSS and page tables); its port E9h
 * output and instruction count must be those of the run without the monitor, with the monitor
 * throughout, with the bundle stopped and started at chosen points while the machine is paused, and
 * while the CPU runs. The restarted monitor must watch exactly what the monitor that ran throughout
 * watched at the same instruction.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class MonitorBundleIT {

    private static final int LOAD = 0x7C00;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    @InjectService(timeout = 5000)
    MemoryWatches watches;

    @InjectService(timeout = 5000)
    MachineControl machine;

    @InjectService(timeout = 5000)
    Processor cpu;

    @InjectService(timeout = 5000)
    DebugConsole console;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    /** What a run showed: the guest's output, its instruction count, the monitor's watches at the probe point. */
    record Run(String output, long instructions, Set<String> watchedAtProbe) {
    }

    @AfterEach
    void monitorOff() throws Exception {
        Configuration c = configAdmin.getConfiguration("tessera.monitor", "?");
        c.delete();
        Bundle monitor = bundle("guest.monitor");
        if (monitor.getState() != Bundle.ACTIVE) {
            monitor.start();
        }
        awaitTrue(() -> structureWatches().isEmpty(), "the monitor's watches are gone");
    }

    @Test
    void stoppingAndStartingTheMonitorBundleDuringARunChangesNothingTheGuestSees() throws Exception {
        byte[] image = Files.readAllBytes(guestImage());
        Run without = run(image, -1, -1, -1, false);
        assertTrue(without.output().contains("structures: end"), "the guest ran to its end: " + without.output());
        assertTrue(structureWatches().isEmpty(), "no structure is watched without a configuration");

        Configuration c = configAdmin.getConfiguration("tessera.monitor", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("profile", "watch");
        c.update(p);
        awaitTrue(() -> !structureWatches().isEmpty(), "the monitor watches the reset CPU's IVT");

        long n = without.instructions();
        long probe = n - 2000; // while the guest prints what the structures hold: paging is on
        long eventsBefore = watches.events();
        Run throughout = run(image, -1, -1, probe, true);
        assertSame("monitor throughout", without, throughout);
        assertTrue(watches.events() - eventsBefore >= 70, "the monitor saw the guest's writes: " + (watches.events() - eventsBefore));
        assertTrue(throughout.watchedAtProbe().stream().anyMatch(w -> w.startsWith("page-table")),
                "paging is on at the probe: " + throughout.watchedAtProbe());

        // stopped at a third while paused, started again near the end while paused
        Run paused = run(image, n / 3, probe, probe, true);
        assertSame("bundle stopped and started while paused", without, paused);
        assertEquals(throughout.watchedAtProbe(), paused.watchedAtProbe(), "the restarted monitor watches the same");

        // updated (stopped, its jar read again, started) while paused, near the end
        Run updated = run(image, probe - 100, -2, probe, true);
        assertSame("bundle updated while paused", without, updated);
        assertEquals(throughout.watchedAtProbe(), updated.watchedAtProbe(), "the updated monitor watches the same");

        // stopped and started while the CPU runs, wherever that lands
        Run running = run(image, n / 4, n / 2, -1, false);
        assertSame("bundle stopped and started while running", without, running);
    }

    /**
     * The access path's REDIRECT exit: a watch whose writes another thread completes later (it
     * waits until the machine reports the CPU suspended on the write, then stores the value and
     * completes it) over the guest's GDT, IDT, LDT and TSSs. Every redirected write suspends the
     * instruction, and the guest's output and instruction count are those of the plain run.
     */
    @Test
    void writesRedirectedToAnotherThreadThatAnswersLaterGiveTheSameResults() throws Exception {
        byte[] image = Files.readAllBytes(guestImage());
        Run plain = run(image, -1, -1, -1, false);
        java.util.concurrent.ExecutorService later = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.atomic.AtomicInteger suspended = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger notSuspended = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<org.tessera.machine.api.watch.WatchEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Watch watch = watches.add(WatchSpec.redirect("tables", 0x10000, 0x8000, w -> {
            later.execute(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (machine.status().state() != MachineState.REDIRECT && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                (machine.status().state() == MachineState.REDIRECT ? suspended : notSuspended).incrementAndGet();
                w.store(w.value());
                w.complete();
            });
            return false;
        }, events::add));
        try {
            Run redirected = run(image, -1, -1, -1, false);
            assertSame("writes completed later by another thread", plain, redirected);
        } finally {
            watch.cancel();
            later.shutdown();
        }
        assertTrue(events.size() >= 60, "the guest's and the CPU's writes to its tables were redirected: " + events.size());
        assertTrue(events.stream().allMatch(e -> e.outcome() == org.tessera.machine.api.watch.WatchEvent.Outcome.REDIRECTED),
                "every event is a redirected write");
        assertEquals(0, notSuspended.get(), "every redirected write suspended the CPU (REDIRECT exit)");
        assertEquals(events.size(), suspended.get());
    }

    private static void assertSame(String what, Run expected, Run actual) {
        assertEquals(expected.output(), actual.output(), what + ": port E9h output");
        assertEquals(expected.instructions(), actual.instructions(), what + ": instructions");
    }

    /**
     * Runs the guest from 0000:7C00 to its HLT. The guest.monitor bundle is stopped once the CPU has
     * done {@code stopAt} instructions and started again at {@code startAt} (-1: never; -2: the
     * bundle is updated at {@code stopAt} instead, which stops and starts it);
     * with {@code pause} the machine steps to exactly those points and stands still meanwhile, and
     * the watches are noted at {@code probeAt}; without, it all happens while the CPU runs.
     */
    private Run run(byte[] image, long stopAt, long startAt, long probeAt, boolean pause) throws Exception {
        machine.reset();
        for (int i = 0; i < image.length; i++) {
            bus.write(LOAD + i, 1, image[i] & 0xFF);
        }
        console.clear();
        cpu.setRegister(Register.CS, 0);
        cpu.setRegister(Register.EIP, LOAD);
        cpu.setRegister(Register.SS, 0);
        cpu.setRegister(Register.ESP, LOAD);
        long start = cpu.instructions();
        Bundle monitor = bundle("guest.monitor");
        Set<String> probed = Set.of();
        if (pause) {
            long end = Math.max(stopAt, Math.max(startAt, probeAt));
            while (cpu.instructions() - start < end) {
                MachineStatus s = machine.step();
                assertEquals(MachineState.PAUSED, s.state(), "stepping before the end of the guest: " + s.reason());
                long done = cpu.instructions() - start;
                if (done == stopAt && startAt == -2) {
                    monitor.update();
                    awaitTrue(() -> !structureWatches().isEmpty(), "the updated monitor watches again");
                } else if (done == stopAt) {
                    monitor.stop();
                    assertTrue(structureWatches().isEmpty(), "a stopped monitor leaves no watch: " + structureWatches());
                }
                if (done == startAt) {
                    monitor.start();
                    awaitTrue(() -> !structureWatches().isEmpty(), "the restarted monitor watches again");
                }
                if (done == probeAt) {
                    probed = structureWatches();
                }
            }
            machine.resume();
        } else {
            machine.start();
            if (stopAt >= 0) {
                awaitRunningTo(start, stopAt);
                monitor.stop();
                awaitRunningTo(start, startAt);
                monitor.start();
            }
        }
        MachineStatus status = machine.awaitStop(60, TimeUnit.SECONDS);
        assertEquals(MachineState.HALTED, status.state(), status.reason());
        return new Run(console.text(), cpu.instructions() - start, probed);
    }

    private void awaitRunningTo(long start, long count) {
        while (cpu.instructions() - start < count && machine.status().state() == MachineState.RUNNING) {
            Thread.onSpinWait();
        }
    }

    /** The watches on guest structures (not the CPU's own code watches): "name base+size policy". */
    private Set<String> structureWatches() {
        Set<String> out = new TreeSet<>();
        for (Watch w : watches.watches()) {
            WatchSpec s = w.spec();
            if (!s.code()) {
                out.add(s.name() + " " + Long.toHexString(s.base()) + "+" + Long.toHexString(s.size()) + " " + s.policy());
            }
        }
        return out;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    private Bundle bundle(String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + name);
    }

    /** guest.monitor's guest image, read in place from the workspace. */
    private static Path guestImage() throws IOException {
        for (String dir : new String[] {"../guest.monitor/src/test/guests", "guest.monitor/src/test/guests"}) {
            Path p = Path.of(dir, "structures.bin");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("guest image structures.bin not found from " + Path.of("").toAbsolutePath());
    }
}
