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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FreeDOS boots as a person would run it, on the built-in BIOS and on real firmware (the Bochs BIOS
 * with the LGPL VGA BIOS, from Debian's {@code bochsbios} and {@code vgabios}, which {@code .ci/run}
 * installs): the images of {@code ../shared/guests} (unpacked into {@code target}, read in place
 * otherwise), attached with {@code --snapshot} so that they stay unchanged, keys typed with
 * {@code --type}, the run stopped with {@code --until} once the last command has answered, the
 * screen taken with {@code --text-screen}. With real firmware its own messages
 * ({@code --firmware-log}) show that it ran: the Bochs BIOS's 32-bit part and the VGA BIOS. Skipped
 * with a message when {@code ../shared} or the firmware files are absent.
 */
class FreeDosIT {

    private static final Path BOCHS_BIOS = Path.of("/usr/share/bochs/BIOS-bochs-latest");
    private static final Path LGPL_VGA_BIOS = Path.of("/usr/share/vgabios/vgabios.bin");
    private static final Path SEABIOS = Path.of("/usr/share/seabios/bios.bin");
    private static final Path SEAVGABIOS = Path.of("/usr/share/seabios/vgabios-isavga.bin");

    /**
     * The firmware a run boots on: the built-in BIOS, the Bochs BIOS with the LGPL VGA BIOS, or
     * SeaBIOS with SeaVGABIOS for an ISA VGA (which SeaBIOS takes from fw_cfg).
     */
    static List<String> firmware() {
        return List.of("builtin", "bochs", "seabios");
    }

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path SHARED = Path.of("..", "..", "shared", "guests").toAbsolutePath().normalize();
    private static final Path KEEP = Path.of("target", "freedos").toAbsolutePath();

    /** The floppy boots to A:\> and answers {@code ver /r} and {@code dir}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("firmware")
    void theBootFloppyBootsToThePromptAndRunsCommands(String firmware) throws Exception {
        Path image = unpack("freedos.boot.disk.1.4MB.img");
        String screen = boot("floppy", firmware, List.of("--fda", image.toString(), "--boot", "a"));
        assertTrue(screen.contains("A:\\>ver /r"), "the prompt and the command:\n" + screen);
        assertTrue(screen.contains("FreeDOS kernel version 0.0.40"), "ver /r:\n" + screen);
        assertTrue(screen.contains("KERNEL   SYS") && screen.contains("bytes free"), "dir listed the files:\n" + screen);
    }

    /** The hard disk boots from C: the same way. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("firmware")
    void theHardDiskBootsFromC(String firmware) throws Exception {
        Path image = unpack("freedos-hd32m.img");
        String screen = boot("harddisk", firmware, List.of("--hda", image.toString(), "--boot", "c"));
        assertTrue(screen.contains("C:\\>ver /r"), "the prompt:\n" + screen);
        assertTrue(screen.contains("FreeDOS kernel version 0.0.40"), "ver /r:\n" + screen);
        assertTrue(screen.contains("COMMAND  COM") && screen.contains("bytes free"), "dir listed the files:\n" + screen);
    }

    private String boot(String disk, String firmware, List<String> disks) throws IOException, InterruptedException {
        assumeTrue(Files.isRegularFile(TESSERA), "skipped: target/tessera.jar is not built ('mvn package' exports it)");
        String name = disk + "-" + firmware;
        Path dir = KEEP.resolve(name);
        Files.createDirectories(dir);
        Path screen = dir.resolve("screen.txt");
        Files.deleteIfExists(screen);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TESSERA.toString(), "run"));
        command.addAll(disks);
        Path log = dir.resolve("firmware.log");
        if (!firmware.equals("builtin")) {
            boolean bochs = firmware.equals("bochs");
            Path bios = bochs ? BOCHS_BIOS : SEABIOS;
            Path vga = bochs ? LGPL_VGA_BIOS : SEAVGABIOS;
            for (Path f : List.of(bios, vga)) {
                assumeTrue(Files.isRegularFile(f), "skipped: " + f + " is not installed (Debian: apt-get install "
                        + (bochs ? "bochsbios vgabios" : "seabios") + ")");
            }
            Files.deleteIfExists(log);
            command.addAll(List.of("--bios", bios.toString(), "--vgabios", vga.toString(), "--firmware-log", log.toString()));
        }
        // the leading Enter: the kernel of the hard disk polls the keyboard for F5/F8 at boot, just as
        // DOS polls at its prompt, and takes the first key typed then
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
        if (!firmware.equals("builtin")) {
            String messages = Files.readString(log);
            if (firmware.equals("bochs")) {
                assertTrue(messages.contains("bios: Starting rombios32") && messages.contains("vgabios: VGABios")
                        && messages.contains("vendor_id=0x8086 device_id=0x1237"),
                        name + ": the Bochs BIOS (its 32-bit part found the i440FX) and the VGA BIOS ran:\n" + messages);
            } else {
                assertTrue(messages.contains("bios: Found 3 PCI devices") && messages.contains("Start SeaVGABIOS")
                        && messages.contains("RamSize: 0x01000000"),
                        name + ": SeaBIOS (PCI, shadow RAM) and SeaVGABIOS ran:\n" + messages);
            }
        }
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
