package org.tessera.mem.bus.internal;

import java.util.concurrent.TimeUnit;

/** The bus's tunables, replaced as a whole when its configuration changes. */
final class BusSettings {

    private volatile long swapTimeoutNanos = TimeUnit.SECONDS.toNanos(2);
    private volatile long deferredTimeoutNanos = TimeUnit.SECONDS.toNanos(5);

    /** How long an access waits for a device being swapped before it answers open bus. */
    long swapTimeoutNanos() {
        return swapTimeoutNanos;
    }

    /** How long a synchronous access waits for a handler that answers later. */
    long deferredTimeoutNanos() {
        return deferredTimeoutNanos;
    }

    void update(long swapTimeoutMillis, long deferredTimeoutMillis) {
        swapTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, swapTimeoutMillis));
        deferredTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, deferredTimeoutMillis));
    }
}
