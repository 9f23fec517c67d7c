package org.tessera.dev.ioports.internal.cmos;

import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.time.VirtualTimers;

/** Machine time that tests advance, timed tasks run as the CPU thread would, IRQ8 recorded. */
final class FakeMachine implements CmosChip.Wiring {

    long now;
    final List<Task> tasks = new ArrayList<>();
    final List<String> irq = new ArrayList<>();
    boolean timersPresent = true;

    static final class Task implements VirtualTimers.Scheduled {
        final long at;
        final Runnable body;
        boolean cancelled;

        Task(long at, Runnable body) {
            this.at = at;
            this.body = body;
        }

        @Override
        public long deadline() {
            return at;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long nanos() {
        return now;
    }

    @Override
    public VirtualTimers.Scheduled schedule(long at, Runnable task) {
        if (!timersPresent) {
            return null;
        }
        Task t = new Task(at, task);
        tasks.add(t);
        return t;
    }

    @Override
    public void irq(boolean high) {
        irq.add((high ? "raise@" : "lower@") + now);
    }

    /** Advances machine time to {@code target}, running due tasks in deadline order at their time. */
    void runUntil(long target) {
        while (true) {
            Task next = null;
            for (Task t : tasks) {
                if (!t.cancelled && t.at <= target && (next == null || t.at < next.at)) {
                    next = t;
                }
            }
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = Math.max(now, next.at);
            next.body.run();
        }
        tasks.removeIf(t -> t.cancelled);
        now = Math.max(now, target);
    }

    /** Tasks still waiting. */
    long live() {
        return tasks.stream().filter(t -> !t.cancelled).count();
    }
}
