package org.tessera.dev.ioports.internal.pit;

import org.tessera.machine.api.device.DeviceState;

/**
 * The 8254 programmable interval timer: three {@link PitCounter}s and the control word register,
 * as seen at ports 40h-43h. Time is given by the caller as ticks of the 1.193182 MHz input clock
 * ({@link #ticks(long)} converts machine nanoseconds). Not thread safe: the component guards it.
 */
final class Pit8254 {

    /** The input clock, Hz. */
    static final long FREQUENCY = 1_193_182L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** The format of the state record. */
    static final int STATE_VERSION = 1;

    final PitCounter[] counters = {new PitCounter(), new PitCounter(), new PitCounter()};

    /** Input-clock ticks elapsed at machine time {@code nanos} (floor). */
    static long ticks(long nanos) {
        long s = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long r = Math.floorMod(nanos, NANOS_PER_SECOND);
        return s * FREQUENCY + r * FREQUENCY / NANOS_PER_SECOND;
    }

    /** The first machine time at which {@code ticks} input-clock ticks have elapsed. */
    static long nanos(long ticks) {
        long s = Math.floorDiv(ticks, FREQUENCY);
        long r = Math.floorMod(ticks, FREQUENCY);
        return s * NANOS_PER_SECOND + (r * NANOS_PER_SECOND + FREQUENCY - 1) / FREQUENCY;
    }

    /** A read of port 40h + {@code index} (the control port 43h reads as FFh, as nothing drives the bus). */
    int read(int index, long k) {
        return index < 3 ? counters[index].read(k) : 0xFF;
    }

    /** A write of port 40h + {@code index}; answers a mask of the counters it changed. */
    int write(int index, int value, long k) {
        value &= 0xFF;
        if (index < 3) {
            counters[index].write(k, value);
            return 1 << index;
        }
        int sc = value >> 6;
        if (sc == 3) {
            // read-back: bit 5 clear latches counts, bit 4 clear latches status, bits 1-3 select
            for (int i = 0; i < 3; i++) {
                if ((value & (2 << i)) != 0) {
                    if ((value & 0x20) == 0) {
                        counters[i].latchCount(k);
                    }
                    if ((value & 0x10) == 0) {
                        counters[i].latchStatus(k);
                    }
                }
            }
            return 0;
        }
        int rw = (value >> 4) & 3;
        if (rw == 0) {
            counters[sc].latchCount(k);
            return 0;
        }
        counters[sc].control(k, rw, (value >> 1) & 7, (value & 1) != 0);
        return 1 << sc;
    }

    // ------------------------------------------------------------------ state

    /** Adds the counters' registers to {@code b}, at tick {@code k}. */
    DeviceState.Builder save(DeviceState.Builder b, long k) {
        b.field("tick", k);
        for (int i = 0; i < 3; i++) {
            PitCounter c = counters[i];
            c.sync(k);
            c.nullCount(k);
            String p = "counter" + i + ".";
            b.field(p + "programmed", c.programmed ? 1 : 0).field(p + "mode", c.mode).field(p + "rw", c.rw)
                    .field(p + "bcd", c.bcd ? 1 : 0).field(p + "cr", c.cr).field(p + "hasCount", c.hasCount ? 1 : 0)
                    .field(p + "gate", c.gate ? 1 : 0).field(p + "running", c.running ? 1 : 0)
                    .field(p + "loadTick", c.load).field(p + "n", c.n).field(p + "frozen", c.frozen)
                    .field(p + "resumeTick", c.resume).field(p + "ce", c.ce(k)).field(p + "hold", c.hold)
                    .field(p + "nullCount", c.nullCount ? 1 : 0).field(p + "nullClearsTick", c.nullClears)
                    .field(p + "pendingTick", c.pendingAt).field(p + "pendingN", c.pendingN)
                    .field(p + "pendingMid", c.pendingMid ? 1 : 0).field(p + "writeMsbNext", c.writeMsbNext ? 1 : 0)
                    .field(p + "writeLsb", c.writeLsb).field(p + "readMsbNext", c.readMsbNext ? 1 : 0)
                    .field(p + "countLatched", c.countLatched ? 1 : 0).field(p + "latch", c.latch)
                    .field(p + "statusLatched", c.statusLatched ? 1 : 0).field(p + "status", c.status);
        }
        return b;
    }

    /**
     * Takes over the registers of a record written by {@link #save}.
     *
     * @throws IllegalArgumentException if a field is missing or out of range (nothing changes then)
     */
    void restore(DeviceState s) {
        PitCounter[] fresh = {new PitCounter(), new PitCounter(), new PitCounter()};
        for (int i = 0; i < 3; i++) {
            PitCounter c = fresh[i];
            String p = "counter" + i + ".";
            c.programmed = s.field(p + "programmed") != 0;
            c.mode = (int) range(s, p + "mode", 0, 5);
            c.rw = (int) range(s, p + "rw", 0, 3);
            c.bcd = s.field(p + "bcd") != 0;
            c.cr = (int) range(s, p + "cr", 0, 0xFFFF);
            c.hasCount = s.field(p + "hasCount") != 0;
            c.gate = s.field(p + "gate") != 0;
            c.running = s.field(p + "running") != 0;
            c.load = s.field(p + "loadTick");
            c.n = (int) range(s, p + "n", c.running ? 1 : 0, 0x10000);
            c.frozen = s.field(p + "frozen");
            c.resume = s.field(p + "resumeTick");
            c.hold = (int) range(s, p + "hold", 0, 0x10000);
            c.nullCount = s.field(p + "nullCount") != 0;
            c.nullClears = s.field(p + "nullClearsTick");
            c.pendingAt = s.field(p + "pendingTick");
            c.pendingN = (int) range(s, p + "pendingN", 0, 0x10000);
            c.pendingMid = s.field(p + "pendingMid") != 0;
            c.writeMsbNext = s.field(p + "writeMsbNext") != 0;
            c.writeLsb = (int) range(s, p + "writeLsb", 0, 0xFF);
            c.readMsbNext = s.field(p + "readMsbNext") != 0;
            c.countLatched = s.field(p + "countLatched") != 0;
            c.latch = (int) range(s, p + "latch", 0, 0xFFFF);
            c.statusLatched = s.field(p + "statusLatched") != 0;
            c.status = (int) range(s, p + "status", 0, 0xFF);
            if (c.pendingAt >= 0 && c.pendingN < 1) {
                throw new IllegalArgumentException("PIT state: pending reload without a count");
            }
        }
        System.arraycopy(fresh, 0, counters, 0, 3);
    }

    private static long range(DeviceState s, String name, long min, long max) {
        long v = s.field(name);
        if (v < min || v > max) {
            throw new IllegalArgumentException("PIT state field " + name + " out of range: " + v);
        }
        return v;
    }
}
