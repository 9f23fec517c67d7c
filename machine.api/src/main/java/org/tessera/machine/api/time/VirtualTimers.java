package org.tessera.machine.api.time;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Timed events in machine time ({@link VirtualClock}), provided with the clock by the bundle that
 * runs the CPU: what a timer chip, a real-time clock or a serial line uses to act at a time
 * rather than when the guest touches it.
 *
 * <p>A task runs once, on the machine's CPU thread, at the first instruction boundary at or after
 * its machine time (the CPU looks at least every few hundred instructions, so a task may run a
 * little late, never early, and always at the same instruction for the same guest run). While the
 * CPU halts waiting for an interrupt, machine time advances to the next task at once (or, when the
 * machine is paced to the wall clock, when that time has come), so a halted guest still sees its
 * timer. A task may schedule further tasks (a periodic timer re-arms itself) and may raise
 * interrupt lines; it must be quick and must not block. Thread safe.
 */
@ProviderType
public interface VirtualTimers {

    /**
     * Schedules {@code task} for machine time {@code atNanos} (a time already past runs at the next
     * instruction boundary).
     *
     * @return the scheduled task, to cancel it
     */
    Scheduled schedule(long atNanos, Runnable task);

    /** A task waiting for its time. */
    @ProviderType
    interface Scheduled {

        /** The machine time it is due at. */
        long deadline();

        /** Takes it off the schedule (nothing happens if it has run or was cancelled). */
        void cancel();
    }
}
