package org.tessera.dev.vga.internal;

import java.util.function.LongSupplier;

/**
 * The VGA's byte-wide IO ports and which unit answers each: 3C0-3CF always; the CRTC and input
 * status 1 / feature control at 3D4/3D5/3DA with the misc output's I/O address select set, at
 * 3B4/3B5/3BA with it clear (the other set does not respond: reads FFh, writes ignored). Reading
 * input status 1 resets the attribute flip-flop. Ports without a register (3CB, 3CD, and the
 * write side of 3C1, 3CA, 3CC) read FFh or ignore writes. The caller holds the hardware's lock.
 */
final class VgaPorts {

    private final GeneralRegisters general;
    private final Sequencer sequencer;
    private final CrtController crtc;
    private final GraphicsController gc;
    private final AttributeController attr;
    private final Dac dac;
    private final LongSupplier clock;

    VgaPorts(GeneralRegisters general, Sequencer sequencer, CrtController crtc, GraphicsController gc,
            AttributeController attr, Dac dac, LongSupplier clock) {
        this.general = general;
        this.sequencer = sequencer;
        this.crtc = crtc;
        this.gc = gc;
        this.attr = attr;
        this.dac = dac;
        this.clock = clock;
    }

    /** IN of one byte. */
    int in(int port) {
        switch (port) {
            case 0x3C0:
                return attr.readIndex();
            case 0x3C1:
                return attr.readData();
            case 0x3C2:
                return general.readStatus0();
            case 0x3C3:
                return general.readVideoEnable();
            case 0x3C4:
                return sequencer.readIndex();
            case 0x3C5:
                return sequencer.readData();
            case 0x3C6:
                return dac.readPelMask();
            case 0x3C7:
                return dac.readState();
            case 0x3C8:
                return dac.readWriteIndex();
            case 0x3C9:
                return dac.readData();
            case 0x3CA:
                return general.readFeature();
            case 0x3CC:
                return general.readMisc();
            case 0x3CE:
                return gc.readIndex();
            case 0x3CF:
                return gc.readData();
            case 0x3B4:
            case 0x3D4:
                return crtcPorts(port) ? crtc.readIndex() : 0xFF;
            case 0x3B5:
            case 0x3D5:
                return crtcPorts(port) ? crtc.readData() : 0xFF;
            case 0x3BA:
            case 0x3DA:
                if (!crtcPorts(port)) {
                    return 0xFF;
                }
                attr.resetFlipFlop();
                return general.readStatus1(clock.getAsLong());
            default:
                return 0xFF;
        }
    }

    /** OUT of one byte. */
    void out(int port, int value) {
        int v = value & 0xFF;
        switch (port) {
            case 0x3C0:
                attr.write(v);
                break;
            case 0x3C2:
                general.writeMisc(v);
                break;
            case 0x3C3:
                general.writeVideoEnable(v);
                break;
            case 0x3C4:
                sequencer.writeIndex(v);
                break;
            case 0x3C5:
                sequencer.writeData(v);
                break;
            case 0x3C6:
                dac.writePelMask(v);
                break;
            case 0x3C7:
                dac.writeReadIndex(v);
                break;
            case 0x3C8:
                dac.writeWriteIndex(v);
                break;
            case 0x3C9:
                dac.writeData(v);
                break;
            case 0x3CE:
                gc.writeIndex(v);
                break;
            case 0x3CF:
                gc.writeData(v);
                break;
            case 0x3B4:
            case 0x3D4:
                if (crtcPorts(port)) {
                    crtc.writeIndex(v);
                }
                break;
            case 0x3B5:
            case 0x3D5:
                if (crtcPorts(port)) {
                    crtc.writeData(v);
                }
                break;
            case 0x3BA:
            case 0x3DA:
                if (crtcPorts(port)) {
                    general.writeFeature(v);
                }
                break;
            default:
                break;
        }
    }

    /** Whether {@code port} (3Bx or 3Dx) is the set the I/O address select enables. */
    private boolean crtcPorts(int port) {
        return general.colorIo() == ((port & 0xF0) == 0xD0);
    }
}
