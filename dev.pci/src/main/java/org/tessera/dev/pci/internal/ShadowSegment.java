package org.tessera.dev.pci.internal;

import org.tessera.machine.api.memory.RegionHandler;

/**
 * One segment of shadow RAM under a PAM attribute nibble of the i440FX: F0000h-FFFFFh (64 KiB)
 * or a 16 KiB piece of C0000h-EFFFFh. It owns its RAM (zero at power on, kept across mode
 * changes). The {@link I440fx} maps it as a region handler above the ROMs while its mode is not
 * 00 and answers as the mode says:
 * <ul>
 * <li>11: reads and writes RAM; the bus maps the RAM directly, writable;</li>
 * <li>01: reads RAM, writes are dropped; the bus maps the RAM directly, read-only;</li>
 * <li>10: reads go to the firmware ROM below (through {@link FirmwareRoms}), writes to RAM; no
 * direct mapping, so every access comes here;</li>
 * <li>00: not mapped at all (the I440fx withdraws the handler); should the bus still call, it
 * answers as the ROM and drops the write.</li>
 * </ul>
 * The mode is a volatile field: the bus may ask for {@link #directMemory()} from any thread while
 * it compiles its view, so these methods take no lock. Whoever changes the mode asks the bus to
 * compile again.
 */
final class ShadowSegment implements RegionHandler {

    /** Mode bit: reads go to RAM. */
    static final int READ = 1;
    /** Mode bit: writes go to RAM. */
    static final int WRITE = 2;

    final long base;
    final byte[] ram;
    private final FirmwareRoms firmware;
    private volatile int mode;

    ShadowSegment(long base, int size, FirmwareRoms firmware) {
        this.base = base;
        this.ram = new byte[size];
        this.firmware = firmware;
    }

    /** The mode: {@link #READ} and {@link #WRITE} bits. */
    int mode() {
        return mode;
    }

    /** Sets the mode; the caller maps, unmaps or remaps. */
    void setMode(int m) {
        mode = m & (READ | WRITE);
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
        return (mode & READ) != 0 ? ram : null;
    }

    @Override
    public boolean directWritable() {
        return mode == (READ | WRITE);
    }

    @Override
    public int read(long offset, int size) {
        if ((mode & READ) == 0) {
            return firmware.read(base + offset, size);
        }
        int o = (int) offset;
        int v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | ram[o + i] & 0xFF;
        }
        return v;
    }

    @Override
    public void write(long offset, int size, int value) {
        if ((mode & WRITE) == 0) {
            return;
        }
        int o = (int) offset;
        for (int i = 0; i < size; i++) {
            ram[o + i] = (byte) (value >>> (i << 3));
        }
    }

    @Override
    public String toString() {
        return String.format("shadow %05x-%05x mode %d%d", base, base + ram.length - 1, mode >> 1, mode & 1);
    }
}
