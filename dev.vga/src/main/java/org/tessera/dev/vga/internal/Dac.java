package org.tessera.dev.vga.internal;

/**
 * The DAC's ports: PEL mask 3C6 (a plain register), read index 3C7 (write) / DAC state 3C7
 * (read: 00b after a write index was set, 11b after a read index), write index 3C8 (reads back),
 * data 3C9. Writes to 3C9 collect red, green and blue (6 bits each) and store the entry after
 * blue, then move to the next index; reads of 3C9 give red, green, blue of the read index and
 * move on after blue. Setting either index restarts at red. The caller holds the hardware's lock.
 */
final class Dac {

    /** 3C7 read in write mode. */
    static final int STATE_WRITE = 0;
    /** 3C7 read in read mode. */
    static final int STATE_READ = 3;

    private final VgaHardware hw;

    Dac(VgaHardware hw) {
        this.hw = hw;
    }

    int readPelMask() {
        return hw.pelMask;
    }

    void writePelMask(int value) {
        hw.pelMask = value & 0xFF;
    }

    int readState() {
        return hw.dacState;
    }

    void writeReadIndex(int value) {
        hw.dacReadIndex = value & 0xFF;
        hw.dacComponent = 0;
        hw.dacState = STATE_READ;
    }

    int readWriteIndex() {
        return hw.dacWriteIndex;
    }

    void writeWriteIndex(int value) {
        hw.dacWriteIndex = value & 0xFF;
        hw.dacComponent = 0;
        hw.dacState = STATE_WRITE;
    }

    void writeData(int value) {
        int c = hw.dacComponent;
        hw.dacPending[c] = (byte) (value & 0x3F);
        if (c < 2) {
            hw.dacComponent = c + 1;
            return;
        }
        int i = hw.dacWriteIndex * 3;
        hw.dac[i] = hw.dacPending[0];
        hw.dac[i + 1] = hw.dacPending[1];
        hw.dac[i + 2] = hw.dacPending[2];
        hw.dacWriteIndex = (hw.dacWriteIndex + 1) & 0xFF;
        hw.dacComponent = 0;
    }

    int readData() {
        int c = hw.dacComponent;
        int v = hw.dac[hw.dacReadIndex * 3 + c] & 0x3F;
        if (c < 2) {
            hw.dacComponent = c + 1;
        } else {
            hw.dacReadIndex = (hw.dacReadIndex + 1) & 0xFF;
            hw.dacComponent = 0;
        }
        return v;
    }
}
