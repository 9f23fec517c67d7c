package org.tessera.cpu.core.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortRangeInfo;

/**
 * The guest benchmark: the shared real-mode workload {@code ../shared/bench/bench16.asm}
 * (variant C), assembled with nasm at two iteration counts and run on the CPU with a RAM-only
 * bus, the way boot.asm would leave it (loaded at 1000:0100, DS=ES=SS=1000, SP=FFFE). Reports
 * net guest MIPS as the bench README defines it: (N_full - N_1) / (t_full - t_1), after warming
 * the JIT with a few short runs, so JVM start and warm-up are excluded.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.tessera.cpu.core.internal.GuestBenchmark [ITERS] [RUNS]};
 * {@code -Dtessera.compileThreshold=0} measures the interpreter alone; {@code -Dtessera.bench=a} or
 * {@code b} runs the 32-bit variants (stage 2 of {@code boot32.asm}, flat or with paging, loaded at
 * 0000:8000 as boot.asm loads it) instead of bench16.
 */
public final class GuestBenchmark {

    private GuestBenchmark() {
    }

    /** Result of one run. */
    record Run(long instructions, long nanos, long cpuNanos, String output) {
    }

    /** The block compiler's threshold: system property tessera.compileThreshold (0: interpreter only). */
    private static final int COMPILE_THRESHOLD = Integer.getInteger("tessera.compileThreshold", 16);

    public static void main(String[] args) throws Exception {
        int iters = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path source = locate();
        if (source == null) {
            System.out.println("guest benchmark skipped: the source in ../shared/bench was not found (run from the project folder)");
            return;
        }
        byte[] full = assemble(source, iters);
        byte[] one = assemble(source, 1);
        for (int i = 0; i < 3; i++) {
            run(assemble(source, 20));
        }
        List<Double> mips = new ArrayList<>();
        List<Double> cpuMips = new ArrayList<>();
        Run f = null;
        Run o = null;
        for (int i = 0; i < runs; i++) {
            o = run(one);
            f = run(full);
            double m = (f.instructions - o.instructions) / ((f.nanos - o.nanos) / 1e9) / 1e6;
            mips.add(m);
            double c = (f.instructions - o.instructions) / ((f.cpuNanos - o.cpuNanos) / 1e9) / 1e6;
            cpuMips.add(c);
            System.out.printf("run %d: %,d instructions in %.3f s (1 iteration: %,d in %.4f s): %.1f net MIPS"
                    + " (%.1f by the thread's CPU time)%n", i + 1, f.instructions, f.nanos / 1e9, o.instructions, o.nanos / 1e9, m, c);
        }
        mips.sort(Double::compare);
        cpuMips.sort(Double::compare);
        System.out.println("output: " + f.output.trim().replace("\r\n", " | "));
        String name = switch (VARIANT) {
            case "a" -> "bench-a (32-bit protected mode, flat)";
            case "b" -> "bench-b (32-bit protected mode, paging)";
            default -> "bench16 (variant C, real mode)";
        };
        // the CPU-time figure is steadier on a busy machine (other processes take the core away)
        System.out.printf("%s, ITERS=%d: median %.1f net guest MIPS (%.1f by CPU time)%n", name, iters,
                mips.get(mips.size() / 2), cpuMips.get(cpuMips.size() / 2));
    }

    /** The variant: c (bench16, real mode), a (32-bit flat), b (32-bit with paging). */
    private static final String VARIANT = System.getProperty("tessera.bench", "c");

    private static Path locate() {
        String file = VARIANT.equals("c") ? "bench16.asm" : "boot32.asm";
        for (String p : new String[] {"../shared/bench/" + file, "../../shared/bench/" + file}) {
            Path path = Path.of(p);
            if (Files.isRegularFile(path)) {
                return path.toAbsolutePath();
            }
        }
        return null;
    }

    private static byte[] assemble(Path source, int iters) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bench16-", ".bin");
        List<String> command = new ArrayList<>(List.of("nasm", "-f", "bin", "-DITERS=" + iters));
        if (VARIANT.equals("b")) {
            command.add("-DPAGING");
        }
        command.addAll(List.of("-o", out.toString(), source.getFileName().toString()));
        Process p = new ProcessBuilder(command).directory(source.getParent().toFile()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("nasm failed on " + source);
        }
        byte[] image = Files.readAllBytes(out);
        Files.delete(out);
        return image;
    }

    static Run run(byte[] image) {
        RamOnlyBus bus = new RamOnlyBus(2 << 20);
        boolean real = VARIANT.equals("c");
        // bench16 as boot.asm -DREAL16 leaves it: at 1000:0100 with CS=DS=ES=SS=1000, SP=FFFE;
        // stage 2 of variants a and b as boot.asm leaves it: at 0000:8000, in real mode
        System.arraycopy(image, 0, bus.ram(), real ? 0x10100 : 0x8000, image.length);
        Console console = new Console();
        Cpu cpu = new Cpu(() -> 0);
        cpu.setCompiler(COMPILE_THRESHOLD);
        cpu.attach(bus, console);
        for (int seg : new int[] {RegisterFile.CS, RegisterFile.DS, RegisterFile.ES, RegisterFile.SS}) {
            cpu.regs.loadReal(seg, real ? 0x1000 : 0);
        }
        cpu.regs.gpr[RegisterFile.ESP] = real ? 0xFFFE : 0x7C00;
        cpu.regs.eip = real ? 0x100 : 0x8000;
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        Cpu.Exit exit;
        do {
            exit = cpu.run(1L << 40);
        } while (exit == Cpu.Exit.LIMIT);
        long t = System.nanoTime() - t0;
        long c = threads.getCurrentThreadCpuTime() - c0;
        if (exit != Cpu.Exit.HALT) {
            throw new IllegalStateException("benchmark ended with " + exit + " " + cpu.shutdownReason());
        }
        return new Run(cpu.instructions(), t, c, console.text.toString());
    }

    /** Port E9h as text; everything else ignored. */
    static final class Console implements IoBus {
        final ByteArrayOutputStream text = new ByteArrayOutputStream();

        @Override
        public int in(int port, int size) {
            return size == 4 ? -1 : (1 << (size << 3)) - 1;
        }

        @Override
        public void out(int port, int size, int value) {
            if (port == 0xE9) {
                text.write(value);
            }
        }

        @Override
        public List<PortRangeInfo> ports() {
            return List.of();
        }

        @Override
        public IoCounters counters() {
            return new IoCounters(0, 0, 0, 0, 0);
        }
    }
}
