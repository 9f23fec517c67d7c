package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tessera.cpu.core.internal.BlockCompilerProgram.Flavor;
import org.tessera.cpu.core.internal.RedirectTestBus.Mode;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * Differential test of the block compiler: random real-mode programs (see
 * {@link BlockCompilerProgram}), assembled with NASM, run on fresh CPUs with the same registers
 * and memory, once interpreted ({@code setCompiler(0)}) and once with every block compiled the
 * first time it is reached ({@code setCompiler(1)}), for some also when reached the second time
 * (threshold 2). The CPUs run in lock step, {@link Cpu#run} with the same budgets (one large
 * budget, or a few instructions per call so that blocks stop at their budget), and after every
 * call the exit, the instruction count, the general registers, EIP, EFLAGS and the segment
 * registers must be identical, and the whole RAM at the end (and every 32 calls). The compiled
 * runs must have compiled blocks, and the interpreted run must end at the program's final HLT
 * (a program that loses control is a fault of the generator, reported as such).
 *
 * <ul>
 * <li>{@link #compiledBlocksMatchTheInterpreter}: the general mix;</li>
 * <li>{@link #selfModifyingCodeMatchesTheInterpreter}: with code rewritten in the same loop body,
 * in the next instructions of the same block (by MOV, ADD, STOS, MOVS, PUSH), in another block,
 * and by an instruction rewriting its own immediate;</li>
 * <li>{@link #deviceAccessesMatchTheInterpreter}: a device page under the data segment (for some
 * programs also under the top of the stack, and under a subroutine's code): a bus whose device
 * answers at once and one whose device answers later from another thread, interpreted and
 * compiled, must end exactly as plain RAM does, the device must see the same accesses in all of
 * them (so each once), and there must be one REDIRECT exit per deferred access, none of which
 * changes the state when no instruction completed;</li>
 * <li>{@link #instructionsLongerThan15BytesRaiseGp}: a fixed program, for a known difference.</li>
 * </ul>
 *
 * <p>Each case has a fixed seed; on a mismatch the seed, the difference, the first budget of the
 * failing call that shows it, where both CPUs are in the listing, and the program are printed, and
 * the program is kept under {@code target/block-compiler-failures}.
 */
class BlockCompilerEquivalenceTest {

    static final int RAM = 0x110000;
    static final long BUDGET = 3_000_000;
    private static final int CODE_BASE = BlockCompilerProgram.CODE_SEG << 4;

    private static BlockCompilerAssembler assembler;
    private static final Stats STATS = new Stats();

    @BeforeAll
    static void nasm() throws IOException {
        String why = BlockCompilerAssembler.unavailable();
        assumeTrue(why == null, () -> "nasm not installed: " + why);
        assembler = new BlockCompilerAssembler();
    }

    @AfterAll
    static void summary() throws IOException {
        if (assembler != null) {
            assembler.close();
            System.out.println(STATS);
        }
    }

    /**
     * Seeds 1..n, or from {@code first} on with {@code -Dtessera.blockCompiler.first=F} and
     * {@code -Dtessera.blockCompiler.scale=S} (S times as many programs) for a longer search.
     */
    static LongStream seeds(int n) {
        long first = Long.getLong("tessera.blockCompiler.first", 1);
        int scale = Integer.getInteger("tessera.blockCompiler.scale", 1);
        return LongStream.range(first, first + (long) n * scale);
    }

    static LongStream plainSeeds() {
        return seeds(60);
    }

    static LongStream selfModifyingSeeds() {
        return seeds(20);
    }

    static LongStream deviceSeeds() {
        return seeds(12);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("plainSeeds")
    void compiledBlocksMatchTheInterpreter(long seed) throws IOException {
        Built b = build(seed, Flavor.PLAIN);
        lockstep(b, seed % 3 == 0 ? new int[] {0, 1, 2} : new int[] {0, 1}, seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("selfModifyingSeeds")
    void selfModifyingCodeMatchesTheInterpreter(long seed) throws IOException {
        Built b = build(seed, Flavor.SELF_MODIFYING);
        lockstep(b, seed % 2 == 0 ? new int[] {0, 1, 2} : new int[] {0, 1}, seed * 7 + 1);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("deviceSeeds")
    void deviceAccessesMatchTheInterpreter(long seed) throws Exception {
        Built b = build(seed, Flavor.DEVICE);
        IntPredicate defer = switch ((int) (seed % 3)) {
            case 0 -> i -> true;
            case 1 -> i -> i % 2 == 0;
            default -> i -> (i * 0x9E37) % 5 < 2;
        };
        long sched = seed * 13 + 5;
        DeviceRun plain = runOnDevice(b, Mode.PLAIN, 0, sched, defer);
        List<DeviceRun> runs = List.of(
                runOnDevice(b, Mode.IMMEDIATE, 0, sched, defer),
                runOnDevice(b, Mode.IMMEDIATE, 1, sched, defer),
                runOnDevice(b, Mode.LATER, 0, sched, defer),
                runOnDevice(b, Mode.LATER, 1, sched, defer));
        DeviceRun reference = runs.get(0);
        assertEquals(Cpu.Exit.HALT, Cpu.Exit.values()[plain.state[31]], "seed " + seed + ": the program did not reach its HLT");
        assertTrue(!reference.log.isEmpty(), "the device saw no access");
        for (DeviceRun r : runs) {
            String where = "seed " + seed + ", " + r.name + " against plain RAM (interpreted)";
            if (!Arrays.equals(plain.state, r.state) || !Arrays.equals(plain.ram, r.ram)) {
                failWith(b, where + ": the final state differs\n" + diff(plain.state, r.state) + ramDiff(plain.ram, r.ram, 16)
                        + "\nat the end of the reference:\n" + b.image.around(plain.state[EIP], 6, 2)
                        + "at the end of " + r.name + ":\n" + b.image.around(r.state[EIP], 6, 2));
            }
            if (!reference.log.equals(r.log)) {
                failWith(b, "seed " + seed + ": the device saw other accesses with " + r.name + " than with "
                        + reference.name + "\n" + logDiff(reference.log, r.log));
            }
            if (r.threshold > 0) {
                assertTrue(r.compiled > 0, where + ": nothing was compiled");
            }
            if (r.mode == Mode.LATER) {
                assertTrue(r.deferred > 0, where + ": no access was deferred");
                assertEquals(r.deferred, r.redirects, where + ": one REDIRECT exit per deferred access");
            }
        }
        STATS.device(reference.log.size(), runs.get(3).redirects + runs.get(2).redirects);
    }

    /**
     * An instruction longer than 15 bytes raises #GP: the interpreter faults when it fetches the
     * 16th byte, and a compiled block must not run such an instruction either. The loop runs a
     * 15-byte ADD made of nine redundant DS prefixes and a six-byte instruction (allowed), then
     * the same with ten prefixes (16 bytes: #GP, counted by the handler, which resumes after it).
     */
    @Test
    void instructionsLongerThan15BytesRaiseGp() throws IOException {
        String source = """
                bits 16
                org 0
                    times 0x400-($-$$) db 0
                start:
                    push ds
                    push word 0
                    pop ds
                    mov word [13*4], gp
                    mov word [13*4+2], cs
                    pop ds
                    mov bx, 0x100
                    mov cx, 20
                top:
                    mov word [cs:0x10], after
                    ; ADD WORD [DS:BX+1000h], 1 with 9 redundant DS prefixes: 15 bytes, allowed
                    db 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x81, 0x87, 0x00, 0x10, 0x01, 0x00
                    ; the same with 10 prefixes: 16 bytes, #GP
                    db 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x3E, 0x81, 0x87, 0x02, 0x10, 0x01, 0x00
                after:
                    inc ax
                    loop top
                    cli
                    hlt
                gp:
                    inc word [cs:0x14]
                    push bp
                    mov bp, sp
                    push ax
                    mov ax, [cs:0x10]
                    mov [bp+2], ax
                    pop ax
                    pop bp
                    iret
                """;
        Built b = assemble(new BlockCompilerProgram(1, source));
        lockstep(b, new int[] {0, 1, 2}, 0);
    }

    // ------------------------------------------------------------------ programs

    /** A program with its assembled image. */
    record Built(BlockCompilerProgram program, BlockCompilerAssembler.Image image, byte[] memory) {
    }

    static Built assemble(BlockCompilerProgram p) throws IOException {
        try {
            BlockCompilerAssembler.Image image = assembler.assemble(p.source);
            return new Built(p, image, memory(p, image.code()));
        } catch (BlockCompilerAssembler.Rejected e) {
            throw new AssertionError("nasm rejected the program:\n" + e.getMessage() + "\n" + numbered(p.source));
        }
    }

    static Built build(long seed, Flavor flavor) throws IOException {
        BlockCompilerProgram p = new BlockCompilerProgram(seed, flavor, false);
        BlockCompilerAssembler.Image image;
        try {
            image = assembler.assemble(p.source);
        } catch (BlockCompilerAssembler.Rejected e) {
            if (!e.getMessage().contains("out of range")) {
                throw new AssertionError("nasm rejected the program of seed " + seed + ":\n" + e.getMessage() + "\n" + numbered(p.source));
            }
            // a short branch did not reach: the same program with near branches only
            p = new BlockCompilerProgram(seed, flavor, true);
            try {
                image = assembler.assemble(p.source);
            } catch (BlockCompilerAssembler.Rejected e2) {
                throw new AssertionError("nasm rejected the program of seed " + seed + ":\n" + e2.getMessage() + "\n" + numbered(p.source));
            }
        }
        assertTrue(image.code().length <= 0x10000, "program too large");
        return new Built(p, image, memory(p, image.code()));
    }

    /** The initial memory: random below 80000h, the program at 1000:0000 in a zeroed segment. */
    static byte[] memory(BlockCompilerProgram p, byte[] code) {
        byte[] m = new byte[RAM];
        byte[] random = new byte[0x80000];
        new Random(p.seed * 31 + p.flavor.ordinal()).nextBytes(random);
        System.arraycopy(random, 0, m, 0, random.length);
        Arrays.fill(m, CODE_BASE, CODE_BASE + 0x10000, (byte) 0);
        System.arraycopy(code, 0, m, CODE_BASE, code.length);
        return m;
    }

    /** Loads the program's registers into a fresh CPU on {@code bus}. */
    static Cpu cpu(BlockCompilerProgram p, MemoryBus bus, int threshold) {
        Cpu cpu = new Cpu(() -> 0);
        cpu.setCompiler(threshold);
        cpu.attach(bus, null);
        RegisterFile r = cpu.regs;
        System.arraycopy(p.gpr, 0, r.gpr, 0, 8);
        for (int s = 0; s < 6; s++) {
            r.loadReal(s, p.seg[s]);
        }
        r.eip = BlockCompilerProgram.ENTRY;
        cpu.flags.set(p.flags, -1);
        return cpu;
    }

    // ------------------------------------------------------------------ lock step on RAM

    /** One CPU of a lock-step run. */
    static final class Machine {
        final int threshold;
        final RamOnlyBus bus;
        final Cpu cpu;
        Cpu.Exit exit = Cpu.Exit.LIMIT;

        Machine(Built b, int threshold) {
            this.threshold = threshold;
            this.bus = new RamOnlyBus(RAM);
            System.arraycopy(b.memory, 0, bus.ram(), 0, RAM);
            this.cpu = cpu(b.program, bus, threshold);
        }

        void run(long budget) {
            exit = cpu.run(budget);
            if (exit == Cpu.Exit.REDIRECT) {
                throw new AssertionError("REDIRECT on a RAM-only bus");
            }
        }

        String name() {
            return threshold == 0 ? "interpreter" : "compiler (threshold " + threshold + ")";
        }
    }

    /** The budget of each {@link Cpu#run} call: one large one, a few instructions, or some hundreds. */
    static final class Schedule {
        private final Random rnd;
        private final int style;

        Schedule(long seed) {
            this.rnd = new Random(seed);
            this.style = (int) Math.floorMod(seed, 4L);
        }

        long next() {
            return switch (style) {
                case 0 -> BUDGET;
                case 1 -> 1 + rnd.nextInt(16);
                default -> 1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 16 : 400);
            };
        }

        String describe() {
            return switch (style) {
                case 0 -> "one run(" + BUDGET + ")";
                case 1 -> "run(1..16) calls";
                default -> "run(1..400) calls, now and then run(1..16)";
            };
        }
    }

    static void lockstep(Built b, int[] thresholds, long scheduleSeed) {
        long started = System.nanoTime();
        Machine[] ms = new Machine[thresholds.length];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = new Machine(b, thresholds[i]);
        }
        Schedule schedule = new Schedule(scheduleSeed);
        List<Long> budgets = new ArrayList<>();
        Machine ref = ms[0];
        while (true) {
            long k = schedule.next();
            budgets.add(k);
            for (Machine m : ms) {
                m.run(k);
            }
            int[] expected = state(ref.cpu, ref.exit);
            boolean ramCheck = budgets.size() % 32 == 0 || ref.exit != Cpu.Exit.LIMIT;
            for (int i = 1; i < ms.length; i++) {
                int[] actual = state(ms[i].cpu, ms[i].exit);
                if (!Arrays.equals(expected, actual) || ramCheck && !Arrays.equals(ref.bus.ram(), ms[i].bus.ram())) {
                    mismatch(b, thresholds[i], scheduleSeed, schedule.describe(), budgets);
                }
            }
            if (ref.exit != Cpu.Exit.LIMIT || ref.cpu.instructions() >= BUDGET) {
                break;
            }
        }
        // the program kept control of itself: it ended at its final HLT, with no exception it did not expect
        var last = b.image.listing().floorEntry(ref.cpu.regs.eip - 1);
        assertTrue(ref.exit == Cpu.Exit.HALT && last != null && last.getValue().contains("hlt")
                && ref.bus.ram()[CODE_BASE + BlockCompilerProgram.FATAL] == 0,
                () -> "seed " + b.program.seed + ": the program (not the compiler) went wrong: it ended with " + ref.exit + " at "
                        + Integer.toHexString(ref.cpu.regs.selector[RegisterFile.CS]) + ":" + Integer.toHexString(ref.cpu.regs.eip)
                        + (ref.bus.ram()[CODE_BASE + BlockCompilerProgram.FATAL] != 0 ? " after an unexpected exception" : "")
                        + "\n" + numbered(b.program.source));
        long blocks = 0;
        for (int i = 1; i < ms.length; i++) {
            assertTrue(ms[i].cpu.blocksCompiled() > 0, "seed " + b.program.seed + ": " + ms[i].name() + " compiled nothing");
            blocks += ms[i].cpu.blocksCompiled();
        }
        byte[] ram = ref.bus.ram();
        int faults = 0;
        for (int v = 0; v < 32; v++) {
            faults += (ram[CODE_BASE + BlockCompilerProgram.FAULTS + 2 * v] & 0xFF) | (ram[CODE_BASE + BlockCompilerProgram.FAULTS + 2 * v + 1] & 0xFF) << 8;
        }
        boolean fatal = ram[CODE_BASE + BlockCompilerProgram.FATAL] != 0;
        STATS.program(b.program.flavor, ref.cpu.instructions(), blocks, faults, fatal, ref.exit, budgets.size(), System.nanoTime() - started);
    }

    /**
     * Reports a mismatch after the last of {@code budgets}: replays the runs up to the call before
     * it and narrows the budget of the failing call down to the first instruction count at which
     * the states differ.
     */
    static void mismatch(Built b, int threshold, long scheduleSeed, String schedule, List<Long> budgets) {
        int last = budgets.size() - 1;
        long k = budgets.get(last);
        // binary search the smallest budget of the last call that shows the difference
        long lo = 1;
        long hi = k;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (replay(b, threshold, budgets, mid).differs) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Replay r = replay(b, threshold, budgets, lo);
        Replay before = replay(b, threshold, budgets, 0);
        StringBuilder m = new StringBuilder();
        m.append("seed ").append(b.program.seed).append(" (").append(b.program.flavor).append("): the interpreter and the compiler (threshold ")
                .append(threshold).append(") differ\n");
        m.append("schedule ").append(schedule).append(" (schedule seed ").append(scheduleSeed).append("): call ").append(last + 1)
                .append(" with budget ").append(k).append(", starting at instruction ").append(before.interpreted.instructions())
                .append("; the first budget that shows a difference is ").append(lo).append(r.differs ? "" : " (not reproduced by the replay)")
                .append('\n');
        if (before.differs) {
            m.append("(the RAM already differed before this call: it is compared every 32 calls)\n");
        }
        m.append("registers (interpreter vs compiler):\n").append(diff(state(r.interpreted, r.interpretedExit), state(r.compiled, r.compiledExit)));
        m.append(ramDiff(r.interpretedRam, r.compiledRam, 16));
        m.append("\nstarting point of the call (both agree), CS:EIP = ").append(Integer.toHexString(before.interpreted.regs.eip)).append(":\n")
                .append(b.image.around(before.interpreted.regs.eip, 3, 8));
        m.append("interpreter stopped at:\n").append(b.image.around(r.interpreted.regs.eip, 8, 2));
        m.append("compiler stopped at:\n").append(b.image.around(r.compiled.regs.eip, 8, 2));
        failWith(b, m.toString());
    }

    /** The outcome of replaying a lock-step run up to the last call, that one with budget {@code k}. */
    record Replay(Cpu interpreted, Cpu.Exit interpretedExit, byte[] interpretedRam, Cpu compiled, Cpu.Exit compiledExit,
            byte[] compiledRam, boolean differs) {
    }

    static Replay replay(Built b, int threshold, List<Long> budgets, long k) {
        Machine a = new Machine(b, 0);
        Machine c = new Machine(b, threshold);
        for (int i = 0; i < budgets.size() - 1; i++) {
            a.run(budgets.get(i));
            c.run(budgets.get(i));
        }
        if (k > 0) {
            a.run(k);
            c.run(k);
        }
        boolean differs = !Arrays.equals(state(a.cpu, a.exit), state(c.cpu, c.exit)) || !Arrays.equals(a.bus.ram(), c.bus.ram());
        return new Replay(a.cpu, a.exit, a.bus.ram(), c.cpu, c.exit, c.bus.ram(), differs);
    }

    // ------------------------------------------------------------------ device pages

    /** The end of one run on a {@link RedirectTestBus}. */
    record DeviceRun(String name, Mode mode, int threshold, int[] state, byte[] ram, List<RedirectTestBus.Entry> log, int redirects,
            long deferred, long compiled) {
    }

    static DeviceRun runOnDevice(Built b, Mode mode, int threshold, long scheduleSeed, IntPredicate defer) throws InterruptedException {
        BlockCompilerProgram p = b.program;
        RedirectTestBus bus = new RedirectTestBus(mode);
        for (int page : p.devicePages()) {
            bus.map(page, 1, RedirectTestBus.Kind.DEVICE);
        }
        if (mode == Mode.LATER) {
            bus.deferWhen(defer).maxDelay(p.seed % 2 == 0 ? 0 : 20_000);
        }
        System.arraycopy(b.memory, 0, bus.ram(), 0, RAM);
        Cpu cpu = cpu(p, bus, threshold);
        Schedule schedule = new Schedule(scheduleSeed);
        int redirects = 0;
        Cpu.Exit e;
        while (true) {
            long left = BUDGET - cpu.instructions();
            if (left <= 0) {
                e = Cpu.Exit.LIMIT;
                break;
            }
            int[] before = state(cpu, Cpu.Exit.REDIRECT);
            e = cpu.run(Math.min(left, schedule.next()));
            if (e == Cpu.Exit.REDIRECT) {
                int[] after = state(cpu, e);
                if (cpu.instructions() == ((long) before[29] << 32 | before[28] & 0xFFFF_FFFFL) && !Arrays.equals(before, after)) {
                    failWith(b, "seed " + p.seed + ": a REDIRECT exit without a completed instruction changed the state ("
                            + mode + ", threshold " + threshold + ")\n" + diff(before, after) + b.image.around(before[EIP], 4, 2));
                }
                redirects++;
                BusAccess pending = cpu.pendingAccess();
                assertTrue(pending != null, "REDIRECT without a pending access");
                assertTrue(pending.await(10, TimeUnit.SECONDS), "the device did not answer within 10 s");
                continue;
            }
            if (e != Cpu.Exit.LIMIT) {
                break;
            }
        }
        String name = (threshold == 0 ? "interpreter" : "compiler") + " on a device answering " + switch (mode) {
            case PLAIN -> "(plain RAM)";
            case IMMEDIATE -> "at once";
            case LATER -> "later";
        };
        return new DeviceRun(name, mode, threshold, state(cpu, e), Arrays.copyOf(bus.ram(), RAM), bus.log(), redirects, bus.deferred(),
                cpu.blocksCompiled());
    }

    static String logDiff(List<RedirectTestBus.Entry> expected, List<RedirectTestBus.Entry> actual) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        return expected.size() + " against " + actual.size() + " accesses; the first difference at #" + i + ": expected "
                + expected.subList(i, Math.min(expected.size(), i + 6)) + ", got " + actual.subList(i, Math.min(actual.size(), i + 6));
    }

    // ------------------------------------------------------------------ states and reports

    private static final String[] FIELDS = {"EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI", "EIP", "EFLAGS", "ES", "CS", "SS",
        "DS", "FS", "GS", "ES.base", "CS.base", "SS.base", "DS.base", "FS.base", "GS.base", "ES.limit", "CS.limit", "SS.limit",
        "DS.limit", "FS.limit", "GS.limit", "instructions (low)", "instructions (high)", "halted", "exit"};
    static final int EIP = 8;

    /** Everything compared after each call. */
    static int[] state(Cpu cpu, Cpu.Exit exit) {
        RegisterFile r = cpu.regs;
        int[] s = new int[FIELDS.length];
        System.arraycopy(r.gpr, 0, s, 0, 8);
        s[EIP] = r.eip;
        s[9] = cpu.eflags();
        System.arraycopy(r.selector, 0, s, 10, 6);
        System.arraycopy(r.base, 0, s, 16, 6);
        System.arraycopy(r.limit, 0, s, 22, 6);
        s[28] = (int) cpu.instructions();
        s[29] = (int) (cpu.instructions() >>> 32);
        s[30] = cpu.halted() ? 1 : 0;
        s[31] = exit.ordinal();
        return s;
    }

    static String diff(int[] expected, int[] actual) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < FIELDS.length; i++) {
            boolean d = expected[i] != actual[i];
            String e = i == 31 ? Cpu.Exit.values()[expected[i]].toString() : String.format("%08x", expected[i]);
            String a = i == 31 ? Cpu.Exit.values()[actual[i]].toString() : String.format("%08x", actual[i]);
            if (d || i <= 9) {
                b.append(String.format("  %-20s %s %s%s%n", FIELDS[i], e, d ? "!= " : "   ", d ? a : ""));
            }
        }
        return b.toString();
    }

    static String ramDiff(byte[] expected, byte[] actual, int max) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (int i = 0; i < RAM; i++) {
            if (expected[i] != actual[i]) {
                if (n < max) {
                    b.append(String.format("  RAM %05x: %02x != %02x%s%n", i, expected[i] & 0xFF, actual[i] & 0xFF,
                            i >= CODE_BASE && i < CODE_BASE + 0x10000 ? "  (code segment offset " + Integer.toHexString(i - CODE_BASE) + ")" : ""));
                }
                n++;
            }
        }
        return n == 0 ? "  RAM identical\n" : "  " + n + " RAM bytes differ\n" + b;
    }

    static String numbered(String source) {
        String[] lines = source.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(String.format("%5d  %s%n", i + 1, lines[i]));
        }
        return b.toString();
    }

    /** Prints the report and the program, keeps the program on disk, and fails. */
    static void failWith(Built b, String report) {
        BlockCompilerProgram p = b.program;
        Path dir = Path.of("target", "block-compiler-failures");
        String file = p.flavor.name().toLowerCase() + "-seed-" + p.seed + ".asm";
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(file), p.source, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // the report still carries the source
        }
        System.out.println("=== block compiler mismatch ===\n" + report + "\n--- program (" + dir.resolve(file) + ") ---\n" + p.source);
        fail(report + "\n(program printed on stdout and kept as " + dir.resolve(file) + ")");
    }

    /** What the runs did, printed once at the end. */
    static final class Stats {
        private int programs;
        private long instructions;
        private long blocks;
        private long faults;
        private int fatal;
        private int limit;
        private long calls;
        private long nanos;
        private long deviceAccesses;
        private long redirects;
        private int devicePrograms;

        synchronized void program(Flavor f, long instructions, long blocks, int faults, boolean fatal, Cpu.Exit exit, int calls, long nanos) {
            this.programs++;
            this.instructions += instructions;
            this.blocks += blocks;
            this.faults += faults;
            this.fatal += fatal ? 1 : 0;
            this.limit += exit == Cpu.Exit.LIMIT ? 1 : 0;
            this.calls += calls;
            this.nanos += nanos;
        }

        synchronized void device(int accesses, int redirects) {
            devicePrograms++;
            deviceAccesses += accesses;
            this.redirects += redirects;
        }

        @Override
        public synchronized String toString() {
            return String.format("block compiler equivalence: %d programs in lock step, %d instructions each way, %d blocks compiled, "
                    + "%d exceptions handled, %d stopped at an unexpected exception, %d ran out of budget, %d run calls, %.1f s; "
                    + "%d device programs, %d device accesses, %d REDIRECT exits", programs, instructions, blocks, faults, fatal, limit,
                    calls, nanos / 1e9, devicePrograms, deviceAccesses, redirects);
        }
    }
}
