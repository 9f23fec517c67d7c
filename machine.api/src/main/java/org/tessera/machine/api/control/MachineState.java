package org.tessera.machine.api.control;

/** The run state of a machine. */
public enum MachineState {
    /** Assembled, not started. */
    STOPPED,
    /** Executing instructions. */
    RUNNING,
    /** Stopped at an instruction boundary on request; {@code resume} continues. */
    PAUSED,
    /** Stopped in the middle of an instruction with an access pending at a device (redirect). */
    REDIRECT,
    /**
     * The CPU halted with interrupts disabled, or the run ended (instruction or time limit, the
     * guest powered the machine off).
     */
    HALTED,
    /** The machine shut down (triple fault, an unrecoverable error). */
    SHUTDOWN
}
