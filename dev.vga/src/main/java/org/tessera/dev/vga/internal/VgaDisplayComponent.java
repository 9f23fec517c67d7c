package org.tessera.dev.vga.internal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.display.Frame;
import org.tessera.machine.api.display.TextScreen;

/**
 * The VGA's display: renders frames on demand from the hardware state the VGA core registers as
 * a service. Every call renders inside the hardware state's lock (the lock the CPU-side accesses
 * take too), so a frame is one moment of the guest's screen.
 *
 * <p>Blinking (text characters, the cursor) counts the frames rendered by this display: the
 * first frame shows the cursor and blinking characters; a consumer repainting at about 60 Hz sees
 * them blink at about the rate of the real hardware's 70 Hz frames.
 */
@Component(service = Display.class)
public final class VgaDisplayComponent implements Display {

    private final VgaHardware hw;
    private final VgaRenderer renderer = new VgaRenderer();
    private final AtomicLong frames = new AtomicLong();

    @Activate
    public VgaDisplayComponent(@Reference(service = VgaHardware.class) VgaHardware hw) {
        this.hw = hw;
    }

    @Override
    public Frame frame() {
        long n = frames.getAndIncrement();
        synchronized (hw) {
            return renderer.render(hw, n);
        }
    }

    @Override
    public Optional<TextScreen> textScreen() {
        synchronized (hw) {
            return renderer.textScreen(hw);
        }
    }
}
