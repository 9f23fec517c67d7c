package org.tessera.cpu.core.internal.vectors;

/**
 * Where the test-vector runner gets its CPU model: {@link #create()} returns a fresh
 * {@link VectorMachine} around the bundle's CPU. Used by {@link CpuTestVectorsComponent} and by
 * {@code SharedVectorsTest}.
 */
public final class VectorMachines {

    private VectorMachines() {
    }

    /**
     * A new machine around a new CPU model, with its own 16 MiB of RAM.
     *
     * @return the machine
     */
    public static VectorMachine create() {
        return new org.tessera.cpu.core.internal.CpuVectorMachine();
    }
}
