package org.tessera.dev.vga.internal;

/**
 * The beam's position at a moment of machine time, as input status 1 shows it: bit 3 while the
 * vertical retrace lasts, bit 0 while the display is disabled (the beam is past the display end
 * of its line or of the frame; the blanking intervals are approximated by the display-end
 * registers). The timing comes from the CRTC and the clock as programmed:
 * <ul>
 * <li>dot clock by misc output bits 2-3 (25.175 MHz or 28.322 MHz; halved by SEQ1 bit 3),
 *     character width 8 or 9 dots (SEQ1 bit 0);
 * <li>line = (CR00 + 5) characters, display for CR01 + 1 of them;
 * <li>frame = vertical total (CR06 with bits 8-9 in CR07) + 2 lines, display end CR12 (+ bits
 *     8-9) + 1 lines, retrace from CR10 (+ bits 8-9) until the line whose low four bits equal
 *     CR11 bits 0-3.
 * </ul>
 * Unprogrammed or implausible registers give the standard 400-line timing (31.78 us lines, 449
 * lines, 70 Hz). Allocates nothing.
 */
final class RetraceTimer {

    /** Input status 1 bit 0. */
    static final int DISPLAY_DISABLED = 0x01;
    /** Input status 1 bit 3. */
    static final int VERTICAL_RETRACE = 0x08;

    private static final long DEFAULT_LINE_NANOS = 31_778;
    private static final int DEFAULT_TOTAL = 449;
    private static final int DEFAULT_DISPLAY = 400;
    private static final int DEFAULT_RETRACE_START = 412;
    private static final int DEFAULT_RETRACE_LINES = 2;

    private final VgaHardware hw;

    RetraceTimer(VgaHardware hw) {
        this.hw = hw;
    }

    /** Nanoseconds per scan line, from the horizontal total and the clock. */
    long lineNanos() {
        int chars = hw.crtc[VgaHardware.CRTC_H_TOTAL] + 5;
        if (hw.crtc[VgaHardware.CRTC_H_TOTAL] == 0) {
            return DEFAULT_LINE_NANOS;
        }
        int clocking = hw.seq[VgaHardware.SEQ_CLOCKING];
        int dots = (clocking & 0x01) != 0 ? 8 : 9;
        long hz = ((hw.miscOutput >> 2) & 3) == 1 ? 28_322_000L : 25_175_000L;
        if ((clocking & 0x08) != 0) {
            hz >>= 1;
        }
        return chars * dots * 1_000_000_000L / hz;
    }

    /** Lines per frame. */
    int totalLines() {
        int total = vertical(VgaHardware.CRTC_V_TOTAL, 0x01, 0x20) + 2;
        return total < 4 ? DEFAULT_TOTAL : total;
    }

    /** The duration of one frame in nanoseconds. */
    long frameNanos() {
        return lineNanos() * totalLines();
    }

    /** Input status 1's bits 0 and 3 at machine time {@code nanos}. */
    int status(long nanos) {
        long line = lineNanos();
        int total = totalLines();
        int display;
        int retraceStart;
        int retraceLines;
        if (total == DEFAULT_TOTAL && hw.crtc[VgaHardware.CRTC_V_TOTAL] == 0) {
            display = DEFAULT_DISPLAY;
            retraceStart = DEFAULT_RETRACE_START;
            retraceLines = DEFAULT_RETRACE_LINES;
        } else {
            display = vertical(VgaHardware.CRTC_V_DISPLAY_END, 0x02, 0x40) + 1;
            retraceStart = vertical(VgaHardware.CRTC_V_RETRACE_START, 0x04, 0x80);
            retraceLines = ((hw.crtc[VgaHardware.CRTC_V_RETRACE_END] & 0x0F) - (retraceStart & 0x0F)) & 0x0F;
            if (retraceLines == 0) {
                retraceLines = 16;
            }
        }
        long t = Math.floorMod(nanos, line * total);
        int y = (int) (t / line);
        long x = t - y * line;
        int status = 0;
        if (y >= retraceStart && y < retraceStart + retraceLines) {
            status |= VERTICAL_RETRACE;
        }
        int hTotal = hw.crtc[VgaHardware.CRTC_H_TOTAL] + 5;
        int hDisplay = hw.crtc[VgaHardware.CRTC_H_DISPLAY_END] + 1;
        if (hw.crtc[VgaHardware.CRTC_H_TOTAL] == 0 || hDisplay >= hTotal) {
            hTotal = 100;
            hDisplay = 80;
        }
        if (y >= display || x * hTotal >= line * hDisplay) {
            status |= DISPLAY_DISABLED;
        }
        return status;
    }

    /** A 10-bit vertical value: the register and its bits 8 and 9 from the overflow register. */
    private int vertical(int index, int bit8, int bit9) {
        int overflow = hw.crtc[VgaHardware.CRTC_OVERFLOW];
        return hw.crtc[index] | ((overflow & bit8) != 0 ? 0x100 : 0) | ((overflow & bit9) != 0 ? 0x200 : 0);
    }
}
