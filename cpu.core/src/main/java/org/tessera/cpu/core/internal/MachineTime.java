package org.tessera.cpu.core.internal;

import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The machine's time and its timed events: time is derived from the instructions the CPU has
 * retired, at a nominal {@value #NANOS_PER_INSTRUCTION} ns per instruction (a 100 MIPS machine,
 * whatever the host's speed), plus the time the CPU spent halted waiting for an interrupt, which
 * jumps to the next timed event ({@link #idleToNext}). The interpreter counts every instruction as
 * it retires; a compiled block counts its instructions when it ends, so time advances in small
 * steps while compiled code runs. A paused CPU's time stands still. Monotonic across a machine
 * reset: when the processor's count starts again from 0, the time continues from where it was.
 *
 * <p>Timed events ({@link VirtualTimers}) wait in a queue ordered by deadline (then by the order
 * they were scheduled); the machine loop runs the due ones on the CPU thread between its runs and
 * bounds each run by the instructions left until the next deadline ({@link #instructionsToNext}),
 * so an event runs at the same instruction in every run of the same guest.
 */
final class MachineTime implements VirtualClock, VirtualTimers {

    /** Nanoseconds of machine time per retired instruction. */
    static final long NANOS_PER_INSTRUCTION = 10;

    private static final System.Logger LOG = System.getLogger(MachineTime.class.getName());

    private final LongSupplier instructions;
    /** Guarded by this: the processor's count at the last look. */
    private long lastCount;
    /** Guarded by this: machine time in instruction units, across resets, idle time included. */
    private long ticks;
    /** Guarded by this. */
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long scheduled;
    /** The earliest deadline, for the machine loop's cheap look (Long.MAX_VALUE: none). */
    private volatile long next = Long.MAX_VALUE;

    /** @param instructions the processor's count of retired instructions (restarts at a reset) */
    MachineTime(LongSupplier instructions) {
        this.instructions = instructions;
        this.lastCount = instructions.getAsLong();
    }

    private final class Event implements Scheduled, Comparable<Event> {
        final long deadline;
        final long order;
        final Runnable task;
        boolean done;

        Event(long deadline, long order, Runnable task) {
            this.deadline = deadline;
            this.order = order;
            this.task = task;
        }

        @Override
        public long deadline() {
            return deadline;
        }

        @Override
        public void cancel() {
            synchronized (MachineTime.this) {
                if (!done) {
                    done = true;
                    queue.remove(this);
                    updateNext();
                }
            }
        }

        @Override
        public int compareTo(Event o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    private long sync() {
        long count = instructions.getAsLong();
        ticks += count >= lastCount ? count - lastCount : count;
        lastCount = count;
        return ticks;
    }

    @Override
    public synchronized long nanos() {
        return sync() * NANOS_PER_INSTRUCTION;
    }

    @Override
    public synchronized Scheduled schedule(long atNanos, Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        Event e = new Event(atNanos, scheduled++, task);
        queue.add(e);
        updateNext();
        return e;
    }

    private void updateNext() {
        Event head = queue.peek();
        next = head == null ? Long.MAX_VALUE : head.deadline;
    }

    /**
     * How many instructions the CPU may run before the next event is due: at least 1, at most
     * {@code limit}.
     */
    long instructionsToNext(long limit) {
        long n = next;
        if (n == Long.MAX_VALUE) {
            return limit;
        }
        long left = n - nanos();
        if (left <= 0) {
            return 1;
        }
        return Math.max(1, Math.min(limit, (left + NANOS_PER_INSTRUCTION - 1) / NANOS_PER_INSTRUCTION));
    }

    /** Whether an event is due now. */
    boolean due() {
        return next != Long.MAX_VALUE && next <= nanos();
    }

    /** Runs every event that is due, in deadline order, on the calling (CPU) thread. */
    void runDue() {
        while (true) {
            Event e;
            synchronized (this) {
                e = queue.peek();
                if (e == null || e.deadline > sync() * NANOS_PER_INSTRUCTION) {
                    updateNext();
                    return;
                }
                queue.poll();
                e.done = true;
                updateNext();
            }
            try {
                e.task.run();
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "a timed event failed", ex);
            }
        }
    }

    /**
     * The CPU halts waiting for an interrupt: machine time jumps to the next event (nothing
     * happens in between).
     *
     * @return the nanoseconds skipped, or -1 if no event is scheduled
     */
    synchronized long idleToNext() {
        Event head = queue.peek();
        if (head == null) {
            return -1;
        }
        long now = sync() * NANOS_PER_INSTRUCTION;
        if (head.deadline <= now) {
            return 0;
        }
        long skip = (head.deadline - now + NANOS_PER_INSTRUCTION - 1) / NANOS_PER_INSTRUCTION;
        ticks += skip;
        return skip * NANOS_PER_INSTRUCTION;
    }
}
