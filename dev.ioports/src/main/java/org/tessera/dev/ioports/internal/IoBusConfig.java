package org.tessera.dev.ioports.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the IO bus (PID {@value IoBusComponent#PID}). */
@ObjectClassDefinition(id = IoBusComponent.PID, name = "Tessera IO bus",
        description = "The IO address space: port handler whiteboard and hot swap of port devices.")
public @interface IoBusConfig {

    /** Default of {@link #swapTimeoutMillis()}. */
    long DEFAULT_SWAP_TIMEOUT_MILLIS = 2000;

    /** How long an IN/OUT to a device being swapped waits for its replacement. */
    @AttributeDefinition(name = "Swap timeout (ms)", min = "0",
            description = "How long an IN or OUT to a port device that is being replaced waits for the new "
                    + "instance; after that the access behaves as if the port were unclaimed.")
    long swapTimeoutMillis() default DEFAULT_SWAP_TIMEOUT_MILLIS;
}
