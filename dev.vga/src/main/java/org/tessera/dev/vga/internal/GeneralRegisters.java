package org.tessera.dev.vga.internal;

/**
 * The general (external) registers: miscellaneous output (write 3C2, read 3CC), feature control
 * (write 3DA/3BA by the I/O address select, read 3CA), video subsystem enable (3C3), input
 * status 0 (read 3C2) and input status 1 (read 3DA/3BA: the retrace bits from the
 * {@link RetraceTimer}; reading it resets the attribute flip-flop, which the port decoder does).
 * The caller holds the hardware's lock.
 */
final class GeneralRegisters {

    /** Misc output bit 0: CRTC and input status 1 at 3Dx (set) or 3Bx (clear). */
    static final int MISC_COLOR_IO = 0x01;
    /** Misc output bit 1: the CPU can reach video memory. */
    static final int MISC_RAM_ENABLE = 0x02;

    private final VgaHardware hw;
    private final RetraceTimer timer;

    GeneralRegisters(VgaHardware hw, RetraceTimer timer) {
        this.hw = hw;
        this.timer = timer;
    }

    boolean colorIo() {
        return (hw.miscOutput & MISC_COLOR_IO) != 0;
    }

    boolean ramEnabled() {
        return (hw.miscOutput & MISC_RAM_ENABLE) != 0;
    }

    int readMisc() {
        return hw.miscOutput;
    }

    void writeMisc(int value) {
        hw.miscOutput = value & 0xFF;
    }

    int readFeature() {
        return hw.featureControl;
    }

    void writeFeature(int value) {
        hw.featureControl = value & 0x03;
    }

    int readVideoEnable() {
        return hw.videoEnable;
    }

    void writeVideoEnable(int value) {
        hw.videoEnable = value & 0x01;
    }

    /**
     * Input status 0: bit 7 (vertical retrace interrupt pending) is never set, the interrupt is
     * not wired; bit 4 (switch sense) reads 0.
     */
    int readStatus0() {
        return 0x00;
    }

    /** Input status 1 at machine time {@code nanos}: bit 0 display disabled, bit 3 vertical retrace. */
    int readStatus1(long nanos) {
        return timer.status(nanos);
    }
}
