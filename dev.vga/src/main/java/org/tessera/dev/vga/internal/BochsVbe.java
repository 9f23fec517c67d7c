package org.tessera.dev.vga.internal;

import java.util.Arrays;

/**
 * The Bochs VBE extension (the "dispi" interface): a 16-bit index register at port 01CE and the
 * selected 16-bit register at 01CF. Registers, as Bochs and QEMU define them:
 * <ul>
 * <li>ID: accepts B0C0h-B0C5h, reads back what was accepted (B0C5h after reset);
 * <li>XRES (a multiple of 8, up to {@value #MAX_XRES}), YRES (up to {@value #MAX_YRES}), BPP
 *     (4, 8, 15, 16, 24, 32; 0 means 8): taken only while the extension is disabled; read as
 *     the maximum values while ENABLE's GETCAPS bit is set;
 * <li>ENABLE: bit 0 enabled, bit 1 GETCAPS, bit 5 8-bit DAC, bit 6 LFB, bit 7 NOCLEARMEM.
 *     Enabling a mode that does not fit the video memory is refused. Enabling clears video
 *     memory unless NOCLEARMEM, and sets the virtual size to the mode and the offsets to 0;
 * <li>BANK: the 64 KiB bank that the A0000 window shows while enabled (ignored beyond the memory);
 * <li>VIRT_WIDTH (the virtual height follows from the memory), X_OFFSET, Y_OFFSET;
 * <li>VIDEO_MEMORY_64K: the size of video memory in 64 KiB units (read only).
 * </ul>
 * The caller holds the hardware's lock.
 */
final class BochsVbe {

    static final int ID_FIRST = 0xB0C0;
    static final int ID_LATEST = 0xB0C5;
    static final int MAX_XRES = 2560;
    static final int MAX_YRES = 1600;
    static final int MAX_BPP = 32;

    static final int ENABLED = 0x01;
    static final int GETCAPS = 0x02;
    static final int DAC_8BIT = 0x20;
    static final int LFB_ENABLED = 0x40;
    static final int NOCLEARMEM = 0x80;

    private final VgaHardware hw;

    BochsVbe(VgaHardware hw) {
        this.hw = hw;
    }

    /** The reset values: ID B0C5h, 640x480x8, disabled. */
    void reset() {
        Arrays.fill(hw.vbe, 0);
        hw.vbeIndex = 0;
        hw.vbe[VgaHardware.VBE_ID] = ID_LATEST;
        hw.vbe[VgaHardware.VBE_XRES] = 640;
        hw.vbe[VgaHardware.VBE_YRES] = 480;
        hw.vbe[VgaHardware.VBE_BPP] = 8;
        hw.vbe[VgaHardware.VBE_VIDEO_MEMORY_64K] = hw.vram.length >>> 16;
    }

    boolean enabled() {
        return (hw.vbe[VgaHardware.VBE_ENABLE] & ENABLED) != 0;
    }

    /** The byte of video memory where the banked A0000 window starts. */
    int bankBase() {
        return hw.vbe[VgaHardware.VBE_BANK] << 16;
    }

    int readIndex() {
        return hw.vbeIndex;
    }

    void writeIndex(int value) {
        hw.vbeIndex = value & 0xFFFF;
    }

    int readData() {
        int i = hw.vbeIndex;
        if (i >= VgaHardware.VBE_COUNT) {
            return 0;
        }
        if ((hw.vbe[VgaHardware.VBE_ENABLE] & GETCAPS) != 0) {
            switch (i) {
                case VgaHardware.VBE_XRES:
                    return MAX_XRES;
                case VgaHardware.VBE_YRES:
                    return MAX_YRES;
                case VgaHardware.VBE_BPP:
                    return MAX_BPP;
                default:
                    break;
            }
        }
        if (i == VgaHardware.VBE_VIDEO_MEMORY_64K) {
            return hw.vram.length >>> 16;
        }
        return hw.vbe[i];
    }

    void writeData(int value) {
        int v = value & 0xFFFF;
        int[] r = hw.vbe;
        switch (hw.vbeIndex) {
            case VgaHardware.VBE_ID:
                if (v >= ID_FIRST && v <= ID_LATEST) {
                    r[VgaHardware.VBE_ID] = v;
                }
                break;
            case VgaHardware.VBE_XRES:
                if (!enabled() && v > 0 && v <= MAX_XRES && (v & 7) == 0) {
                    r[VgaHardware.VBE_XRES] = v;
                }
                break;
            case VgaHardware.VBE_YRES:
                if (!enabled() && v > 0 && v <= MAX_YRES) {
                    r[VgaHardware.VBE_YRES] = v;
                }
                break;
            case VgaHardware.VBE_BPP:
                if (!enabled()) {
                    int bpp = v == 0 ? 8 : v;
                    if (bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32) {
                        r[VgaHardware.VBE_BPP] = bpp;
                    }
                }
                break;
            case VgaHardware.VBE_ENABLE:
                writeEnable(v);
                break;
            case VgaHardware.VBE_BANK:
                if ((long) v << 16 < hw.vram.length) {
                    r[VgaHardware.VBE_BANK] = v;
                }
                break;
            case VgaHardware.VBE_VIRT_WIDTH:
                if (v >= r[VgaHardware.VBE_XRES] || !enabled()) {
                    if (v > 0) {
                        r[VgaHardware.VBE_VIRT_WIDTH] = v;
                        r[VgaHardware.VBE_VIRT_HEIGHT] = virtualHeight(v);
                    }
                }
                break;
            case VgaHardware.VBE_X_OFFSET:
                r[VgaHardware.VBE_X_OFFSET] = v;
                break;
            case VgaHardware.VBE_Y_OFFSET:
                r[VgaHardware.VBE_Y_OFFSET] = v;
                break;
            default:
                // VIRT_HEIGHT and VIDEO_MEMORY_64K follow from the others; unknown indices do nothing
                break;
        }
    }

    private void writeEnable(int v) {
        int[] r = hw.vbe;
        boolean was = enabled();
        int value = v & (ENABLED | GETCAPS | DAC_8BIT | LFB_ENABLED | NOCLEARMEM);
        if ((value & ENABLED) != 0 && !was) {
            int xres = r[VgaHardware.VBE_XRES];
            long bytes = (long) pitch(xres) * r[VgaHardware.VBE_YRES];
            if (bytes > hw.vram.length) {
                value &= ~ENABLED;
            } else {
                r[VgaHardware.VBE_VIRT_WIDTH] = xres;
                r[VgaHardware.VBE_VIRT_HEIGHT] = virtualHeight(xres);
                r[VgaHardware.VBE_X_OFFSET] = 0;
                r[VgaHardware.VBE_Y_OFFSET] = 0;
                if ((value & NOCLEARMEM) == 0) {
                    Arrays.fill(hw.vram, (byte) 0);
                }
            }
        }
        r[VgaHardware.VBE_ENABLE] = value;
    }

    /** Bytes per line of {@code width} pixels at the current depth. */
    int pitch(int width) {
        switch (hw.vbe[VgaHardware.VBE_BPP]) {
            case 4:
                return (width + 1) >> 1;
            case 15:
            case 16:
                return width * 2;
            case 24:
                return width * 3;
            case 32:
                return width * 4;
            default:
                return width;
        }
    }

    private int virtualHeight(int width) {
        int pitch = Math.max(1, pitch(width));
        return Math.min(0xFFFF, hw.vram.length / pitch);
    }
}
