package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.time.VirtualTimers;

/** Machine time from retired instructions and idle jumps; timed events in deadline order. */
class MachineTimeTest {

    private long count;
    private final MachineTime time = new MachineTime(() -> count);

    @Test
    void timeIsInstructionsAtTenNanosecondsAndSurvivesAReset() {
        count = 100;
        assertEquals(1000, time.nanos());
        count = 0; // the processor was reset: its count starts again
        count = 5;
        assertEquals(1050, time.nanos());
    }

    @Test
    void eventsRunWhenDueInDeadlineOrderThenSchedulingOrder() {
        List<String> ran = new ArrayList<>();
        time.schedule(500, () -> ran.add("b"));
        time.schedule(200, () -> ran.add("a"));
        time.schedule(500, () -> ran.add("c"));
        assertEquals(20, time.instructionsToNext(1000), "200 ns away: 20 instructions");
        count = 19;
        time.runDue();
        assertEquals(List.of(), ran);
        assertFalse(time.due());
        count = 20;
        assertTrue(time.due());
        time.runDue();
        assertEquals(List.of("a"), ran);
        count = 60;
        time.runDue();
        assertEquals(List.of("a", "b", "c"), ran);
        assertEquals(1000, time.instructionsToNext(1000), "nothing scheduled: the whole slice");
    }

    @Test
    void aTaskMayRescheduleItselfAndCancelledOnesNeverRun() {
        List<Long> ticks = new ArrayList<>();
        Runnable[] periodic = new Runnable[1];
        periodic[0] = () -> {
            ticks.add(time.nanos());
            if (ticks.size() < 3) {
                time.schedule(time.nanos() + 100, periodic[0]);
            }
        };
        time.schedule(100, periodic[0]);
        VirtualTimers.Scheduled never = time.schedule(150, () -> ticks.add(-1L));
        never.cancel();
        for (count = 0; count <= 40; count++) {
            time.runDue();
        }
        assertEquals(List.of(100L, 200L, 300L), ticks);
    }

    @Test
    void idleJumpsToTheNextEvent() {
        assertEquals(-1, time.idleToNext(), "nothing scheduled: no jump");
        List<String> ran = new ArrayList<>();
        time.schedule(55_000_000, () -> ran.add("tick"));
        assertEquals(55_000_000, time.idleToNext());
        assertEquals(55_000_000, time.nanos());
        time.runDue();
        assertEquals(List.of("tick"), ran);
        count = 3;
        assertEquals(55_000_030, time.nanos(), "instructions after the jump add on");
    }
}
