package org.tessera.dev.ioports.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the debug console on port E9h (PID {@value DebugConsoleComponent#PID}). */
@ObjectClassDefinition(id = DebugConsoleComponent.PID, name = "Tessera debug console (port E9h)",
        description = "Where the bytes the guest writes to port E9h go; they are also kept in memory.")
public @interface DebugConsoleConfig {

    /** {@code stdout}, {@code none}, or a file path. */
    @AttributeDefinition(name = "Sink",
            description = "stdout (standard output), none (memory only), or the path of a file, "
                    + "created or truncated when the console starts.")
    String sink() default "stdout";
}
