package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A guest's disk writes reach the image file: {@code diskwrite-halt.asm} and
 * {@code diskwrite-spin.asm} (firmware.bios's guests) are boot sectors that write sector 2 of their
 * floppy through INT 13h and read it back. The file must hold the sector after a clean stop (the
 * guest halts) and after Ctrl-C (the guest spins; the JVM gets SIGINT), and must stay unchanged
 * with {@code --snapshot} although the guest read its write back.
 */
class DiskWritesIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path GUESTS = Path.of("..", "firmware.bios", "src", "test", "guests").toAbsolutePath().normalize();
    private static final Path KEEP = Path.of("target", "disk-writes").toAbsolutePath();
    private static final String WRITTEN = "diskwrite: written and read back\n";

    @BeforeEach
    void theMachineIsBuilt() {
        assumeTrue(Files.isRegularFile(TESSERA), "skipped: target/tessera.jar is not built ('mvn package' exports it)");
    }

    @Test
    void theSectorIsInTheFileAfterACleanStop() throws Exception {
        Path image = floppy("halt", "diskwrite-halt.bin");
        Process p = start("halt", image, List.of());
        assertEquals(0, finish(p, "halt"), "exit status");
        assertEquals("diskwrite: writing sector 2\n" + WRITTEN, e9("halt"));
        assertArrayEquals(pattern(), sector2(image), "sector 2 of the image file");
    }

    @Test
    void theSectorIsInTheFileAfterCtrlC() throws Exception {
        Path image = floppy("ctrl-c", "diskwrite-spin.bin");
        Process p = start("ctrl-c", image, List.of());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!e9("ctrl-c").contains(WRITTEN)) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroyForcibly();
                fail("the guest did not report its write: " + e9("ctrl-c"));
            }
            Thread.sleep(20);
        }
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor(), "kill -INT");
        assertEquals(130, finish(p, "ctrl-c"), "exit status after SIGINT");
        assertArrayEquals(pattern(), sector2(image), "sector 2 of the image file");
    }

    @Test
    void aSnapshotLeavesTheFileUnchanged() throws Exception {
        Path image = floppy("snapshot", "diskwrite-halt.bin");
        byte[] before = Files.readAllBytes(image);
        Process p = start("snapshot", image, List.of("--snapshot"));
        assertEquals(0, finish(p, "snapshot"), "exit status");
        assertTrue(e9("snapshot").contains(WRITTEN), "the guest read its write back: " + e9("snapshot"));
        assertTrue(Arrays.equals(before, Files.readAllBytes(image)), "the image file is unchanged");
    }

    /** A 1.44 MB floppy image in its own folder with {@code bootSector} in sector 0, the rest zero. */
    private static Path floppy(String name, String bootSector) throws IOException {
        Path dir = KEEP.resolve(name);
        Files.createDirectories(dir);
        byte[] image = new byte[1_474_560];
        byte[] boot = Files.readAllBytes(GUESTS.resolve(bootSector));
        System.arraycopy(boot, 0, image, 0, boot.length);
        Path file = dir.resolve("floppy.img");
        Files.write(file, image);
        return file;
    }

    private static Process start(String name, Path image, List<String> extra) throws IOException {
        Path dir = KEEP.resolve(name);
        Files.deleteIfExists(dir.resolve("e9.txt"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TESSERA.toString(), "run", "--fda", image.toString(), "--debugcon", dir.resolve("e9.txt").toString(),
                "--max-seconds", "60"));
        command.addAll(extra);
        return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
    }

    private static int finish(Process p, String name) throws Exception {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + ": the machine did not end");
        }
        return p.exitValue();
    }

    private static String e9(String name) throws IOException {
        Path f = KEEP.resolve(name).resolve("e9.txt");
        return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "";
    }

    private static byte[] pattern() {
        byte[] b = new byte[512];
        for (int i = 0; i < 512; i++) {
            b[i] = (byte) (i * 7 + 0x5A);
        }
        return b;
    }

    private static byte[] sector2(Path image) throws IOException {
        return Arrays.copyOfRange(Files.readAllBytes(image), 512, 1024);
    }
}
