package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the exported machines ({@code target/tessera.jar}, {@code target/memory-only.jar}) as
 * processes, the way a user does, on the small NASM programs in {@code src/test/resources/programs}
 * (each {@code .asm} beside the image assembled from it).
 *
 * <p>The jars are written in the {@code package} phase, so Maven runs this class in the
 * {@code integration-test} phase (a second Surefire execution, see the module's pom). Run
 * without the jars (from an IDE before a build) every test is skipped with a message.
 */
class ExportedJarIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path MEMORY_ONLY = Path.of("target", "memory-only.jar").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;

    /** What a process printed, and its exit status. */
    private record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @BeforeEach
    void jarsAreBuilt() {
        assumeTrue(Files.isRegularFile(TESSERA) && Files.isRegularFile(MEMORY_ONLY),
                "skipped: target/tessera.jar and target/memory-only.jar are not built ('mvn package' exports them)");
    }

    private static Path program(String name) throws URISyntaxException {
        URL url = ExportedJarIT.class.getResource("/programs/" + name);
        if (url == null) {
            fail("test program " + name + " is missing from src/test/resources/programs");
        }
        return Path.of(url.toURI());
    }

    private Process start(Path jar, String... args) throws IOException {
        return startWithInput(jar, "", args);
    }

    /** Starts a machine whose standard input is {@code input}. */
    private Process startWithInput(Path jar, String input, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Path in = Files.writeString(dir.resolve("in.txt"), input, Charset.defaultCharset());
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(in.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
    }

    private Result finish(Process p) throws Exception {
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the machine did not end within " + TIMEOUT_SECONDS + " s:\n" + read("out.txt"));
        }
        return new Result(p.exitValue(), read("out.txt"), read("err.txt"));
    }

    private String read(String name) throws IOException {
        return Files.readString(dir.resolve(name), Charset.defaultCharset());
    }

    private Result run(String... args) throws Exception {
        return finish(start(TESSERA, args));
    }

    private static void assertReport(Result r) {
        assertTrue(r.out().matches("(?s).*\nEAX=[0-9A-F]{8} ECX=[0-9A-F]{8} EDX=[0-9A-F]{8} EBX=[0-9A-F]{8}\n"
                + "ESP=[0-9A-F]{8} EBP=[0-9A-F]{8} ESI=[0-9A-F]{8} EDI=[0-9A-F]{8}\n"
                + "EIP=[0-9A-F]{8} EFLAGS=[0-9A-F]{8} \\[[^]]+]\n"
                + "CS=[0-9A-F]{4} SS=[0-9A-F]{4} DS=[0-9A-F]{4} ES=[0-9A-F]{4} FS=[0-9A-F]{4} GS=[0-9A-F]{4}\n"
                + "\\d+ instructions? in \\d+\\.\\d{3} s \\(\\d+\\.\\d\\d MIPS\\), machine time \\d+\\.\\d{6} s\n"), r.toString());
    }

    private static void assertOneLineError(Result r, String start) {
        assertEquals(MainCommand.EXIT_USAGE, r.status(), r.toString());
        assertTrue(r.err().startsWith("tessera: " + start), r.toString());
        assertEquals(1, r.err().lines().count(), "one line, no stack trace:\n" + r);
    }

    @Test
    void loadPrintsOnPortE9AndReportsTheHalt() throws Exception {
        Result r = run("run", "--load", program("hello.bin") + "@1000:0100");
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains("loaded hello.bin (24 bytes) at 1000:0100, starting there\n"), r.toString());
        assertTrue(r.out().contains("\nhello\nmachine halted: HLT with interrupts disabled at 1000:"), r.toString());
        assertTrue(r.out().contains("EAX=00001234 "), r.toString());
        assertTrue(r.out().contains("CS=1000 SS=1000 DS=1000 ES=1000 FS=0000 GS=0000\n"), r.toString());
        assertReport(r);
        assertEquals("", r.err());
    }

    @Test
    void floppyBootsSectorZeroAt7C00WithDriveZero() throws Exception {
        Result r = run("run", "--floppy", program("boot.img").toString());
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains("\nboot sector, DL=00\nmachine halted: HLT with interrupts disabled at 0000:7C"), r.toString());
        assertReport(r);
    }

    @Test
    void theDemoRunsToItsHalt() throws Exception {
        Result r = run("run", "--demo");
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains("Hello from the Tessera demo"), r.toString());
        assertTrue(r.out().contains("Primes below 100: 2 3 5 7 11"), r.toString());
        assertTrue(r.out().contains("machine halted: HLT with interrupts disabled"), r.toString());
    }

    @Test
    void instructionLimitStopsAnEndlessLoop() throws Exception {
        Result r = run("run", "--load", program("loop.bin") + "@1000:0100", "--max-instructions", "1000");
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains("machine halted: instruction limit of 1000 reached at 1000:0100\n"), r.toString());
        assertTrue(r.out().contains("\n1000 instructions in "), r.toString());
        assertReport(r);
    }

    /**
     * The compile threshold reaches the CPU (the run waits for the CPU's service to carry it and
     * fails after the assembly timeout otherwise), together with an instruction limit.
     */
    @Test
    void compileThresholdReachesTheCpu() throws Exception {
        Result interpreted = run("run", "--demo", "--compile-threshold", "0");
        assertEquals(MainCommand.EXIT_OK, interpreted.status(), interpreted.toString());
        assertTrue(interpreted.out().contains("Primes below 100: 2 3 5 7 11"), interpreted.toString());
        assertTrue(interpreted.out().contains("machine halted: HLT with interrupts disabled"), interpreted.toString());
        assertReport(interpreted);

        Result compiled = run("run", "--load", program("loop.bin") + "@1000:0100", "--compile-threshold=1",
                "--max-instructions", "1000");
        assertEquals(MainCommand.EXIT_OK, compiled.status(), compiled.toString());
        assertTrue(compiled.out().contains("machine halted: instruction limit of 1000 reached at 1000:0100\n"),
                compiled.toString());
        assertReport(compiled);
    }

    @Test
    void timeLimitPausesAnEndlessLoop() throws Exception {
        Result r = run("run", "--load", program("loop.bin") + "@1000:0100", "--max-seconds", "0.5");
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains("machine paused: time limit of 0.5 s reached (paused at 1000:0100)\n"), r.toString());
        assertReport(r);
    }

    @Test
    void tripleFaultShutsTheMachineDown() throws Exception {
        Result r = run("run", "--load", program("triple.bin") + "@1000:0100");
        assertEquals(MainCommand.EXIT_FAILURE, r.status(), r.toString());
        assertTrue(r.out().contains("machine shut down: triple fault"), r.toString());
        assertReport(r);
    }

    /**
     * The end of the JVM during a run (Ctrl-C is SIGINT; this test sends SIGTERM, which reaches
     * the same shutdown hook and, unlike SIGINT, is not ignored in a background job).
     */
    @Test
    void anInterruptedRunStillReports() throws Exception {
        assumeFalse(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                "Windows ends a process without running its shutdown hooks");
        Process p = start(TESSERA, "run", "--load", program("loop.bin") + "@1000:0100");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!read("out.txt").contains("running (")) {
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the machine did not start:\n" + read("out.txt"));
            Thread.sleep(20);
        }
        Thread.sleep(200);
        p.destroy();
        Result r = finish(p);
        assertTrue(r.out().contains("machine paused: interrupted by Ctrl-C or a signal to exit (paused at 1000:0100)\n"),
                r.toString());
        assertReport(r);
    }

    /** The Gogo commands of the CPU, with the disassembler of cpu.core behind them. */
    @Test
    void shellStepsAndDisassembles() throws Exception {
        Result r = finish(startWithInput(TESSERA, "disassemble 1000:0100 3\nstep 2\nstatus\n",
                "shell", "--demo", "--max-instructions", "1"));
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains("tessera> 1000:0100  BE 0C 02           mov si,20Ch\n"
                + "1000:0103  E8 AC 00           call 01B2h\n"
                + "1000:0106  BE 99 02           mov si,299h\n"), r.toString());
        assertTrue(r.out().contains("tessera> 1000:0103  E8 AC 00           call 01B2h\n"
                + "1000:01B2  50                 push ax\n"
                + "EAX=00000000 "), r.toString());
        assertTrue(r.out().contains("EIP=000001B3 "), r.toString());
        assertTrue(r.out().contains("tessera> machine paused: single step\ninstructions: 3\n"), r.toString());
        assertReport(r);
    }

    /** A plain {@code run} boots the built-in demo disk, with COM1 on standard output. */
    @Test
    void withoutAProgramTheDemoDiskBoots() throws Exception {
        Result r = run("run");
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().matches("(?s).*\\n  00E9 +1  debugcon .*"), "the maps come first:\n" + r);
        assertTrue(r.out().contains("\n" + DemoDisk.BOOTING + "\nbooting: the CPU starts at F000:FFF0 with fd0"
                + " (snapshot: the image files stay unchanged)\n"), r.toString());
        assertTrue(r.out().contains("Tessera demo disk: booted by the BIOS\r\n"), r.toString());
        assertTrue(r.out().contains("Tessera demo disk: the machine works; halting\r\n"), r.toString());
        assertTrue(r.out().contains("machine halted: HLT with interrupts disabled"), r.toString());
        assertReport(r);
        assertFalse(r.out().contains(RunCommand.NOTHING_TO_BOOT), r.toString());
    }

    /** The shell without a program or a disk still has nothing to boot: the CPU waits at its reset state. */
    @Test
    void theShellWithoutAProgramHasNothingToBoot() throws Exception {
        Result r = finish(startWithInput(TESSERA, "", "shell"));
        assertEquals(MainCommand.EXIT_OK, r.status(), r.toString());
        assertTrue(r.out().contains(RunCommand.NOTHING_TO_BOOT + "\n"), r.toString());
        assertFalse(r.out().contains(DemoDisk.BOOTING), r.toString());
    }

    @Test
    void badCommandLinesAreOneLineErrors() throws Exception {
        assertOneLineError(run("run", "--bogus"), "unknown option '--bogus'");
        Path truncated = Files.write(dir.resolve("short.img"), new byte[100]);
        assertOneLineError(run("run", "--floppy", truncated.toString()), "floppy image " + truncated + " is truncated");
        assertOneLineError(run("run", "--load", program("hello.bin") + "@1000"), "--load: malformed address '1000'");
        assertOneLineError(run("run", "--demo", "--compile-threshold", "x"), "--compile-threshold: malformed count 'x'");
    }

    @Test
    void theMemoryOnlyMachineHasNoCpu() throws Exception {
        Result plain = finish(start(MEMORY_ONLY, "run"));
        assertEquals(MainCommand.EXIT_OK, plain.status(), plain.toString());
        assertTrue(plain.out().endsWith(RunCommand.NO_CPU + "\n"), plain.toString());
        Result demo = finish(start(MEMORY_ONLY, "run", "--demo"));
        assertOneLineError(demo, "--demo needs a CPU, and this machine has none");
        assertFalse(demo.out().contains("running"), demo.toString());
        assertOneLineError(finish(start(MEMORY_ONLY, "run", "--compile-threshold", "0")),
                "--compile-threshold needs a CPU, and this machine has none");
    }
}
