package org.tessera.dev.vga.internal;

/**
 * The text-mode path of the sequencer and attribute controller: for every character clock the
 * character code (plane 0) and attribute (plane 1) at the CRTC's address, the glyph line from
 * plane 2, and the character's dots as 4-bit attribute colours.
 *
 * <ul>
 * <li>Fonts: SEQ 3 selects character map A (bits 2-3, high bit 5) and map B (bits 0-1, high bit
 *     4); map {@code n} starts at plane 2 offset {@code (n & 3) * 16K + (n >> 2) * 8K}. A character
 *     whose attribute has bit 3 set uses map A, otherwise map B (the same map when A = B). A glyph
 *     has 32 lines of one byte each, bit 7 the leftmost dot.
 * <li>Nine-dot characters: the ninth dot is the background, except for the line-drawing codes
 *     C0h-DFh with line graphics enabled (ATTR 10h bit 2), where it repeats the eighth.
 * <li>Blink (ATTR 10h bit 3): attribute bit 7 no longer selects the bright backgrounds (the
 *     background has three bits); characters with bit 7 set show only their background during the
 *     off half of a 32-frame period.
 * <li>Underline: on the row scan given by CR14 bits 0-4, a character with foreground 1 and
 *     background 0 (attribute bits 0-2 = 001, bits 4-6 = 000; the monochrome underline attribute)
 *     is drawn in its foreground over all its dots. The colour modes put the underline row below
 *     the character cell (1Fh), so only the monochrome modes show it.
 * <li>Cursor: while enabled (CR0A bit 5 clear) and in the on half of a 16-frame period, the
 *     character clock whose counter equals the cursor location (CR0E/CR0F), delayed by the skew of
 *     CR0B bits 5-6, shows the foreground on the row scans from CR0A bits 0-4 to CR0B bits 0-4 (none
 *     if the start is after the end).
 * </ul>
 */
final class TextSerializer implements DotSerializer {

    private final byte[] vram;
    private final CrtcScan scan;
    private final int dots;
    private final boolean lineGraphics;
    private final boolean blinkEnabled;
    private final boolean blinkVisible;
    private final boolean cursorVisible;
    private final int cursorStart;
    private final int cursorEnd;
    private final int cursorLocation;
    private final int cursorSkew;
    private final int underlineRow;
    private final int fontA;
    private final int fontB;

    /**
     * @param frameNumber the number of the frame, for the blink of characters and cursor (frame 0
     *     shows blinking characters and the cursor)
     */
    TextSerializer(VgaHardware hw, CrtcScan scan, long frameNumber) {
        this.vram = hw.vram;
        this.scan = scan;
        this.dots = scan.dotsPerChar();
        int modeControl = hw.attr[VgaHardware.ATTR_MODE_CONTROL];
        this.lineGraphics = (modeControl & 0x04) != 0;
        this.blinkEnabled = (modeControl & 0x08) != 0;
        this.blinkVisible = (frameNumber & 16) == 0;
        int[] cr = hw.crtc;
        int start = cr[VgaHardware.CRTC_CURSOR_START];
        int end = cr[VgaHardware.CRTC_CURSOR_END];
        this.cursorStart = start & 0x1F;
        this.cursorEnd = end & 0x1F;
        this.cursorSkew = (end >> 5) & 3;
        this.cursorVisible = (start & 0x20) == 0 && cursorStart <= cursorEnd && (frameNumber & 8) == 0;
        this.cursorLocation = (cr[VgaHardware.CRTC_CURSOR_HIGH] << 8 | cr[VgaHardware.CRTC_CURSOR_LOW]) & 0xFFFF;
        this.underlineRow = cr[VgaHardware.CRTC_UNDERLINE] & 0x1F;
        int charMap = hw.seq[VgaHardware.SEQ_CHAR_MAP];
        this.fontA = fontBase((charMap >> 2 & 3) | (charMap >> 3 & 4));
        this.fontB = fontBase((charMap & 3) | (charMap >> 2 & 4));
    }

    /** Plane 2 offset of character map {@code n} (0-7). */
    static int fontBase(int n) {
        return (n & 3) * 0x4000 + (n >> 2) * 0x2000;
    }

    @Override
    public int dotsPerClock() {
        return dots;
    }

    @Override
    public void scanLine(int rowStart, int rowScan, int clocks, int[] out) {
        int o = 0;
        boolean cursorRow = cursorVisible && rowScan >= cursorStart && rowScan <= cursorEnd;
        boolean underlineScan = rowScan == underlineRow;
        for (int k = 0; k < clocks; k++) {
            int a = scan.address(scan.counterAt(rowStart, k), rowScan) << 2;
            int ch = vram[a] & 0xFF;
            int at = vram[a + 1] & 0xFF;
            int fg = at & 0x0F;
            int bg = at >> 4;
            int glyph = 0;
            if (rowScan < 32) {
                int font = (at & 0x08) != 0 ? fontA : fontB;
                glyph = vram[((font + ch * 32 + rowScan) & 0xFFFF) << 2 | 2] & 0xFF;
            }
            boolean hidden = false;
            if (blinkEnabled) {
                bg &= 7;
                hidden = (at & 0x80) != 0 && !blinkVisible;
            }
            int ninth = lineGraphics && (ch & 0xE0) == 0xC0 ? glyph & 1 : 0;
            if (underlineScan && (at & 0x77) == 0x01) {
                glyph = 0xFF;
                ninth = 1;
            }
            if (hidden) {
                glyph = 0;
                ninth = 0;
            }
            if (cursorRow && k >= cursorSkew && (scan.counterAt(rowStart, k - cursorSkew) & 0xFFFF) == cursorLocation) {
                glyph = 0xFF;
                ninth = 1;
            }
            for (int bit = 7; bit >= 0; bit--) {
                out[o++] = (glyph >> bit & 1) != 0 ? fg : bg;
            }
            if (dots == 9) {
                out[o++] = ninth != 0 ? fg : bg;
            }
        }
    }
}
