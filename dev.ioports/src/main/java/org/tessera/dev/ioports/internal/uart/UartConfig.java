package org.tessera.dev.ioports.internal.uart;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of COM1 (PID {@value UartComponent#PID}). */
@ObjectClassDefinition(id = UartComponent.PID, name = "Tessera COM1 (16550A UART at 3F8h, IRQ4)",
        description = "Where the bytes the guest sends on COM1 go, and where received bytes come from.")
public @interface UartConfig {

    /** {@code stdout} (or {@code -}), {@code none}, a file path, or {@code tcp:PORT}. */
    @AttributeDefinition(name = "Sink",
            description = "stdout (or -), none (dropped), the path of a file (created or truncated), or "
                    + "tcp:PORT: a server on 127.0.0.1:PORT for one client whose bytes the UART receives.")
    String sink() default "none";
}
