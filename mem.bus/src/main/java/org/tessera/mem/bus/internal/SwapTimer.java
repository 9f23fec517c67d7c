package org.tessera.mem.bus.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.tessera.machine.api.memory.RegionAccess;

/**
 * Gives up on pieces parked at a slot whose device is being swapped: after the bus's swap
 * timeout a piece that is still waiting fails and answers as open bus. One daemon thread,
 * started on first use and stopped with the bus.
 */
final class SwapTimer {

    private final BusSettings settings;
    private ScheduledExecutorService executor;

    SwapTimer(BusSettings settings) {
        this.settings = settings;
    }

    void failLater(RegionSlot slot, RegionAccess piece, BusStats stats) {
        executor().schedule(() -> {
            if (piece.isPending()) {
                slot.unpark(piece);
                // counted before the failure wakes the owner, so that the owner sees the count
                stats.swapTimeouts.increment();
                if (!piece.fail(new IllegalStateException("no handler for " + slot.name() + " within the swap timeout"))) {
                    stats.swapTimeouts.decrement();
                }
            }
        }, settings.swapTimeoutNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized ScheduledExecutorService executor() {
        if (executor == null) {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "tessera-bus-swap-timer");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            executor = e;
        }
        return executor;
    }

    synchronized void shutdown() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
