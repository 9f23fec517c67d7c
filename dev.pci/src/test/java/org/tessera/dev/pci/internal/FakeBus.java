package org.tessera.dev.pci.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * A memory bus small enough to trust, with the behaviour of mem.bus that the i440FX depends on:
 * regions by priority, a handler's direct memory taken when it is bound and on
 * {@link #remap()} only (so a device that forgets to remap sees its old mapping), direct
 * read-only memory drops writes, otherwise the handler is called. It also publishes regions
 * for the device ({@link RegionPublisher}).
 */
final class FakeBus implements MemoryBus, RegionPublisher {

    /** One bound region and its mapping as last compiled. */
    static final class Region {
        final RegionHandler handler;
        final long base;
        final long size;
        final int priority;
        byte[] direct;
        boolean writable;

        Region(RegionHandler handler, Map<String, Object> props) {
            this.handler = handler;
            this.base = ((Number) props.get(RegionHandler.REGION_BASE)).longValue();
            this.size = ((Number) props.get(RegionHandler.REGION_SIZE)).longValue();
            Object p = props.get(RegionHandler.REGION_PRIORITY);
            this.priority = p == null ? 0 : ((Number) p).intValue();
            compile();
        }

        void compile() {
            direct = handler.directMemory();
            writable = direct != null && handler.directWritable();
        }
    }

    final List<Region> regions = new ArrayList<>();
    int remaps;
    int handlerReads;
    int handlerWrites;

    /** Binds a region as the bus's whiteboard would. */
    synchronized Region add(RegionHandler handler, Map<String, Object> props) {
        Region r = new Region(handler, props);
        regions.add(r);
        return r;
    }

    @Override
    public synchronized Registration publish(RegionHandler handler, Map<String, Object> props) {
        Region r = add(handler, props);
        return () -> {
            synchronized (FakeBus.this) {
                regions.remove(r);
            }
        };
    }

    /** The bound region of {@code handler}, or null. */
    synchronized Region regionOf(RegionHandler handler) {
        for (Region r : regions) {
            if (r.handler == handler) {
                return r;
            }
        }
        return null;
    }

    /** The region owning {@code address}, or null. */
    synchronized Region owner(long address) {
        Region best = null;
        for (Region r : regions) {
            if (r.base <= address && address < r.base + r.size && (best == null || r.priority > best.priority)) {
                best = r;
            }
        }
        return best;
    }

    @Override
    public synchronized int read(long address, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= readByte(address + i) << (i << 3);
        }
        return v;
    }

    private int readByte(long address) {
        Region r = owner(address);
        if (r == null) {
            return 0xFF;
        }
        if (r.direct != null) {
            return r.direct[(int) (address - r.base)] & 0xFF;
        }
        handlerReads++;
        return r.handler.read(address - r.base, 1) & 0xFF;
    }

    @Override
    public synchronized void write(long address, int size, int value) {
        for (int i = 0; i < size; i++) {
            writeByte(address + i, value >>> (i << 3) & 0xFF);
        }
    }

    private void writeByte(long address, int value) {
        Region r = owner(address);
        if (r == null) {
            return;
        }
        if (r.direct != null) {
            if (r.writable) {
                r.direct[(int) (address - r.base)] = (byte) value;
            }
            return;
        }
        handlerWrites++;
        r.handler.write(address - r.base, 1, value);
    }

    @Override
    public void retire(String deviceId) {
        // the shadow segments carry no device id
    }

    @Override
    public synchronized void remap() {
        remaps++;
        for (Region r : regions) {
            r.compile();
        }
    }

    @Override
    public int readModifyWrite(long address, int size, IntUnaryOperator update) {
        throw new UnsupportedOperationException();
    }

    @Override
    public BusAccess newAccess() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MemoryView view() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<RegionInfo> regions() {
        throw new UnsupportedOperationException();
    }

    @Override
    public BusCounters counters() {
        throw new UnsupportedOperationException();
    }

    /** Plain memory: RAM (writable) or ROM (direct, read-only) or, with {@code mmio}, a ROM without direct mapping. */
    static final class Memory implements RegionHandler {
        final byte[] bytes;
        final boolean writable;
        final boolean mmio;
        int reads;

        Memory(int size, boolean writable, boolean mmio) {
            this.bytes = new byte[size];
            this.writable = writable;
            this.mmio = mmio;
        }

        @Override
        public byte[] directMemory() {
            return mmio ? null : bytes;
        }

        @Override
        public boolean directWritable() {
            return writable;
        }

        @Override
        public int read(long offset, int size) {
            reads++;
            if (size != 1) {
                throw new AssertionError("this memory takes bytes only");
            }
            return bytes[(int) offset] & 0xFF;
        }

        @Override
        public void write(long offset, int size, int value) {
            if (writable) {
                bytes[(int) offset] = (byte) value;
            }
        }
    }
}
