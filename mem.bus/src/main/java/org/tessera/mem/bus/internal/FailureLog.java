package org.tessera.mem.bus.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts and logs handler failures: the first few in full, then one in a thousand, so that a
 * device that throws on every access cannot flood the log.
 */
final class FailureLog {

    private static final System.Logger LOG = System.getLogger(FailureLog.class.getName());
    private static final int LOGGED_IN_FULL = 10;

    private final BusStats stats;
    private final AtomicLong seen = new AtomicLong();

    FailureLog(BusStats stats) {
        this.stats = stats;
    }

    void report(RegionSlot slot, String operation, Throwable failure) {
        stats.handlerFailures.increment();
        long n = seen.incrementAndGet();
        if (n <= LOGGED_IN_FULL) {
            LOG.log(Level.WARNING, "region handler " + slot.name() + " failed in " + operation
                    + "; a read answers open bus, a write is dropped", failure);
        } else if (n % 1000 == 0) {
            LOG.log(Level.WARNING, "{0} region handler failures so far; latest in {1} of {2}: {3}", n, operation,
                    slot.name(), String.valueOf(failure));
        }
    }
}
