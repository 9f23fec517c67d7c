package org.tessera.dev.vga.internal;

import java.util.Optional;
import org.tessera.machine.api.display.Frame;
import org.tessera.machine.api.display.TextScreen;

/**
 * Turns the VGA's hardware state into a frame, as the hardware scans it out (see {@link CrtcScan}
 * for the CRT controller, {@link TextSerializer} and {@link GraphicsSerializer} for the
 * sequencer's serializers, {@link ColourPipeline} for the attribute controller and the DAC,
 * {@link VbeScanout} for the Bochs VBE modes). The caller holds the lock of the hardware state for
 * the length of a call, so a frame shows one moment.
 *
 * <p>The frame has the mode's own resolution:
 * <ul>
 * <li>width: the displayed character clocks times the dots per character (9 or 8); halved when
 *     the attribute controller pairs dots into 8-bit pixels (ATTR 10h bit 6). The dot clock
 *     divider (SEQ 1 bit 3) widens every dot on the monitor but adds none, so it is not counted
 *     (modes 0Dh and 13h are 320 wide, text mode 3 is 720);
 * <li>height: the displayed scan lines (vertical display end + 1) divided by how often the same
 *     line of memory is scanned: twice with double scan (CR09 bit 7), and in graphics modes whose
 *     address does not depend on the row scan (CR17 bits 0 and 1 set) also by the row scans per
 *     row (maximum scan line + 1). Output line {@code y} is scan line {@code y * n} of the
 *     {@code n} identical ones. So mode 13h (400 scan lines, two row scans per row) is 320x200,
 *     mode X (480 scan lines, two row scans) 320x240, the CGA modes (400 scan lines, double
 *     scan, two row scans that select address bit 13) 320x200 and 640x200, mode 12h 640x480.
 * </ul>
 *
 * <p>Horizontal pel panning (ATTR 13h bits 0-3) shifts the dots of every line left: by the value
 * with eight-dot characters (0-7), by value + 1 with nine-dot characters (8 meaning 0), in dots
 * also in the 8-bit mode (0, 2, 4, 6 give 0-3 pixels). Below the split screen the panning is 0 if
 * ATTR 10h bit 5 is set.
 *
 * <p>A blanked screen (SEQ 1 bit 5) is black; while the attribute controller's palette address
 * source (3C0 bit 5) is clear the screen shows the overscan colour, as the hardware does while the
 * palette is being loaded.
 */
final class VgaRenderer {

    /** Largest frame edge produced; larger register values are clipped. */
    static final int MAX_EDGE = 4096;

    /**
     * Renders the current frame.
     *
     * @param frameNumber numbers the frames for the blink of text characters (32-frame period)
     *     and of the cursor (16 frames); frame 0 shows both
     */
    Frame render(VgaHardware hw, long frameNumber) {
        ColourPipeline colours = new ColourPipeline(hw);
        if ((hw.vbe[VgaHardware.VBE_ENABLE] & 0x01) != 0) {
            return VbeScanout.render(hw, colours);
        }
        CrtcScan scan = CrtcScan.of(hw);
        int modeControl = hw.attr[VgaHardware.ATTR_MODE_CONTROL];
        boolean graphics = (modeControl & 0x01) != 0;
        boolean eightBit = graphics && (modeControl & 0x40) != 0;
        DotSerializer serializer = graphics ? new GraphicsSerializer(hw, scan) : new TextSerializer(hw, scan, frameNumber);
        int dots = serializer.dotsPerClock();
        int clocks = Math.min(scan.charClocks(), MAX_EDGE);
        int width = Math.min(clocks * dots / (eightBit ? 2 : 1), MAX_EDGE);
        int collapse = (scan.doubleScan() ? 2 : 1)
                * (graphics && !scan.map13() && !scan.map14() ? scan.maxScanLine() + 1 : 1);
        int scanLines = Math.min(scan.scanLines(), MAX_EDGE * collapse);
        int height = (scanLines + collapse - 1) / collapse;
        int[] pixels = new int[width * height];

        if ((hw.seq[VgaHardware.SEQ_CLOCKING] & 0x20) != 0) {
            return new Frame(width, height, pixels);
        }
        if ((hw.attrAddress & 0x20) == 0) {
            java.util.Arrays.fill(pixels, colours.overscan);
            return new Frame(width, height, pixels);
        }

        int pan = panning(hw.attr[VgaHardware.ATTR_H_PEL_PANNING], dots);
        boolean panResetsAtSplit = (modeControl & 0x20) != 0;
        // one character clock more than displayed, for the dots panning brings in from the right
        int[] line = new int[(clocks + 1) * dots];
        int rowStart = scan.startAddress();
        int rowScan = scan.presetRowScan();
        boolean secondScan = false;
        boolean split = false;
        for (int s = 0; s < scanLines; s++) {
            if (s % collapse == 0) {
                serializer.scanLine(rowStart, rowScan, clocks + 1, line);
                int shift = split && panResetsAtSplit ? 0 : pan;
                int o = (s / collapse) * width;
                if (eightBit) {
                    int[] c256 = colours.colour256;
                    for (int x = 0, d = shift; x < width; x++, d += 2) {
                        pixels[o + x] = c256[line[d] << 4 | line[d + 1]];
                    }
                } else {
                    int[] c16 = colours.colour16;
                    for (int x = 0; x < width; x++) {
                        pixels[o + x] = c16[line[shift + x]];
                    }
                }
            }
            if (s == scan.lineCompare()) {
                rowStart = 0;
                rowScan = 0;
                secondScan = false;
                split = true;
                continue;
            }
            if (scan.doubleScan() && !secondScan) {
                secondScan = true;
                continue;
            }
            secondScan = false;
            if (rowScan == scan.maxScanLine()) {
                rowScan = 0;
                rowStart = (rowStart + scan.rowOffset()) & 0xFFFF;
            } else {
                rowScan = (rowScan + 1) & 0x1F;
            }
        }
        return new Frame(width, height, pixels);
    }

    /** The pel panning in dots for ATTR 13h value {@code value}. */
    static int panning(int value, int dotsPerChar) {
        int v = value & 0x0F;
        if (dotsPerChar == 9) {
            return v >= 8 ? 0 : v + 1;
        }
        return v & 7;
    }

    /**
     * The text screen: in a text mode (ATTR 10h bit 0 clear, no VBE mode), the character rows
     * the CRTC shows from the start address (the upper part, ignoring a split screen), each cell
     * the character (plane 0) and attribute (plane 1); the cursor if it is enabled and on the
     * screen.
     */
    Optional<TextScreen> textScreen(VgaHardware hw) {
        if ((hw.vbe[VgaHardware.VBE_ENABLE] & 0x01) != 0 || (hw.attr[VgaHardware.ATTR_MODE_CONTROL] & 0x01) != 0) {
            return Optional.empty();
        }
        CrtcScan scan = CrtcScan.of(hw);
        int columns = Math.min(scan.charClocks(), MAX_EDGE);
        int lines = scan.scanLines() / (scan.doubleScan() ? 2 : 1);
        int rows = Math.min(lines / (scan.maxScanLine() + 1), MAX_EDGE);
        short[] cells = new short[columns * rows];
        int cursorColumn = -1;
        int cursorRow = -1;
        int[] cr = hw.crtc;
        int cursorStart = cr[VgaHardware.CRTC_CURSOR_START];
        boolean cursorOn = (cursorStart & 0x20) == 0 && (cursorStart & 0x1F) <= (cr[VgaHardware.CRTC_CURSOR_END] & 0x1F);
        int cursor = (cr[VgaHardware.CRTC_CURSOR_HIGH] << 8 | cr[VgaHardware.CRTC_CURSOR_LOW]) & 0xFFFF;
        for (int r = 0; r < rows; r++) {
            int rowStart = (scan.startAddress() + r * scan.rowOffset()) & 0xFFFF;
            for (int c = 0; c < columns; c++) {
                int counter = scan.counterAt(rowStart, c);
                int a = scan.address(counter, 0);
                cells[r * columns + c] = (short) (hw.planeByte(0, a) | hw.planeByte(1, a) << 8);
                if (cursorOn && cursorRow < 0 && (counter & 0xFFFF) == cursor) {
                    cursorRow = r;
                    cursorColumn = c;
                }
            }
        }
        return Optional.of(new TextScreen(columns, rows, cells, cursorColumn, cursorRow));
    }
}
