package org.tessera.dev.ioports.internal.pit;

import org.tessera.machine.api.time.VirtualClock;

/**
 * The time a device counts in: the bound {@link VirtualClock}, or the host's
 * {@code System.nanoTime} while there is none. When the source changes, an offset keeps the time
 * continuous (it never jumps or goes back). Not thread safe: the owner guards it.
 */
final class MachineTime {

    private VirtualClock clock;
    private long offset;
    private long last = Long.MIN_VALUE;

    /** The time now, in nanoseconds. */
    long nanos() {
        long t = raw() + offset;
        if (t < last) {
            offset += last - t;
            t = last;
        }
        last = t;
        return t;
    }

    private long raw() {
        VirtualClock c = clock;
        return c != null ? c.nanos() : System.nanoTime();
    }

    /**
     * Switches to {@code c}. Before the time was first read the offset is 0, so that two
     * instances on the same clock (a hot swap) count the same time.
     */
    void use(VirtualClock c) {
        boolean fresh = last == Long.MIN_VALUE;
        long before = fresh ? 0 : nanos();
        clock = c;
        offset = fresh ? 0 : before - raw();
    }

    /** The source clock's time at which this time reads {@code nanos} (for scheduling on the clock). */
    long toSource(long nanos) {
        return nanos - offset;
    }

    /** Falls back to the host clock if {@code c} is the one in use. */
    void drop(VirtualClock c) {
        if (clock == c) {
            use(null);
        }
    }
}
