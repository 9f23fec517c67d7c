package org.tessera.dev.ioports.internal.pit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 8254 model at given input-clock ticks: every mode's count sequence and OUT. */
class PitCounterTest {

    private final Pit8254 pit = new Pit8254();

    private void control(int value, long k) {
        pit.write(3, value, k);
    }

    /** Writes an LSB-then-MSB count to counter {@code c} at tick {@code k}. */
    private void count16(int c, int count, long k) {
        pit.write(c, count & 0xFF, k);
        pit.write(c, count >> 8, k);
    }

    /** Reads counter {@code c} (LSB then MSB mode) at tick {@code k}. */
    private int read16(int c, long k) {
        int lo = pit.read(c, k);
        return lo | pit.read(c, k) << 8;
    }

    private boolean out(int c, long k) {
        return pit.counters[c].out(k);
    }

    /** The counter's values at ticks from..to, read live. */
    private int[] values(int c, long from, long to) {
        int[] v = new int[(int) (to - from + 1)];
        for (long k = from; k <= to; k++) {
            v[(int) (k - from)] = read16(c, k);
        }
        return v;
    }

    private String outs(int c, long from, long to) {
        StringBuilder sb = new StringBuilder();
        for (long k = from; k <= to; k++) {
            sb.append(out(c, k) ? 'H' : 'L');
        }
        return sb.toString();
    }

    @Test
    void unprogrammedCountersDoNothing() {
        for (int c = 0; c < 3; c++) {
            assertFalse(out(c, 1000));
            assertEquals(-1, pit.counters[c].nextChange(1000));
        }
        pit.write(0, 0x12, 5);
        assertEquals(0, pit.read(0, 6));
    }

    @Test
    void mode0InterruptOnTerminalCount() {
        control(0x30, 90);
        assertFalse(out(0, 90), "OUT low after the control word");
        count16(0, 5, 100);
        assertEquals("LLLLLLHHH", outs(0, 100, 108));
        assertEquals(5, read16(0, 101), "loaded on the first clock after the write");
        assertEquals(1, read16(0, 105));
        assertEquals(0, read16(0, 106));
        assertEquals(0xFFFF, read16(0, 107), "keeps counting after terminal count");
        assertEquals(106, pit.counters[0].nextChange(100));
        assertEquals(-1, pit.counters[0].nextChange(106));
        // a new count sets OUT low again; the first byte alone stops counting
        pit.write(0, 3, 200);
        assertFalse(out(0, 200));
        int held = pit.counters[0].ce(200);
        assertEquals(held, pit.counters[0].ce(260), "counting stopped by the first byte");
        pit.write(0, 0, 300);
        assertEquals("LLLLH", outs(0, 300, 304));
    }

    @Test
    void mode0GateSuspendsCounting() {
        control(0xB0, 0);
        pit.counters[2].setGate(0, false);
        count16(2, 4, 10);
        assertEquals(4, read16(2, 20), "loaded, but not counting while GATE is low");
        pit.counters[2].setGate(20, true);
        assertEquals(3, read16(2, 21));
        pit.counters[2].setGate(22, false);
        assertEquals(2, read16(2, 40));
        assertFalse(out(2, 40));
        pit.counters[2].setGate(40, true);
        assertEquals("LLH", outs(2, 40, 42));
    }

    @Test
    void mode1HardwareRetriggerableOneShot() {
        control(0xB2, 0);
        pit.counters[2].setGate(0, false);
        count16(2, 3, 5);
        assertTrue(out(2, 10), "OUT high until triggered");
        pit.counters[2].setGate(10, true);
        assertEquals("HLLLHH", outs(2, 10, 15));
        assertEquals(3, read16(2, 11));
        assertEquals(1, read16(2, 13));
        // retrigger in the middle: the one-shot starts again
        pit.counters[2].setGate(20, false);
        pit.counters[2].setGate(21, true);
        pit.counters[2].setGate(22, false);
        pit.counters[2].setGate(23, true);
        assertEquals("LLLH", outs(2, 24, 27));
    }

    @Test
    void mode2RateGenerator() {
        control(0x34, 0);
        assertTrue(out(0, 0));
        count16(0, 4, 0);
        assertEquals("HHHHLHHHLHHHL", outs(0, 0, 12));
        int[] v = values(0, 1, 9);
        assertEquals("[4, 3, 2, 1, 4, 3, 2, 1, 4]", java.util.Arrays.toString(v));
        assertEquals(4, pit.counters[0].nextChange(1), "falls where the CE is 1");
        assertEquals(5, pit.counters[0].nextChange(4), "rises at the reload");
        // a new count waits for the reload
        count16(0, 2, 6);
        assertEquals(2, read16(0, 7));
        assertEquals(1, read16(0, 8));
        assertEquals("HLHLHL", outs(0, 9, 14));
        assertEquals(2, read16(0, 9));
    }

    @Test
    void mode2GateLowForcesOutHighAndRisingReloads() {
        control(0xB4, 0);
        count16(2, 5, 0);
        pit.counters[2].setGate(4, false);
        assertTrue(out(2, 4));
        assertEquals(-1, pit.counters[2].nextChange(10));
        pit.counters[2].setGate(10, true);
        assertEquals(5, read16(2, 11), "reloaded on the clock after GATE rose");
        assertEquals("HHHHLH", outs(2, 11, 16));
    }

    @Test
    void mode3SquareWaveEvenAndOdd() {
        control(0x36, 0);
        count16(0, 4, 0);
        assertEquals("HHHLLHHLLHHLL", outs(0, 0, 12));
        assertEquals("[4, 2, 4, 2, 4, 2]", java.util.Arrays.toString(values(0, 1, 6)));
        control(0x76, 100);
        count16(1, 5, 100);
        assertEquals("HHHHLLHHHLL", outs(1, 100, 110));
        assertEquals("[5, 4, 2, 5, 2, 5]", java.util.Arrays.toString(values(1, 101, 106)));
        assertEquals(104, pit.counters[1].nextChange(101));
        assertEquals(106, pit.counters[1].nextChange(104));
    }

    @Test
    void mode3NewCountAtTheEndOfTheHalfCycle() {
        control(0x36, 0);
        count16(0, 8, 0);
        count16(0, 4, 2); // in the high half (ticks 1-4)
        assertEquals("HHHHLLHHLL", outs(0, 1, 10));
    }

    @Test
    void mode4SoftwareTriggeredStrobe() {
        control(0x38, 0);
        count16(0, 3, 0);
        assertEquals("HHHHLHHH", outs(0, 0, 7));
        assertEquals(0, read16(0, 4));
        assertEquals(0xFFFF, read16(0, 5));
        count16(0, 2, 10);
        assertEquals("HHHLH", outs(0, 10, 14));
    }

    @Test
    void mode5HardwareTriggeredStrobe() {
        control(0xBA, 0);
        pit.counters[2].setGate(0, false);
        count16(2, 2, 0);
        assertEquals("HHHHH", outs(2, 0, 4));
        pit.counters[2].setGate(5, true);
        assertEquals("HHHLH", outs(2, 5, 9));
        assertEquals(2, read16(2, 6));
    }

    @Test
    void bcdCounting() {
        control(0x35, 0); // counter 0, mode 2, BCD
        count16(0, 0x0012, 0);
        assertEquals(0x12, read16(0, 1));
        assertEquals(0x10, read16(0, 3));
        assertEquals(0x09, read16(0, 4));
        assertEquals(0x12, read16(0, 13), "period 12");
        control(0x31, 100); // mode 0, BCD, count 0 is 10000
        count16(0, 0, 100);
        assertEquals(0x0000, read16(0, 101));
        assertEquals(0x9999, read16(0, 102));
        assertFalse(out(0, 10100));
        assertTrue(out(0, 10101));
    }

    @Test
    void accessModesLsbOnlyAndMsbOnly() {
        control(0x14, 0); // counter 0, LSB only, mode 2
        pit.write(0, 0x50, 0);
        assertEquals(0x50, pit.read(0, 1));
        assertEquals(0x4F, pit.read(0, 2));
        control(0x24, 10); // MSB only
        pit.write(0, 0x02, 10);
        assertEquals(0x02, pit.read(0, 11));
        assertEquals(0x01, pit.read(0, 12), "0x1FF");
    }

    @Test
    void counterLatchHoldsTheValueUntilRead() {
        control(0x30, 0);
        count16(0, 0x1234, 0);
        control(0x00, 10); // latch counter 0
        control(0x00, 20); // ignored: already latched
        assertEquals(0x34 - 9, pit.read(0, 100));
        assertEquals(0x12, pit.read(0, 200));
        assertEquals(0x1234 - 299, read16(0, 300), "live again");
    }

    @Test
    void readBackStatusAndCount() {
        control(0xB4, 0); // counter 2, LSB/MSB, mode 2
        control(0xE8, 0); // read-back status of counter 2
        assertEquals(0x40 | 0x80 | 0x30 | 0x04, pit.read(2, 0), "OUT high, null count, rw 3, mode 2");
        count16(2, 10, 5);
        control(0xE8, 5);
        assertEquals(0xF4, pit.read(2, 5), "null count until the load");
        control(0xE8, 6);
        assertEquals(0xB4, pit.read(2, 6), "loaded");
        control(0xC8, 8); // status and count
        assertEquals(0xB4, pit.read(2, 50), "status first");
        assertEquals(8, read16(2, 60), "then the count latched at tick 8");
        control(0xDE, 9); // count only, all three counters
        assertEquals(7, read16(2, 70));
        control(0x30, 100);
        control(0xE2, 100);
        assertEquals(0x70, pit.read(0, 100), "mode 0: OUT low, null count");
    }

    @Test
    void nullCountInMode2WhileCounting() {
        control(0x34, 0);
        count16(0, 10, 0);
        count16(0, 20, 3);
        control(0xE2, 4);
        assertEquals(0x40, pit.read(0, 4) & 0x40, "null until the reload at tick 11");
        control(0xE2, 11);
        assertEquals(0, pit.read(0, 11) & 0x40);
        assertEquals(20, read16(0, 11));
    }

    @Test
    void tickConversion() {
        assertEquals(1193182, Pit8254.ticks(1_000_000_000L));
        assertEquals(0, Pit8254.ticks(837));
        assertEquals(1, Pit8254.ticks(839));
        for (long k : new long[] {0, 1, 2, 1193181, 1193182, 123456789012L}) {
            assertEquals(k, Pit8254.ticks(Pit8254.nanos(k)));
            assertEquals(k - 1, Pit8254.ticks(Pit8254.nanos(k) - 1));
        }
    }
}
