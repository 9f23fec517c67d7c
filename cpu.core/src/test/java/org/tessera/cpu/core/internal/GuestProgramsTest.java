package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortRangeInfo;

/**
 * Runs the guest programs of {@code src/test/guests} on the CPU and compares what they print on
 * the debug port E9h with the committed expectation.
 *
 * <p>For every {@code NAME.asm} there must be {@code NAME.bin} (the assembled image, kept
 * identical to the source by {@code build.sh --check}) and {@code NAME.expected} (the exact
 * output, derived from what a real 486 prints, not from this emulator). Each image is loaded at
 * 0000:7C00 into a RAM-only machine of 1 MiB + 64 KiB, started with CS:IP = 0000:7C00 and the
 * other registers as after reset (the program sets up its own stack), and run until it halts with
 * interrupts disabled ({@code CLI; HLT}). A program that runs past the instruction budget, shuts
 * down (triple fault) or waits in HLT with interrupts enabled fails with what it printed so far.
 */
class GuestProgramsTest {

    /** Where the guests are, relative to the module directory (Maven's working directory). */
    static final Path GUESTS = Path.of("src", "test", "guests");
    static final int LOAD_SEGMENT = 0x0000;
    static final int LOAD_OFFSET = 0x7C00;
    static final int RAM_SIZE = 0x110000;
    static final long BUDGET = 50_000_000L;
    static final int DEBUG_PORT = 0xE9;

    @TestFactory
    Stream<DynamicTest> guests() throws IOException {
        assertTrue(Files.isDirectory(GUESTS), "guest folder " + GUESTS.toAbsolutePath() + " is missing");
        List<String> names;
        try (Stream<Path> files = Files.list(GUESTS)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".asm"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(!names.isEmpty(), "no guest program (*.asm) in " + GUESTS.toAbsolutePath());
        // each program runs in the interpreter alone and with the block compiler compiling
        // everything it reaches (threshold 1) and code reached a few times (threshold 3)
        return names.stream().flatMap(name -> Stream.of(
                DynamicTest.dynamicTest(name + " (interpreter)", () -> runGuest(name, 0)),
                DynamicTest.dynamicTest(name + " (compiled blocks)", () -> runGuest(name, 1)),
                DynamicTest.dynamicTest(name + " (compiled when hot)", () -> runGuest(name, 3))));
    }

    private static void runGuest(String name, int compileThreshold) throws IOException {
        Path bin = GUESTS.resolve(name + ".bin");
        Path expectedFile = GUESTS.resolve(name + ".expected");
        assertTrue(Files.isRegularFile(bin), name + ".bin is missing: run src/test/guests/build.sh");
        assertTrue(Files.isRegularFile(expectedFile), name + ".expected is missing");
        byte[] image = Files.readAllBytes(bin);
        String expected = new String(Files.readAllBytes(expectedFile), StandardCharsets.ISO_8859_1);

        Run run = execute(image, compileThreshold);
        String actual = run.output();
        if (run.exit() != Cpu.Exit.HALT) {
            fail(name + ": did not end with CLI; HLT but with " + run.exit() + " (" + run.detail() + ") after "
                    + run.instructions() + " instructions" + "\n--- output so far ---\n" + actual);
        }
        if (!expected.equals(actual)) {
            assertEquals(expected, actual, name + ": E9h output differs from " + name + ".expected\n"
                    + firstDifferences(expected, actual, 10));
        }
    }

    /** The outcome of one run. */
    record Run(Cpu.Exit exit, String detail, long instructions, String output) {
    }

    static Run execute(byte[] image, int compileThreshold) {
        RamOnlyBus ram = new RamOnlyBus(RAM_SIZE);
        int load = (LOAD_SEGMENT << 4) + LOAD_OFFSET;
        System.arraycopy(image, 0, ram.ram(), load, image.length);
        DebugPort io = new DebugPort();
        Cpu cpu = new Cpu(() -> 0);
        cpu.setCompiler(compileThreshold);
        cpu.attach(ram, io);
        cpu.regs.loadReal(RegisterFile.CS, LOAD_SEGMENT);
        cpu.regs.eip = LOAD_OFFSET;
        Cpu.Exit exit;
        long left = BUDGET;
        while (true) {
            long before = cpu.instructions();
            exit = cpu.run(left);
            left -= cpu.instructions() - before;
            // a RAM-only bus never leaves an access pending; keep going if it ever does
            if (exit != Cpu.Exit.REDIRECT || left <= 0) {
                break;
            }
        }
        String detail = switch (exit) {
            case LIMIT -> "budget of " + BUDGET + " instructions used up: the program hangs or loops";
            case SHUTDOWN -> cpu.shutdownReason();
            case IDLE -> "HLT with interrupts enabled";
            default -> "";
        };
        if (exit != Cpu.Exit.SHUTDOWN) {
            detail += " at " + Integer.toHexString(cpu.regs.selector[RegisterFile.CS]) + ":"
                    + Integer.toHexString(cpu.regs.eip);
        }
        return new Run(exit, detail, cpu.instructions(), io.text());
    }

    /** Up to {@code max} differing lines, numbered from 1, to find a failure without a diff tool. */
    static String firstDifferences(String expected, String actual, int max) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        List<String> out = new ArrayList<>();
        int differing = 0;
        for (int i = 0; i < Math.max(e.length, a.length); i++) {
            String el = i < e.length ? e[i] : "<missing>";
            String al = i < a.length ? a[i] : "<missing>";
            if (!el.equals(al)) {
                differing++;
                if (out.size() < max) {
                    out.add("line " + (i + 1) + ":\n  expected: " + el + "\n  actual:   " + al);
                }
            }
        }
        return differing + " differing line(s)" + (differing > max ? ", the first " + max : "") + ":\n"
                + String.join("\n", out);
    }

    /**
     * The IO bus of the test machine: port E9h records what is written (the low byte) and reads
     * E9h (as the Bochs/QEMU debug port does); every other port reads all ones and ignores writes.
     */
    static final class DebugPort implements IoBus {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private long ins;
        private long outs;

        @Override
        public int in(int port, int size) {
            ins++;
            int ones = size == 4 ? -1 : (1 << (size * 8)) - 1;
            return port == DEBUG_PORT ? DEBUG_PORT | (ones & ~0xFF) : ones;
        }

        @Override
        public void out(int port, int size, int value) {
            outs++;
            if (port == DEBUG_PORT) {
                written.write(value & 0xFF);
            }
        }

        @Override
        public List<PortRangeInfo> ports() {
            return List.of(new PortRangeInfo(DEBUG_PORT, DEBUG_PORT, "debug", "debug", "GuestProgramsTest"));
        }

        @Override
        public IoCounters counters() {
            return new IoCounters(ins, outs, 0, 0, 0);
        }

        String text() {
            return written.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
