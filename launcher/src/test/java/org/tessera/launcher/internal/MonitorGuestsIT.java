package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs guest.monitor's guest program {@code structures.asm} (a protected-mode guest with paging that
 * modifies its GDT, IDT, LDT, TSS and page tables with plain moves, string, read-modify-write and
 * LOCKed instructions and writes that leave a watched range at a page boundary, and makes the CPU
 * write its own bits, a task's state and busy bits) on the exported machine, with the guest monitor
 * under each policy, as a user runs it:
 *
 * <pre>java -jar tessera.jar run --load structures.bin@0000:7C00 --monitor PROFILE [--monitor-set K=V ...] --monitor-log NAME.jsonl --debugcon NAME.e9 ...</pre>
 *
 * <p>Checked exactly: the guest's port E9h output (the structures' final contents and the faults it
 * saw) and the monitor's events, one JSON line each, against the files beside the guest:
 * <ul>
 * <li>no monitor, {@code watch} (notify on everything; interpreted, compiled at once, compiled when
 *     hot), {@code paging} and every structure {@code shadow} (a redirect completed later on the
 *     monitor's thread: the CPU takes its REDIRECT exit): the output is {@code structures.expected},
 *     the run without the monitor; the events are {@code structures-watch.jsonl} (shadow: the same
 *     writes, redirected) and {@code structures-paging.jsonl};</li>
 * <li>{@code integrity} with the denial drop, gp and pf: once the IDT is loaded the guest's writes
 *     to GDT and IDT are dropped or fault (#GP(0), #PF(3) with CR2), nothing of a refused write is
 *     made (also not the half outside the watch), the CPU's own writes still happen:
 *     {@code structures-X.expected} and {@code structures-X.jsonl}.</li>
 * </ul>
 * The expected events were checked by hand against the guest's source (address, size, old and
 * new value, origin, CS:EIP of every write).
 */
class MonitorGuestsIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path GUESTS = Path.of("..", "guest.monitor", "src", "test", "guests").toAbsolutePath().normalize();
    /** Where each run's output and event log are kept for a look. */
    private static final Path KEEP = Path.of("target", "monitor-guests").toAbsolutePath();

    @BeforeEach
    void theMachineHasAMonitor() throws IOException {
        assumeTrue(Files.isRegularFile(TESSERA), "skipped: target/tessera.jar is not built ('mvn package' exports it)");
        assumeTrue(Files.isDirectory(GUESTS), "skipped: " + GUESTS + " is missing");
    }

    static Stream<Arguments> runs() {
        List<String> shadow = new ArrayList<>();
        for (String s : List.of("gdt", "idt", "ldt", "tss", "pageDirectory", "pageTables")) {
            shadow.addAll(List.of("--monitor-set", s + "=shadow"));
        }
        UnaryOperator<String> redirected = line -> line.replace("\"policy\":\"notify\",\"outcome\":\"written\"",
                "\"policy\":\"redirect\",\"outcome\":\"redirected\"");
        return Stream.of(
                Arguments.of("plain", List.of(), "structures.expected", null, UnaryOperator.identity()),
                Arguments.of("watch", List.of("--monitor", "watch"), "structures.expected", "structures-watch.jsonl",
                        UnaryOperator.identity()),
                Arguments.of("watch-interpreted", List.of("--monitor", "watch", "--compile-threshold", "0"),
                        "structures.expected", "structures-watch.jsonl", UnaryOperator.identity()),
                Arguments.of("watch-compiled", List.of("--monitor", "watch", "--compile-threshold", "1"),
                        "structures.expected", "structures-watch.jsonl", UnaryOperator.identity()),
                Arguments.of("paging", List.of("--monitor", "paging"), "structures.expected", "structures-paging.jsonl",
                        UnaryOperator.identity()),
                Arguments.of("shadow", shadow, "structures.expected", "structures-watch.jsonl", redirected),
                Arguments.of("drop", List.of("--monitor", "integrity", "--monitor-set", "denial=drop"),
                        "structures-drop.expected", "structures-drop.jsonl", UnaryOperator.identity()),
                Arguments.of("gp", List.of("--monitor", "integrity", "--monitor-set", "denial=gp"),
                        "structures-gp.expected", "structures-gp.jsonl", UnaryOperator.identity()),
                Arguments.of("pf", List.of("--monitor", "integrity", "--monitor-set", "denial=pf"),
                        "structures-pf.expected", "structures-pf.jsonl", UnaryOperator.identity()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theGuestAndTheEventsAreExactlyAsExpected(String name, List<String> options, String expectedOutput,
            String expectedEvents, UnaryOperator<String> transform) throws Exception {
        Path dir = KEEP.resolve(name);
        Path log = dir.resolve(name + ".jsonl");
        Files.createDirectories(dir);
        Files.deleteIfExists(log);
        List<String> all = new ArrayList<>(options);
        if (expectedEvents != null) {
            all.addAll(List.of("--monitor-log", log.toString()));
        }
        GuestRun run = GuestRun.run(TESSERA, dir, name, GUESTS.resolve("structures.bin"), all);
        assertEquals(Files.readString(GUESTS.resolve(expectedOutput), StandardCharsets.ISO_8859_1), run.e9(),
                name + ": port E9h output");
        if (expectedEvents != null) {
            List<String> expected = Files.readAllLines(GUESTS.resolve(expectedEvents)).stream().map(transform).toList();
            assertEquals(String.join("\n", expected), String.join("\n", Files.readAllLines(log)), name + ": events");
        }
    }
}
