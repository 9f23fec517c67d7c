package org.tessera.dev.vga.internal;

/**
 * What the CRT controller (with the sequencer's clocking register) makes of one frame: its
 * geometry and how its memory address counter walks video memory. Read from the registers once
 * per frame.
 *
 * <p>The model: the memory address counter starts a frame at the start address (CR0C/CR0D, plus
 * the byte panning of CR08 bits 5-6) with the row scan counter at the preset row scan (CR08 bits
 * 0-4). Every character clock of a scan line advances the counter by one (every second one with
 * count-by-2, CR17 bit 3; every fourth with count-by-4, CR14 bit 5). A scan line ends back at the
 * row's start address; after the last row scan (maximum scan line, CR09 bits 0-4) the row scan
 * counter returns to 0 and the row's start address grows by twice the offset register (CR13). With
 * double scan (CR09 bit 7) the row scan counter counts every second scan line. When the scan line
 * counter equals the line compare value (CR18, CR07 bit 4, CR09 bit 6) the next scan line starts
 * the split screen: counter and row scan counter are cleared.
 *
 * <p>The counter reaches memory through the addressing mode ({@link #address}): doubleword mode
 * (CR14 bit 6) rotates its 16 bits left by two (counter bits 14 and 15 become address bits 0 and
 * 1, so for the counter values below 4000h that a 64 KiB plane needs the address is four times
 * the counter: every fourth plane offset, where chain-4 puts CPU address {@code A} at offset
 * {@code A & ~3}); otherwise word mode (CR17 bit 6 clear) shifts it left by one and brings counter
 * bit 13 or, with CR17 bit 5, bit 15 to address bit 0; byte mode (CR17 bit 6 set) uses it as it
 * is. Then CR17
 * bit 0 clear puts row scan bit 0 on address bit 13 and CR17 bit 1 clear puts row scan bit 1 on
 * address bit 14 (the CGA and Hercules layouts). The result is a plane offset of 16 bits.
 */
record CrtcScan(
        /** Character clocks of the displayed part of a scan line (CR01 + 1). */
        int charClocks,
        /** Dots per character clock: 8 or 9 (SEQ 1 bit 0). */
        int dotsPerChar,
        /** Displayed scan lines (vertical display end + 1). */
        int scanLines,
        /** Maximum scan line (CR09 bits 0-4): row scans per character row minus one. */
        int maxScanLine,
        /** Double scan (CR09 bit 7). */
        boolean doubleScan,
        /** Counter value at the top of the frame (start address plus byte panning). */
        int startAddress,
        /** Counter increase from one character row to the next (CR13 times 2). */
        int rowOffset,
        /** Row scan counter at the top of the frame (CR08 bits 0-4). */
        int presetRowScan,
        /** Scan line after which the split screen starts (10 bits). */
        int lineCompare,
        /** 0 byte mode, 1 word mode, 2 doubleword mode. */
        int addressShift,
        /** Word mode: counter bit 15 (true) or 13 (false) becomes address bit 0 (CR17 bit 5). */
        boolean wrapAt15,
        /** CR17 bit 0 clear: row scan bit 0 replaces address bit 13. */
        boolean map13,
        /** CR17 bit 1 clear: row scan bit 1 replaces address bit 14. */
        boolean map14,
        /** 0, or 1 with count-by-2 (CR17 bit 3), or 2 with count-by-4 (CR14 bit 5). */
        int countShift) {

    /** Reads the geometry and addressing from the registers. */
    static CrtcScan of(VgaHardware hw) {
        int[] cr = hw.crtc;
        int overflow = cr[VgaHardware.CRTC_OVERFLOW];
        int maxScan = cr[VgaHardware.CRTC_MAX_SCAN_LINE];
        int displayEnd = cr[VgaHardware.CRTC_V_DISPLAY_END] | (overflow & 0x02) << 7 | (overflow & 0x40) << 3;
        int lineCompare = cr[VgaHardware.CRTC_LINE_COMPARE] | (overflow & 0x10) << 4 | (maxScan & 0x40) << 3;
        int underline = cr[VgaHardware.CRTC_UNDERLINE];
        int mode = cr[VgaHardware.CRTC_MODE_CONTROL];
        int preset = cr[VgaHardware.CRTC_PRESET_ROW_SCAN];
        int start = (cr[VgaHardware.CRTC_START_HIGH] << 8 | cr[VgaHardware.CRTC_START_LOW]) + ((preset >> 5) & 3);
        int shift;
        if ((underline & 0x40) != 0) {
            shift = 2;
        } else if ((mode & 0x40) == 0) {
            shift = 1;
        } else {
            shift = 0;
        }
        int countShift = (underline & 0x20) != 0 ? 2 : (mode & 0x08) != 0 ? 1 : 0;
        return new CrtcScan(
                (cr[VgaHardware.CRTC_H_DISPLAY_END] & 0xFF) + 1,
                (hw.seq[VgaHardware.SEQ_CLOCKING] & 0x01) != 0 ? 8 : 9,
                displayEnd + 1,
                maxScan & 0x1F,
                (maxScan & 0x80) != 0,
                start & 0xFFFF,
                (cr[VgaHardware.CRTC_OFFSET] & 0xFF) * 2,
                preset & 0x1F,
                lineCompare,
                shift,
                (mode & 0x20) != 0,
                (mode & 0x01) == 0,
                (mode & 0x02) == 0,
                countShift);
    }

    /** The plane offset (0-FFFF) the counter value {@code counter} reads at row scan {@code rowScan}. */
    int address(int counter, int rowScan) {
        int a;
        switch (addressShift) {
            case 2 -> a = counter << 2 | (counter >> 14 & 3);
            case 1 -> a = counter << 1 | (wrapAt15 ? counter >> 15 & 1 : counter >> 13 & 1);
            default -> a = counter;
        }
        if (map13) {
            a = (a & ~0x2000) | (rowScan & 1) << 13;
        }
        if (map14) {
            a = (a & ~0x4000) | (rowScan & 2) << 13;
        }
        return a & 0xFFFF;
    }

    /** The counter value at character clock {@code k} of a row that starts at {@code rowStart}. */
    int counterAt(int rowStart, int k) {
        return rowStart + (k >> countShift);
    }
}
