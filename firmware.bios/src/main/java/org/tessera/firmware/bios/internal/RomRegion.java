package org.tessera.firmware.bios.internal;

import org.tessera.machine.api.memory.RegionHandler;

/** A read-only region over a byte array, mapped directly by the bus; writes are dropped. */
final class RomRegion implements RegionHandler {

    private final byte[] bytes;
    private final String name;

    RomRegion(byte[] bytes) {
        this(bytes, "BIOS ROM");
    }

    RomRegion(byte[] bytes, String name) {
        this.bytes = bytes;
        this.name = name;
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD | DWORD;
    }

    @Override
    public boolean readsAreSideEffectFree() {
        return true;
    }

    @Override
    public byte[] directMemory() {
        return bytes;
    }

    @Override
    public int read(long offset, int size) {
        int o = (int) offset;
        int v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (bytes[o + i] & 0xFF);
        }
        return v;
    }

    @Override
    public void write(long offset, int size, int value) {
        // ROM
    }

    @Override
    public String toString() {
        return name;
    }
}
