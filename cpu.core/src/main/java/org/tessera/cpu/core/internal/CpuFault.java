package org.tessera.cpu.core.internal;

/**
 * A CPU exception raised by an instruction (#DE, #UD, #GP, ...): thrown to unwind the instruction
 * and caught by the execution loop, which delivers it. One preallocated instance per CPU, without
 * a stack trace, so raising a fault allocates nothing. Instructions change no architectural state
 * before their last access, so unwinding leaves the state as it was at the instruction's start.
 */
final class CpuFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** #DE divide error. */
    static final int DE = 0;
    /** #DB debug. */
    static final int DB = 1;
    /** NMI. */
    static final int NMI = 2;
    /** #BP breakpoint. */
    static final int BP = 3;
    /** #OF overflow. */
    static final int OF = 4;
    /** #BR bound range. */
    static final int BR = 5;
    /** #UD invalid opcode. */
    static final int UD = 6;
    /** #NM device not available. */
    static final int NM = 7;
    /** #DF double fault. */
    static final int DF = 8;
    /** #TS invalid TSS. */
    static final int TS = 10;
    /** #NP segment not present. */
    static final int NP = 11;
    /** #SS stack fault. */
    static final int SS = 12;
    /** #GP general protection. */
    static final int GP = 13;
    /** #PF page fault. */
    static final int PF = 14;
    /** #AC alignment check (486: CR0.AM, EFLAGS.AC, CPL 3). */
    static final int AC = 17;

    int vector;
    int errorCode;
    boolean hasErrorCode;
    /**
     * The fault belongs to the state the instruction has already committed (a task switch that
     * faulted while loading the new task's segments): its return address is the current EIP, not
     * the instruction's start.
     */
    boolean afterCommit;

    CpuFault() {
        super(null, null, false, false);
    }

    /** Arms the instance for {@code vector} without an error code and returns it for throwing. */
    CpuFault raise(int vector) {
        this.vector = vector;
        this.errorCode = 0;
        this.hasErrorCode = false;
        this.afterCommit = false;
        return this;
    }

    /** Arms the instance for {@code vector} with an error code. */
    CpuFault raise(int vector, int errorCode) {
        this.vector = vector;
        this.errorCode = errorCode;
        this.hasErrorCode = true;
        this.afterCommit = false;
        return this;
    }

    @Override
    public String getMessage() {
        return "CPU exception " + vector + (hasErrorCode ? " (error code " + Integer.toHexString(errorCode) + ")" : "");
    }
}
