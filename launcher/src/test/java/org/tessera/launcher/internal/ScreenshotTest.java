package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.display.Frame;
import org.tessera.machine.api.display.TextScreen;

/** {@code --screenshot}, {@code --display}, the PNG writer and the screenshot command. */
class ScreenshotTest {

    @TempDir
    Path dir;

    private final ArgumentParser parser = new ArgumentParser();

    private LaunchOptions parse(String... args) throws UsageException {
        return parser.parse(List.of(args));
    }

    private String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    /** A display whose frame is a fixed picture (a gradient with a marker), counting its renders. */
    private static final class FixedDisplay implements Display {
        final int width;
        final int height;
        int frames;

        FixedDisplay(int width, int height) {
            this.width = width;
            this.height = height;
        }

        @Override
        public Frame frame() {
            frames++;
            int[] p = new int[width * height];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    p[y * width + x] = (x & 0xFF) << 16 | (y & 0xFF) << 8 | ((x ^ y) & 0xFF);
                }
            }
            p[0] = 0xFFFFFF;
            return new Frame(width, height, p);
        }

        @Override
        public Optional<TextScreen> textScreen() {
            return Optional.empty();
        }
    }

    @Test
    void screenshotOptionTakesAPngPathInAnExistingFolder() throws Exception {
        Path png = dir.resolve("final.png");
        LaunchOptions o = parse("run", "--demo", "--screenshot", png.toString());
        assertEquals(png, o.screenshot());
        assertTrue(o.needsDisplay());
        assertEquals(LaunchOptions.DisplayMode.HEADLESS, o.display());
        assertEquals(png, parse("run", "--screenshot=" + png).screenshot());

        assertTrue(error("run", "--screenshot", dir.resolve("x.txt").toString()).contains("must end in .png"));
        assertTrue(error("run", "--screenshot", dir.resolve("none/x.png").toString()).contains("does not exist"));
        assertTrue(error("run", "--screenshot", png.toString(), "--screenshot", png.toString()).contains("twice"));
        assertTrue(error("run", "--screenshot").contains("needs a value"));
        assertNull(parse("run", "--demo").screenshot());
        assertFalse(parse("run", "--demo").needsDisplay());
    }

    @Test
    void displayOptionIsWindowOrHeadless() throws Exception {
        assertEquals(LaunchOptions.DisplayMode.WINDOW, parse("run", "--display", "window").display());
        assertEquals(LaunchOptions.DisplayMode.HEADLESS, parse("run", "--display=headless").display());
        assertTrue(parse("shell", "--display", "WINDOW").needsDisplay());
        assertTrue(error("run", "--display", "vga").contains("window or headless"));
        assertTrue(error("run", "--display", "window", "--display", "window").contains("twice"));
    }

    @Test
    void screenshotWritesThePngOfTheFrameAtItsOwnSize() throws Exception {
        Path png = parse("run", "--demo", "--screenshot", dir.resolve("text.png").toString()).screenshot();
        FixedDisplay display = new FixedDisplay(720, 400);
        String said = DisplayCommands.write(display, png);
        assertEquals("screenshot: " + png + " (720x400)", said);
        assertEquals(1, display.frames);
        Frame back = FramePng.read(png);
        assertEquals(720, back.width());
        assertEquals(400, back.height());
        assertArrayEquals(new FixedDisplay(720, 400).frame().pixels(), back.pixels());
        assertNull(FrameComparison.differences(png, new FixedDisplay(720, 400).frame()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(png), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void comparisonNamesTheFirstDifferenceAndSizeMismatches() throws IOException {
        Frame a = new FixedDisplay(320, 200).frame();
        int[] changed = a.pixels().clone();
        changed[201 * 1 + 5] ^= 0x010000;
        changed[320 * 7 + 3] = 0;
        Frame b = new Frame(320, 200, changed);
        String diff = FrameComparison.differences(a, b);
        assertTrue(diff.startsWith("2 of 64000 pixels differ; the first at (206,0)"), diff);
        assertEquals("size 640x200, expected 320x200", FrameComparison.differences(a, new FixedDisplay(640, 200).frame()));
        assertNull(FrameComparison.differences(a, new FixedDisplay(320, 200).frame()));
    }

    @Test
    void screenshotCommandChecksItsArgumentAndTheDisplay() {
        DisplayCommands commands = new DisplayCommands();
        IllegalArgumentException noDisplay = assertThrows(IllegalArgumentException.class,
                () -> commands.screenshot(dir.resolve("s.png").toString()));
        assertTrue(noDisplay.getMessage().contains("no display"));
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> commands.screenshot(dir.resolve("s.bmp").toString()));
        assertTrue(badName.getMessage().startsWith("screenshot writes a PNG image"), badName.getMessage());
    }

    @Test
    void emptyFrameIsRefused() {
        assertThrows(IOException.class, () -> FramePng.write(new Frame(0, 0, new int[0]), dir.resolve("e.png")));
    }

    @Test
    void windowSizeIsAWholeMultipleOfTheFrame() {
        assertEquals(new java.awt.Dimension(720, 400),
                DisplayWindow.initialSize(new java.awt.image.BufferedImage(720, 400, java.awt.image.BufferedImage.TYPE_INT_RGB)));
        assertEquals(new java.awt.Dimension(640, 400),
                DisplayWindow.initialSize(new java.awt.image.BufferedImage(320, 200, java.awt.image.BufferedImage.TYPE_INT_RGB)));
        assertEquals(new java.awt.Dimension(640, 400),
                DisplayWindow.initialSize(new java.awt.image.BufferedImage(640, 200, java.awt.image.BufferedImage.TYPE_INT_RGB)));
    }
}
