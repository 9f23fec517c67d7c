package org.tessera.firmware.bios.internal;

/** Addresses in the BIOS data area (segment 40h) and the interrupt vector table. */
final class Bda {
    static final int BASE = 0x400;
    static final int COM1 = 0x400;
    static final int LPT1 = 0x408;
    static final int EQUIPMENT = 0x410;
    static final int MEMORY_KB = 0x413;
    static final int KBD_FLAGS = 0x417;
    static final int KBD_FLAGS2 = 0x418;
    static final int KBD_HEAD = 0x41A;
    static final int KBD_TAIL = 0x41C;
    static final int KBD_BUFFER = 0x41E;
    static final int FLOPPY_RECAL = 0x43E;
    static final int FLOPPY_MOTOR_COUNT = 0x440;
    static final int FLOPPY_STATUS = 0x441;
    static final int VIDEO_MODE = 0x449;
    static final int VIDEO_COLUMNS = 0x44A;
    static final int VIDEO_PAGE_SIZE = 0x44C;
    static final int VIDEO_PAGE_OFFSET = 0x44E;
    static final int CURSOR_POS = 0x450;
    static final int CURSOR_SHAPE = 0x460;
    static final int VIDEO_PAGE = 0x462;
    static final int CRTC_PORT = 0x463;
    static final int TICKS = 0x46C;
    static final int MIDNIGHT = 0x470;
    static final int DISK_STATUS = 0x474;
    static final int DISK_COUNT = 0x475;
    static final int KBD_START = 0x480;
    static final int KBD_END = 0x482;
    static final int VIDEO_ROWS = 0x484;
    static final int CHAR_HEIGHT = 0x485;
    static final int VIDEO_INFO = 0x487;
    static final int VIDEO_SWITCHES = 0x488;
    static final int VGA_FLAGS = 0x489;
    static final int KBD_FLAGS3 = 0x496;

    /** Ticks in a day (the count wraps to 0 here and sets the midnight flag). */
    static final int TICKS_PER_DAY = 0x1800B0;

    static long vector(int n) {
        return n * 4L;
    }

    private Bda() {
    }
}
