package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Input status 1 driven by the machine clock and the CRTC timing. */
class RetraceTimerTest {

    private VgaFixture vga;

    @BeforeEach
    void setUp() {
        vga = new VgaFixture();
        vga.out(0x3C2, 0xE3);
    }

    private int status(long nanos) {
        vga.now = nanos;
        return vga.in(0x3DA) & 0x09;
    }

    @Test
    void unprogrammedTimingIs400LinesAt70Hz() {
        long line = 31_778;
        assertEquals(line * 449, new RetraceTimer(vga.hw).frameNanos());
        assertEquals(0x00, status(0));
        assertEquals(0x01, status(line * 10 + line * 9 / 10)); // past column 80 of 100
        assertEquals(0x01, status(line * 405));                 // below the display
        assertEquals(0x09, status(line * 412 + 5));             // vertical retrace
        assertEquals(0x09, status(line * 413 + 5));
        assertEquals(0x01, status(line * 414 + 5));
        assertEquals(0x09, status(line * 449 + line * 412 + 5)); // next frame
    }

    @Test
    void mode12hTimingIs525LinesWithRetraceAtLine490() {
        vga.seq(1, 0x01); // 8-dot characters
        int[] crtc = {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00, 0x40, 0, 0, 0, 0, 0, 0,
            0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3, 0xFF};
        for (int i = 0; i < crtc.length; i++) {
            vga.crtc(i, crtc[i]);
        }
        // 100 characters of 8 dots at 25.175 MHz: 800 / 25175000 s = 31777 ns (rounded down)
        long line = 31_777;
        RetraceTimer timer = new RetraceTimer(vga.hw);
        assertEquals(line, timer.lineNanos());
        assertEquals(525, timer.totalLines());
        assertEquals(0x00, status(line * 479 + 10));
        assertEquals(0x01, status(line * 480 + 10));
        assertEquals(0x01, status(line * 489 + 10));
        assertEquals(0x09, status(line * 490 + 10));
        assertEquals(0x09, status(line * 491 + 10));
        assertEquals(0x01, status(line * 492 + 10));
        assertEquals(0x00, status(line * 525 + 10));
        // 28 MHz clock: shorter lines
        vga.out(0x3C2, 0xE7);
        assertEquals(800_000_000_000L / 28_322_000, timer.lineNanos());
    }

    @Test
    void theStatusFollowsTheClockNotTheNumberOfReads() {
        vga.now = 31_778L * 412;
        for (int i = 0; i < 1000; i++) {
            assertEquals(0x08, vga.in(0x3DA) & 0x08);
        }
    }
}
