package org.tessera.cpu.core.internal;

import org.tessera.cpu.core.internal.vectors.VectorMachine;

/**
 * The CPU on a 16 MiB RAM-only bus, as the single-instruction test vectors expect: loaded with
 * the vector's registers and memory, run until its HLT has executed.
 */
public final class CpuVectorMachine implements VectorMachine {

    private static final int RAM = 16 << 20;

    private final RamOnlyBus bus = new RamOnlyBus(RAM);
    private final Cpu cpu = new Cpu(() -> 0);
    private final boolean compiled;

    /** A CPU with its own RAM that interprets every instruction. */
    public CpuVectorMachine() {
        this(0);
    }

    /**
     * A CPU with its own RAM and the block compiler at {@code compileThreshold} (1: the vector's
     * instruction runs as a compiled block if the compiler translates it; 0: interpreter only).
     */
    public CpuVectorMachine(int compileThreshold) {
        cpu.attach(bus, null);
        cpu.setCompiler(compileThreshold);
        compiled = compileThreshold > 0;
    }

    /** Blocks the compiler made on this machine. */
    public long blocksCompiled() {
        return cpu.blocksCompiled();
    }

    @Override
    public void load(int[] regs, long[] ramAddresses, byte[] ramValues) {
        bus.clear();
        cpu.reset();
        RegisterFile r = cpu.regs;
        r.gpr[RegisterFile.EAX] = regs[0];
        r.gpr[RegisterFile.EBX] = regs[1];
        r.gpr[RegisterFile.ECX] = regs[2];
        r.gpr[RegisterFile.EDX] = regs[3];
        r.loadReal(RegisterFile.CS, regs[4]);
        r.loadReal(RegisterFile.SS, regs[5]);
        r.loadReal(RegisterFile.DS, regs[6]);
        r.loadReal(RegisterFile.ES, regs[7]);
        r.gpr[RegisterFile.ESP] = regs[8];
        r.gpr[RegisterFile.EBP] = regs[9];
        r.gpr[RegisterFile.ESI] = regs[10];
        r.gpr[RegisterFile.EDI] = regs[11];
        r.eip = regs[12];
        cpu.flags.set(regs[13] & 0x0FFF, -1);
        byte[] ram = bus.ram();
        for (int i = 0; i < ramAddresses.length; i++) {
            long a = ramAddresses[i];
            if (a >= 0 && a < RAM) {
                ram[(int) a] = ramValues[i];
            }
        }
    }

    @Override
    public long runUntilHalt(long maxInstructions) {
        long start = cpu.instructions();
        while (!cpu.halted()) {
            if (cpu.instructions() - start >= maxInstructions) {
                return -1;
            }
            Cpu.Exit exit = compiled ? cpu.run(maxInstructions - (cpu.instructions() - start)) : cpu.step();
            if (exit == Cpu.Exit.SHUTDOWN) {
                return -1;
            }
        }
        return cpu.instructions() - start;
    }

    @Override
    public int[] registers() {
        RegisterFile r = cpu.regs;
        return new int[] {r.gpr[RegisterFile.EAX] & 0xFFFF, r.gpr[RegisterFile.EBX] & 0xFFFF,
            r.gpr[RegisterFile.ECX] & 0xFFFF, r.gpr[RegisterFile.EDX] & 0xFFFF, r.selector[RegisterFile.CS],
            r.selector[RegisterFile.SS], r.selector[RegisterFile.DS], r.selector[RegisterFile.ES],
            r.gpr[RegisterFile.ESP] & 0xFFFF, r.gpr[RegisterFile.EBP] & 0xFFFF, r.gpr[RegisterFile.ESI] & 0xFFFF,
            r.gpr[RegisterFile.EDI] & 0xFFFF, r.eip & 0xFFFF, cpu.eflags() & 0xFFFF};
    }

    @Override
    public int readPhysical(long address) {
        return address >= 0 && address < RAM ? bus.ram()[(int) address] & 0xFF : 0xFF;
    }
}
