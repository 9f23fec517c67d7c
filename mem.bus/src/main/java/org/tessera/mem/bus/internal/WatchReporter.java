package org.tessera.mem.bus.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WatchListener;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/**
 * The judging helpers shared by the bus's write paths: the strictest policy of the watches over a
 * piece, the old value of a piece, and the events with the bus's gap-free sequence numbers.
 */
final class WatchReporter {

    private static final System.Logger LOG = System.getLogger(WatchReporter.class.getName());
    private static final int LOGGED_IN_FULL = 10;

    private final BusStats stats;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong failuresSeen = new AtomicLong();

    WatchReporter(BusStats stats) {
        this.stats = stats;
    }

    /** The next event's sequence number. */
    long events() {
        return sequence.get();
    }

    /** The strictest policy among the watches of {@code cover} still in force (deny, redirect, notify), or null. */
    static WritePolicy strictest(WatchEntry[] cover) {
        WritePolicy p = null;
        for (WatchEntry e : cover) {
            if (!e.active()) {
                continue;
            }
            WritePolicy q = e.spec().policy();
            if (q == WritePolicy.DENY) {
                return q;
            }
            if (p == null || q == WritePolicy.REDIRECT) {
                p = q;
            }
        }
        return p;
    }

    /** The first watch of {@code cover} in force with {@code policy}, or null. */
    static WatchEntry first(WatchEntry[] cover, WritePolicy policy) {
        for (WatchEntry e : cover) {
            if (e.active() && e.spec().policy() == policy) {
                return e;
            }
        }
        return null;
    }

    /** The bytes under a piece before it is written: read from direct memory, 0 for a device or open bus. */
    static int oldValue(Target t, long a, int s) {
        if ((t.kind == Target.Kind.RAM || t.kind == Target.Kind.ROM) && t.directCovers(a + s - 1)) {
            return Pieces.readLE(t.direct, (int) (a - t.base), s);
        }
        return 0;
    }

    /** Whether a write performed on {@code t} leaves the new value in memory (ROM and open bus drop it). */
    static boolean keeps(Target t) {
        return t.kind == Target.Kind.RAM || t.kind == Target.Kind.MMIO;
    }

    /**
     * Raises one event per watch of {@code cover} still in force, in add order, each with its own
     * sequence number, and hands it to the watch's listener on the calling thread. A watch without
     * a listener still numbers its event. A listener that throws is logged and counted.
     */
    void report(WatchEntry[] cover, long address, int size, int oldValue, int newValue, WriteOrigin origin, int cs,
            int eip, WatchEvent.Outcome outcome) {
        int mask = Pieces.mask(size);
        for (WatchEntry e : cover) {
            if (!e.active()) {
                continue;
            }
            long n = sequence.getAndIncrement();
            WatchListener l = e.spec().listener();
            if (l == null) {
                continue;
            }
            WatchEvent event = new WatchEvent(n, e.spec().name(), address, size, oldValue & mask, newValue & mask,
                    origin, cs, eip, e.spec().policy(), outcome);
            try {
                l.written(event);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (RuntimeException | Error failure) {
                stats.listenerFailures.increment();
                logFailure("the listener of " + e, failure);
            }
        }
    }

    /** Logs the failure of a listener or redirect: the first few in full, then one in a thousand. */
    void logFailure(String who, Throwable failure) {
        long n = failuresSeen.incrementAndGet();
        if (n <= LOGGED_IN_FULL) {
            LOG.log(Level.WARNING, who + " threw; the write's outcome stands", failure);
        } else if (n % 1000 == 0) {
            LOG.log(Level.WARNING, "{0} watch callback failures so far; latest from {1}: {2}", n, who,
                    String.valueOf(failure));
        }
    }
}
