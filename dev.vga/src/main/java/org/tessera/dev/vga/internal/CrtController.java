package org.tessera.dev.vga.internal;

/**
 * The CRT controller's ports: index at 3D4 (3B4 in monochrome I/O), data at 3D5 (3B5). The
 * registers 00h-18h read back. Protect bit: while CR11 bit 7 is set, writes to CR00-CR07 are
 * ignored, except the line compare bit 8 (CR07 bit 4). Indices 19h-1Fh read FFh. The caller
 * holds the hardware's lock.
 */
final class CrtController {

    /** CR11 bit 7: write-protect CR00-CR07. */
    static final int PROTECT = 0x80;
    /** CR07 bit 4: line compare bit 8, writable even when protected. */
    static final int LINE_COMPARE_BIT8 = 0x10;

    private final VgaHardware hw;

    CrtController(VgaHardware hw) {
        this.hw = hw;
    }

    int readIndex() {
        return hw.crtcIndex;
    }

    void writeIndex(int value) {
        hw.crtcIndex = value & 0x1F;
    }

    int readData() {
        int i = hw.crtcIndex;
        return i < VgaHardware.CRTC_COUNT ? hw.crtc[i] : 0xFF;
    }

    void writeData(int value) {
        int i = hw.crtcIndex;
        if (i >= VgaHardware.CRTC_COUNT) {
            return;
        }
        int v = value & 0xFF;
        if (i <= VgaHardware.CRTC_OVERFLOW && (hw.crtc[VgaHardware.CRTC_V_RETRACE_END] & PROTECT) != 0) {
            if (i == VgaHardware.CRTC_OVERFLOW) {
                hw.crtc[i] = (hw.crtc[i] & ~LINE_COMPARE_BIT8) | (v & LINE_COMPARE_BIT8);
            }
            return;
        }
        hw.crtc[i] = v;
    }
}
