package org.tessera.dev.vga.internal;

import org.tessera.machine.api.display.Frame;

/**
 * The Bochs VBE (dispi) modes: with ENABLE bit 0 set, video memory is a linear framebuffer from
 * index 0 of {@link VgaHardware#vram}, XRES x YRES pixels of BPP bits, lines VIRT_WIDTH pixels
 * apart (XRES if smaller), the visible part starting at pixel (X_OFFSET, Y_OFFSET).
 *
 * <ul>
 * <li>8 bpp: a DAC index (through the PEL mask);
 * <li>15 bpp: little-endian 0RRRRRGGGGGBBBBB; 16 bpp: RRRRRGGGGGGBBBBB; the 5- and 6-bit values
 *     expand to 8 bits by repeating their high bits;
 * <li>24 bpp: bytes blue, green, red; 32 bpp: blue, green, red, unused.
 * </ul>
 * Pixels beyond the end of video memory are black. Other depths (4 bpp) show black.
 */
final class VbeScanout {

    private VbeScanout() {
    }

    static Frame render(VgaHardware hw, ColourPipeline colours) {
        int[] v = hw.vbe;
        int width = Math.min(v[VgaHardware.VBE_XRES] & 0xFFFF, VgaRenderer.MAX_EDGE);
        int height = Math.min(v[VgaHardware.VBE_YRES] & 0xFFFF, VgaRenderer.MAX_EDGE);
        int bpp = v[VgaHardware.VBE_BPP] & 0xFF;
        int[] pixels = new int[width * height];
        int bytesPerPixel = switch (bpp) {
            case 8 -> 1;
            case 15, 16 -> 2;
            case 24 -> 3;
            case 32 -> 4;
            default -> 0;
        };
        if (bytesPerPixel == 0) {
            return new Frame(width, height, pixels);
        }
        long virtualWidth = Math.max(v[VgaHardware.VBE_VIRT_WIDTH] & 0xFFFF, width);
        long stride = virtualWidth * bytesPerPixel;
        long origin = (v[VgaHardware.VBE_Y_OFFSET] & 0xFFFF) * stride
                + (long) (v[VgaHardware.VBE_X_OFFSET] & 0xFFFF) * bytesPerPixel;
        byte[] m = hw.vram;
        int[] dac = colours.dac;
        for (int y = 0; y < height; y++) {
            long lineStart = origin + y * stride;
            int o = y * width;
            for (int x = 0; x < width; x++) {
                long at = lineStart + (long) x * bytesPerPixel;
                if (at + bytesPerPixel > m.length) {
                    break;
                }
                int i = (int) at;
                pixels[o + x] = switch (bpp) {
                    case 8 -> dac[m[i] & 0xFF];
                    case 15 -> {
                        int p = (m[i] & 0xFF) | (m[i + 1] & 0xFF) << 8;
                        yield five(p >> 10) << 16 | five(p >> 5) << 8 | five(p);
                    }
                    case 16 -> {
                        int p = (m[i] & 0xFF) | (m[i + 1] & 0xFF) << 8;
                        int g = p >> 5 & 0x3F;
                        yield five(p >> 11) << 16 | (g << 2 | g >> 4) << 8 | five(p);
                    }
                    default -> (m[i + 2] & 0xFF) << 16 | (m[i + 1] & 0xFF) << 8 | (m[i] & 0xFF);
                };
            }
        }
        return new Frame(width, height, pixels);
    }

    private static int five(int value) {
        int v = value & 0x1F;
        return v << 3 | v >> 2;
    }
}
