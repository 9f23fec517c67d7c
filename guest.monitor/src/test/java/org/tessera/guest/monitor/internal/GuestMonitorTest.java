package org.tessera.guest.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WriteOrigin;

/** The component: watches follow the registers and the page directory; profiles, shadow, log, deactivation. */
class GuestMonitorTest {

    private static final int PD = 0x10000;

    private final FakeMemory memory = new FakeMemory();
    private final FakeWatches watches = new FakeWatches(memory);
    private GuestMonitor monitor;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.deactivate();
        }
    }

    private GuestMonitor start(Map<String, Object> config) {
        monitor = new GuestMonitor(watches, memory, MonitorSettings.of(config));
        return monitor;
    }

    private static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** Protected mode without paging, IDT loaded. */
    private static Regs protectedMode() {
        return Regs.reset().cr0(Regs.PE).gdt(0x5000, 0x17).idt(0x46000, 0x7FF);
    }

    /** Paging on: directory at 10000, linear 0-4 MiB through the table at 11000, identity-mapped. */
    private Regs paged() {
        memory.write32(PD, 0x11000 | 3);
        for (int i = 0; i < 1024; i++) {
            memory.write32(0x11000 + 4L * i, (i << 12) | 3);
        }
        return protectedMode().cr0(Regs.PE | Regs.PG).cr3(PD);
    }

    @Test
    void watchesMoveByTheDifferenceOnly() {
        start(Map.of());
        assertEquals(List.of(), watches.drain(), "no registers, no watches");
        monitor.changed(Regs.reset().get());
        assertEquals(List.of("add ivt 0x00000000 400 notify"), watches.drain());

        monitor.changed(protectedMode().get());
        assertEquals(List.of("cancel ivt 0x00000000 400 notify", "add gdt 0x00005000 18 notify",
                "add idt 0x00046000 800 notify"), watches.drain());

        monitor.changed(protectedMode().get());
        assertEquals(List.of(), watches.drain(), "nothing moved, nothing changes");

        monitor.changed(protectedMode().idt(0x47000, 0x7FF).get());
        assertEquals(List.of("cancel idt 0x00046000 800 notify", "add idt 0x00047000 800 notify"), watches.drain());

        monitor.changed(protectedMode().idt(0x47000, 0x7FF).tss(0x28, 0x9000, 0x67).get());
        assertEquals(List.of("add tss 0x00009000 68 notify"), watches.drain());
    }

    @Test
    void aDirectoryEntryPointingToANewTableMovesTheTableWatch() {
        start(Map.of());
        monitor.changed(paged().get());
        assertEquals(List.of("gdt 0x00005000 18 notify", "idt 0x00046000 800 notify",
                "page-directory 0x00010000 1000 notify", "page-table 0x00011000 1000 notify"), watches.active());
        watches.drain();

        // the accessed bit changes nothing
        watches.write(PD, 4, 0x11000 | 0x23, WriteOrigin.CPU);
        assertEquals(List.of(), watches.drain());

        // the guest maps 4-8 MiB through a new table, then moves 0-4 MiB to another one (a copy)
        watches.write(PD + 4, 4, 0x20000 | 3, WriteOrigin.GUEST);
        assertEquals(List.of("add page-table 0x00020000 1000 notify"), watches.drain());
        for (int i = 0; i < 1024; i++) {
            memory.write32(0x21000 + 4L * i, (i << 12) | 3);
        }
        watches.write(PD, 4, 0x21000 | 3, WriteOrigin.GUEST);
        assertEquals(List.of("cancel page-table 0x00011000 1000 notify", "add page-table 0x00021000 1000 notify"),
                watches.drain());
        assertEquals(3, monitor.events(10).size());
    }

    @Test
    void profilesAndOverridesChooseThePolicies() {
        start(config("profile", "paging"));
        monitor.changed(paged().ldt(0x18, 0x7000, 0x27).get());
        assertEquals(List.of("page-directory 0x00010000 1000 notify", "page-table 0x00011000 1000 notify"),
                watches.active());

        monitor.configure(MonitorSettings.of(config("profile", "off", "gdt", "gp", "idt", "pf", "ldt", "drop",
                "pageTables", "shadow", "asyncRedirect", false)));
        assertEquals(List.of("gdt 0x00005000 18 deny/general_protection", "idt 0x00046000 800 deny/page_fault",
                "ldt 0x00007000 28 deny/drop", "page-table 0x00011000 1000 redirect"), watches.active());

        monitor.configure(MonitorSettings.of(config("profile", "watch", "pageDirectory", "off", "tss", "bogus")));
        assertEquals(List.of("gdt 0x00005000 18 notify", "idt 0x00046000 800 notify", "ldt 0x00007000 28 notify",
                "page-table 0x00011000 1000 notify"), watches.active());

        monitor.configure(MonitorSettings.of(config("profile", "off")));
        assertEquals(List.of(), watches.active());
        assertTrue(MonitorCommands.structures(monitor).startsWith("gdt             off"));
    }

    @Test
    void integrityDeniesOnlyOnceTheIdtIsLoadedInProtectedMode() {
        start(config("profile", "integrity", "denial", "gp"));
        monitor.changed(Regs.reset().gdt(0x5000, 0x17).get());
        assertEquals(List.of("ivt 0x00000000 400 notify"), watches.active());
        // protected mode, GDT loaded, IDTR still the reset one: only notify
        Regs early = Regs.reset().cr0(Regs.PE).gdt(0x5000, 0x17);
        monitor.changed(early.get());
        assertFalse(monitor.idtLoaded());
        assertEquals(List.of("gdt 0x00005000 18 notify", "idt 0x00000000 400 notify"), watches.active());

        monitor.changed(early.idt(0x46000, 0x7FF).tss(0x28, 0x9000, 0x67).get());
        assertTrue(monitor.idtLoaded());
        assertEquals(List.of("gdt 0x00005000 18 deny/general_protection", "idt 0x00046000 800 deny/general_protection",
                "tss 0x00009000 68 notify"), watches.active());

        // a denied guest write is reported and not made; the CPU's own writes are
        watches.write(0x46000, 4, 0x1234, WriteOrigin.GUEST);
        watches.write(0x5005, 1, 0x8B, WriteOrigin.CPU);
        List<WatchEvent> events = monitor.events(5);
        assertEquals(WatchEvent.Outcome.FAULTED, events.get(0).outcome());
        assertEquals(0, memory.read(0x46000, 4));
        assertEquals(WatchEvent.Outcome.WRITTEN, events.get(1).outcome());
        assertEquals(0x8B, memory.read(0x5005, 1));
    }

    @Test
    void integrityArmsAtOnceWhenTheMonitorStartsAfterTheIdtLoad() {
        start(config("profile", "integrity"));
        monitor.changed(protectedMode().get());
        assertEquals(List.of("gdt 0x00005000 18 deny/drop", "idt 0x00046000 800 deny/drop"), watches.active());
    }

    @Test
    void shadowWritesCompleteLaterAndKeepACopy() throws Exception {
        memory.write32(0x46000, 0xCAFEBABE);
        start(config("profile", "off", "idt", "shadow"));
        monitor.changed(protectedMode().get());
        assertEquals(List.of("idt 0x00046000 800 redirect"), watches.active());
        Region idt = new Region("idt", 0x46000, 0x800);
        assertEquals((byte) 0xBE, monitor.shadow(idt)[0], "the copy starts as the memory is");

        CountDownLatch done = watches.write(0x46004, 4, 0x00088E00, WriteOrigin.GUEST);
        assertTrue(done.await(5, TimeUnit.SECONDS), "the redirect completes");
        assertEquals(0x00088E00, memory.read(0x46004, 4));
        byte[] shadow = monitor.shadow(idt);
        assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xBA, (byte) 0xFE, (byte) 0xCA, 0x00, (byte) 0x8E, 0x08, 0x00},
                java.util.Arrays.copyOf(shadow, 8));
        WatchEvent e = monitor.events(1).get(0);
        assertEquals(WatchEvent.Outcome.REDIRECTED, e.outcome());
        assertEquals("tessera-monitor-redirect", completedOn(true));
    }

    @Test
    void shadowWritesCompleteAtOnceWithoutAsyncRedirect() throws Exception {
        start(config("profile", "off", "gdt", "shadow", "asyncRedirect", "false"));
        monitor.changed(protectedMode().get());
        CountDownLatch done = watches.write(0x5008, 2, 0xFFFF, WriteOrigin.GUEST);
        assertEquals(0, done.getCount(), "completed before the write returned");
        assertEquals(0xFFFF, memory.read(0x5008, 2));
        assertEquals(Thread.currentThread().getName(), completedOn(false));
    }

    /** The thread a shadow write completes on. */
    private String completedOn(boolean async) throws InterruptedException {
        String[] thread = new String[1];
        org.tessera.machine.api.watch.WriteRedirect redirect = null;
        for (org.tessera.machine.api.watch.Watch w : watches.watches()) {
            if (w.spec().redirect() != null) {
                redirect = w.spec().redirect();
            }
        }
        assertNotNull(redirect);
        CountDownLatch latch = new CountDownLatch(1);
        boolean now = redirect.redirect(new RecordingWrite(() -> {
            thread[0] = Thread.currentThread().getName();
            latch.countDown();
        }));
        assertEquals(!async, now);
        assertTrue(latch.await(5, TimeUnit.SECONDS));
        return thread[0];
    }

    @Test
    void deactivationCancelsEverythingAndFlushesTheLog() throws IOException {
        Path file = dir.resolve("logs/monitor.jsonl");
        start(config("logFile", file.toString(), "events", 2));
        monitor.changed(paged().get());
        for (int i = 0; i < 100; i++) {
            watches.write(0x46000 + 8 * i, 4, i, WriteOrigin.GUEST);
        }
        assertEquals(2, monitor.events(10).size(), "the ring keeps the latest");
        assertEquals(99, monitor.events(10).get(1).newValue());
        monitor.deactivate();
        monitor = null;
        assertEquals(List.of(), watches.active());
        List<String> lines = Files.readAllLines(file);
        assertEquals(100, lines.size());
        assertEquals("{\"seq\":99,\"watch\":\"idt\",\"address\":\"0x00046318\",\"size\":4,\"old\":\"0x00000000\","
                + "\"new\":\"0x00000063\",\"origin\":\"guest\",\"cs\":\"0x0008\",\"eip\":\"0x00001234\","
                + "\"policy\":\"notify\",\"outcome\":\"written\"}", lines.get(99));
    }

    @Test
    void theLogFileCanChangeWhileRunning() throws IOException {
        Path first = dir.resolve("a.jsonl");
        Path second = dir.resolve("b.jsonl");
        start(config("logFile", first.toString()));
        monitor.changed(protectedMode().get());
        watches.write(0x5000, 1, 1, WriteOrigin.GUEST);
        monitor.configure(MonitorSettings.of(config("logFile", second.toString())));
        watches.write(0x5001, 1, 2, WriteOrigin.GUEST);
        assertEquals(List.of(), watches.drain().stream().filter(s -> s.startsWith("cancel")).toList(),
                "the same profile keeps the watches");
        monitor.deactivate();
        monitor = null;
        assertEquals(1, Files.readAllLines(first).size());
        assertEquals(1, Files.readAllLines(second).size());
    }

    @Test
    void theShellCommandsDescribeStructuresAndEvents() {
        start(Map.of());
        assertEquals("no events", MonitorCommands.events(monitor, 5));
        monitor.changed(paged().get());
        watches.write(0x46008, 4, 0x88E00, WriteOrigin.GUEST);
        assertEquals(String.join("\n",
                "gdt             notify  0x00005000-0x00005017",
                "idt             notify  0x00046000-0x000467ff",
                "page-directory  notify  0x00010000-0x00010fff",
                "page-table      notify  0x00011000-0x00011fff"), MonitorCommands.structures(monitor));
        assertEquals("#0 idt 0x00046008/4 0x00000000 -> 0x00088e00 guest at 0008:00001234 notify written",
                MonitorCommands.events(monitor, 5));
    }
}
