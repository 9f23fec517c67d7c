package org.tessera.cpu.core.internal.vectors;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A "perfect CPU" for checking the runner on real data: it knows the tests, recognises each by
 * its initial state when it is loaded, and produces exactly the recorded final state.
 */
final class ReplayMachine implements VectorMachine {

    private final Map<String, MooTest> tests = new HashMap<>();
    private final Map<Long, Integer> memory = new HashMap<>();
    private MooTest current;
    private int[] regs = new int[MooTest.REGISTER_COUNT];

    /** @param known the tests it can replay */
    ReplayMachine(List<MooTest> known) {
        for (MooTest t : known) {
            int[] r = t.initialRegs().clone();
            r[MooTest.FLAGS] &= 0x0FFF;
            tests.put(key(r, t.initialRamAddresses()), t);
        }
    }

    private static String key(int[] regs, long[] addresses) {
        return Arrays.toString(regs) + Arrays.toString(addresses);
    }

    @Override
    public void load(int[] regs14, long[] ramAddresses, byte[] ramValues) {
        current = tests.get(key(regs14, ramAddresses));
        if (current == null) {
            throw new IllegalStateException("not a known initial state");
        }
        regs = regs14.clone();
        memory.clear();
        for (int i = 0; i < ramAddresses.length; i++) {
            memory.put(ramAddresses[i], ramValues[i] & 0xFF);
        }
    }

    @Override
    public long runUntilHalt(long maxInstructions) {
        for (int i = 0; i < MooTest.REGISTER_COUNT; i++) {
            regs[i] = current.expectedReg(i);
        }
        for (int i = 0; i < current.finalRamAddresses().length; i++) {
            memory.put(current.finalRamAddresses()[i], current.finalRamValues()[i] & 0xFF);
        }
        return 2;
    }

    @Override
    public int[] registers() {
        return regs.clone();
    }

    @Override
    public int readPhysical(long address) {
        return memory.getOrDefault(address, 0);
    }
}
