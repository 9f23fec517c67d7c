package org.tessera.dev.vga.internal;

/**
 * The graphics controller: its ports (index 3CE, data 3CF, registers 0-8 read back, masked to
 * their implemented bits; other indices read FFh) and what it does to data between the CPU and
 * the four planes: the read modes and the write modes with rotate, set/reset, the logical
 * function and the bit mask. The latches are the hardware's ({@link VgaHardware#latches}); the
 * memory unit loads them. All plane values are handled four at a time as one int, plane p in
 * bits 8p..8p+7. Allocates nothing. The caller holds the hardware's lock.
 */
final class GraphicsController {

    /** The implemented bits of GR0-GR8. */
    private static final int[] WRITABLE = {0x0F, 0x0F, 0x0F, 0x1F, 0x03, 0x7B, 0x0F, 0x0F, 0xFF};

    /** Four plane bits to four plane bytes: bit p set gives FFh in byte p. */
    private static final int[] EXPAND = new int[16];

    static {
        for (int i = 0; i < 16; i++) {
            int v = 0;
            for (int p = 0; p < 4; p++) {
                if ((i & (1 << p)) != 0) {
                    v |= 0xFF << (p << 3);
                }
            }
            EXPAND[i] = v;
        }
    }

    private final VgaHardware hw;

    GraphicsController(VgaHardware hw) {
        this.hw = hw;
    }

    int readIndex() {
        return hw.gcIndex;
    }

    void writeIndex(int value) {
        hw.gcIndex = value & 0x0F;
    }

    int readData() {
        int i = hw.gcIndex;
        return i < VgaHardware.GC_COUNT ? hw.gc[i] : 0xFF;
    }

    void writeData(int value) {
        int i = hw.gcIndex;
        if (i < VgaHardware.GC_COUNT) {
            hw.gc[i] = value & WRITABLE[i];
        }
    }

    /** GR6 bits 2-3. */
    int memoryMap() {
        return (hw.gc[VgaHardware.GC_MISC] >> 2) & 3;
    }

    /**
     * The byte a CPU read returns once the latches hold the four planes: read mode 0 the latch
     * of {@code plane}, read mode 1 the colour compare result (a bit is 1 where every plane not
     * excluded by colour don't care matches the colour compare register).
     */
    int readResult(int plane) {
        int latches = hw.latches;
        if ((hw.gc[VgaHardware.GC_MODE] & 0x08) == 0) {
            return (latches >>> (plane << 3)) & 0xFF;
        }
        int care = EXPAND[hw.gc[VgaHardware.GC_COLOR_DONT_CARE] & 0x0F];
        int differ = (latches ^ EXPAND[hw.gc[VgaHardware.GC_COLOR_COMPARE] & 0x0F]) & care;
        int any = differ | differ >>> 8 | differ >>> 16 | differ >>> 24;
        return ~any & 0xFF;
    }

    /**
     * The four plane bytes a CPU write of {@code value} produces, before the map mask chooses
     * which planes take them: write mode 0 rotates, then substitutes set/reset where enabled;
     * mode 1 gives the latches; mode 2 expands bits 0-3 of the value to the planes; mode 3
     * rotates and ANDs the value with the bit mask to form the bit mask and writes set/reset.
     * Modes 0, 2 and 3 then apply the logical function with the latches and the bit mask
     * (bits not in the mask come from the latches).
     */
    int writeResult(int value) {
        int[] gc = hw.gc;
        int latches = hw.latches;
        int mode = gc[VgaHardware.GC_MODE] & 3;
        if (mode == 1) {
            return latches;
        }
        int bitMask = gc[VgaHardware.GC_BIT_MASK];
        int data;
        switch (mode) {
            case 0: {
                int rotated = rotate(value, gc[VgaHardware.GC_DATA_ROTATE] & 7) * 0x01010101;
                int enable = EXPAND[gc[VgaHardware.GC_ENABLE_SET_RESET] & 0x0F];
                data = (rotated & ~enable) | (EXPAND[gc[VgaHardware.GC_SET_RESET] & 0x0F] & enable);
                break;
            }
            case 2:
                data = EXPAND[value & 0x0F];
                break;
            default: {
                bitMask &= rotate(value, gc[VgaHardware.GC_DATA_ROTATE] & 7);
                data = EXPAND[gc[VgaHardware.GC_SET_RESET] & 0x0F];
                break;
            }
        }
        switch ((gc[VgaHardware.GC_DATA_ROTATE] >> 3) & 3) {
            case 1:
                data &= latches;
                break;
            case 2:
                data |= latches;
                break;
            case 3:
                data ^= latches;
                break;
            default:
                break;
        }
        int mask = bitMask * 0x01010101;
        return (data & mask) | (latches & ~mask);
    }

    /** Rotates a byte right by {@code count} (0-7) bits. */
    static int rotate(int value, int count) {
        int v = value & 0xFF;
        return ((v >>> count) | (v << (8 - count))) & 0xFF;
    }
}
