package org.tessera.dev.vga.internal;

/**
 * The sequencer's serializers as the renderer uses them: turn the memory at the CRTC's addresses
 * into dots of 4-bit values (attribute controller input), one scan line at a time.
 */
interface DotSerializer {

    /** Dots per character clock (8 or 9). */
    int dotsPerClock();

    /**
     * Produces {@code clocks} character clocks of dots of a scan line.
     *
     * @param rowStart the memory address counter at the start of the scan line
     * @param rowScan the row scan counter
     * @param clocks character clocks to produce
     * @param out receives {@code clocks * dotsPerClock()} 4-bit values from index 0
     */
    void scanLine(int rowStart, int rowScan, int clocks, int[] out);
}
