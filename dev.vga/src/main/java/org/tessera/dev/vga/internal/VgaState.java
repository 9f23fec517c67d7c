package org.tessera.dev.vga.internal;

import org.tessera.machine.api.device.DeviceState;

/**
 * The VGA's state record (format {@value #VERSION}), named after the hardware: the general
 * registers ({@code misc}, {@code feature}, {@code videoEnable}), the register files with their
 * index registers ({@code seq.index}, {@code seq.00}..{@code seq.04}, {@code crtc.index},
 * {@code crtc.00}..{@code crtc.18}, {@code gc.index}, {@code gc.00}..{@code gc.08},
 * {@code attr.address}, {@code attr.flipFlop} (1 = next 3C0 write is data), {@code attr.00}..
 * {@code attr.14}), the DAC ({@code dac.writeIndex}, {@code dac.readIndex},
 * {@code dac.component}, {@code dac.state}, {@code dac.pending} (red in bits 0-7, green in 8-15,
 * blue in 16-23), {@code dac.pelMask}, blob {@code dac} of 256 red/green/blue entries), the
 * {@code latches} (plane p in bits 8p-8p+7), the Bochs VBE registers ({@code vbe.index},
 * {@code vbe.00}..{@code vbe.10}), blob {@code vram} (the four planes interleaved, byte of
 * plane p at offset o at index 4o+p, then the VBE memory), and {@code sequence}/{@code instance},
 * which order the records one device instance hands out.
 */
final class VgaState {

    static final int VERSION = 1;
    static final String SEQUENCE = "sequence";
    static final String INSTANCE = "instance";

    private VgaState() {
    }

    /** The record of {@code hw}, taken by device instance {@code instance}. */
    static DeviceState save(String deviceId, VgaHardware hw, long instance) {
        DeviceState.Builder b = DeviceState.builder(deviceId, VERSION)
                .field("misc", hw.miscOutput)
                .field("feature", hw.featureControl)
                .field("videoEnable", hw.videoEnable)
                .field("seq.index", hw.seqIndex)
                .field("crtc.index", hw.crtcIndex)
                .field("gc.index", hw.gcIndex)
                .field("attr.address", hw.attrAddress)
                .field("attr.flipFlop", hw.attrFlipFlopData ? 1 : 0)
                .field("dac.writeIndex", hw.dacWriteIndex)
                .field("dac.readIndex", hw.dacReadIndex)
                .field("dac.component", hw.dacComponent)
                .field("dac.state", hw.dacState)
                .field("dac.pending", (hw.dacPending[0] & 0xFF) | (hw.dacPending[1] & 0xFF) << 8
                        | (hw.dacPending[2] & 0xFF) << 16)
                .field("dac.pelMask", hw.pelMask)
                .field("latches", hw.latches & 0xFFFFFFFFL)
                .field("vbe.index", hw.vbeIndex)
                .field(SEQUENCE, hw.sequence)
                .field(INSTANCE, instance)
                .blob("dac", hw.dac)
                .blob("vram", hw.vram);
        file(b, "seq", hw.seq);
        file(b, "crtc", hw.crtc);
        file(b, "gc", hw.gc);
        file(b, "attr", hw.attr);
        file(b, "vbe", hw.vbe);
        return b.build();
    }

    /**
     * Puts a record into {@code hw}. Everything is checked before anything is changed.
     *
     * @throws IllegalArgumentException if the record is of another device or version, or a
     *     value is out of range; {@code hw} is then unchanged
     */
    static void restore(String deviceId, VgaHardware hw, DeviceState s) {
        s.require(deviceId, VERSION, VERSION);
        byte[] dac = s.blob("dac");
        byte[] vram = s.blob("vram");
        if (dac.length != hw.dac.length) {
            throw new IllegalArgumentException("vga state: DAC of " + dac.length + " bytes");
        }
        int[] seq = readFile(s, "seq", hw.seq.length, 0xFF);
        int[] crtc = readFile(s, "crtc", hw.crtc.length, 0xFF);
        int[] gc = readFile(s, "gc", hw.gc.length, 0xFF);
        int[] attr = readFile(s, "attr", hw.attr.length, 0xFF);
        int[] vbe = readFile(s, "vbe", hw.vbe.length, 0xFFFF);
        int misc = bounded(s, "misc", 0xFF);
        int feature = bounded(s, "feature", 0xFF);
        int videoEnable = bounded(s, "videoEnable", 1);
        int seqIndex = bounded(s, "seq.index", 0xFF);
        int crtcIndex = bounded(s, "crtc.index", 0xFF);
        int gcIndex = bounded(s, "gc.index", 0xFF);
        int attrAddress = bounded(s, "attr.address", 0xFF);
        int flipFlop = bounded(s, "attr.flipFlop", 1);
        int dacWrite = bounded(s, "dac.writeIndex", 0xFF);
        int dacRead = bounded(s, "dac.readIndex", 0xFF);
        int component = bounded(s, "dac.component", 2);
        int dacState = bounded(s, "dac.state", 3);
        int pending = bounded(s, "dac.pending", 0xFFFFFF);
        int pelMask = bounded(s, "dac.pelMask", 0xFF);
        long latches = s.field("latches");
        int vbeIndex = bounded(s, "vbe.index", 0xFFFF);
        long sequence = s.field(SEQUENCE, 0);
        if (latches < 0 || latches > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("vga state: latches " + latches);
        }

        hw.miscOutput = misc;
        hw.featureControl = feature;
        hw.videoEnable = videoEnable;
        hw.seqIndex = seqIndex;
        hw.crtcIndex = crtcIndex;
        hw.gcIndex = gcIndex;
        hw.attrAddress = attrAddress;
        hw.attrFlipFlopData = flipFlop != 0;
        System.arraycopy(seq, 0, hw.seq, 0, seq.length);
        System.arraycopy(crtc, 0, hw.crtc, 0, crtc.length);
        System.arraycopy(gc, 0, hw.gc, 0, gc.length);
        System.arraycopy(attr, 0, hw.attr, 0, attr.length);
        System.arraycopy(vbe, 0, hw.vbe, 0, vbe.length);
        System.arraycopy(dac, 0, hw.dac, 0, dac.length);
        hw.dacWriteIndex = dacWrite;
        hw.dacReadIndex = dacRead;
        hw.dacComponent = component;
        hw.dacState = dacState;
        hw.dacPending[0] = (byte) pending;
        hw.dacPending[1] = (byte) (pending >>> 8);
        hw.dacPending[2] = (byte) (pending >>> 16);
        hw.pelMask = pelMask;
        hw.latches = (int) latches;
        hw.vbeIndex = vbeIndex;
        hw.vbe[VgaHardware.VBE_VIDEO_MEMORY_64K] = hw.vram.length >>> 16;
        // a record from a device with another memory size: what fits, the rest cleared
        int n = Math.min(vram.length, hw.vram.length);
        System.arraycopy(vram, 0, hw.vram, 0, n);
        java.util.Arrays.fill(hw.vram, n, hw.vram.length, (byte) 0);
        hw.sequence = sequence;
    }

    private static void file(DeviceState.Builder b, String name, int[] registers) {
        for (int i = 0; i < registers.length; i++) {
            b.field(name(name, i), registers[i]);
        }
    }

    private static int[] readFile(DeviceState s, String name, int count, int max) {
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = bounded(s, name(name, i), max);
        }
        return values;
    }

    private static String name(String file, int index) {
        return file + "." + (index < 16 ? "0" : "") + Integer.toHexString(index);
    }

    private static int bounded(DeviceState s, String name, int max) {
        long v = s.field(name);
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("vga state: " + name + " = " + v + " out of range");
        }
        return (int) v;
    }
}
