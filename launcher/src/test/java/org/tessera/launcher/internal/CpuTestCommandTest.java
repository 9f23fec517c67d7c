package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.machine.api.diagnostics.CpuTestVectors;

/** The {@code cputest} command line and command, with a fake test runner. */
class CpuTestCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final CpuTestCommand command = new CpuTestCommand(null, new ComponentCatalog(null), out, Duration.ofSeconds(2));

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static CpuTestVectors runner(CpuTestVectors.Summary summary) {
        return (paths, report) -> {
            report.println("00.MOO.gz add: " + summary.passed() + " passed");
            return summary;
        };
    }

    @Test
    void parsesPaths() throws Exception {
        Path file = Files.writeString(dir.resolve("00.MOO.gz"), "x");
        LaunchOptions o = new ArgumentParser().parse(List.of("cputest", file.toString(), dir.toString()));
        assertEquals(LaunchOptions.Command.CPUTEST, o.command());
        assertEquals(List.of(file.toAbsolutePath().normalize(), dir.toAbsolutePath().normalize()), o.testPaths());
        assertEquals(List.of(), new ArgumentParser().parse(List.of("run")).testPaths());
        assertEquals(LaunchOptions.Command.HELP, new ArgumentParser().parse(List.of("cputest", "--help")).command());
    }

    @Test
    void rejectsBadCommandLines() {
        ArgumentParser parser = new ArgumentParser();
        UsageException none = assertThrows(UsageException.class, () -> parser.parse(List.of("cputest")));
        assertTrue(none.getMessage().startsWith("cputest needs at least one PATH"), none.getMessage());
        Path absent = dir.resolve("absent");
        UsageException missing = assertThrows(UsageException.class,
                () -> parser.parse(List.of("cputest", absent.toString())));
        assertEquals("cputest: no such file or folder: " + absent.toAbsolutePath().normalize(), missing.getMessage());
        UsageException option = assertThrows(UsageException.class,
                () -> parser.parse(List.of("cputest", "--ram", "16M")));
        assertEquals("unknown option '--ram' for cputest (see --help)", option.getMessage());
        UsageException unknown = assertThrows(UsageException.class, () -> parser.parse(List.of("cpu")));
        assertTrue(unknown.getMessage().contains("cputest"), unknown.getMessage());
    }

    @Test
    void helpDescribesIt() {
        assertTrue(HelpText.text().contains("cputest PATH..."));
        assertTrue(HelpText.text().contains("N passed, N failed, N skipped"));
    }

    @Test
    void passingRunEndsWithTheTotalsAndZero() throws Exception {
        AtomicReference<List<Path>> seen = new AtomicReference<>();
        CpuTestVectors runner = (paths, report) -> {
            seen.set(paths);
            report.println("00.MOO.gz add: 1700 passed, 0 failed, 0 skipped");
            return new CpuTestVectors.Summary(1700, 0, 0, 0);
        };
        int status = command.execute(List.of(dir), () -> runner, List::of);
        assertEquals(MainCommand.EXIT_OK, status);
        assertEquals(List.of(dir), seen.get());
        assertEquals("00.MOO.gz add: 1700 passed, 0 failed, 0 skipped\n1700 passed, 0 failed, 0 skipped\n", output());
    }

    @Test
    void failuresAndUnreadableFilesGiveOne() throws Exception {
        assertEquals(MainCommand.EXIT_FAILURE,
                command.execute(List.of(dir), () -> runner(new CpuTestVectors.Summary(5, 1, 2, 0)), List::of));
        assertTrue(output().endsWith("5 passed, 1 failed, 2 skipped\n"), output());
        bytes.reset();
        assertEquals(MainCommand.EXIT_FAILURE,
                command.execute(List.of(dir), () -> runner(new CpuTestVectors.Summary(5, 0, 0, 2)), List::of));
        assertTrue(output().endsWith("2 test files could not be read\n5 passed, 0 failed, 0 skipped\n"), output());
    }

    @Test
    void noRunnerIsSaidAtOnce() {
        LaunchException e = assertThrows(LaunchException.class,
                () -> command.execute(List.of(dir), () -> null, List::of));
        assertEquals(CpuTestCommand.NO_RUNNER, e.getMessage());
        assertEquals("no CPU test runner: cpu.core is not part of this machine", e.getMessage());
    }

    @Test
    void aDeclaredRunnerIsWaitedFor() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        CpuTestVectors runner = runner(new CpuTestVectors.Summary(1, 0, 0, 0));
        int status = command.execute(List.of(dir), () -> lookups.incrementAndGet() < 3 ? null : runner,
                () -> List.of("cpu.core"));
        assertEquals(MainCommand.EXIT_OK, status);
        LaunchException e = assertThrows(LaunchException.class,
                () -> new CpuTestCommand(null, new ComponentCatalog(null), out, Duration.ofMillis(50))
                        .execute(List.of(dir), () -> null, () -> List.of("cpu.core")));
        assertTrue(e.getMessage().startsWith("the CPU test runner is declared by cpu.core but did not appear"),
                e.getMessage());
    }

    @Test
    void badPathsFromTheRunnerGiveTwo() {
        CpuTestVectors runner = (paths, report) -> {
            throw new NoSuchFileException(dir.toString(), null, "no .MOO or .MOO.gz test files in this folder");
        };
        UsageException e = assertThrows(UsageException.class,
                () -> command.execute(List.of(dir), () -> runner, List::of));
        assertEquals("cputest: " + dir + ": no .MOO or .MOO.gz test files in this folder", e.getMessage());
    }

    @Test
    void aRunnerWithoutCpuModelGivesOne() {
        CpuTestVectors runner = (paths, report) -> {
            throw new UnsupportedOperationException("the CPU model is not wired yet");
        };
        LaunchException e = assertThrows(LaunchException.class,
                () -> command.execute(List.of(dir), () -> runner, List::of));
        assertEquals("cputest: the CPU model is not wired yet", e.getMessage());
    }

    @Test
    void summaryLine() throws IOException {
        CpuTestVectors.Summary s = new CpuTestVectors.Summary(3, 2, 1, 0);
        assertEquals("3 passed, 2 failed, 1 skipped", s.line());
        assertTrue(new CpuTestVectors.Summary(3, 0, 1, 0).succeeded());
    }
}
