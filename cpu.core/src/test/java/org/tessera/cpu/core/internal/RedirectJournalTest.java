package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cpu.core.internal.RedirectSetup.DATA_SEG;
import static org.tessera.cpu.core.internal.RedirectSetup.phys;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;
import static org.tessera.cpu.core.internal.RegisterFile.ESP;
import static org.tessera.cpu.core.internal.RegisterFile.SS;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tessera.cpu.core.internal.RedirectTestBus.Entry;
import org.tessera.cpu.core.internal.RedirectTestBus.Mode;
import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.RegionAccess;

/**
 * The journal: when a later access of an instruction is deferred, the accesses before it are
 * replayed from the journal on re-execution and never reach the device again; the suspension
 * mechanics seen from the machine loop (pending access, completion listener, polling); and an
 * instruction whose second access faults after its first went to the device.
 */
class RedirectJournalTest {

    private static RedirectForms.Form form(String name) {
        return RedirectForms.all().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no form " + name));
    }

    /** A form with {@code [bx+si]} at an aligned device offset, so each operand is one piece. */
    private static RedirectSetup aligned(int[] code, int size, long seed) {
        RedirectSetup s = new RedirectSetup(seed);
        s.bxsi(s.devOffAligned(size, 4));
        s.code(code);
        return s;
    }

    private static long count(List<Entry> log, Entry e) {
        return log.stream().filter(e::equals).count();
    }

    // ------------------------------------------------------------------ the second access later

    @Test
    void movsbWhoseWriteIsLaterReadsItsSourceOnce() {
        RedirectSetup s = new RedirectSetup(11);
        s.set16(RegisterFile.ESI, 0x1234);
        s.set16(RegisterFile.EDI, 0x2345);
        s.code(0xA4); // MOVSB
        s.deferLater = i -> i == 1;
        RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
        RedirectDriver.Outcome later = RedirectDriver.run(s, Mode.LATER);
        int src = phys(DATA_SEG, 0x1234);
        int dst = phys(DATA_SEG, 0x2345);
        int b = s.peek8(src);
        assertEquals(List.of(new Entry(src, 1, false, b), new Entry(dst, 1, true, b)), later.deviceLog(),
                "the read once, then the write");
        assertEquals(1, later.redirects(), "only the write was deferred");
        assertEquals(plain.registers(), later.registers());
        RedirectAssert.sameMemory(plain.ram(), later.ram(), "MOVSB");
    }

    @Test
    void lesWhoseSelectorReadIsLaterReadsItsOffsetOnce() {
        RedirectSetup s = aligned(new int[] {0xC4, 0x10}, 4, 12); // LES dx,[bx+si]
        s.deferLater = i -> i == 1;
        RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
        RedirectDriver.Outcome now = RedirectDriver.run(s, Mode.IMMEDIATE);
        RedirectDriver.Outcome later = RedirectDriver.run(s, Mode.LATER);
        assertEquals(2, now.deviceLog().size());
        assertEquals(1, count(later.deviceLog(), now.deviceLog().get(0)), "the offset read exactly once");
        RedirectAssert.equivalent("LES", true, false, plain, now, later);
        assertEquals(1, later.redirects());
    }

    @Test
    void addWhoseWriteIsLaterReadsOnce() {
        RedirectSetup s = aligned(new int[] {0x01, 0x10}, 2, 13); // ADD [bx+si],dx
        s.deferLater = i -> i == 1;
        RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
        RedirectDriver.Outcome now = RedirectDriver.run(s, Mode.IMMEDIATE);
        RedirectDriver.Outcome later = RedirectDriver.run(s, Mode.LATER);
        assertEquals(2, later.deviceLog().size(), "read, write");
        assertEquals(1, count(later.deviceLog(), now.deviceLog().get(0)), "the read exactly once");
        RedirectAssert.equivalent("ADD", true, false, plain, now, later);
    }

    /** Forms with several device accesses: each access in turn is the only one answered later. */
    private static final List<String> MULTI = List.of("LES edx,[dev]", "XCHG dword [dev],edx",
            "CALL far [dev] (stack on device)", "PUSHA (stack on device)", "POPAD (stack on device)",
            "ENTER 4,3 (stack and frames on device)", "IRET (frame on device)",
            "INT 21h (vector table and stack on device)", "MOVSD (no REP, RAM-to-device and device-to-RAM crossings)",
            "POPA (stack crossing from the device into RAM)", "SGDT [dev]", "BOUND edx,[dev] (in range)",
            "LES dx,[FFFD] (device read, then #GP on the selector at FFFF)",
            "LES dx,[FFFD] (#GP delivered onto a stack on the device)", "ADC [1FFD],edx (RMW dword device to device)",
            "REP INSW (to device, odd address)");

    @TestFactory
    Stream<DynamicTest> eachAccessAloneAnsweredLater() {
        return MULTI.stream().flatMap(name -> {
            RedirectForms.Form f = form(name);
            RedirectSetup s = f.build(name.hashCode());
            RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
            RedirectDriver.Outcome now = RedirectDriver.run(s, Mode.IMMEDIATE);
            int n = Math.min(now.deviceLog().size(), 24);
            assertTrue(n >= 2, name + ": pieces " + n);
            return IntStream.range(0, n).mapToObj(k -> DynamicTest.dynamicTest(name + ", piece " + k + " later", () -> {
                RedirectSetup t = f.build(name.hashCode());
                t.deferLater = i -> i == k;
                RedirectDriver.Outcome later = RedirectDriver.run(t, Mode.LATER);
                RedirectAssert.equivalent(name + ", piece " + k + " later", true, false, plain, now, later);
                assertEquals(1, later.redirects(), "one REDIRECT");
            }));
        });
    }

    /** Every form with its device pieces answered at random now or later. */
    @TestFactory
    Stream<DynamicTest> mixedImmediateAndLaterAnswers() {
        return RedirectForms.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
            long seed = f.name().hashCode() * 0x9E3779B97F4A7C15L;
            RedirectSetup s = f.build(seed);
            s.deferLater = i -> Long.bitCount((seed ^ (i * 0xBF58476D1CE4E5B9L)) * 0x94D049BB133111EBL) % 2 == 0;
            RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
            RedirectDriver.Outcome now = RedirectDriver.run(s, Mode.IMMEDIATE);
            RedirectDriver.Outcome later = RedirectDriver.run(s, Mode.LATER);
            RedirectAssert.equivalent(f.name(), f.device(), false, plain, now, later);
        }));
    }

    // ------------------------------------------------------------------ the mechanics, step by step

    @Test
    void aSuspendedLoadShowsItsPendingPieceAndCompletesOnTheNextRun() throws Exception {
        RedirectSetup s = aligned(new int[] {0x8B, 0x10}, 2, 21); // MOV dx,[bx+si]
        int off = (s.get16(RegisterFile.EBX) + s.get16(RegisterFile.ESI)) & 0xFFFF;
        int a = phys(DATA_SEG, off);
        RedirectDriver.Machine m = RedirectDriver.load(s, Mode.LATER);
        m.bus().maxDelay(20_000_000);
        CountDownLatch completed = new CountDownLatch(1);
        m.cpu().setCompletionListener(completed::countDown);
        String before = RedirectDriver.registers(m.cpu());

        assertEquals(Cpu.Exit.REDIRECT, m.cpu().run(1));
        BusAccess p = m.cpu().pendingAccess();
        assertNotNull(p, "the pending access");
        assertEquals(BusAccess.Status.PENDING, p.status());
        assertEquals(a, p.address());
        assertEquals(2, p.size());
        assertEquals(AccessType.READ, p.type());
        RegionAccess piece = p.pendingPiece();
        assertNotNull(piece);
        assertEquals(a, piece.address());
        assertEquals(before, RedirectDriver.registers(m.cpu()), "unwound to the instruction's start");
        assertEquals(0, m.cpu().instructions());

        // running again before the device answered changes nothing
        assertEquals(Cpu.Exit.REDIRECT, m.cpu().run(1));
        assertEquals(before, RedirectDriver.registers(m.cpu()));

        assertTrue(completed.await(5, TimeUnit.SECONDS), "the completion listener is called");
        assertTrue(piece.isDone());
        assertEquals(Cpu.Exit.LIMIT, m.cpu().run(1));
        assertNull(m.cpu().pendingAccess());
        assertEquals(s.peek16(a), m.cpu().regs.gpr[EDX] & 0xFFFF);
        assertEquals(0x7C02, m.cpu().regs.eip);
        assertEquals(1, m.cpu().instructions());
        assertEquals(List.of(new Entry(a, 2, false, s.peek16(a))), m.bus().log(), "read once");
    }

    @Test
    void pollingThePendingAccessInsteadOfTheListenerWorksToo() throws Exception {
        RedirectSetup s = aligned(new int[] {0x66, 0x01, 0x10}, 4, 22); // ADD [bx+si],edx
        RedirectDriver.Machine m = RedirectDriver.load(s, Mode.LATER);
        m.cpu().setCompletionListener(null);
        int exits = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Cpu.Exit e;
        while ((e = m.cpu().run(1)) == Cpu.Exit.REDIRECT) {
            exits++;
            BusAccess p = m.cpu().pendingAccess();
            assertTrue(p.await(5, TimeUnit.SECONDS), "await on the pending access");
            assertTrue(System.nanoTime() < deadline);
        }
        assertEquals(Cpu.Exit.LIMIT, e);
        assertEquals(2, exits, "read, then write");
        RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
        assertEquals(plain.registers(), RedirectDriver.registers(m.cpu()));
        RedirectAssert.sameMemory(plain.ram(), m.bus().ram(), "ADD");
        assertEquals(2, m.bus().log().size());
    }

    @Test
    void registersAreRestoredWhenPushaIsSuspendedInTheMiddle() {
        RedirectSetup s = new RedirectSetup(23);
        s.stackDevice();
        s.code(0x60); // PUSHA
        s.deferLater = i -> i == 4; // the fifth word (SP)
        RedirectDriver.Machine m = RedirectDriver.load(s, Mode.LATER);
        m.bus().maxDelay(30_000_000);
        String before = RedirectDriver.registers(m.cpu());
        assertEquals(Cpu.Exit.REDIRECT, m.cpu().run(1));
        assertEquals(before, RedirectDriver.registers(m.cpu()));
        assertEquals(4, m.bus().log().size(), "four words written, the fifth pending");
        int units = m.driver().runInstruction(10);
        assertEquals(1, units);
        assertEquals(8, m.bus().log().size(), "eight words, each once");
        assertEquals((s.get16(ESP) - 16) & 0xFFFF, m.cpu().regs.gpr[ESP] & 0xFFFF);
    }

    // ------------------------------------------------------------------ a fault after a device access

    @TestFactory
    Stream<DynamicTest> lesWhoseSelectorIsBeyondTheLimitFaultsAfterTheDeviceRead() {
        return Stream.of(Mode.values()).map(mode -> DynamicTest.dynamicTest(mode.name(), () -> {
            RedirectSetup s = new RedirectSetup(31);
            s.seg[RegisterFile.DS] = 0x2200; // 2200:FFFD = 31FFD, on the device
            s.flags |= Flags.IF;
            s.code(0xC4, 0x16, 0xFD, 0xFF); // LES dx,[FFFD]
            int[] gpr = s.gpr.clone();
            int sp = s.get16(ESP);
            int ivt = s.peek32(13 * 4);
            RedirectDriver.Outcome o = RedirectDriver.run(s, mode);

            List<Entry> expectedLog = mode == Mode.PLAIN ? List.of()
                    : List.of(new Entry(0x31FFD, 1, false, s.peek8(0x31FFD)),
                            new Entry(0x31FFE, 1, false, s.peek8(0x31FFE)));
            gpr[ESP] = (gpr[ESP] & 0xFFFF0000) | ((sp - 6) & 0xFFFF);
            StringBuilder expected = new StringBuilder();
            String[] g = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
            for (int i = 0; i < 8; i++) {
                expected.append(g[i]).append('=').append(RedirectDriver.hex8(gpr[i])).append(' ');
            }
            expected.append("EIP=").append(RedirectDriver.hex8(ivt & 0xFFFF)).append(" EFLAGS=")
                    .append(RedirectDriver.hex8((s.flags | 2) & ~Flags.IF));
            byte[] mem = java.util.Arrays.copyOf(s.mem, RedirectTestBus.RAM_SIZE);
            int st = phys(s.seg[SS], sp - 6);
            mem[st] = 0x00;
            mem[st + 1] = 0x7C; // IP of the faulting instruction
            mem[st + 2] = 0;
            mem[st + 3] = 0; // CS
            mem[st + 4] = (byte) (s.flags | 2);
            mem[st + 5] = (byte) ((s.flags | 2) >>> 8);
            assertAll(() -> assertEquals(expectedLog, o.deviceLog(), "the offset was read, once"),
                    () -> assertEquals(expected.toString(), o.registers().substring(0, expected.length()),
                            "registers as at the start but for the exception entry"),
                    () -> assertTrue(o.registers().contains(String.format("CS=%04x/", ivt >>> 16)), "CS from the IVT"),
                    () -> assertTrue(o.registers().contains("ES=3000/"), "ES not loaded"),
                    () -> RedirectAssert.sameMemory(mem, o.ram(), "only the exception frame was written"),
                    () -> assertEquals(1, o.instructions()));
        }));
    }

    // ------------------------------------------------------------------ the driver itself

    @Test
    void theDeviceThreadCompletesPiecesOffTheCpuThread() {
        RedirectSetup s = aligned(new int[] {0x8B, 0x10}, 2, 41);
        RedirectDriver.Machine m = RedirectDriver.load(s, Mode.LATER);
        List<String> threads = new ArrayList<>();
        m.cpu().setCompletionListener(() -> {
            synchronized (threads) {
                threads.add(Thread.currentThread().getName());
                threads.notifyAll();
            }
        });
        assertEquals(Cpu.Exit.REDIRECT, m.cpu().run(1));
        synchronized (threads) {
            long end = System.currentTimeMillis() + 5000;
            while (threads.isEmpty() && System.currentTimeMillis() < end) {
                try {
                    threads.wait(100);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertEquals(List.of("redirect-test-device"), threads);
        assertEquals(Cpu.Exit.LIMIT, m.cpu().run(1));
    }
}
