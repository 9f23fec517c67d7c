package org.tessera.launcher.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.display.Frame;

/**
 * The Gogo command {@code screenshot FILE.png} (scope {@code tessera}): writes the frame the
 * machine's display shows now, while it runs or paused. The display is a dynamic, optional
 * reference: a video bundle replaced by hot reload is picked up at once.
 */
@Component(service = DisplayCommands.class, property = {
    "osgi.command.scope=tessera",
    "osgi.command.function=screenshot"
})
public final class DisplayCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Display display;

    /** @return where the picture went and its size */
    @Descriptor("write the current screen as a PNG image: screenshot FILE.png")
    public String screenshot(@Descriptor("FILE.png") String file) {
        Path path;
        try {
            path = ArgumentParser.screenshotFile(file);
        } catch (UsageException e) {
            throw new IllegalArgumentException(e.getMessage().replace("--screenshot", "screenshot"), e);
        }
        Display d = display;
        if (d == null) {
            throw new IllegalArgumentException("no display (dev.vga is not part of this machine, or is being replaced)");
        }
        return write(d, path);
    }

    /** Renders a frame of {@code display} into {@code file}; the text says where and how big. */
    static String write(Display display, Path file) {
        Frame frame = display.frame();
        try {
            FramePng.write(frame, file);
        } catch (IOException e) {
            throw new IllegalArgumentException("screenshot: cannot write " + file + ": " + e.getMessage(), e);
        }
        return "screenshot: " + file + " (" + frame.width() + "x" + frame.height() + ")";
    }
}
