package org.tessera.dev.ioports.internal.pit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/** A machine clock, timers that run when the test says, and IRQ lines that record. Public for other test packages. */
public final class TimeFakes {

    private TimeFakes() {
    }

    /** Binds {@code clock} to {@code pit} (its reference methods are package private). */
    public static void attach(PitComponent pit, Clock clock) {
        pit.setClock(clock);
    }

    /** A clock the test sets. */
    public static final class Clock implements VirtualClock {
        public volatile long now;

        @Override
        public long nanos() {
            return now;
        }
    }

    /** Timers run by {@link #runUntil}: each task at its deadline plus a lateness, the clock set to that time. */
    public static final class Timers implements VirtualTimers {
        private final Clock clock;
        final List<Task> tasks = new ArrayList<>();
        public long late;

        public Timers(Clock clock) {
            this.clock = clock;
        }

        final class Task implements Scheduled {
            final long at;
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
                cancelled = true;
                tasks.remove(this);
            }
        }

        @Override
        public synchronized Scheduled schedule(long atNanos, Runnable task) {
            Task t = new Task(atNanos, task);
            tasks.add(t);
            return t;
        }

        /** Runs due tasks in order until machine time {@code end}; leaves the clock at {@code end}. */
        public void runUntil(long end) {
            while (true) {
                Task next;
                synchronized (this) {
                    next = tasks.stream().min(Comparator.comparingLong(t -> t.at)).orElse(null);
                    if (next == null || next.at + late > end) {
                        break;
                    }
                    tasks.remove(next);
                }
                clock.now = Math.max(clock.now, next.at + late);
                next.run.run();
            }
            clock.now = Math.max(clock.now, end);
        }

        public synchronized int pending() {
            return tasks.size();
        }
    }

    /** IRQ lines recording each change of line 0 with the clock's time. */
    public static final class Lines implements IrqLines {
        private final Clock clock;
        private final boolean[] level = new boolean[16];
        public final List<Long> raises = new ArrayList<>();
        public final List<Long> lowers = new ArrayList<>();

        public Lines(Clock clock) {
            this.clock = clock;
        }

        @Override
        public synchronized void raise(int irq) {
            if (irq == 0) {
                raises.add(clock.now);
            }
            level[irq] = true;
        }

        @Override
        public synchronized void lower(int irq) {
            if (irq == 0) {
                lowers.add(clock.now);
            }
            level[irq] = false;
        }

        @Override
        public synchronized boolean isRaised(int irq) {
            return level[irq];
        }
    }
}
