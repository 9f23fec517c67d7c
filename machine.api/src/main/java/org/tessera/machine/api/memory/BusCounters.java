package org.tessera.machine.api.memory;

/**
 * A snapshot of the bus's counters since it started.
 *
 * @param openBusReads reads of unmapped memory (answered all ones)
 * @param openBusWrites writes to unmapped memory (dropped)
 * @param romWritesDropped writes to read-only regions (dropped)
 * @param handlerFailures handler calls that threw or failed their access
 * @param deferredAccesses accesses a handler answered later (redirects)
 * @param splitAccesses accesses split into more than one piece
 * @param swapWaits accesses that waited for a device being swapped
 * @param swapTimeouts of those, accesses that gave up waiting and answered as open bus
 * @param viewsPublished memory views compiled and published
 */
public record BusCounters(long openBusReads, long openBusWrites, long romWritesDropped, long handlerFailures,
        long deferredAccesses, long splitAccesses, long swapWaits, long swapTimeouts, long viewsPublished) {
}
