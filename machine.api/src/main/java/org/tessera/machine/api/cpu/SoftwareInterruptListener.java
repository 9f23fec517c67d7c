package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when the guest calls a software interrupt: a whiteboard service that the CPU calls on its
 * thread when it executes {@code INT n} for one of the vectors in the service property
 * {@link #VECTORS}, before the interrupt is delivered, so the registers are as the guest set them
 * for the call (a BIOS function number in AH, its arguments). It is an observation: the listener
 * must not change the guest's state; it may read registers and memory and drive devices (a
 * keyboard typing when the guest asks for a key, a tracer of BIOS or DOS calls). An instruction
 * that is executed again after a suspended access is announced once. Implementations must be
 * quick; a listener that throws is logged and the guest goes on.
 */
@ConsumerType
@FunctionalInterface
public interface SoftwareInterruptListener {

    /**
     * Service property: the vectors the listener hears ({@code Integer}, {@code int[]},
     * {@code Integer[]} or a collection of integers, 0-255). Without it the listener hears none.
     */
    String VECTORS = "tessera.cpu.vectors";

    /**
     * The guest executes {@code INT vector}.
     *
     * @param vector the interrupt number
     * @param cpu the processor, for reading the registers of the call
     */
    void softwareInterrupt(int vector, Processor cpu);
}
