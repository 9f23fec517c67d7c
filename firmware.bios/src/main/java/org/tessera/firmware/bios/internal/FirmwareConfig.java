package org.tessera.firmware.bios.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the firmware images (PID {@value FirmwareImages#PID}). */
@ObjectClassDefinition(name = "Tessera firmware images",
        description = "A system BIOS image (the Bochs BIOS, SeaBIOS) and an ISA VGA BIOS loaded from files, in place of the built-in BIOS.")
@interface FirmwareConfig {

    /** The system BIOS image: mapped below 4 GiB and its last 128 KiB (at most) below 1 MiB. */
    @AttributeDefinition(required = false,
            description = "System BIOS image file: a whole number of 64 KiB, at most 16 MiB. It ends at 4 GiB; its last "
                    + "128 KiB (all of it if smaller) also end at 1 MiB (a 64 KiB image at F0000h, 128 KiB at E0000h).")
    String bios() default "";

    /** An option ROM at C0000h: the VGA card's BIOS. */
    @AttributeDefinition(required = false,
            description = "VGA BIOS image file, mapped at C0000h as the VGA card's option ROM (at most 128 KiB).")
    String vgabios() default "";
}
