package org.tessera.dev.ioports.internal.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.dev.ioports.internal.pit.PitComponent;
import org.tessera.dev.ioports.internal.pit.TimeFakes;
import org.tessera.machine.api.cpu.A20Gate;
import org.tessera.machine.api.cpu.ResetLine;

/** Ports 61h (with the PIT's counter 2) and 92h (with a fake A20 gate and reset line). */
class SystemControlTest {

    @Test
    void port61GatesCounter2AndShowsItsOut() {
        TimeFakes.Clock clock = new TimeFakes.Clock();
        PitComponent pit = new PitComponent();
        SystemControlB b = new SystemControlB();
        b.setClock(clock);
        b.setTimer(pit);
        pit.out(0x43, 1, 0xB0); // counter 2, mode 0 (gate low at first: port 61h bit 0 is 0)
        pit.out(0x42, 1, 100);
        pit.out(0x42, 1, 0);
        TimeFakes.attach(pit, clock);
        assertEquals(0, b.in(0x61, 1) & 0x20);
        b.out(0x61, 1, 0x03); // gate and speaker
        assertEquals(0x03, b.in(0x61, 1) & 0x0F);
        assertTrue(b.speakerData());
        clock.now = 200_000; // 238 ticks: past terminal count
        assertEquals(0x20, b.in(0x61, 1) & 0x20);
        assertEquals(0, b.in(0x61, 1) & 0xC0, "parity and IOCHK read 0");
    }

    @Test
    void port61GateStopsCounting() {
        TimeFakes.Clock clock = new TimeFakes.Clock();
        PitComponent pit = new PitComponent();
        TimeFakes.attach(pit, clock);
        SystemControlB b = new SystemControlB();
        b.setClock(clock);
        b.setTimer(pit);
        pit.out(0x43, 1, 0xB0);
        pit.out(0x42, 1, 100);
        pit.out(0x42, 1, 0);
        clock.now = 1_000_000;
        assertEquals(0, b.in(0x61, 1) & 0x20, "gate low since reset: no terminal count");
        b.out(0x61, 1, 0x01);
        clock.now = 1_050_000; // 59 ticks later
        assertEquals(0, b.in(0x61, 1) & 0x20);
        clock.now = 1_100_000; // 119 ticks
        assertEquals(0x20, b.in(0x61, 1) & 0x20);
    }

    @Test
    void refreshToggleFollowsMachineTime() {
        TimeFakes.Clock clock = new TimeFakes.Clock();
        SystemControlB b = new SystemControlB();
        b.setClock(clock);
        clock.now = 14_999;
        assertEquals(0, b.in(0x61, 1) & 0x10);
        clock.now = 15_000;
        assertEquals(0x10, b.in(0x61, 1) & 0x10);
        clock.now = 30_000;
        assertEquals(0, b.in(0x61, 1) & 0x10);
        b.out(0x61, 1, 0xF0);
        assertEquals(0, b.in(0x61, 1) & 0xDF & ~0x10, "bits 4-7 are not written");
    }

    static final class Gate implements A20Gate {
        boolean open;

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void setOpen(boolean o) {
            open = o;
        }
    }

    static final class Reset implements ResetLine {
        int pulses;

        @Override
        public void pulse() {
            pulses++;
        }
    }

    @Test
    void port92A20AndFastReset() {
        SystemControlA a = new SystemControlA();
        Gate gate = new Gate();
        Reset reset = new Reset();
        a.setA20(gate);
        a.setReset(reset);
        assertEquals(0, a.in(0x92, 1));
        a.out(0x92, 1, 0x02);
        assertTrue(gate.open);
        assertEquals(0x02, a.in(0x92, 1));
        gate.open = false; // closed elsewhere (the keyboard controller)
        assertEquals(0x00, a.in(0x92, 1), "bit 1 reads the gate");
        gate.open = true;
        assertEquals(0x02, a.in(0x92, 1));
        assertEquals(0, reset.pulses);
        a.out(0x92, 1, 0x03);
        assertEquals(1, reset.pulses);
        a.out(0x92, 1, 0x03);
        assertEquals(1, reset.pulses, "only a 0-to-1 transition resets");
        a.out(0x92, 1, 0x02);
        a.out(0x92, 1, 0x01);
        assertEquals(2, reset.pulses);
        assertFalse(gate.open);
        a.unsetA20(gate);
        a.out(0x92, 1, 0x02);
        assertEquals(0x02, a.in(0x92, 1), "without a gate bit 1 reads back");
        SystemControlA next = new SystemControlA();
        next.restoreState(a.saveState());
        assertEquals(0x02, next.in(0x92, 1));
    }
}
