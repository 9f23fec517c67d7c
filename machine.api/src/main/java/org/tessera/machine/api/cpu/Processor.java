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
     * @throws IllegalStateException while the machine runs
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
