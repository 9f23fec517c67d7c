package org.tessera.cpu.core.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * A machine that has nothing but RAM from address 0 (and open bus above it): what the CPU's
 * single-instruction test vectors were captured on, and a simple bus for the CPU's own tests and
 * benchmarks. Every page is direct; an access that crosses a page goes through a
 * {@link BusAccess} that completes at once.
 */
final class RamOnlyBus implements MemoryBus, MemoryView {

    private final byte[] ram;
    private final int pages;

    RamOnlyBus(int size) {
        this.ram = new byte[size];
        this.pages = size >>> PAGE_SHIFT;
    }

    byte[] ram() {
        return ram;
    }

    void clear() {
        java.util.Arrays.fill(ram, (byte) 0);
    }

    @Override
    public int read(long address, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            long a = (address + i) & 0xFFFF_FFFFL;
            v |= (a < ram.length ? ram[(int) a] & 0xFF : 0xFF) << (i << 3);
        }
        return v;
    }

    @Override
    public void write(long address, int size, int value) {
        for (int i = 0; i < size; i++) {
            long a = (address + i) & 0xFFFF_FFFFL;
            if (a < ram.length) {
                ram[(int) a] = (byte) (value >>> (i << 3));
            }
        }
    }

    @Override
    public int readModifyWrite(long address, int size, IntUnaryOperator update) {
        int old = read(address, size);
        write(address, size, update.applyAsInt(old));
        return old;
    }

    @Override
    public BusAccess newAccess() {
        return new Immediate();
    }

    @Override
    public MemoryView view() {
        return this;
    }

    @Override
    public void retire(String deviceId) {
        // no devices here
    }

    @Override
    public void remap() {
        // nothing is ever remapped
    }

    @Override
    public List<RegionInfo> regions() {
        return List.of(new RegionInfo(0, ram.length, 0, "ram", "ram", "cpu.core", "ram", true));
    }

    @Override
    public BusCounters counters() {
        return new BusCounters(0, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Override
    public int pageCount() {
        return 1 << 20;
    }

    @Override
    public int flags(int page) {
        return page < pages ? DIRECT_READ | DIRECT_WRITE : OPEN_BUS;
    }

    @Override
    public byte[] readArray(int page) {
        return page >= 0 && page < pages ? ram : null;
    }

    @Override
    public byte[] writeArray(int page) {
        return readArray(page);
    }

    @Override
    public int arrayOffset(int page) {
        return page << PAGE_SHIFT;
    }

    /** An access that completes when it is performed. */
    private final class Immediate implements BusAccess {
        private long address;
        private int size;
        private AccessType type = AccessType.READ;
        private int value;
        private int result;
        private Status status = Status.DONE;

        @Override
        public void prepare(long address, int size, AccessType type, int value) {
            this.address = address;
            this.size = size;
            this.type = type;
            this.value = value;
            this.status = Status.READY;
        }

        @Override
        public void prepareWriteBack(int newValue) {
            this.type = AccessType.WRITE;
            this.value = newValue;
            this.status = Status.READY;
        }

        @Override
        public boolean proceed() {
            if (status == Status.READY) {
                if (type == AccessType.WRITE) {
                    write(address, size, value);
                } else {
                    result = read(address, size);
                }
                status = Status.DONE;
            }
            return true;
        }

        @Override
        public Status status() {
            return status;
        }

        @Override
        public int value() {
            return result;
        }

        @Override
        public long address() {
            return address;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public AccessType type() {
            return type;
        }

        @Override
        public RegionAccess pendingPiece() {
            return null;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void setCompletionListener(Runnable listener) {
            // never pending
        }
    }
}
