package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;

/** Save and restore: the record describes the hardware, and a restored device behaves the same. */
class VgaStateTest {

    /** Puts the device in a state where every part differs from power-on, mid-sequence. */
    private static void scribble(VgaFixture vga) {
        vga.planar();
        vga.fillPlanes(0x100, 0x12, 0x34, 0x56, 0x78);
        vga.fillPlanes(0x101, 0x9A, 0xBC, 0xDE, 0xF0);
        vga.peek(0x100); // latches
        vga.gc(3, 0x0B);
        vga.gc(8, 0x7E);
        vga.gc(5, 0x01);
        vga.out(0x3CE, 0x05);
        vga.seq(1, 0x01);
        vga.out(0x3C4, 0x02);
        vga.crtc(0x0C, 0x12);
        vga.crtc(0x11, 0x8C);
        vga.out(0x3D4, 0x0E);
        vga.in(0x3DA);
        vga.out(0x3C0, 0x31); // index 11h with PAS; the flip-flop now waits for data
        vga.out(0x3C7, 7);
        vga.in(0x3C9); // read index 7 (one counter for reads and writes: setting an index restarts it)
        vga.out(0x3C8, 40);
        vga.out(0x3C9, 0x11);
        vga.out(0x3C9, 0x22); // red and green of entry 40 pending
        vga.out(0x3C6, 0x3F);
        vga.out(0x3DA, 0x02);
        vga.vbe(1, 1024);
        vga.outw(0x1CE, 5); // VBE index left at BANK
        vga.hw.vram[(1 << 20) - 1] = 0x66;
    }

    private static Map<String, Long> withoutInstance(DeviceState s) {
        Map<String, Long> m = new HashMap<>(s.fields());
        m.remove(VgaState.INSTANCE);
        return m;
    }

    @Test
    void roundTripGivesTheSameRecordAndTheSameBehaviour() {
        VgaFixture a = new VgaFixture();
        scribble(a);
        DeviceState saved = a.device.saveState();
        VgaFixture b = new VgaFixture();
        b.device.restoreState(saved);
        DeviceState again = b.device.saveState();
        assertEquals(withoutInstance(saved), withoutInstance(again));
        for (String blob : saved.blobNames()) {
            assertArrayEquals(saved.blob(blob), again.blob(blob), blob);
        }
        assertEquals(0x78563412, b.hw.latches);

        // the same accesses on both give the same answers and the same end state
        for (VgaFixture v : new VgaFixture[] {a, b}) {
            v.poke(0x200, 0); // write mode 1 from the restored latches
            v.out(0x3C0, 0x2B); // data for index 11h
            v.out(0x3C9, 0x33); // blue completes entry 40
            v.out(0x3D5, 0x44); // CRTC index 0Eh
            v.out(0x3C5, 0x05); // map mask, index kept
            v.outw(0x1CF, 2); // BANK
        }
        assertEquals(a.in(0x3C9), b.in(0x3C9));
        assertEquals(a.in(0x3C9), b.in(0x3C9));
        assertEquals(0x2B, b.hw.attr[0x11]);
        assertEquals(0x22, b.hw.dac[40 * 3 + 1]);
        assertEquals(0x33, b.hw.dac[40 * 3 + 2]);
        assertEquals(0x44, b.hw.crtc[0x0E]);
        assertEquals(0x05, b.hw.seq[2]);
        assertEquals(2, b.hw.vbe[VgaHardware.VBE_BANK]);
        assertEquals(0x12, b.hw.planeByte(0, 0x200));
        assertEquals(0x78, b.hw.planeByte(3, 0x200));
        DeviceState endA = a.device.saveState();
        DeviceState endB = b.device.saveState();
        assertEquals(withoutInstance(endA), withoutInstance(endB));
        assertArrayEquals(endA.blob("vram"), endB.blob("vram"));
    }

    @Test
    void recordUsesHardwareNames() {
        VgaFixture a = new VgaFixture();
        scribble(a);
        DeviceState s = a.device.saveState();
        assertEquals("vga", s.deviceId());
        assertEquals(1, s.formatVersion());
        assertEquals(0x12, s.field("crtc.0c"));
        assertEquals(0x3F, s.field("dac.pelMask"));
        assertEquals(1, s.field("attr.flipFlop"));
        assertEquals(0x31, s.field("attr.address"));
        assertEquals(0x2211, s.field("dac.pending"));
        assertEquals(2, s.field("dac.component"));
        assertEquals(0, s.field("dac.state"));
        assertEquals(1024, s.field("vbe.01"));
        assertEquals(1 << 20, s.blob("vram").length);
        assertEquals(768, s.blob("dac").length);
    }

    @Test
    void anOlderRecordOfTheSameInstanceDoesNotReplaceANewerOne() {
        VgaFixture a = new VgaFixture();
        a.out(0x3C6, 0x11);
        DeviceState older = a.device.saveState();
        a.out(0x3C6, 0x22);
        DeviceState newer = a.device.saveState();
        VgaFixture b = new VgaFixture();
        b.device.restoreState(newer);
        b.device.restoreState(older); // the other bus delivers the older one second
        assertEquals(0x22, b.in(0x3C6));
        VgaFixture c = new VgaFixture();
        c.device.restoreState(older);
        c.device.restoreState(newer); // or the older first
        assertEquals(0x22, c.in(0x3C6));
        // a record of another instance is always taken
        VgaFixture d = new VgaFixture();
        d.out(0x3C6, 0x33);
        c.device.restoreState(d.device.saveState());
        assertEquals(0x33, c.in(0x3C6));
    }

    @Test
    void aBadRecordIsRefusedAndChangesNothing() {
        VgaFixture a = new VgaFixture();
        scribble(a);
        DeviceState good = a.device.saveState();
        VgaFixture b = new VgaFixture();
        b.out(0x3C6, 0x5A);
        DeviceState before = b.device.saveState();

        DeviceState.Builder bad = DeviceState.builder("vga", 1);
        good.fields().forEach(bad::field);
        for (String n : good.blobNames()) {
            bad.blob(n, good.blob(n));
        }
        bad.field("crtc.03", 0x100);
        assertThrows(IllegalArgumentException.class, () -> b.device.restoreState(bad.build()));
        assertThrows(IllegalArgumentException.class,
                () -> b.device.restoreState(DeviceState.builder("uart", 1).build()));
        assertThrows(IllegalArgumentException.class,
                () -> b.device.restoreState(DeviceState.builder("vga", 2).build()));
        DeviceState after = b.device.saveState();
        assertEquals(before.fields(), after.fields());
        assertArrayEquals(before.blob("vram"), after.blob("vram"));
    }

    @Test
    void aRecordOfAnotherMemorySizeGivesWhatFits() {
        VgaFixture big = new VgaFixture(2 << 20);
        big.hw.vram[5] = 9;
        big.hw.vram[(1 << 20) + 5] = 9;
        VgaFixture small = new VgaFixture(1 << 20);
        small.device.restoreState(big.device.saveState());
        assertEquals(9, small.hw.vram[5]);
        assertEquals(16, small.vbeRead(10));
        assertNotEquals(0, small.hw.sequence);
    }
}
