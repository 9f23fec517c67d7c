package org.tessera.dev.ioports.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which occurrences of a repeated event get logged: the first few, then every n-th, so a
 * guest hammering a broken device cannot flood the log.
 */
final class LogThrottle {

    private final int first;
    private final int every;
    private final AtomicLong occurrences = new AtomicLong();

    LogThrottle(int first, int every) {
        this.first = first;
        this.every = every;
    }

    /** Counts one occurrence; returns its number if it is to be logged, else 0. */
    long next() {
        long n = occurrences.incrementAndGet();
        return n <= first || n % every == 0 ? n : 0;
    }

    /** A note for log messages describing the throttling. */
    String policy() {
        return "(logging the first " + first + ", then every " + every + "th)";
    }
}
