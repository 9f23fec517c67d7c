package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs dev.ioports' guest program {@code platform.asm} on the exported machine: a real-mode
 * program without a BIOS that programs the 8259A pair and the 8254 itself and counts 100 timer
 * interrupts while halted (machine time runs to each tick), reads the controllers back, runs
 * counter 2 through port 61h, reads the CMOS memory size bytes, talks to the 8042 and the PS/2
 * keyboard (self test, reset, identify through the set-2-to-set-1 translation), toggles A20 through
 * port 92h, sends a byte through the UART in loopback and a line out of COM1, and programs DMA
 * channel 2. Its port E9h output must be {@code platform.expected} and COM1 must carry exactly
 * {@code "COM1 ok\r\n"}, interpreted, compiled at once and compiled when hot.
 *
 * <p>{@code keys.asm} reads the keyboard by IRQ1 without a BIOS; {@code --type "dir\r"} must reach
 * it as the set-1 codes of a PC keyboard behind the 8042's translation ({@code keys.expected}).
 */
class PlatformGuestIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path GUESTS = Path.of("..", "dev.ioports", "src", "test", "guests").toAbsolutePath().normalize();
    private static final Path KEEP = Path.of("target", "platform-guest").toAbsolutePath();

    @BeforeEach
    void theMachineIsBuilt() {
        assumeTrue(Files.isRegularFile(TESSERA), "skipped: target/tessera.jar is not built ('mvn package' exports it)");
        assumeTrue(Files.isDirectory(GUESTS), "skipped: " + GUESTS + " is missing");
    }

    @ParameterizedTest(name = "compile threshold {0}")
    @ValueSource(ints = {16, 0, 1})
    void theChipsetAnswersAsTheGuestExpects(int threshold) throws IOException, InterruptedException {
        Path dir = KEEP.resolve("threshold-" + threshold);
        Files.createDirectories(dir);
        Path com1 = dir.resolve("platform.com1");
        Files.deleteIfExists(com1);
        GuestRun run = GuestRun.run(TESSERA, dir, "platform", GUESTS.resolve("platform.bin"),
                List.of("--serial", com1.toString(), "--compile-threshold", Integer.toString(threshold)));
        assertEquals(Files.readString(GUESTS.resolve("platform.expected"), StandardCharsets.ISO_8859_1), run.e9(),
                "port E9h output");
        assertEquals("COM1 ok\r\n", Files.readString(com1, StandardCharsets.ISO_8859_1), "COM1");
    }

    @org.junit.jupiter.api.Test
    void typedKeysReachTheGuestAsScanCodes() throws IOException, InterruptedException {
        GuestRun run = GuestRun.run(TESSERA, KEEP.resolve("keys"), "keys", GUESTS.resolve("keys.bin"),
                List.of("--type", "dir\\r"));
        assertEquals(Files.readString(GUESTS.resolve("keys.expected"), StandardCharsets.ISO_8859_1), run.e9(), "keys read");
    }

    /** The Bochs/QEMU shutdown port turns the machine off: the run ends there, as the guest wanted. */
    @org.junit.jupiter.api.Test
    void theShutdownPortPowersTheMachineOff() throws IOException, InterruptedException {
        GuestRun run = GuestRun.run(TESSERA, KEEP.resolve("shutdown"), "shutdown", GUESTS.resolve("shutdown.bin"),
                List.of(), "machine halted: the guest powered the machine off (\"Shutdown\" on port 8900h)");
        assertEquals("powering off\n", run.e9(), "nothing runs after the last OUT");
    }
}
