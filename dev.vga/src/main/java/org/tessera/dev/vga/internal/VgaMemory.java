package org.tessera.dev.vga.internal;

/**
 * The CPU's view of video memory through the window A0000-BFFFF: one byte at a time, in program
 * order. Decoding, in the hardware's order:
 * <ol>
 * <li>misc output bit 1 clear: memory is off (reads FFh, writes ignored);
 * <li>Bochs VBE enabled: A0000-AFFFF is a plain view of the 64 KiB bank selected by BANK,
 *     B0000-BFFFF is not decoded;
 * <li>GC6 memory map select: 0 = A0000 128K, 1 = A0000 64K, 2 = B0000 32K, 3 = B8000 32K;
 *     outside the selected window reads FFh, writes are ignored;
 * <li>host addressing (see {@link VgaHardware}): chain-4, odd/even or planar;
 * <li>a read loads the four latches and answers through the read mode; a write goes through
 *     the write mode, the logical function and the bit mask, and the map mask (with the chain-4
 *     or odd/even plane selection) chooses the planes written.
 * </ol>
 * Allocates nothing. The caller holds the hardware's lock.
 */
final class VgaMemory {

    /** The window's size: A0000-BFFFF. */
    static final int WINDOW_SIZE = 0x20000;
    /** Where each memory map starts, relative to A0000. */
    private static final int[] MAP_START = {0x00000, 0x00000, 0x10000, 0x18000};
    /** Each memory map's size. */
    private static final int[] MAP_SIZE = {0x20000, 0x10000, 0x08000, 0x08000};

    private final VgaHardware hw;
    private final GeneralRegisters general;
    private final GraphicsController gc;
    private final BochsVbe vbe;

    VgaMemory(VgaHardware hw, GeneralRegisters general, GraphicsController gc, BochsVbe vbe) {
        this.hw = hw;
        this.general = general;
        this.gc = gc;
        this.vbe = vbe;
    }

    /** Reads the byte at {@code offset} (0-1FFFF) from A0000. */
    int read(int offset) {
        if (!general.ramEnabled()) {
            return 0xFF;
        }
        if (vbe.enabled()) {
            long i = (long) vbe.bankBase() + offset;
            return offset < 0x10000 && i < hw.vram.length ? hw.vram[(int) i] & 0xFF : 0xFF;
        }
        int map = gc.memoryMap();
        int a = offset - MAP_START[map];
        if (a < 0 || a >= MAP_SIZE[map]) {
            return 0xFF;
        }
        int memoryMode = hw.seq[VgaHardware.SEQ_MEMORY_MODE];
        int plane;
        int planeOffset;
        if ((memoryMode & 0x08) != 0) {
            plane = a & 3;
            planeOffset = a & 0xFFFC;
        } else if ((hw.gc[VgaHardware.GC_MODE] & 0x10) != 0) {
            plane = (hw.gc[VgaHardware.GC_READ_MAP_SELECT] & 2) | (a & 1);
            planeOffset = a & oddEvenMask();
        } else {
            plane = hw.gc[VgaHardware.GC_READ_MAP_SELECT] & 3;
            planeOffset = a & 0xFFFF;
        }
        hw.latches = hw.planeDword(planeOffset);
        return gc.readResult(plane);
    }

    /**
     * The plane offset mask in odd/even addressing: with GC6 bit 1 (chain odd/even) A0 only
     * selects the plane and is not an address bit (its place is taken by a higher-order bit,
     * 0 within one 64 KiB plane); without it A0 stays in the offset.
     */
    private int oddEvenMask() {
        return (hw.gc[VgaHardware.GC_MISC] & 0x02) != 0 ? 0xFFFE : 0xFFFF;
    }

    /** Writes the byte {@code value} at {@code offset} (0-1FFFF) from A0000. */
    void write(int offset, int value) {
        if (!general.ramEnabled()) {
            return;
        }
        if (vbe.enabled()) {
            long i = (long) vbe.bankBase() + offset;
            if (offset < 0x10000 && i < hw.vram.length) {
                hw.vram[(int) i] = (byte) value;
            }
            return;
        }
        int map = gc.memoryMap();
        int a = offset - MAP_START[map];
        if (a < 0 || a >= MAP_SIZE[map]) {
            return;
        }
        int memoryMode = hw.seq[VgaHardware.SEQ_MEMORY_MODE];
        int planes = hw.seq[VgaHardware.SEQ_MAP_MASK] & 0x0F;
        int planeOffset;
        if ((memoryMode & 0x08) != 0) {
            planes &= 1 << (a & 3);
            planeOffset = a & 0xFFFC;
        } else if ((memoryMode & 0x04) == 0) {
            planes &= (a & 1) != 0 ? 0x0A : 0x05;
            planeOffset = a & oddEvenMask();
        } else {
            planeOffset = a & 0xFFFF;
        }
        if (planes == 0) {
            return;
        }
        int result = gc.writeResult(value);
        byte[] vram = hw.vram;
        int base = planeOffset << 2;
        if ((planes & 1) != 0) {
            vram[base] = (byte) result;
        }
        if ((planes & 2) != 0) {
            vram[base + 1] = (byte) (result >>> 8);
        }
        if ((planes & 4) != 0) {
            vram[base + 2] = (byte) (result >>> 16);
        }
        if ((planes & 8) != 0) {
            vram[base + 3] = (byte) (result >>> 24);
        }
    }
}
