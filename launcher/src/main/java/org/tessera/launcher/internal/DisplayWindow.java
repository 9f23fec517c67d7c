package org.tessera.launcher.internal;

import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.display.Frame;

/**
 * {@code --display window}: a Swing window that shows the machine's screen live. A Swing timer
 * asks the display for a frame about 60 times a second (the VGA renders on demand, never per guest
 * access) and paints it scaled to the window. The display is looked up on every tick, so a video
 * bundle replaced while the machine runs shows again as soon as it is back.
 *
 * <p>Closing the window runs the close action (the run command pauses the machine, which ends
 * the run with its report) and disposes the window.
 */
final class DisplayWindow implements AutoCloseable {

    /** Milliseconds between repaints: about 60 Hz. */
    static final int REPAINT_MILLIS = 16;

    private final Supplier<Display> display;
    private final Runnable onClose;
    private JFrame window;
    private Timer timer;
    private volatile BufferedImage image;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    private DisplayWindow(Supplier<Display> display, Runnable onClose) {
        this.display = display;
        this.onClose = onClose;
    }

    /** True if this JVM can open windows. */
    static boolean available() {
        return !GraphicsEnvironment.isHeadless();
    }

    /**
     * Opens the window (on the Swing thread; returns once it is shown).
     *
     * @param display the display now (null while there is none)
     * @param title the window's title
     * @param onClose run on the Swing thread when the user closes the window
     */
    static DisplayWindow open(Supplier<Display> display, String title, Runnable onClose)
            throws InterruptedException {
        DisplayWindow w = new DisplayWindow(display, onClose);
        try {
            SwingUtilities.invokeAndWait(() -> w.build(title));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the display window could not be opened: " + e.getCause(), e.getCause());
        }
        return w;
    }

    private void build(String title) {
        refresh();
        JComponent screen = new JComponent() {
            @Override
            protected void paintComponent(Graphics g) {
                BufferedImage img = image;
                if (img == null) {
                    g.setColor(java.awt.Color.BLACK);
                    g.fillRect(0, 0, getWidth(), getHeight());
                    return;
                }
                Graphics2D g2 = (Graphics2D) g;
                g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g2.drawImage(img, 0, 0, getWidth(), getHeight(), null);
            }
        };
        screen.setPreferredSize(initialSize(image));
        screen.setFocusable(true);
        // The keyboard controller (platform issue) attaches here: a KeyListener on this component
        // that turns key presses and releases into scan codes for the 8042.
        window = new JFrame(title);
        window.setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        window.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                close();
                onClose.run();
            }
        });
        window.getContentPane().add(screen);
        window.pack();
        window.setLocationByPlatform(true);
        window.setVisible(true);
        timer = new Timer(REPAINT_MILLIS, e -> {
            refresh();
            screen.repaint();
        });
        timer.start();
    }

    /** Renders the current frame into the image (reused while the size stays). */
    private void refresh() {
        Display d = display.get();
        if (d == null) {
            return;
        }
        Frame frame;
        try {
            frame = d.frame();
        } catch (RuntimeException goingAway) {
            return; // the video bundle is being replaced: keep the last picture until it is back
        }
        if (frame.width() == 0 || frame.height() == 0) {
            return;
        }
        BufferedImage img = image;
        if (img == null || img.getWidth() != frame.width() || img.getHeight() != frame.height()) {
            img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        }
        int[] target = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(frame.pixels(), 0, target, 0, target.length);
        image = img;
    }

    /**
     * The window's first size: the frame times the whole factor that makes it at least 640 pixels
     * wide, lines doubled where the frame is less than half as high as wide (640x200).
     */
    static Dimension initialSize(BufferedImage img) {
        if (img == null) {
            return new Dimension(640, 480);
        }
        int scale = Math.max(1, 640 / img.getWidth());
        int w = img.getWidth() * scale;
        int h = img.getHeight() * scale;
        if (h * 2 < w) {
            h *= 2;
        }
        return new Dimension(w, h);
    }

    /** Waits until the window is closed (by the user or {@link #close()}). */
    void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops repainting and disposes the window (any thread; idempotent). */
    @Override
    public void close() {
        closed.countDown();
        Runnable dispose = () -> {
            if (timer != null) {
                timer.stop();
            }
            if (window != null) {
                window.dispose();
            }
        };
        if (SwingUtilities.isEventDispatchThread()) {
            dispose.run();
        } else {
            SwingUtilities.invokeLater(dispose);
        }
    }
}
