package org.tessera.dev.ioports.internal;

import java.util.concurrent.atomic.LongAdder;
import org.tessera.machine.api.io.IoCounters;

/**
 * The IO bus's counters. Incrementing allocates nothing and costs one uncontended CAS; the
 * snapshot is taken by tools, not by the IN/OUT path.
 */
final class IoStatistics {

    private final LongAdder ins = new LongAdder();
    private final LongAdder outs = new LongAdder();
    private final LongAdder unclaimedIns = new LongAdder();
    private final LongAdder unclaimedOuts = new LongAdder();
    private final LongAdder handlerFailures = new LongAdder();

    void in() {
        ins.increment();
    }

    void out() {
        outs.increment();
    }

    void unclaimedIn() {
        unclaimedIns.increment();
    }

    void unclaimedOut() {
        unclaimedOuts.increment();
    }

    void handlerFailure() {
        handlerFailures.increment();
    }

    /** The counters now. */
    IoCounters snapshot() {
        return new IoCounters(ins.sum(), outs.sum(), unclaimedIns.sum(), unclaimedOuts.sum(), handlerFailures.sum());
    }
}
