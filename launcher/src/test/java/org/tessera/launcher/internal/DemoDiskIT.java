package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The built-in demo disk on the exported machine, run as the README's first command runs it:
 * {@code java -jar tessera.jar run} with no program and no disk boots it on the built-in BIOS. The
 * runs keep their files in {@code target/demodisk-it} for a look when a test fails.
 */
class DemoDiskIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path DIR = Path.of("target", "demodisk-it").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 120;

    /** The lines the demo disk sends on COM1, in order (each ends with CR LF). */
    private static final List<String> COM1_LINES = List.of(
            "Tessera demo disk: booted by the BIOS",
            "Tessera demo disk: text mode 03h, 80x25, 16 colours",
            "Tessera demo disk: drawn in mode 12h, 640x480, 16 colours",
            "Tessera demo disk: back in text mode 03h",
            "Tessera demo disk: the machine works; halting");

    private record Result(int status, String out) {
    }

    private static Result run(String name, String... options) throws IOException, InterruptedException {
        Path dir = DIR.resolve(name);
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", TESSERA.toString(), "run"));
        command.addAll(List.of(options));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + ": the machine did not end within " + TIMEOUT_SECONDS + " s");
        }
        String out = Files.readString(dir.resolve("out.txt"));
        Result r = new Result(p.exitValue(), out);
        assertEquals(MainCommand.EXIT_OK, r.status(), name + ": exit " + p.exitValue() + "\n--- stdout\n" + out
                + "--- stderr\n" + Files.readString(dir.resolve("err.txt")));
        assertTrue(out.contains("\n" + DemoDisk.BOOTING + "\n"), out);
        return r;
    }

    private static Path fresh(String name, String file) throws IOException {
        Path path = DIR.resolve(name).resolve(file);
        Files.createDirectories(path.getParent());
        Files.deleteIfExists(path);
        return path;
    }

    /**
     * The whole run: the COM1 lines exactly, the final text screen's closing message, and the end
     * on the guest's CLI; HLT.
     */
    @Test
    void bootsRunsToItsEndAndSaysSoOnCom1AndOnTheScreen() throws Exception {
        Path com1 = fresh("whole", "com1.txt");
        Path screen = fresh("whole", "screen.txt");
        Result r = run("whole", "--serial", com1.toString(), "--text-screen", screen.toString(), "--max-seconds", "60");
        assertTrue(r.out().contains("machine halted: HLT with interrupts disabled"), r.out());
        assertFalse(r.out().contains("Tessera demo disk:"), "COM1 goes to the file, not to stdout:\n" + r.out());
        assertEquals(String.join("\r\n", COM1_LINES) + "\r\n", Files.readString(com1, StandardCharsets.ISO_8859_1));
        String text = Files.readString(screen, StandardCharsets.UTF_8);
        assertTrue(text.contains("Tessera demo disk: done"), text);
        assertTrue(text.contains("the machine works; see README.md"), text);
        assertTrue(text.contains("╔═════"), "the box:\n" + text);
    }

    /**
     * The picture in mode 12h, taken while the demo disk waits after drawing: the run is paced to
     * the wall clock (the wait is 2 s) and stops once COM1 says the picture is drawn.
     */
    @Test
    void drawsColourBarsAndShapesInMode12h() throws Exception {
        Path com1 = fresh("graphics", "com1.txt");
        Path png = fresh("graphics", "mode12h.png");
        Result r = run("graphics", "--serial", com1.toString(), "--realtime", "--until", "drawn in mode 12h",
                "--screenshot", png.toString(), "--max-seconds", "60");
        assertTrue(r.out().contains("screenshot: " + png + " (640x480)"), r.out());
        BufferedImage shot = ImageIO.read(png.toFile());
        assertEquals(640, shot.getWidth());
        assertEquals(480, shot.getHeight());
        // the background (colour 1 through the map mask) and the white frame
        assertPixel(shot, 320, 20, 0x0000AA);
        assertPixel(shot, 320, 4, 0xFFFFFF);
        assertPixel(shot, 4, 300, 0xFFFFFF);
        // the 16 bars of 40 pixels, lines 40-199, in the default palette
        int[] palette = {0x000000, 0x0000AA, 0x00AA00, 0x00AAAA, 0xAA0000, 0xAA00AA, 0xAA5500, 0xAAAAAA,
            0x555555, 0x5555FF, 0x55FF55, 0x55FFFF, 0xFF5555, 0xFF55FF, 0xFFFF55, 0xFFFFFF};
        for (int i = 0; i < 16; i++) {
            assertPixel(shot, 40 * i + 20, 120, palette[i]);
        }
        // the yellow disc, the green square, the magenta triangle and the blue between them
        assertPixel(shot, 150, 340, 0xFFFF55);
        assertPixel(shot, 150, 262, 0xFFFF55);
        assertPixel(shot, 348, 340, 0x55FF55);
        assertPixel(shot, 530, 370, 0xFF55FF);
        assertPixel(shot, 530, 285, 0x0000AA);
        assertPixel(shot, 250, 340, 0x0000AA);
        List<String> lines = Files.readAllLines(com1, StandardCharsets.ISO_8859_1);
        assertEquals(COM1_LINES.subList(0, 3), lines.stream().map(String::strip).toList());
    }

    private static void assertPixel(BufferedImage shot, int x, int y, int rgb) {
        assertEquals(String.format("%06X", rgb), String.format("%06X", shot.getRGB(x, y) & 0xFFFFFF),
                "the pixel at (" + x + ", " + y + ")");
    }
}
