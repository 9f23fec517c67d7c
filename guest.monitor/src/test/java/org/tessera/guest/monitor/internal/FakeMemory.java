package org.tessera.guest.monitor.internal;

import java.util.HashMap;
import java.util.Map;

/** Guest-physical memory for tests: sparse 4 KiB pages of zeros, counted reads. */
final class FakeMemory implements PhysicalReader {

    private final Map<Long, byte[]> pages = new HashMap<>();

    @Override
    public int read(long address, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (byte8(address + i) & 0xFF) << (8 * i);
        }
        return v;
    }

    /** Writes {@code size} bytes little-endian. */
    void write(long address, int size, int value) {
        for (int i = 0; i < size; i++) {
            long a = address + i;
            pages.computeIfAbsent(a >>> 12, k -> new byte[4096])[(int) (a & 0xFFF)] = (byte) (value >>> (8 * i));
        }
    }

    void write32(long address, int value) {
        write(address, 4, value);
    }

    private byte byte8(long address) {
        byte[] page = pages.get(address >>> 12);
        return page == null ? 0 : page[(int) (address & 0xFFF)];
    }
}
