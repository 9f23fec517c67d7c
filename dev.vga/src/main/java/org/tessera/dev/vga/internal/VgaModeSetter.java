package org.tessera.dev.vga.internal;

import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * Sets the standard modes of {@link VgaModeTables} and loads the fonts of {@link VgaFonts} the way
 * a video BIOS does: only through the VGA's ports and its memory window (A0000-BFFFF), so the
 * effect is that of a guest programming the hardware itself.
 *
 * <p>The DAC is loaded with one of four default tables chosen by the mode: 256 colours for 13h;
 * the 64 EGA colours (rgbRGB) for the 350/400/480-line colour modes; the CGA colours (primaries
 * plus an intensity bit, brown at 6) for the 200-line modes 04h-06h, 0Dh, 0Eh; grey levels for the
 * monochrome modes 07h and 0Fh.
 */
final class VgaModeSetter {

    private final PortHandler ports;
    private final RegionHandler window;

    /**
     * @param ports the VGA's ports
     * @param window the VGA's memory window, offset 0 at A0000h
     */
    VgaModeSetter(PortHandler ports, RegionHandler window) {
        this.ports = ports;
        this.window = window;
    }

    boolean setMode(int number, boolean keepMemory) {
        VgaModeTables.Mode m = VgaModeTables.mode(number);
        if (m == null) {
            return false;
        }
        int crtcPort = (m.misc() & 1) != 0 ? 0x3D4 : 0x3B4;
        int statusPort = crtcPort + 6;
        // screen off while the registers change
        seq(0, 0x01);
        out(0x3C2, m.misc());
        int[] seq = m.seq();
        for (int i = 1; i <= 4; i++) {
            seq(i, seq[i - 1]);
        }
        seq(0, 0x03);
        out(crtcPort, 0x11);
        out(crtcPort + 1, in(crtcPort + 1) & 0x7F);
        int[] crtc = m.crtc();
        for (int i = 0; i < crtc.length; i++) {
            out(crtcPort, i);
            out(crtcPort + 1, crtc[i]);
        }
        int[] gc = m.gc();
        for (int i = 0; i < gc.length; i++) {
            out(0x3CE, i);
            out(0x3CF, gc[i]);
        }
        in(statusPort);
        int[] attr = m.attr();
        for (int i = 0; i < attr.length; i++) {
            out(0x3C0, i);
            out(0x3C0, attr[i]);
        }
        out(0x3C0, 0x20);
        out(0x3C6, 0xFF);
        byte[] dac = defaultDac(m);
        out(0x3C8, 0);
        for (byte b : dac) {
            out(0x3C9, b);
        }
        if (m.kind() == VgaModeTables.Kind.TEXT) {
            loadFont(m.charHeight(), 0);
        }
        if (!keepMemory) {
            clear(m);
        }
        return true;
    }

    boolean loadFont(int height, int block) {
        if (block < 0 || block > 7 || (height != 8 && height != 14 && height != 16)) {
            return false;
        }
        byte[] font = VgaFonts.font(height);
        int seq2 = seqRead(2);
        int seq4 = seqRead(4);
        int gc4 = gcRead(4);
        int gc5 = gcRead(5);
        int gc6 = gcRead(6);
        // plane 2 alone, linear addressing at A0000
        seq(2, 0x04);
        seq(4, 0x06);
        gc(4, 0x02);
        gc(5, 0x00);
        gc(6, 0x04);
        int base = (block & 3) * 0x4000 + (block >> 2) * 0x2000;
        for (int c = 0; c < 256; c++) {
            for (int line = 0; line < 32; line++) {
                int v = line < height ? font[c * height + line] & 0xFF : 0;
                window.write(base + c * 32 + line, 1, v);
            }
        }
        seq(2, seq2);
        seq(4, seq4);
        gc(4, gc4);
        gc(5, gc5);
        gc(6, gc6);
        return true;
    }

    private void clear(VgaModeTables.Mode m) {
        switch (m.kind()) {
            case TEXT -> {
                int base = (m.segment() << 4) - 0xA0000;
                for (int i = 0; i < 0x8000; i += 2) {
                    window.write(base + i, 1, 0x20);
                    window.write(base + i + 1, 1, 0x07);
                }
            }
            case CGA -> {
                for (int i = 0; i < 0x8000; i++) {
                    window.write(0x18000 + i, 1, 0);
                }
            }
            default -> {
                for (int i = 0; i < 0x10000; i++) {
                    window.write(i, 1, 0);
                }
            }
        }
    }

    /** The DAC contents (6-bit red, green, blue per entry) a mode set loads. */
    static byte[] defaultDac(VgaModeTables.Mode m) {
        int n = m.number();
        byte[] d = new byte[(n == 0x13 ? 256 : 64) * 3];
        if (n == 0x13) {
            fill256(d);
        } else if (n == 0x07 || n == 0x0F) {
            for (int i = 0; i < 64; i++) {
                int g = ((i & 0x08) != 0 ? 0x2A : 0) + ((i & 0x10) != 0 ? 0x15 : 0);
                set(d, i, g, g, g);
            }
        } else if (m.height() == 200) {
            for (int i = 0; i < 64; i++) {
                int c = cga(i & 7 | ((i & 0x10) != 0 ? 8 : 0));
                set(d, i, c >> 16, c >> 8 & 0xFF, c & 0xFF);
            }
        } else {
            for (int i = 0; i < 64; i++) {
                int r = ((i & 4) != 0 ? 0x2A : 0) + ((i & 0x20) != 0 ? 0x15 : 0);
                int g = ((i & 2) != 0 ? 0x2A : 0) + ((i & 0x10) != 0 ? 0x15 : 0);
                int b = ((i & 1) != 0 ? 0x2A : 0) + ((i & 0x08) != 0 ? 0x15 : 0);
                set(d, i, r, g, b);
            }
        }
        return d;
    }

    /** One of the 16 CGA colours as 6-bit 0xRRGGBB-like triple packed in bytes 2, 1, 0. */
    private static int cga(int c) {
        int r = (c & 4) != 0 ? 0x2A : 0;
        int g = (c & 2) != 0 ? 0x2A : 0;
        int b = (c & 1) != 0 ? 0x2A : 0;
        if (c == 6) {
            g = 0x15;
        }
        if ((c & 8) != 0) {
            r += 0x15;
            g += 0x15;
            b += 0x15;
        }
        return r << 16 | g << 8 | b;
    }

    /** 13h: the 16 CGA colours, 16 greys, 9 groups of 24 hues (3 brightnesses, 3 saturations), 8 black. */
    private static void fill256(byte[] d) {
        for (int i = 0; i < 16; i++) {
            int c = cga(i);
            set(d, i, c >> 16, c >> 8 & 0xFF, c & 0xFF);
        }
        for (int i = 0; i < 16; i++) {
            int g = i * 63 / 15;
            set(d, 16 + i, g, g, g);
        }
        int[] tops = {63, 28, 16};
        double[] floors = {0.0, 0.5, 0.72};
        int idx = 32;
        for (int top : tops) {
            for (double fl : floors) {
                int lo = (int) Math.round(top * fl);
                for (int h = 0; h < 24; h++) {
                    double pos = h / 4.0; // six sectors of four steps
                    int sector = (int) pos;
                    double f = pos - sector;
                    int up = (int) Math.round(lo + (top - lo) * f);
                    int down = (int) Math.round(top - (top - lo) * f);
                    int r, g, b;
                    switch (sector) {
                        case 0 -> { b = top; g = lo; r = up; }      // blue to magenta... starting at blue
                        case 1 -> { r = top; g = lo; b = down; }    // magenta to red
                        case 2 -> { r = top; b = lo; g = up; }      // red to yellow
                        case 3 -> { g = top; b = lo; r = down; }    // yellow to green
                        case 4 -> { g = top; r = lo; b = up; }      // green to cyan
                        default -> { b = top; r = lo; g = down; }   // cyan to blue
                    }
                    set(d, idx++, r, g, b);
                }
            }
        }
    }

    private static void set(byte[] d, int i, int r, int g, int b) {
        d[i * 3] = (byte) r;
        d[i * 3 + 1] = (byte) g;
        d[i * 3 + 2] = (byte) b;
    }

    private void seq(int i, int v) {
        out(0x3C4, i);
        out(0x3C5, v);
    }

    private int seqRead(int i) {
        out(0x3C4, i);
        return in(0x3C5);
    }

    private void gc(int i, int v) {
        out(0x3CE, i);
        out(0x3CF, v);
    }

    private int gcRead(int i) {
        out(0x3CE, i);
        return in(0x3CF);
    }

    private void out(int port, int v) {
        ports.out(port, 1, v & 0xFF);
    }

    private int in(int port) {
        return ports.in(port, 1) & 0xFF;
    }
}
