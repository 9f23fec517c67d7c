package org.tessera.dev.ioports.internal.bochs;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the Bochs firmware ports (PID {@value BochsPortsComponent#PID}). */
@ObjectClassDefinition(id = BochsPortsComponent.PID, name = "Tessera firmware log (Bochs BIOS ports)",
        description = "Where the lines the Bochs BIOS, the LGPL VGA BIOS and SeaBIOS write to ports 400h-403h and "
                + "500h-503h go.")
public @interface FirmwareLogConfig {

    /** {@code none}, {@code -} (standard output) or a file path. */
    @AttributeDefinition(name = "Output",
            description = "none (the lines are logged at DEBUG), - or stdout (standard output), or the path of a "
                    + "file, created or truncated when the device starts. Panics are logged as warnings whatever "
                    + "this says.")
    String output() default "none";
}
