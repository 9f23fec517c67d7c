package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.dev.vga.internal.VgaModeTables.Kind;
import org.tessera.dev.vga.internal.VgaModeTables.Mode;

/**
 * The standard mode tables agree with themselves: what the registers make the CRTC, sequencer,
 * attribute and graphics controllers show is the geometry each mode claims.
 */
class VgaModeTablesTest {

    static List<Mode> modes() {
        return VgaModeTables.all();
    }

    @Test
    void exactlyTheStandardModes() {
        assertEquals(List.of(0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13),
                modes().stream().map(Mode::number).collect(Collectors.toList()));
        assertNull(VgaModeTables.mode(0x08));
        assertNull(VgaModeTables.mode(0x14));
        assertEquals(0x67, VgaModeTables.mode(0x03).misc());
    }

    @ParameterizedTest
    @MethodSource("modes")
    void registerFilesHaveTheirSizes(Mode m) {
        assertEquals(4, m.seq().length, m.toString());
        assertEquals(VgaHardware.CRTC_COUNT, m.crtc().length, m.toString());
        assertEquals(VgaHardware.ATTR_COUNT, m.attr().length, m.toString());
        assertEquals(VgaHardware.GC_COUNT, m.gc().length, m.toString());
        for (int[] file : List.of(m.seq(), m.crtc(), m.attr(), m.gc())) {
            for (int v : file) {
                assertTrue(v >= 0 && v <= 0xFF, m + ": " + v);
            }
        }
        for (int i = 0; i < 16; i++) {
            assertTrue(m.attr()[i] <= 0x3F, m + ": palette registers have 6 bits");
        }
    }

    private static int verticalDisplayEnd(int[] crtc) {
        int ov = crtc[VgaHardware.CRTC_OVERFLOW];
        return crtc[VgaHardware.CRTC_V_DISPLAY_END] | (ov >> 1 & 1) << 8 | (ov >> 6 & 1) << 9;
    }

    private static int verticalTotal(int[] crtc) {
        int ov = crtc[VgaHardware.CRTC_OVERFLOW];
        return crtc[VgaHardware.CRTC_V_TOTAL] | (ov & 1) << 8 | (ov >> 5 & 1) << 9;
    }

    private static int verticalRetraceStart(int[] crtc) {
        int ov = crtc[VgaHardware.CRTC_OVERFLOW];
        return crtc[VgaHardware.CRTC_V_RETRACE_START] | (ov >> 2 & 1) << 8 | (ov >> 7 & 1) << 9;
    }

    private static int verticalBlankStart(int[] crtc) {
        int ov = crtc[VgaHardware.CRTC_OVERFLOW];
        return crtc[VgaHardware.CRTC_V_BLANK_START] | (ov >> 3 & 1) << 8 | (crtc[VgaHardware.CRTC_MAX_SCAN_LINE] >> 5 & 1) << 9;
    }

    /** Scan lines the CRTC displays, from the vertical display end and the overflow bits. */
    @ParameterizedTest
    @MethodSource("modes")
    void verticalTimingGivesTheModesScanLines(Mode m) {
        int[] crtc = m.crtc();
        int lines = verticalDisplayEnd(crtc) + 1;
        int expected = switch (m.misc() >> 6) {
            case 1 -> 400;
            case 2 -> 350;
            case 3 -> 480;
            default -> -1;
        };
        assertEquals(expected, lines, m + ": the sync polarities of the misc output select the line count");
        assertEquals(lines == 480 ? 525 : 449, verticalTotal(crtc) + 2, m + ": vertical total");
        int retrace = verticalRetraceStart(crtc);
        assertTrue(retrace >= lines && retrace < verticalTotal(crtc), m + ": retrace after the display");
        int blank = verticalBlankStart(crtc);
        assertTrue(blank >= lines - 1 && blank <= retrace, m + ": blank between display end and retrace");
        // line compare at its maximum (3FFh with the overflow bits): no split screen
        int lineCompare = crtc[VgaHardware.CRTC_LINE_COMPARE] | (crtc[VgaHardware.CRTC_OVERFLOW] >> 4 & 1) << 8
                | (crtc[VgaHardware.CRTC_MAX_SCAN_LINE] >> 6 & 1) << 9;
        assertEquals(0x3FF, lineCompare, m + ": line compare");
        assertTrue((crtc[VgaHardware.CRTC_V_RETRACE_END] & 0x80) != 0, m + ": CRTC 0-7 write protected");
    }

    /** Rows and pixel lines from the scan lines, the maximum scan line and double scanning. */
    @ParameterizedTest
    @MethodSource("modes")
    void rowsAndHeightFollowFromTheScanLines(Mode m) {
        int[] crtc = m.crtc();
        int lines = verticalDisplayEnd(crtc) + 1;
        int maxScan = crtc[VgaHardware.CRTC_MAX_SCAN_LINE];
        boolean doubleScan = (maxScan & 0x80) != 0;
        int scanPerRow = (maxScan & 0x1F) + 1;
        int perPixelLine = doubleScan ? 2 : 1;
        if (m.kind() == Kind.TEXT) {
            assertEquals(m.charHeight(), scanPerRow, m + ": character height");
            assertEquals(m.rows(), lines / scanPerRow, m + ": rows");
            assertEquals(m.height(), lines, m.toString());
            int underline = crtc[VgaHardware.CRTC_UNDERLINE] & 0x1F;
            assertTrue(m.number() == 7 ? underline < scanPerRow : underline >= scanPerRow,
                    m + ": the underline shows only in the monochrome mode");
            assertTrue(crtc[VgaHardware.CRTC_CURSOR_START] <= crtc[VgaHardware.CRTC_CURSOR_END]
                    && crtc[VgaHardware.CRTC_CURSOR_END] < scanPerRow, m + ": cursor inside the cell");
        } else {
            int rowsOfScanLines = lines / perPixelLine / scanPerRow;
            // CRTC mode control bit 0 clear: the row scan counter's bit 0 selects the CGA bank, so
            // every scan line of a two-line row is a pixel line of its own
            boolean cgaBanks = (crtc[VgaHardware.CRTC_MODE_CONTROL] & 1) == 0;
            assertEquals(m.kind() == Kind.CGA, cgaBanks, m + ": CGA interleave");
            int height = cgaBanks ? rowsOfScanLines * scanPerRow : rowsOfScanLines;
            assertEquals(m.height(), height, m + ": pixel lines");
            assertEquals(m.rows(), m.height() / m.charHeight(), m + ": text rows of the BIOS font");
        }
    }

    /** Character clocks from the horizontal display end; pixels from the dot clock and the 8-bit pixel mode. */
    @ParameterizedTest
    @MethodSource("modes")
    void horizontalTimingGivesTheModesWidth(Mode m) {
        int[] crtc = m.crtc();
        int chars = crtc[VgaHardware.CRTC_H_DISPLAY_END] + 1;
        boolean eightDots = (m.seq(1) & 1) != 0;
        boolean halfClock = (m.seq(1) & 8) != 0;
        boolean pixels256 = (m.attr()[VgaHardware.ATTR_MODE_CONTROL] & 0x40) != 0;
        int dots = chars * (eightDots ? 8 : 9);
        if (m.kind() == Kind.TEXT) {
            assertEquals(m.columns(), chars, m + ": columns");
            assertEquals(false, eightDots, m + ": 9-dot characters");
            assertEquals(8, m.attr()[VgaHardware.ATTR_H_PEL_PANNING], m + ": 9-dot text pans by 8");
        } else {
            assertEquals(0, m.attr()[VgaHardware.ATTR_H_PEL_PANNING], m.toString());
        }
        assertEquals(m.width(), pixels256 ? dots / 2 : dots, m + ": pixels across");
        assertEquals(m.width() <= 360 && !pixels256, halfClock, m + ": 320/360-pixel modes halve the dot clock");
        // 9-dot characters need the 28 MHz clock, 8-dot ones the 25 MHz one (misc bits 2-3)
        assertEquals(eightDots ? 0 : 1, m.misc() >> 2 & 3, m + ": clock select");
        int total = crtc[VgaHardware.CRTC_H_TOTAL] + 5;
        assertTrue(crtc[VgaHardware.CRTC_H_BLANK_START] >= chars - 1, m + ": blank after display");
        assertTrue(crtc[VgaHardware.CRTC_H_RETRACE_START] > chars && crtc[VgaHardware.CRTC_H_RETRACE_START] < total,
                m + ": retrace after display");
        // one line of memory (offset, in words of the CRTC's addressing) covers the displayed characters
        assertEquals(chars, crtc[VgaHardware.CRTC_OFFSET] * 2, m + ": offset");
    }

    /** Where the memory is mapped and how it is addressed. */
    @ParameterizedTest
    @MethodSource("modes")
    void memoryMapAndAddressingMatchTheKind(Mode m) {
        int gcMisc = m.gc()[VgaHardware.GC_MISC];
        int segment = switch (gcMisc >> 2 & 3) {
            case 0, 1 -> 0xA000;
            case 2 -> 0xB000;
            default -> 0xB800;
        };
        assertEquals(m.segment(), segment, m + ": memory map select");
        boolean text = m.kind() == Kind.TEXT;
        assertEquals(text, (gcMisc & 1) == 0, m + ": graphics mode bit of the graphics controller");
        assertEquals(text, (m.attr()[VgaHardware.ATTR_MODE_CONTROL] & 1) == 0, m + ": graphics bit of the attribute controller");
        boolean mono = m.number() == 0x07 || m.number() == 0x0F;
        assertEquals(mono, (m.misc() & 1) == 0, m + ": I/O address select (3Bx for monochrome)");
        assertEquals(mono, (m.attr()[VgaHardware.ATTR_MODE_CONTROL] & 2) != 0, m + ": monochrome attributes");
        int memMode = m.seq(4);
        boolean chain4 = (memMode & 8) != 0;
        boolean oddEven = (memMode & 4) == 0;
        assertEquals(m.kind() == Kind.CHAINED, chain4, m + ": chain-4");
        assertEquals(m.kind() == Kind.CHAINED, (m.gc()[VgaHardware.GC_MODE] & 0x40) != 0, m + ": 256-colour shift");
        assertEquals(text || m.number() == 4 || m.number() == 5, oddEven, m + ": odd/even addressing");
        assertEquals(oddEven, (m.gc()[VgaHardware.GC_MODE] & 0x10) != 0, m + ": odd/even reads");
        assertEquals(oddEven, (gcMisc & 2) != 0, m + ": chain odd/even");
        assertTrue((memMode & 2) != 0, m + ": extended memory");
        assertEquals(m.number() == 4 || m.number() == 5, (m.gc()[VgaHardware.GC_MODE] & 0x20) != 0,
                m + ": CGA shift register interleave");
        int colorsFromPlanes = 1 << Integer.bitCount(m.attr()[VgaHardware.ATTR_PLANE_ENABLE]);
        if (m.kind() == Kind.PLANAR || m.kind() == Kind.CGA) {
            assertEquals(m.number() == 0x11 ? 16 : m.colors(), colorsFromPlanes, m + ": colour plane enable");
        }
        assertEquals(0xFF, m.gc()[VgaHardware.GC_BIT_MASK], m + ": bit mask");
        assertEquals(0, m.gc()[VgaHardware.GC_ENABLE_SET_RESET], m + ": no set/reset");
        assertEquals(0, m.gc()[VgaHardware.GC_MODE] & 0x0B, m + ": write mode 0, read mode 0");
    }

    @Test
    void tableArraysCannotBeChanged() {
        Mode m = VgaModeTables.mode(0x12);
        assertNotNull(m);
        m.crtc()[0] = 0;
        m.attr()[0] = 0x3F;
        assertEquals(0x5F, VgaModeTables.mode(0x12).crtc()[0]);
        assertEquals(0, VgaModeTables.mode(0x12).attr()[0]);
    }
}
