package org.tessera.dev.vga.internal;

/**
 * The sequencer's ports: index at 3C4, data at 3C5. Registers 0-4 read back what was written,
 * masked to the bits a VGA implements; other indices read FFh and ignore writes. The caller holds
 * the hardware's lock.
 */
final class Sequencer {

    /** The implemented bits of SR0-SR4. */
    private static final int[] WRITABLE = {0x03, 0x3D, 0x0F, 0x3F, 0x0E};

    private final VgaHardware hw;

    Sequencer(VgaHardware hw) {
        this.hw = hw;
    }

    int readIndex() {
        return hw.seqIndex;
    }

    void writeIndex(int value) {
        hw.seqIndex = value & 0x07;
    }

    int readData() {
        int i = hw.seqIndex;
        return i < VgaHardware.SEQ_COUNT ? hw.seq[i] : 0xFF;
    }

    void writeData(int value) {
        int i = hw.seqIndex;
        if (i < VgaHardware.SEQ_COUNT) {
            hw.seq[i] = value & WRITABLE[i];
        }
    }
}
