package org.tessera.dev.vga.internal;

/**
 * The VGA's hardware state, as the hardware holds it: the register files of the general registers,
 * sequencer, CRT controller, graphics controller, attribute controller and DAC, the four latches,
 * video memory, and the Bochs VBE (dispi) registers. Plain data: the units that give the registers
 * their meaning (port decoding, memory access, rendering) work on one instance of this class, and
 * the saved device state is exactly these fields.
 *
 * <p>Video memory layout: {@link #vram} holds the four 64 KiB planes interleaved, the byte of plane
 * {@code p} at plane offset {@code o} at index {@code o * 4 + p} (so the four bytes a read latches
 * are adjacent); the Bochs VBE modes use the same array as a linear framebuffer from index 0.
 *
 * <p>Host (CPU) addressing, as {@code VgaMemory} implements it, and so where the display finds
 * what the CPU wrote (CPU address {@code A} relative to the start of the memory map window):
 * <ul>
 * <li>planar (SEQ 4 bit 2 set, bit 3 clear): plane offset {@code A}, planes by the map mask;
 * <li>odd/even (SEQ 4 bit 2 clear; reads with GC 5 bit 4): A0 selects plane 0/2 (even) or 1/3
 *     (odd); with chain odd/even (GC 6 bit 1, set in every odd/even mode of the BIOS) the plane
 *     offset is {@code A & ~1} — so text character n and its attribute are at offset {@code 2n}
 *     of planes 0 and 1, where the CRTC's word mode reads them; without it the offset is A;
 * <li>chain-4 (SEQ 4 bit 3): A0-A1 select the plane and are not used as address bits, the plane
 *     offset is {@code A & ~3} (not QEMU's {@code A >> 2}): pixel n of mode 13h is plane
 *     {@code n & 3} at offset {@code n & ~3}, where the CRTC's doubleword mode reads four pixels
 *     at once; only every fourth byte of each plane is used, as on the real hardware.
 * </ul>
 *
 * <p>Not thread safe by itself: every CPU-side access and register change runs
 * {@code synchronized (hw)} on this object, and the renderer reads under the same lock.
 */
public final class VgaHardware {

    /** Bytes of video memory per plane in the standard VGA modes. */
    static final int PLANE_SIZE = 64 * 1024;

    // register file sizes (indices beyond these are not implemented by a VGA)
    static final int SEQ_COUNT = 5;
    static final int CRTC_COUNT = 0x19;
    static final int GC_COUNT = 9;
    static final int ATTR_COUNT = 0x15;

    // sequencer indices
    static final int SEQ_RESET = 0;
    static final int SEQ_CLOCKING = 1;
    static final int SEQ_MAP_MASK = 2;
    static final int SEQ_CHAR_MAP = 3;
    static final int SEQ_MEMORY_MODE = 4;

    // CRT controller indices
    static final int CRTC_H_TOTAL = 0x00;
    static final int CRTC_H_DISPLAY_END = 0x01;
    static final int CRTC_H_BLANK_START = 0x02;
    static final int CRTC_H_BLANK_END = 0x03;
    static final int CRTC_H_RETRACE_START = 0x04;
    static final int CRTC_H_RETRACE_END = 0x05;
    static final int CRTC_V_TOTAL = 0x06;
    static final int CRTC_OVERFLOW = 0x07;
    static final int CRTC_PRESET_ROW_SCAN = 0x08;
    static final int CRTC_MAX_SCAN_LINE = 0x09;
    static final int CRTC_CURSOR_START = 0x0A;
    static final int CRTC_CURSOR_END = 0x0B;
    static final int CRTC_START_HIGH = 0x0C;
    static final int CRTC_START_LOW = 0x0D;
    static final int CRTC_CURSOR_HIGH = 0x0E;
    static final int CRTC_CURSOR_LOW = 0x0F;
    static final int CRTC_V_RETRACE_START = 0x10;
    static final int CRTC_V_RETRACE_END = 0x11;
    static final int CRTC_V_DISPLAY_END = 0x12;
    static final int CRTC_OFFSET = 0x13;
    static final int CRTC_UNDERLINE = 0x14;
    static final int CRTC_V_BLANK_START = 0x15;
    static final int CRTC_V_BLANK_END = 0x16;
    static final int CRTC_MODE_CONTROL = 0x17;
    static final int CRTC_LINE_COMPARE = 0x18;

    // graphics controller indices
    static final int GC_SET_RESET = 0;
    static final int GC_ENABLE_SET_RESET = 1;
    static final int GC_COLOR_COMPARE = 2;
    static final int GC_DATA_ROTATE = 3;
    static final int GC_READ_MAP_SELECT = 4;
    static final int GC_MODE = 5;
    static final int GC_MISC = 6;
    static final int GC_COLOR_DONT_CARE = 7;
    static final int GC_BIT_MASK = 8;

    // attribute controller indices (0-15 are the palette registers)
    static final int ATTR_MODE_CONTROL = 0x10;
    static final int ATTR_OVERSCAN = 0x11;
    static final int ATTR_PLANE_ENABLE = 0x12;
    static final int ATTR_H_PEL_PANNING = 0x13;
    static final int ATTR_COLOR_SELECT = 0x14;

    // Bochs VBE (dispi) register indices, ports 01CE (index) / 01CF (data)
    static final int VBE_ID = 0;
    static final int VBE_XRES = 1;
    static final int VBE_YRES = 2;
    static final int VBE_BPP = 3;
    static final int VBE_ENABLE = 4;
    static final int VBE_BANK = 5;
    static final int VBE_VIRT_WIDTH = 6;
    static final int VBE_VIRT_HEIGHT = 7;
    static final int VBE_X_OFFSET = 8;
    static final int VBE_Y_OFFSET = 9;
    static final int VBE_VIDEO_MEMORY_64K = 10;
    static final int VBE_COUNT = 11;

    /** Video memory: the four planes interleaved (see the class comment), then the VBE memory. */
    final byte[] vram;

    /** Miscellaneous output register (3C2 write, 3CC read). */
    int miscOutput;
    /** Feature control register (3DA/3BA write, 3CA read). */
    int featureControl;
    /** Video subsystem enable (3C3). */
    int videoEnable = 1;

    int seqIndex;
    final int[] seq = new int[SEQ_COUNT];

    int crtcIndex;
    final int[] crtc = new int[CRTC_COUNT];

    int gcIndex;
    final int[] gc = new int[GC_COUNT];

    /** Attribute address register (3C0): index in bits 0-4, palette address source in bit 5. */
    int attrAddress;
    /** The attribute controller's flip-flop: false = next 3C0 write is an address, true = data. */
    boolean attrFlipFlopData;
    final int[] attr = new int[ATTR_COUNT];

    /** The DAC: 256 entries of red, green, blue, 6 bits each (0-63). */
    final byte[] dac = new byte[256 * 3];
    int dacWriteIndex;
    int dacReadIndex;
    /** Which colour of the current DAC entry comes next (0 red, 1 green, 2 blue). */
    int dacComponent;
    /** DAC state (3C7 read): 0 = the DAC is in write mode, 3 = in read mode. */
    int dacState;
    /** The red and green values collected for the DAC write in progress. */
    final byte[] dacPending = new byte[3];
    /** PEL mask (3C6). */
    int pelMask = 0xFF;

    /** The four latches: plane 0 in bits 0-7 up to plane 3 in bits 24-31. */
    int latches;

    int vbeIndex;
    final int[] vbe = new int[VBE_COUNT];

    /**
     * Accesses the hardware has served (port and memory, byte by byte), carried over a hot swap:
     * it orders the state records that the memory bus and the IO bus each save of one device.
     */
    long sequence;

    /** @param vramBytes video memory in bytes: at least the 256 KiB of the four planes */
    VgaHardware(int vramBytes) {
        if (vramBytes < 4 * PLANE_SIZE) {
            throw new IllegalArgumentException("video memory of " + vramBytes + " bytes, at least 256 KiB needed");
        }
        this.vram = new byte[vramBytes];
    }

    /** The byte of {@code plane} at {@code offset} (0-FFFF) in the planar memory. */
    int planeByte(int plane, int offset) {
        return vram[(offset << 2) | plane] & 0xFF;
    }

    /** The four planes' bytes at {@code offset}, plane 0 in bits 0-7 (what a read latches). */
    int planeDword(int offset) {
        int i = offset << 2;
        return (vram[i] & 0xFF) | (vram[i + 1] & 0xFF) << 8 | (vram[i + 2] & 0xFF) << 16 | (vram[i + 3] & 0xFF) << 24;
    }

    /** The DAC entry {@code index} as 0xRRGGBB, each 6-bit value expanded to 8 bits as (v<<2)|(v>>4). */
    int dacRgb(int index) {
        int i = index * 3;
        return expand(dac[i]) << 16 | expand(dac[i + 1]) << 8 | expand(dac[i + 2]);
    }

    private static int expand(byte sixBits) {
        int v = sixBits & 0x3F;
        return (v << 2) | (v >> 4);
    }
}
