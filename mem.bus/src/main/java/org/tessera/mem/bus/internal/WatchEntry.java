package org.tessera.mem.bus.internal;

import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchSpec;

/** A watch in force on one bus: the handle {@link PhysicalBus#add} returns. */
final class WatchEntry implements Watch {

    private final PhysicalBus bus;
    private final WatchSpec spec;
    /** Running number of additions on the bus: orders overlapping watches (add order). */
    final long ordinal;
    /** First address. */
    final long start;
    /** One past the last address. */
    final long end;
    private volatile boolean active = true;

    WatchEntry(PhysicalBus bus, WatchSpec spec, long ordinal) {
        this.bus = bus;
        this.spec = spec;
        this.ordinal = ordinal;
        this.start = spec.base();
        this.end = spec.base() + spec.size();
    }

    @Override
    public WatchSpec spec() {
        return spec;
    }

    @Override
    public boolean active() {
        return active;
    }

    /** Called by the bus, under its compile lock, just before it publishes a view without this watch. */
    void deactivate() {
        active = false;
    }

    @Override
    public void cancel() {
        bus.cancel(this);
    }

    @Override
    public String toString() {
        return "watch " + spec.name() + " [" + Long.toHexString(start) + ", " + Long.toHexString(end) + ") "
                + spec.policy() + (spec.code() ? " code" : "") + (active ? "" : " cancelled");
    }
}
