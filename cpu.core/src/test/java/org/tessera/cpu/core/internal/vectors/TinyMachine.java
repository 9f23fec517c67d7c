package org.tessera.cpu.core.internal.vectors;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A fake CPU for the runner's tests: real-mode fetch at CS:IP over sparse memory, and only NOP
 * ({@code 90}), HLT ({@code F4}), JMP short ({@code EB}) and the prefixes (skipped). Any other
 * opcode throws. A hook may change the state after HLT, to make a test fail on purpose.
 */
final class TinyMachine implements VectorMachine {

    private final Map<Long, Byte> memory = new HashMap<>();
    private int[] regs = new int[MooTest.REGISTER_COUNT];
    /** Runs after HLT: a test's way to disturb the result. */
    Consumer<TinyMachine> afterHalt = m -> { };
    /** Further opcodes (one byte) that act as NOP. */
    final Set<Integer> nops = new HashSet<>();
    /** How often {@link #load} was called. */
    int loads;
    /** FLAGS as last given to {@link #load}. */
    int loadedFlags = -1;

    @Override
    public void load(int[] regs14, long[] ramAddresses, byte[] ramValues) {
        loads++;
        memory.clear();
        regs = regs14.clone();
        loadedFlags = regs14[MooTest.FLAGS];
        for (int i = 0; i < ramAddresses.length; i++) {
            write(ramAddresses[i], ramValues[i]);
        }
    }

    @Override
    public long runUntilHalt(long maxInstructions) {
        for (long n = 1; n <= maxInstructions; n++) {
            int op;
            do {
                op = fetch();
            } while (op == 0x26 || op == 0x2E || op == 0x36 || op == 0x3E || op == 0xF0 || op == 0xF2 || op == 0xF3);
            switch (op) {
                case 0x90 -> {
                }
                case 0xF4 -> {
                    afterHalt.accept(this);
                    return n;
                }
                case 0xEB -> {
                    int rel = (byte) fetch();
                    regs[MooTest.IP] = (regs[MooTest.IP] + rel) & 0xFFFF;
                }
                default -> {
                    if (!nops.contains(op)) {
                        throw new IllegalStateException("TinyMachine does not know opcode " + Integer.toHexString(op));
                    }
                }
            }
        }
        return -1;
    }

    private int fetch() {
        long address = ((long) regs[MooTest.CS] << 4) + regs[MooTest.IP];
        regs[MooTest.IP] = (regs[MooTest.IP] + 1) & 0xFFFF;
        return readPhysical(address);
    }

    @Override
    public int[] registers() {
        return regs.clone();
    }

    @Override
    public int readPhysical(long address) {
        Byte b = memory.get(address);
        return b == null ? 0 : b & 0xFF;
    }

    /** Writes a byte. */
    void write(long address, int value) {
        memory.put(address, (byte) value);
    }

    /** Sets a register. */
    void set(int reg, int value) {
        regs[reg] = value;
    }
}
