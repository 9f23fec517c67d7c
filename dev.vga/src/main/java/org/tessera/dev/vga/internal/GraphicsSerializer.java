package org.tessera.dev.vga.internal;

/**
 * The graphics-mode serializers: for every character clock the four plane bytes at the CRTC's
 * address become eight dots of 4-bit values, in one of the three ways the graphics controller's
 * mode register (GC 5) selects:
 *
 * <ul>
 * <li>planar (bits 5-6 clear): dot {@code i} (0 leftmost) takes bit {@code 7 - i} of plane
 *     {@code p} as its bit {@code p};
 * <li>shift register interleave (bit 5, the CGA 4-colour modes): dots 0-3 take two bits each from
 *     planes 0 (bits 0-1 of the value) and 2 (bits 2-3), most significant pair first; dots 4-7 the
 *     same from planes 1 and 3;
 * <li>256-colour shift (bit 6, wins over bit 5): the dots are the halves of the plane bytes in the
 *     order plane 0 high, plane 0 low, plane 1 high, ... plane 3 low, so that the attribute
 *     controller's 8-bit mode pairs them into the four bytes of planes 0-3.
 * </ul>
 *
 * With nine-dot character clocks the ninth dot of a graphics character is value 0.
 */
final class GraphicsSerializer implements DotSerializer {

    /** Byte to eight 4-bit lanes: bit 7 of the byte in lane 0 (bits 0-3 of the long). */
    private static final long[] SPREAD = new long[256];

    static {
        for (int b = 0; b < 256; b++) {
            long lanes = 0;
            for (int i = 0; i < 8; i++) {
                if ((b >> (7 - i) & 1) != 0) {
                    lanes |= 1L << (4 * i);
                }
            }
            SPREAD[b] = lanes;
        }
    }

    private enum Shift { PLANAR, INTERLEAVE, COLOUR256 }

    private final byte[] vram;
    private final CrtcScan scan;
    private final int dots;
    private final Shift shift;

    GraphicsSerializer(VgaHardware hw, CrtcScan scan) {
        this.vram = hw.vram;
        this.scan = scan;
        this.dots = scan.dotsPerChar();
        int mode = hw.gc[VgaHardware.GC_MODE];
        this.shift = (mode & 0x40) != 0 ? Shift.COLOUR256 : (mode & 0x20) != 0 ? Shift.INTERLEAVE : Shift.PLANAR;
    }

    @Override
    public int dotsPerClock() {
        return dots;
    }

    @Override
    public void scanLine(int rowStart, int rowScan, int clocks, int[] out) {
        int o = 0;
        for (int k = 0; k < clocks; k++) {
            int a = scan.address(scan.counterAt(rowStart, k), rowScan) << 2;
            int p0 = vram[a] & 0xFF;
            int p1 = vram[a + 1] & 0xFF;
            int p2 = vram[a + 2] & 0xFF;
            int p3 = vram[a + 3] & 0xFF;
            switch (shift) {
                case PLANAR -> {
                    long lanes = SPREAD[p0] | SPREAD[p1] << 1 | SPREAD[p2] << 2 | SPREAD[p3] << 3;
                    for (int i = 0; i < 8; i++) {
                        out[o++] = (int) (lanes >>> (4 * i)) & 0x0F;
                    }
                }
                case INTERLEAVE -> {
                    for (int i = 0; i < 4; i++) {
                        int s = 6 - 2 * i;
                        out[o++] = (p0 >> s & 3) | (p2 >> s & 3) << 2;
                    }
                    for (int i = 0; i < 4; i++) {
                        int s = 6 - 2 * i;
                        out[o++] = (p1 >> s & 3) | (p3 >> s & 3) << 2;
                    }
                }
                case COLOUR256 -> {
                    out[o++] = p0 >> 4;
                    out[o++] = p0 & 0x0F;
                    out[o++] = p1 >> 4;
                    out[o++] = p1 & 0x0F;
                    out[o++] = p2 >> 4;
                    out[o++] = p2 & 0x0F;
                    out[o++] = p3 >> 4;
                    out[o++] = p3 & 0x0F;
                }
            }
            if (dots == 9) {
                out[o++] = 0;
            }
        }
    }
}
