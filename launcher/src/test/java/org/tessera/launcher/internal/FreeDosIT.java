package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * FreeDOS boots on the built-in BIOS as a person would run it: the images of {@code ../shared/guests}
 * (unpacked into {@code target}, read in place otherwise), attached with {@code --snapshot} so that
 * they stay unchanged, keys typed with {@code --type}, the run stopped with {@code --until} once the
 * last command has answered, the screen taken with {@code --text-screen}. Skipped with a message when
 * {@code ../shared} is absent.
 */
class FreeDosIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path SHARED = Path.of("..", "..", "shared", "guests").toAbsolutePath().normalize();
    private static final Path KEEP = Path.of("target", "freedos").toAbsolutePath();

    /** The floppy boots to A:\> and answers {@code ver /r} and {@code dir}. */
    @Test
    void theBootFloppyBootsToThePromptAndRunsCommands() throws Exception {
        Path image = unpack("freedos.boot.disk.1.4MB.img");
        String screen = boot("floppy", List.of("--fda", image.toString(), "--boot", "a"));
        assertTrue(screen.contains("A:\\>ver /r"), "the prompt and the command:\n" + screen);
        assertTrue(screen.contains("FreeDOS kernel version 0.0.40"), "ver /r:\n" + screen);
        assertTrue(screen.contains("KERNEL   SYS") && screen.contains("bytes free"), "dir listed the files:\n" + screen);
    }

    /** The hard disk boots from C: the same way. */
    @Test
    void theHardDiskBootsFromC() throws Exception {
        Path image = unpack("freedos-hd32m.img");
        String screen = boot("harddisk", List.of("--hda", image.toString(), "--boot", "c"));
        assertTrue(screen.contains("C:\\>ver /r"), "the prompt:\n" + screen);
        assertTrue(screen.contains("FreeDOS kernel version 0.0.40"), "ver /r:\n" + screen);
        assertTrue(screen.contains("COMMAND  COM") && screen.contains("bytes free"), "dir listed the files:\n" + screen);
    }

    private String boot(String name, List<String> disks) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(TESSERA), "skipped: target/tessera.jar is not built ('mvn package' exports it)");
        Path dir = KEEP.resolve(name);
        Files.createDirectories(dir);
        Path screen = dir.resolve("screen.txt");
        Files.deleteIfExists(screen);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TESSERA.toString(), "run"));
        command.addAll(disks);
        // the leading Enter: on the hard disk, AUTOEXEC writes to COM1 while polling the keyboard
        // for Ctrl-C, and the first key the BIOS types then may be taken by that check
        command.addAll(List.of("--snapshot", "--type", "\\rver /r\\rdir\\r", "--until", "bytes free", "--text-screen",
                screen.toString(), "--max-seconds", "120"));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + ": the machine did not stop within 180 s");
        }
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, p.exitValue(), name + ": " + out + Files.readString(dir.resolve("err.txt")));
        assertTrue(out.contains("found \"bytes free\""), name + ": the run stopped on the dir listing: " + out);
        return Files.readString(screen, StandardCharsets.UTF_8);
    }

    /** The gzipped image unpacked into target (once). */
    private static Path unpack(String name) throws IOException {
        Path gz = SHARED.resolve(name + ".gz");
        assumeTrue(Files.isRegularFile(gz), "skipped: " + gz + " is absent (the shared guest images)");
        Path out = KEEP.resolve(name);
        if (!Files.isRegularFile(out)) {
            Files.createDirectories(KEEP);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz)); OutputStream o = Files.newOutputStream(out)) {
                in.transferTo(o);
            }
        }
        return out;
    }
}
