package org.tessera.cpu.core.internal;

import org.tessera.cpu.core.internal.alu.Flags;

/**
 * Entering interrupt and exception handlers. In protected mode through the IDT
 * ({@link ProtectedMode#interrupt}). In real mode through the vector table at IDTR.base:
 * FLAGS, CS and IP are pushed, IF, TF and AC cleared, CS:IP loaded from the vector. All accesses
 * happen before any register changes, so a delivery that is suspended or faults can simply be
 * tried again.
 */
final class InterruptUnit {

    private final RegisterFile r;
    private final AccessPath mem;
    private final Operands ops;
    private final FlagsUnit flags;
    private final CpuFault fault;
    private final ProtectedMode pm;

    InterruptUnit(RegisterFile r, AccessPath mem, Operands ops, FlagsUnit flags, CpuFault fault, ProtectedMode pm) {
        this.pm = pm;
        this.r = r;
        this.mem = mem;
        this.ops = ops;
        this.flags = flags;
        this.fault = fault;
    }

    /**
     * The vectors whose INT n is announced (see {@link #announce}), or null when no one listens;
     * replaced whole, never changed in place.
     */
    private volatile boolean[] announced;
    /** Told of an announced INT n; set together with {@link #announced}. */
    private volatile java.util.function.IntConsumer announcer;

    /** Sets who hears INT n for the vectors marked in {@code vectors} (null: no one). */
    void setAnnouncer(boolean[] vectors, java.util.function.IntConsumer listener) {
        announcer = listener;
        announced = vectors;
    }

    /**
     * The guest executes INT {@code vector}: tells the listener of that vector, before delivery and
     * not again when the instruction runs again to replay its journal.
     */
    void announce(int vector) {
        boolean[] vectors = announced;
        if (vectors != null && vectors[vector] && !mem.journal().replaying()) {
            java.util.function.IntConsumer l = announcer;
            if (l != null) {
                l.accept(vector);
            }
        }
    }

    /**
     * Enters the handler of {@code vector} for an instruction (INT n, INT3, INTO: {@code kind}
     * {@link ProtectedMode#SOFTWARE}; INT1: {@link ProtectedMode#ICEBP}).
     */
    void deliver(int vector, int returnIp, int kind) {
        deliver(vector, returnIp, kind, false, 0);
    }

    /**
     * Enters the handler of {@code vector}: in protected mode through the IDT (pushing the error
     * code if {@code hasError}), in real mode through the vector table.
     */
    void deliver(int vector, int returnIp, int kind, boolean hasError, int error) {
        // the frame, and whatever else the entry writes, are the CPU's own writes
        mem.beginImplicit();
        try {
            if (r.protectedMode()) {
                pm.interrupt(vector, returnIp, kind, hasError, error);
                return;
            }
            deliver(vector, returnIp);
        } finally {
            mem.endImplicit();
        }
    }

    /**
     * Enters the handler of {@code vector} with {@code returnIp} as the saved IP (real mode).
     *
     * @throws CpuFault if the vector lies beyond the table's limit (#GP) or the stack faults
     */
    private void deliver(int vector, int returnIp) {
        int offset = vector << 2;
        if (offset + 3 > r.idtLimit) {
            throw fault.raise(CpuFault.GP, offset + 2);
        }
        int sp = ops.sp();
        sp = ops.push(16, flags.get(), sp);
        sp = ops.push(16, r.selector[RegisterFile.CS], sp);
        sp = ops.push(16, returnIp, sp);
        int ip = mem.readLinear(r.idtBase + offset, 2);
        int cs = mem.readLinear(r.idtBase + offset + 2, 2);
        ops.setSp(sp);
        r.flagsOther &= ~(Flags.IF | Flags.TF | Flags.AC | Flags.RF);
        r.loadReal(RegisterFile.CS, cs);
        r.eip = ip;
    }
}
