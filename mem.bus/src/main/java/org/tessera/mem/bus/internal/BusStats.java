package org.tessera.mem.bus.internal;

import java.util.concurrent.atomic.LongAdder;
import org.tessera.machine.api.memory.BusCounters;

/** The bus's counters: adders so that threads counting at once do not contend. */
final class BusStats {
    final LongAdder openBusReads = new LongAdder();
    final LongAdder openBusWrites = new LongAdder();
    final LongAdder romWritesDropped = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder deferredAccesses = new LongAdder();
    final LongAdder splitAccesses = new LongAdder();
    final LongAdder swapWaits = new LongAdder();
    final LongAdder swapTimeouts = new LongAdder();
    final LongAdder viewsPublished = new LongAdder();
    /** Watch listeners that threw (not in {@link BusCounters}, whose record belongs to the API). */
    final LongAdder listenerFailures = new LongAdder();
    /** Write redirects that threw. */
    final LongAdder redirectFailures = new LongAdder();

    BusCounters snapshot() {
        return new BusCounters(openBusReads.sum(), openBusWrites.sum(), romWritesDropped.sum(),
                handlerFailures.sum(), deferredAccesses.sum(), splitAccesses.sum(), swapWaits.sum(),
                swapTimeouts.sum(), viewsPublished.sum());
    }
}
