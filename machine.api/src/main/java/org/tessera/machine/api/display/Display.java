package org.tessera.machine.api.display;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A video device's output. Frames are produced on demand, when asked, from the device's state
 * (not per guest access). Thread safe: callers on any thread get a consistent picture of one
 * moment.
 */
@ProviderType
public interface Display {

    /** Renders the current picture at the mode's own resolution. */
    Frame frame();

    /** The text screen if a text mode is active, empty in graphics modes. */
    Optional<TextScreen> textScreen();
}
