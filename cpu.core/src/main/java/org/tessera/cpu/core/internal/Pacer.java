package org.tessera.cpu.core.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Paces machine time to the wall clock (the CPU's {@code realtime} setting): after each slice the
 * machine loop asks it to wait while machine time is ahead of the real time elapsed since the
 * machine (re)started. A machine slower than real time is never hurried. Off by default: then time
 * is machine time only and a run is as fast as the host allows, and reproducible.
 */
final class Pacer {

    private final MachineTime time;
    private volatile boolean enabled;
    private long machineStart;
    private long wallStart;

    Pacer(MachineTime time) {
        this.time = time;
    }

    void setEnabled(boolean on) {
        enabled = on;
        restart();
    }

    /** Takes now as the origin (when the machine starts or resumes). */
    void restart() {
        machineStart = time.nanos();
        wallStart = System.nanoTime();
    }

    /** Waits until the wall clock has caught up with machine time, or until {@code stop} says so. */
    void pace(BooleanSupplier stop) {
        if (!enabled) {
            return;
        }
        while (!stop.getAsBoolean()) {
            long ahead = (time.nanos() - machineStart) - (System.nanoTime() - wallStart);
            if (ahead <= 0) {
                return;
            }
            LockSupport.parkNanos(this, Math.min(ahead, 20_000_000L));
        }
    }
}
