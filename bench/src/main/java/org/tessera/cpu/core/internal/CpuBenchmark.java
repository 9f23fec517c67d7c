package org.tessera.cpu.core.internal;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU's decode-and-execute loop on small endless real-mode programs in RAM: one score is the
 * time per guest instruction (its inverse is guest MIPS).
 *
 * <ul>
 * <li>{@code nops}: NOPs and a backward jump: the fixed cost of an instruction;</li>
 * <li>{@code alu}: register ALU operations, an increment, a compare and a conditional jump;</li>
 * <li>{@code memory}: loads, stores and read-modify-write on memory operands.</li>
 * </ul>
 *
 * <p>Each runs in the interpreter alone ({@code compileThreshold} 0) and with the block compiler.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CpuBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CpuBenchmark {

    private static final int BUDGET = 100_000;

    /** The program. */
    @Param({"nops", "alu", "memory"})
    public String program;

    /** The block compiler's threshold (0: the interpreter alone). */
    @Param({"0", "16"})
    public int compileThreshold;

    private Cpu cpu;

    private static byte[] code(String name) {
        return switch (name) {
            // 8 x nop; jmp short back
            case "nops" -> new byte[] {(byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90, (byte) 0x90,
                (byte) 0x90, (byte) 0x90, (byte) 0xEB, (byte) 0xF6};
            // add ax,bx; xor dx,ax; shl bx,1; adc si,dx; inc cx; cmp cx,di; jne back; jmp back
            case "alu" -> new byte[] {0x01, (byte) 0xD8, 0x31, (byte) 0xC2, (byte) 0xD1, (byte) 0xE3, 0x11, (byte) 0xD6,
                0x41, 0x39, (byte) 0xF9, 0x75, (byte) 0xF3, (byte) 0xEB, (byte) 0xF1};
            // mov ax,[bx]; add [bx+2],ax; mov [si],dx; inc word [di]; xchg cx,[bx+4]; jmp back
            case "memory" -> new byte[] {(byte) 0x8B, 0x07, 0x01, 0x47, 0x02, (byte) 0x89, 0x14, (byte) 0xFF, 0x05,
                (byte) 0x87, 0x4F, 0x04, (byte) 0xEB, (byte) 0xF2};
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Setup
    public void setup() {
        RamOnlyBus bus = new RamOnlyBus(1 << 20);
        byte[] code = code(program);
        System.arraycopy(code, 0, bus.ram(), 0x10100, code.length);
        cpu = new Cpu(() -> 0);
        cpu.setCompiler(compileThreshold);
        cpu.attach(bus, null);
        for (int seg : new int[] {RegisterFile.CS, RegisterFile.DS, RegisterFile.ES, RegisterFile.SS}) {
            cpu.regs.loadReal(seg, 0x1000);
        }
        cpu.regs.eip = 0x100;
        cpu.regs.gpr[RegisterFile.ESP] = 0xFFFE;
        cpu.regs.gpr[RegisterFile.EBX] = 0x2000;
        cpu.regs.gpr[RegisterFile.ESI] = 0x3000;
        cpu.regs.gpr[RegisterFile.EDI] = 0x4000;
    }

    /** Runs a budget of instructions; the score is per instruction. */
    @Benchmark
    @OperationsPerInvocation(BUDGET)
    public long execute() {
        cpu.run(BUDGET);
        return cpu.instructions();
    }
}
