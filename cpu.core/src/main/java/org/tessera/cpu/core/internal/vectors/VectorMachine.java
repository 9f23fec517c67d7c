package org.tessera.cpu.core.internal.vectors;

/**
 * A CPU model as the test-vector runner drives it: load a state, run until {@code HLT}, read
 * the state back. The real CPU implements it through an adapter; tests use small fakes.
 *
 * <p>One instance is used by one thread at a time; the runner reuses it for many tests, and
 * {@link #load} must leave no trace of the previous test.
 */
public interface VectorMachine {

    /**
     * Resets the machine to real mode with 16 MiB of zeroed RAM (addresses 0 to 0xFFFFFF; no
     * 1 MiB wrap, A20 on), sets the registers (segment bases = selector * 16) and writes the
     * memory bytes.
     *
     * @param regs14 ax, bx, cx, dx, cs, ss, ds, es, sp, bp, si, di, ip, flags; FLAGS is given
     *     already masked with {@code 0x0FFF}
     * @param ramAddresses physical addresses
     * @param ramValues one byte per address
     */
    void load(int[] regs14, long[] ramAddresses, byte[] ramValues);

    /**
     * Runs until a HLT has executed.
     *
     * @param maxInstructions the most instructions to execute
     * @return instructions executed including the HLT, or -1 if maxInstructions passed first
     */
    long runUntilHalt(long maxInstructions);

    /**
     * The registers now, in the order of {@link #load}; only the low 16 bits of each are
     * compared.
     */
    int[] registers();

    /**
     * A byte of physical memory.
     *
     * @param address a physical address below 16 MiB
     * @return the byte, 0-255
     */
    int readPhysical(long address);
}
