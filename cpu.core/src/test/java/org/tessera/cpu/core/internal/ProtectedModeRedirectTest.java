package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The protected-mode guest programs ({@code src/test/guests/pm-*.asm}) with their code, their
 * descriptor tables, TSSs and stacks on device pages: every descriptor read, accessed/busy bit
 * write, stack switch, task switch and interrupt delivery goes through the slow path, and on a
 * device that answers later is suspended and resumed. The output must be the expected one, and an
 * instruction or delivery that was suspended must have left every register — hidden descriptor
 * parts, CPL, LDTR and TR included — as it was at its start.
 */
class ProtectedModeRedirectTest {

    /** Pages 6-8 (6000h-8FFFh): the programs (loaded at 7C00h), their tables and most stacks. */
    private static final int FIRST_PAGE = 6, PAGES = 3;
    private static final long MAX_INSTRUCTIONS = 1_000_000;

    @TestFactory
    Stream<DynamicTest> guests() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(GuestProgramsTest.GUESTS)) {
            names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("pm-") && n.endsWith(".asm"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .collect(Collectors.toList());
        }
        assertTrue(!names.isEmpty(), "no pm-*.asm guest program");
        return names.stream().flatMap(name -> Stream.of(
                DynamicTest.dynamicTest(name + " (device answers at once)", () -> run(name, RedirectTestBus.Mode.IMMEDIATE)),
                DynamicTest.dynamicTest(name + " (device answers later)", () -> run(name, RedirectTestBus.Mode.LATER))));
    }

    private static void run(String name, RedirectTestBus.Mode mode) throws IOException {
        byte[] image = Files.readAllBytes(GuestProgramsTest.GUESTS.resolve(name + ".bin"));
        String expected = new String(Files.readAllBytes(GuestProgramsTest.GUESTS.resolve(name + ".expected")),
                StandardCharsets.ISO_8859_1);
        RedirectTestBus bus = new RedirectTestBus(mode).map(FIRST_PAGE, PAGES, RedirectTestBus.Kind.DEVICE);
        if (mode == RedirectTestBus.Mode.LATER) {
            // every third device piece answers later, soon: suspensions everywhere, a quick run
            bus.deferWhen(i -> i % 3 == 0).maxDelay(20_000);
        }
        System.arraycopy(image, 0, bus.ram(), GuestProgramsTest.LOAD_OFFSET, image.length);
        GuestProgramsTest.DebugPort io = new GuestProgramsTest.DebugPort();
        Cpu cpu = new Cpu(() -> 0);
        cpu.attach(bus, io);
        cpu.regs.loadReal(RegisterFile.CS, GuestProgramsTest.LOAD_SEGMENT);
        cpu.regs.eip = GuestProgramsTest.LOAD_OFFSET;
        RedirectDriver driver = new RedirectDriver(cpu);
        Cpu.Exit e = Cpu.Exit.LIMIT;
        while (cpu.instructions() < MAX_INSTRUCTIONS) {
            e = driver.runOne();
            if (e != Cpu.Exit.LIMIT) {
                break;
            }
        }
        if (e != Cpu.Exit.HALT) {
            fail(name + ": ended with " + e + " (" + cpu.shutdownReason() + ") after " + cpu.instructions()
                    + " instructions\n--- output so far ---\n" + io.text());
        }
        assertEquals(expected, io.text(), name + " on a " + mode + " device");
        assertTrue(driver.restoreViolations.isEmpty(), name + ": a suspended instruction changed registers:\n"
                + String.join("\n\n", driver.restoreViolations));
        if (mode == RedirectTestBus.Mode.LATER) {
            assertTrue(driver.redirects > 100, name + ": only " + driver.redirects + " suspensions");
        }
    }
}
