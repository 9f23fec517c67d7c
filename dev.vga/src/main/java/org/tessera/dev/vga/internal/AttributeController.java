package org.tessera.dev.vga.internal;

/**
 * The attribute controller: one port (3C0) for index and data, told apart by a flip-flop that
 * reading input status 1 (3DA/3BA) resets to "index"; 3C1 reads the selected register (writes to
 * 3C1 are ignored, as on the IBM VGA). 3C0 reads back the index register (index in bits 0-4,
 * palette address source in bit 5). The caller holds the hardware's lock.
 */
final class AttributeController {

    /** Implemented bits of AR10-AR14. */
    private static final int[] WRITABLE_CONTROL = {0xEF, 0xFF, 0x3F, 0x0F, 0x0F};

    private final VgaHardware hw;

    AttributeController(VgaHardware hw) {
        this.hw = hw;
    }

    /** 3C0 write: the index when the flip-flop says so, else the data; toggles the flip-flop. */
    void write(int value) {
        if (!hw.attrFlipFlopData) {
            hw.attrAddress = value & 0x3F;
        } else {
            int i = hw.attrAddress & 0x1F;
            if (i < 0x10) {
                hw.attr[i] = value & 0x3F;
            } else if (i < VgaHardware.ATTR_COUNT) {
                hw.attr[i] = value & WRITABLE_CONTROL[i - 0x10];
            }
        }
        hw.attrFlipFlopData = !hw.attrFlipFlopData;
    }

    /** 3C0 read: the index register. */
    int readIndex() {
        return hw.attrAddress;
    }

    /** 3C1 read: the selected register (FFh beyond 14h). */
    int readData() {
        int i = hw.attrAddress & 0x1F;
        return i < VgaHardware.ATTR_COUNT ? hw.attr[i] : 0xFF;
    }

    /** Reading input status 1: the next 3C0 write is an index. */
    void resetFlipFlop() {
        hw.attrFlipFlopData = false;
    }
}
