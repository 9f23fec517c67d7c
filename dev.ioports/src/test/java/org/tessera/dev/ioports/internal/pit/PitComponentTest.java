package org.tessera.dev.ioports.internal.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;

/** The PIT component with a fake clock, timers and IRQ lines: IRQ0 edges at the right machine times. */
class PitComponentTest {

    private TimeFakes.Clock clock;
    private TimeFakes.Timers timers;
    private TimeFakes.Lines lines;
    private PitComponent pit;

    @BeforeEach
    void setUp() {
        clock = new TimeFakes.Clock();
        timers = new TimeFakes.Timers(clock);
        lines = new TimeFakes.Lines(clock);
        pit = new PitComponent();
        pit.setClock(clock);
        pit.setTimers(timers);
        pit.setIrqLines(lines);
    }

    private void program0(int control, int count) {
        pit.out(0x43, 1, control);
        pit.out(0x40, 1, count & 0xFF);
        pit.out(0x40, 1, count >> 8);
    }

    /** Machine time of input-clock tick {@code k}. */
    private static long at(long k) {
        return Pit8254.nanos(k);
    }

    @Test
    void nothingBeforeCounter0IsProgrammed() {
        timers.runUntil(1_000_000_000L);
        assertEquals(0, timers.pending());
        assertTrue(lines.raises.isEmpty() && lines.lowers.isEmpty());
        pit.out(0x43, 1, 0xB6); // counter 2 does not feed an interrupt
        pit.out(0x42, 1, 0x10);
        pit.out(0x42, 1, 0x00);
        assertEquals(0, timers.pending());
    }

    @Test
    void mode2GivesOneEdgePerPeriodAtTheReload() {
        clock.now = 1000; // tick 1
        program0(0x34, 1193);
        assertEquals(List.of(1000L), lines.raises, "OUT goes high with the control word");
        timers.runUntil(at(2 + 1193 * 10) - 1);
        List<Long> expected = new ArrayList<>();
        expected.add(1000L);
        for (int j = 1; j < 10; j++) {
            expected.add(at(2 + 1193L * j));
        }
        assertEquals(expected, lines.raises, "load at tick 2, reload every 1193 ticks");
        assertEquals(10, lines.lowers.size(), "the tenth period's low clock is before the end");
        assertEquals(at(2 + 1193 - 1), lines.lowers.get(0), "low for the clock where the CE is 1");
        assertEquals(1, timers.pending(), "re-armed");
    }

    @Test
    void lateTasksStillGiveEveryEdge() {
        timers.late = 20_000; // far longer than the one-clock low pulse
        program0(0x34, 11932); // 10 ms
        timers.runUntil(105_000_000L);
        assertEquals(11, lines.raises.size(), "the control word's edge and ten periods");
        assertEquals(10, lines.lowers.size());
        for (int j = 1; j <= 10; j++) {
            long due = at(1 + 11932L * j);
            assertTrue(lines.raises.get(j) >= due && lines.raises.get(j) <= due + 20_000,
                    "edge " + j + " at " + lines.raises.get(j) + ", due " + due);
        }
    }

    @Test
    void mode3SquareWaveTogglesTheLine() {
        program0(0x36, 100);
        timers.runUntil(at(1 + 100 * 5) - 1);
        assertEquals(5, lines.raises.size());
        assertEquals(5, lines.lowers.size());
        assertEquals(at(1 + 50), lines.lowers.get(0));
        assertEquals(at(1 + 100), lines.raises.get(1));
    }

    @Test
    void mode0OneEdgeAtTerminalCount() {
        program0(0x30, 500);
        assertEquals(1, lines.lowers.size(), "OUT low with the control word");
        timers.runUntil(1_000_000_000L);
        assertEquals(List.of(at(1 + 500)), lines.raises);
        assertEquals(0, timers.pending());
    }

    @Test
    void reprogrammingCancelsTheOldTask() {
        program0(0x34, 1000);
        program0(0x34, 3000);
        assertEquals(1, timers.pending());
        timers.runUntil(at(1 + 3000));
        assertEquals(at(1 + 3000), lines.raises.get(lines.raises.size() - 1));
    }

    @Test
    void counter2GateAndOutThroughTimer2() {
        pit.setGate2(false);
        pit.out(0x43, 1, 0xB0); // counter 2, mode 0
        pit.out(0x42, 1, 10);
        pit.out(0x42, 1, 0);
        clock.now = at(100);
        assertFalse(pit.out2(), "gate low: not counting");
        pit.setGate2(true);
        clock.now = at(109);
        assertFalse(pit.out2());
        clock.now = at(110);
        assertTrue(pit.out2());
    }

    @Test
    void withoutAClockTheHostTimeRuns() throws Exception {
        PitComponent host = new PitComponent();
        host.out(0x43, 1, 0x34);
        host.out(0x40, 1, 0);
        host.out(0x40, 1, 0);
        int a = host.in(0x40, 1) | host.in(0x40, 1) << 8;
        Thread.sleep(5);
        int b = host.in(0x40, 1) | host.in(0x40, 1) << 8;
        assertTrue(a != b, "counting down with the host's clock: " + a + " " + b);
    }

    @Test
    void stateMovesToANewInstance() {
        program0(0x34, 1193);
        pit.out(0x43, 1, 0xB6);
        pit.out(0x42, 1, 0x34);
        clock.now = 123_456;
        pit.out(0x43, 1, 0x80); // latch counter 2 with one byte pending
        DeviceState s = pit.saveState();
        PitComponent next = new PitComponent();
        TimeFakes.Lines lines2 = new TimeFakes.Lines(clock);
        next.setClock(clock);
        next.setTimers(timers);
        next.restoreState(s);
        next.setIrqLines(lines2);
        pit.deactivate();
        assertEquals(s, next.saveState());
        timers.runUntil(at(1 + 1193 * 3));
        assertEquals(3, lines2.raises.size() - 1, "IRQ0 carries on from the new instance");
    }
}
