package org.tessera.mem.bus.internal;

/**
 * Where a range of physical addresses goes in one compiled view: a region's placement (its slot,
 * base and size) or open bus. Immutable; a new view makes new targets.
 */
final class Target {

    /** How the bus serves a target. */
    enum Kind {
        /** Directly mapped, readable and writable. */
        RAM,
        /** Directly mapped for reads; writes are dropped. */
        ROM,
        /** Every access goes to the handler. */
        MMIO,
        /** Nothing mapped. */
        OPEN_BUS
    }

    static final Target OPEN = new Target(null, 0, 1L << 32, Kind.OPEN_BUS, null, false);

    final RegionSlot slot;
    final long base;
    final long size;
    final Kind kind;
    /** The handler's direct memory at compile time (byte 0 = base), or null. */
    final byte[] direct;
    final boolean directWritable;
    /** Access sizes accepted by the handler at compile time. */
    final int sizes;

    Target(RegionSlot slot, long base, long size, Kind kind, byte[] direct, boolean directWritable) {
        this.slot = slot;
        this.base = base;
        this.size = size;
        this.kind = kind;
        this.direct = direct;
        this.directWritable = directWritable;
        this.sizes = slot == null ? 1 : slot.accessSizes();
    }

    String name() {
        return slot == null ? "open bus" : slot.name();
    }

    /** True if the byte at {@code address} can be served from {@link #direct}. */
    boolean directCovers(long address) {
        return direct != null && address - base < direct.length;
    }
}
