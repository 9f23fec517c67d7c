package org.tessera.dev.ioports.internal.uart;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/** A machine clock and timers that move only when the test says so. */
final class FakeTime implements VirtualClock, VirtualTimers {

    private long now = 1_000_000;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;

    private final class Task implements Scheduled {
        final long at;
        final long order = sequence++;
        final Runnable run;
        boolean cancelled;

        Task(long at, Runnable run) {
            this.at = at;
            this.run = run;
        }

        @Override
        public long deadline() {
            return at;
        }

        @Override
        public void cancel() {
            synchronized (FakeTime.this) {
                cancelled = true;
                tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized long nanos() {
        return now;
    }

    @Override
    public synchronized Scheduled schedule(long atNanos, Runnable task) {
        Task t = new Task(atNanos, task);
        tasks.add(t);
        return t;
    }

    /** Moves time forward by {@code nanos}, running due tasks in deadline order at their times. */
    void advance(long nanos) {
        long end;
        synchronized (this) {
            end = now + nanos;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.at <= end)
                        .min(Comparator.<Task>comparingLong(t -> t.at).thenComparingLong(t -> t.order)).orElse(null);
                if (next == null) {
                    now = end;
                    return;
                }
                tasks.remove(next);
                now = Math.max(now, next.at);
            }
            next.run.run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }
}
