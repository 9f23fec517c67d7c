package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Window;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.display.Frame;
import org.tessera.machine.api.display.TextScreen;

/**
 * The live window. Needs a desktop: skipped on a headless JVM (run under {@code xvfb-run} to
 * exercise it without one).
 */
class DisplayWindowTest {

    @Test
    void repaintsFromTheDisplayAndClosingRunsTheCloseAction() throws Exception {
        assumeTrue(DisplayWindow.available(), "no desktop (headless JVM): the window cannot be shown");
        AtomicInteger frames = new AtomicInteger();
        Display display = new Display() {
            @Override
            public Frame frame() {
                frames.incrementAndGet();
                int[] p = new int[320 * 200];
                Arrays.fill(p, 0x00AA00);
                return new Frame(320, 200, p);
            }

            @Override
            public Optional<TextScreen> textScreen() {
                return Optional.empty();
            }
        };
        CountDownLatch closedByUser = new CountDownLatch(1);
        DisplayWindow window = DisplayWindow.open(() -> display, "test", closedByUser::countDown);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (frames.get() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(frames.get() >= 3, "the timer asks for frames again and again: " + frames.get());

        JFrame frame = (JFrame) Arrays.stream(Window.getWindows())
                .filter(w -> w instanceof JFrame f && "test".equals(f.getTitle()) && f.isDisplayable())
                .findFirst().orElseThrow();
        BufferedImage shot = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
        SwingUtilities.invokeAndWait(() -> frame.getContentPane().getComponent(0).paint(shot.getGraphics()));
        assertEquals(0x00AA00, shot.getRGB(639, 399) & 0xFFFFFF, "the frame scaled to the window");

        SwingUtilities.invokeAndWait(() -> frame.dispatchEvent(new WindowEvent(frame, WindowEvent.WINDOW_CLOSING)));
        assertTrue(closedByUser.await(5, TimeUnit.SECONDS));
        window.awaitClosed();
        SwingUtilities.invokeAndWait(() -> { });
        assertFalse(frame.isDisplayable(), "disposed");
        int after = frames.get();
        Thread.sleep(100);
        assertEquals(after, frames.get(), "no more frames once closed");
    }
}
