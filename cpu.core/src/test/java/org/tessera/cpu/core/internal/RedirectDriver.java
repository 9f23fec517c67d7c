package org.tessera.cpu.core.internal;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tessera.machine.api.cpu.InterruptAcknowledge;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.RegionAccess;

/**
 * Runs a {@link Cpu} the way the machine loop does when an access is redirected: on a REDIRECT
 * exit it waits (bounded) for the completion listener the CPU set on its access, then calls
 * {@link Cpu#run} again, until the instruction (or REP element) has retired.
 */
final class RedirectDriver {

    static final long TIMEOUT_SECONDS = 5;
    /** More REDIRECTs than this for one unit means it makes no progress (PUSHAD has 8 pieces). */
    static final int MAX_REDIRECTS = 200;

    private final Cpu cpu;
    private final Semaphore wakeups = new Semaphore(0);
    /** REDIRECT exits seen. */
    int redirects;
    /** Completion listener calls that woke the driver. */
    int wakeupsTaken;
    /**
     * REDIRECT exits that did not leave the registers as they were when {@link Cpu#run} was called
     * (a suspended instruction must be unwound to its start state).
     */
    final List<String> restoreViolations = new ArrayList<>();

    RedirectDriver(Cpu cpu) {
        this.cpu = cpu;
        cpu.setCompletionListener(wakeups::release);
    }

    /**
     * Runs one unit (an instruction, or one element of a REP string instruction) to completion.
     *
     * @return the exit of the last {@link Cpu#run} (LIMIT when the unit retired normally)
     */
    Cpu.Exit runOne() {
        Cpu.Exit e = runChecked();
        int here = 0;
        while (e == Cpu.Exit.REDIRECT) {
            redirects++;
            if (++here > MAX_REDIRECTS) {
                throw new AssertionError("more than " + MAX_REDIRECTS + " REDIRECTs for one instruction: it never "
                        + "completes (are completed accesses issued again?)");
            }
            BusAccess pending = cpu.pendingAccess();
            if (pending == null) {
                throw new AssertionError("REDIRECT exit without a pending access");
            }
            RegionAccess piece = pending.pendingPiece();
            if (pending.status() != BusAccess.Status.PENDING || piece == null) {
                throw new AssertionError("REDIRECT exit but the access is " + pending.status() + ", piece " + piece);
            }
            awaitCompletion(piece);
            if (deliveryPending()) {
                // the instruction faulted and the delivery of the exception is what waits
                e = resumeDelivery();
            } else {
                e = runChecked();
            }
        }
        return e;
    }

    private Cpu.Exit runChecked() {
        String before = registers(cpu);
        long count = cpu.instructions();
        Cpu.Exit e = cpu.run(1);
        // (elements of a REP string instruction completed before the suspension stay done)
        if (e == Cpu.Exit.REDIRECT && cpu.instructions() == count) {
            String after = registers(cpu);
            if (!before.equals(after)) {
                restoreViolations.add("registers before run:\n" + before + "\nafter its REDIRECT exit:\n" + after);
            }
        }
        return e;
    }

    /**
     * Waits for the completion listener to report {@code piece} done. A wake-up left over from a
     * completion that happened while nobody waited (a test that ran the CPU by hand) is skipped.
     */
    private void awaitCompletion(RegionAccess piece) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        try {
            do {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !wakeups.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    throw new AssertionError("the completion listener was not called within " + TIMEOUT_SECONDS
                            + " s; pending: " + piece + ", done: " + piece.isDone());
                }
                wakeupsTaken++;
            } while (!piece.isDone());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    /** Takes the wake-ups of completions nobody waited for, so that they can be counted. */
    void drainWakeups(long expected) {
        try {
            long missing = expected - wakeupsTaken;
            if (missing > 0 && wakeups.tryAcquire((int) missing, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                wakeupsTaken += (int) missing;
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        wakeupsTaken += wakeups.drainPermits();
    }

    /** Whether the CPU waits to go on delivering an exception (its private pendingVector). */
    private boolean deliveryPending() {
        try {
            Field f = Cpu.class.getDeclaredField("pendingVector");
            f.setAccessible(true);
            return f.getInt(cpu) >= 0;
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError("cannot see whether an exception delivery is suspended: " + ex, ex);
        }
    }

    /**
     * Completes the pending access and continues an exception delivery that was suspended, without
     * running the next instruction (which {@code run(1)} would do).
     */
    private Cpu.Exit resumeDelivery() {
        if (!cpu.mem.completePending()) {
            return Cpu.Exit.REDIRECT;
        }
        try {
            Method m = Cpu.class.getDeclaredMethod("resumeDelivery");
            m.setAccessible(true);
            Cpu.Exit e = (Cpu.Exit) m.invoke(cpu);
            return e == null ? Cpu.Exit.LIMIT : e;
        } catch (InvocationTargetException ex) {
            throw new AssertionError(ex.getCause());
        } catch (ReflectiveOperationException ex) {
            throw new AssertionError("cannot resume a suspended exception delivery: " + ex, ex);
        }
    }

    /**
     * Runs units until CS:EIP leaves the instruction (a REP string instruction runs all its
     * elements), or the CPU stops for another reason.
     *
     * @return the number of units run
     */
    int runInstruction(int maxUnits) {
        int cs = cpu.regs.selector[RegisterFile.CS];
        int ip = cpu.regs.eip;
        int units = 0;
        while (true) {
            Cpu.Exit e = runOne();
            units++;
            if (e != Cpu.Exit.LIMIT) {
                throw new AssertionError("the CPU stopped with " + e + " " + cpu.shutdownReason());
            }
            if (cpu.regs.selector[RegisterFile.CS] != cs || cpu.regs.eip != ip) {
                return units;
            }
            if (units >= maxUnits) {
                throw new AssertionError("the instruction did not end within " + maxUnits + " units");
            }
        }
    }

    // ------------------------------------------------------------------ whole runs

    /** What a run ended with. */
    record Outcome(RedirectTestBus.Mode mode, String registers, byte[] ram, List<RedirectTestBus.Entry> deviceLog,
            List<String> ioLog, int redirects, int wakeups, long deferred, long listenerCalls, long romWritesDropped,
            int units, long instructions, List<String> restoreViolations) {
    }

    /** Loads {@code s} into a new CPU on a new bus of {@code mode}. */
    static Machine load(RedirectSetup s, RedirectTestBus.Mode mode) {
        RedirectTestBus bus = new RedirectTestBus(mode);
        for (RedirectSetup.Pages p : s.pages) {
            bus.map(p.page(), p.count(), p.kind());
        }
        if (mode == RedirectTestBus.Mode.LATER && s.deferLater != null) {
            bus.deferWhen(s.deferLater);
        }
        System.arraycopy(s.mem, 0, bus.ram(), 0, s.mem.length);
        RedirectTestIo io = new RedirectTestIo(0x5A3C1E07);
        Cpu cpu = new Cpu(() -> 0);
        cpu.attach(bus, io);
        cpu.reset();
        RegisterFile r = cpu.regs;
        System.arraycopy(s.gpr, 0, r.gpr, 0, 8);
        for (int i = 0; i < 6; i++) {
            r.loadReal(i, s.seg[i]);
        }
        r.eip = s.eip;
        r.idtBase = s.idtBase;
        r.idtLimit = s.idtLimit;
        cpu.flags.set(s.flags, -1);
        return new Machine(cpu, bus, io, new RedirectDriver(cpu));
    }

    /** A CPU with its bus, IO bus and driver. */
    record Machine(Cpu cpu, RedirectTestBus bus, RedirectTestIo io, RedirectDriver driver) {

        Outcome outcome(int units, long instructions) {
            driver.drainWakeups(bus.listenerCalls());
            return new Outcome(bus.mode(), registers(cpu), bus.ram(), bus.log(), io.log(), driver.redirects,
                    driver.wakeupsTaken, bus.deferred(), bus.listenerCalls(), bus.romWritesDropped(), units,
                    instructions, List.copyOf(driver.restoreViolations));
        }

        void acknowledge(InterruptAcknowledge ack) {
            cpu.setAcknowledge(ack);
        }
    }

    /** Runs the instruction of {@code s} on a bus of {@code mode}. */
    static Outcome run(RedirectSetup s, RedirectTestBus.Mode mode) {
        return run(s, mode, m -> { });
    }

    /** Like {@link #run(RedirectSetup, RedirectTestBus.Mode)}, with a hook before the run. */
    static Outcome run(RedirectSetup s, RedirectTestBus.Mode mode, Consumer<Machine> before) {
        Machine m = load(s, mode);
        before.accept(m);
        long start = m.cpu.instructions();
        int units = m.driver.runInstruction(s.maxUnits);
        return m.outcome(units, m.cpu.instructions() - start);
    }

    /** All architectural registers as text, for comparisons with readable differences. */
    static String registers(Cpu cpu) {
        RegisterFile r = cpu.regs;
        String[] g = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"};
        String[] s = {"ES", "CS", "SS", "DS", "FS", "GS"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append(g[i]).append('=').append(hex8(r.gpr[i])).append(' ');
        }
        b.append("EIP=").append(hex8(r.eip)).append(" EFLAGS=").append(hex8(cpu.eflags())).append('\n');
        for (int i = 0; i < 6; i++) {
            b.append(s[i]).append('=').append(String.format("%04x", r.selector[i])).append('/')
                    .append(hex8(r.base[i])).append('/').append(hex8(r.limit[i])).append('/')
                    .append(String.format("%04x", r.attr[i])).append(' ');
        }
        b.append("\nCPL=").append(r.cpl).append(" code32=").append(r.code32).append(" LDTR=")
                .append(String.format("%04x", r.ldtrSelector)).append('/').append(hex8(r.ldtrBase)).append(" TR=")
                .append(String.format("%04x", r.trSelector)).append('/').append(hex8(r.trBase));
        b.append("\nCR0=").append(hex8(r.cr0)).append(" IDT=").append(hex8(r.idtBase)).append('/')
                .append(Integer.toHexString(r.idtLimit)).append(" GDT=").append(hex8(r.gdtBase)).append('/')
                .append(Integer.toHexString(r.gdtLimit)).append(" stack32=").append(r.stack32).append(" halted=")
                .append(cpu.halted());
        return b.toString();
    }

    static String hex8(int v) {
        return String.format("%08x", v);
    }
}
