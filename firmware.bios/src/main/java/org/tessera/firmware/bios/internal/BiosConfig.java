package org.tessera.firmware.bios.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Tessera BIOS", description = "The built-in BIOS: a ROM at F0000h whose services trap to Java.")
@interface BiosConfig {

    @AttributeDefinition(description = "Boot order: drive letters, a (floppy fd0) and c (disk hd0), comma separated.")
    String boot() default "a,c";

    @AttributeDefinition(description = "Whether the ROM and the trap port are present (false: load another BIOS with --rom).")
    boolean enabled() default true;

    /**
     * Text typed on the keyboard, a character each time the guest waits for a key through
     * INT 16h (the launcher's {@code --type} when the BIOS boots the machine).
     */
    @AttributeDefinition(description = "Text typed on the keyboard, a character each time the guest waits for a key (INT 16h)")
    String type() default "";
}
