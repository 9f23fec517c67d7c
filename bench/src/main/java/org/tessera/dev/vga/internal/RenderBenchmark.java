package org.tessera.dev.vga.internal;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tessera.machine.api.display.Frame;

/**
 * Frames rendered per second by the VGA's display (the whole path a screenshot or the window
 * takes: the hardware state's lock, the CRTC scan, the serializers, the attribute controller and
 * the DAC, a fresh pixel array) for a full screen of each kind: 80x25 text with 9-dot
 * characters (720x400), mode 12h (640x480, 16 colours planar), mode 13h (320x200, 256 colours).
 * Video memory is filled with random bytes (text: printable characters, random attributes, a
 * random font), the registers are the modes' standard values.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RenderBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RenderBenchmark {

    @Param({"text03", "mode12", "mode13"})
    public String mode;

    private VgaDisplayComponent display;

    @Setup
    public void setUp() {
        VgaHardware hw = new VgaHardware(4 * VgaHardware.PLANE_SIZE);
        SplittableRandom random = new SplittableRandom(42);
        random.nextBytes(hw.vram);
        int[] seq;
        int[] crtc;
        int[] gc;
        int[] attr;
        switch (mode) {
            case "text03" -> {
                seq = new int[] {0x03, 0x00, 0x03, 0x00, 0x02};
                crtc = new int[] {0x5F, 0x4F, 0x50, 0x82, 0x55, 0x81, 0xBF, 0x1F, 0x00, 0x4F, 0x0D, 0x0E, 0x00, 0x00,
                    0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x1F, 0x96, 0xB9, 0xA3, 0xFF};
                gc = new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0E, 0x00, 0xFF};
                attr = new int[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D,
                    0x3E, 0x3F, 0x0C, 0x00, 0x0F, 0x08, 0x00};
                for (int i = 0; i < 80 * 25; i++) {
                    hw.vram[(2 * i) * 4] = (byte) (0x20 + random.nextInt(0xE0));
                }
            }
            case "mode12" -> {
                seq = new int[] {0x03, 0x01, 0x0F, 0x00, 0x06};
                crtc = new int[] {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0B, 0x3E, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00,
                    0x00, 0x00, 0xEA, 0x8C, 0xDF, 0x28, 0x00, 0xE7, 0x04, 0xE3, 0xFF};
                gc = new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0F, 0xFF};
                attr = new int[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D,
                    0x3E, 0x3F, 0x01, 0x00, 0x0F, 0x00, 0x00};
            }
            case "mode13" -> {
                seq = new int[] {0x03, 0x01, 0x0F, 0x00, 0x0E};
                crtc = new int[] {0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0xBF, 0x1F, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00,
                    0x00, 0x00, 0x9C, 0x8E, 0x8F, 0x28, 0x40, 0x96, 0xB9, 0xA3, 0xFF};
                gc = new int[] {0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF};
                attr = new int[] {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D,
                    0x0E, 0x0F, 0x41, 0x00, 0x0F, 0x00, 0x00};
            }
            default -> throw new IllegalArgumentException(mode);
        }
        System.arraycopy(seq, 0, hw.seq, 0, seq.length);
        System.arraycopy(crtc, 0, hw.crtc, 0, crtc.length);
        System.arraycopy(gc, 0, hw.gc, 0, gc.length);
        System.arraycopy(attr, 0, hw.attr, 0, attr.length);
        hw.attrAddress = 0x20;
        for (int i = 0; i < hw.dac.length; i++) {
            hw.dac[i] = (byte) random.nextInt(64);
        }
        display = new VgaDisplayComponent(hw);
    }

    @Benchmark
    public Frame frame() {
        return display.frame();
    }
}
