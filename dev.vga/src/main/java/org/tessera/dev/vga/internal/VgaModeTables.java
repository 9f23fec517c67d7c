package org.tessera.dev.vga.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The register values of the standard VGA modes 00h-07h and 0Dh-13h, as a VGA BIOS programs them
 * for a mode set (the 400-line "+" variants of the text modes, which a VGA sets by default), with
 * each mode's geometry. Hardware facts from IBM's VGA documentation; the INT 10h of a built-in BIOS
 * and the guest programs that set modes by ports use them.
 *
 * <p>A mode set writes: the sequencer reset (index 0) to 01h, the miscellaneous output, sequencer
 * 1-4, sequencer 0 to 03h, CRTC 11h bit 7 cleared, CRTC 00h-18h, the graphics controller 00h-08h,
 * the attribute controller 00h-14h (with the palette address source bit set afterwards), and the
 * PEL mask to FFh.
 */
public final class VgaModeTables {

    /** What a mode shows. */
    public enum Kind {
        /** characters and attributes, fonts in plane 2 */
        TEXT,
        /** CGA-compatible 2 or 4 colours, interleaved scan lines */
        CGA,
        /** 16 colours (or monochrome) in four planes */
        PLANAR,
        /** 256 colours, chain-4 */
        CHAINED
    }

    /**
     * One standard mode.
     *
     * @param number the BIOS mode number
     * @param kind what it shows
     * @param width pixels across (text: columns times the character width)
     * @param height pixels down
     * @param columns text columns (graphics: {@code width} / character width of the BIOS font)
     * @param rows text rows
     * @param charHeight scan lines of a character cell (the font the BIOS loads)
     * @param colors colours on screen at once
     * @param segment the real-mode segment of the video memory
     * @param misc the miscellaneous output register
     * @param seq sequencer registers 1-4 (index 0 of this array is register 1)
     * @param crtc CRT controller registers 00h-18h
     * @param attr attribute controller registers 00h-14h
     * @param gc graphics controller registers 00h-08h
     */
    public record Mode(int number, Kind kind, int width, int height, int columns, int rows, int charHeight,
            int colors, int segment, int misc, int[] seq, int[] crtc, int[] attr, int[] gc) {

        /** Sequencer register {@code index} (1-4). */
        public int seq(int index) {
            return seq[index - 1];
        }

        /** A copy of the arrays, so that no caller changes the table. */
        public Mode {
            seq = seq.clone();
            crtc = crtc.clone();
            attr = attr.clone();
            gc = gc.clone();
        }

        @Override
        public int[] seq() {
            return seq.clone();
        }

        @Override
        public int[] crtc() {
            return crtc.clone();
        }

        @Override
        public int[] attr() {
            return attr.clone();
        }

        @Override
        public int[] gc() {
            return gc.clone();
        }

        @Override
        public String toString() {
            return String.format("mode %02Xh (%s %dx%d)", number, kind, width, height);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mode m && m.number == number && m.kind == kind && m.width == width
                    && m.height == height && m.columns == columns && m.rows == rows && m.charHeight == charHeight
                    && m.colors == colors && m.segment == segment && m.misc == misc && Arrays.equals(m.seq, seq)
                    && Arrays.equals(m.crtc, crtc) && Arrays.equals(m.attr, attr) && Arrays.equals(m.gc, gc);
        }

        @Override
        public int hashCode() {
            return number;
        }
    }

    // --- building blocks shared by several modes ---

    /** Horizontal timing, CRTC 00h-05h. */
    private static final int[] H_TEXT_80 = {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81};
    private static final int[] H_TEXT_40 = {0x2D, 0x27, 0x28, 0x90, 0x2B, 0xA0};
    private static final int[] H_GRAPHICS_640 = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80};
    private static final int[] H_GRAPHICS_320 = {0x2D, 0x27, 0x28, 0x90, 0x2B, 0x80};

    /** Attribute palette 00h-0Fh of the colour text modes and of the EGA-compatible 16-colour modes. */
    private static final int[] PALETTE_EGA = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F};
    /** Attribute palette of the 200-line 16-colour modes and of mode 13h: the identity. */
    private static final int[] PALETTE_IDENTITY_LOW = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17};
    private static final int[] PALETTE_IDENTITY = {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F};

    private static final Map<Integer, Mode> MODES = new TreeMap<>();

    static {
        // 00h/01h: 40x25 text, 9x16 cells, 360x400
        for (int n : new int[] {0x00, 0x01}) {
            add(new Mode(n, Kind.TEXT, 360, 400, 40, 25, 16, 16, 0xB800, 0x67,
                    new int[] {0x08, 0x03, 0x00, 0x02},
                    crtc(H_TEXT_40, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x9C, 0x8E, 0x8F, 0x14, 0x1F, 0x96, 0xB9, 0xA3),
                    attr(PALETTE_EGA, 0x0C, 0x00, 0x0F, 0x08),
                    new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF}));
        }
        // 02h/03h: 80x25 text, 9x16 cells, 720x400
        for (int n : new int[] {0x02, 0x03}) {
            add(new Mode(n, Kind.TEXT, 720, 400, 80, 25, 16, 16, 0xB800, 0x67,
                    new int[] {0x00, 0x03, 0x00, 0x02},
                    crtc(H_TEXT_80, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3),
                    attr(PALETTE_EGA, 0x0C, 0x00, 0x0F, 0x08),
                    new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF}));
        }
        // 04h/05h: 320x200, 4 colours, CGA interleave
        for (int n : new int[] {0x04, 0x05}) {
            add(new Mode(n, Kind.CGA, 320, 200, 40, 25, 8, 4, 0xB800, 0x63,
                    new int[] {0x09, 0x03, 0x00, 0x02},
                    crtc(H_GRAPHICS_320, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xA2),
                    attr(new int[] {0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07,
                        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17}, 0x01, 0x00, 0x03, 0x00),
                    new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0F, 0x00, 0xFF}));
        }
        // 06h: 640x200, 2 colours, CGA interleave
        add(new Mode(0x06, Kind.CGA, 640, 200, 80, 25, 8, 2, 0xB800, 0x63,
                new int[] {0x01, 0x01, 0x00, 0x06},
                crtc(H_GRAPHICS_640, 0xBF, 0x1F, 0x00, 0xC1, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xC2),
                attr(new int[] {0x00, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17,
                    0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17}, 0x01, 0x00, 0x01, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0D, 0x00, 0xFF}));
        // 07h: 80x25 monochrome text, 9x16 cells, 720x400, ports 3Bx
        add(new Mode(0x07, Kind.TEXT, 720, 400, 80, 25, 16, 2, 0xB000, 0x66,
                new int[] {0x00, 0x03, 0x00, 0x02},
                crtc(H_TEXT_80, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x9C, 0x8E, 0x8F, 0x28, 0x0F, 0x96, 0xB9, 0xA3),
                attr(new int[] {0x00, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08,
                    0x10, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18}, 0x0E, 0x00, 0x0F, 0x08),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0A, 0x00, 0xFF}));
        // 0Dh: 320x200, 16 colours
        add(new Mode(0x0D, Kind.PLANAR, 320, 200, 40, 25, 8, 16, 0xA000, 0x63,
                new int[] {0x09, 0x0F, 0x00, 0x06},
                crtc(H_GRAPHICS_320, 0xBF, 0x1F, 0x00, 0xC0, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x14, 0x00, 0x96, 0xB9, 0xE3),
                attr(PALETTE_IDENTITY_LOW, 0x01, 0x00, 0x0F, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF}));
        // 0Eh: 640x200, 16 colours
        add(new Mode(0x0E, Kind.PLANAR, 640, 200, 80, 25, 8, 16, 0xA000, 0x63,
                new int[] {0x01, 0x0F, 0x00, 0x06},
                crtc(H_GRAPHICS_640, 0xBF, 0x1F, 0x00, 0xC0, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x00, 0x96, 0xB9, 0xE3),
                attr(PALETTE_IDENTITY_LOW, 0x01, 0x00, 0x0F, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF}));
        // 0Fh: 640x350 monochrome graphics, ports 3Bx, planes 0 and 2 (4 attributes: black,
        // video, blinking, intense)
        add(new Mode(0x0F, Kind.PLANAR, 640, 350, 80, 25, 14, 4, 0xA000, 0xA2,
                new int[] {0x01, 0x0F, 0x00, 0x06},
                crtc(H_GRAPHICS_640, 0xBF, 0x1F, 0x00, 0x40, 0x00, 0x00, 0x83, 0x85, 0x5D, 0x28, 0x0F, 0x63, 0xBA, 0xE3),
                attr(new int[] {0x00, 0x08, 0x00, 0x00, 0x18, 0x18, 0x00, 0x00,
                    0x00, 0x08, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00}, 0x0B, 0x00, 0x05, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x05, 0xFF}));
        // 10h: 640x350, 16 colours
        add(new Mode(0x10, Kind.PLANAR, 640, 350, 80, 25, 14, 16, 0xA000, 0xA3,
                new int[] {0x01, 0x0F, 0x00, 0x06},
                crtc(H_GRAPHICS_640, 0xBF, 0x1F, 0x00, 0x40, 0x00, 0x00, 0x83, 0x85, 0x5D, 0x28, 0x0F, 0x63, 0xBA, 0xE3),
                attr(PALETTE_EGA, 0x01, 0x00, 0x0F, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF}));
        // 11h: 640x480, 2 colours (plane 0)
        int[] white = new int[16];
        Arrays.fill(white, 1, 16, 0x3F);
        add(new Mode(0x11, Kind.PLANAR, 640, 480, 80, 30, 16, 2, 0xA000, 0xE3,
                new int[] {0x01, 0x0F, 0x00, 0x06},
                crtc(H_GRAPHICS_640, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xC3),
                attr(white, 0x01, 0x00, 0x0F, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF}));
        // 12h: 640x480, 16 colours
        add(new Mode(0x12, Kind.PLANAR, 640, 480, 80, 30, 16, 16, 0xA000, 0xE3,
                new int[] {0x01, 0x0F, 0x00, 0x06},
                crtc(H_GRAPHICS_640, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3),
                attr(PALETTE_EGA, 0x01, 0x00, 0x0F, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF}));
        // 13h: 320x200, 256 colours, chain-4
        add(new Mode(0x13, Kind.CHAINED, 320, 200, 40, 25, 8, 256, 0xA000, 0x63,
                new int[] {0x01, 0x0F, 0x00, 0x0E},
                crtc(H_GRAPHICS_640, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3),
                attr(PALETTE_IDENTITY, 0x41, 0x00, 0x0F, 0x00),
                new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF}));
    }

    private VgaModeTables() {
    }

    private static void add(Mode m) {
        MODES.put(m.number(), m);
    }

    /**
     * CRTC 00h-18h from the horizontal timing (00h-05h) and the rest: vertical total, overflow,
     * (preset row scan 0), maximum scan line, cursor start and end, (start address and cursor
     * location 0), vertical retrace start and end, vertical display end, offset, underline
     * location, vertical blank start and end, mode control, (line compare FFh).
     */
    private static int[] crtc(int[] h, int vTotal, int overflow, int presetRowScan, int maxScan, int cursorStart,
            int cursorEnd, int vRetraceStart, int vRetraceEnd, int vDisplayEnd, int offset, int underline,
            int vBlankStart, int vBlankEnd, int modeControl) {
        int[] r = new int[VgaHardware.CRTC_COUNT];
        System.arraycopy(h, 0, r, 0, 6);
        r[VgaHardware.CRTC_V_TOTAL] = vTotal;
        r[VgaHardware.CRTC_OVERFLOW] = overflow;
        r[VgaHardware.CRTC_PRESET_ROW_SCAN] = presetRowScan;
        r[VgaHardware.CRTC_MAX_SCAN_LINE] = maxScan;
        r[VgaHardware.CRTC_CURSOR_START] = cursorStart;
        r[VgaHardware.CRTC_CURSOR_END] = cursorEnd;
        r[VgaHardware.CRTC_V_RETRACE_START] = vRetraceStart;
        r[VgaHardware.CRTC_V_RETRACE_END] = vRetraceEnd;
        r[VgaHardware.CRTC_V_DISPLAY_END] = vDisplayEnd;
        r[VgaHardware.CRTC_OFFSET] = offset;
        r[VgaHardware.CRTC_UNDERLINE] = underline;
        r[VgaHardware.CRTC_V_BLANK_START] = vBlankStart;
        r[VgaHardware.CRTC_V_BLANK_END] = vBlankEnd;
        r[VgaHardware.CRTC_MODE_CONTROL] = modeControl;
        r[VgaHardware.CRTC_LINE_COMPARE] = 0xFF;
        return r;
    }

    /** Attribute 00h-14h: the palette, mode control, overscan, colour plane enable, pel panning, colour select 0. */
    private static int[] attr(int[] palette, int modeControl, int overscan, int planeEnable, int panning) {
        int[] r = new int[VgaHardware.ATTR_COUNT];
        System.arraycopy(palette, 0, r, 0, 16);
        r[VgaHardware.ATTR_MODE_CONTROL] = modeControl;
        r[VgaHardware.ATTR_OVERSCAN] = overscan;
        r[VgaHardware.ATTR_PLANE_ENABLE] = planeEnable;
        r[VgaHardware.ATTR_H_PEL_PANNING] = panning;
        r[VgaHardware.ATTR_COLOR_SELECT] = 0;
        return r;
    }

    /** The standard mode {@code number}, or null when it is not one of 00h-07h, 0Dh-13h. */
    public static Mode mode(int number) {
        return MODES.get(number);
    }

    /** Every standard mode, by number. */
    public static List<Mode> all() {
        return Collections.unmodifiableList(List.copyOf(MODES.values()));
    }
}
