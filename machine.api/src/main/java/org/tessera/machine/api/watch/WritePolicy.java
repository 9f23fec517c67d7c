package org.tessera.machine.api.watch;

/** What happens to a write that falls in a watched range. */
public enum WritePolicy {
    /** The write happens; the listener sees the old and the new value. */
    NOTIFY,
    /**
     * A write by guest code does not happen: it is dropped (as on ROM) or refused with a fault, as
     * the watch's {@link Denial} says. Writes the CPU makes itself ({@link WriteOrigin#CPU}:
     * accessed and dirty bits, a busy bit, an interrupt frame, a task's saved state) and writes by
     * other bus masters are never denied; they happen and are reported.
     */
    DENY,
    /** Another party ({@link WriteRedirect}) completes the write, now or later, from any thread. */
    REDIRECT
}
