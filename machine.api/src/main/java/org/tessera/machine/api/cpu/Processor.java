package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The CPU's architectural state, for loaders (set CS:IP before the machine starts), debuggers and
 * reports. Provided by {@code cpu.core}.
 *
 * <p>Reads may come from any thread; while the machine runs they give a recent, not necessarily
 * consistent, picture. {@link #setRegister} is only allowed while the machine is not running
 * (stopped, paused, halted); otherwise it throws {@link IllegalStateException}.
 */
@ProviderType
public interface Processor {

    /** A register's value (segment registers: the selector). */
    int register(Register register);

    /**
     * Sets a register.
     *
     * <p>Also allowed on the CPU's own thread while it executes an IN or OUT: a device called by
     * that instruction (a firmware service that traps to the host) sees and changes the registers
     * of the running program; the changes hold when the instruction completes, except EIP, which
     * the instruction then moves past itself.
     *
     * @throws IllegalStateException while the machine runs (other than as above)
     */
    void setRegister(Register register, int value);

    /** The base address of a segment register's hidden part. */
    long segmentBase(Register segment);

    /**
     * The system registers (descriptor tables, task, control registers) as of the last instruction
     * boundary.
     *
     * @since 1.2
     */
    SystemRegisters systemRegisters();

    /** Instructions retired since reset. */
    long instructions();

    /** A one-line description of the CPU model, e.g. "i386 (486-class CPUID)". */
    String model();
}
