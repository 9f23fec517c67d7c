package org.tessera.dev.vga.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the VGA (PID {@value VgaDevice#PID}). A change re-creates the device; its state moves over. */
@ObjectClassDefinition(id = VgaDevice.PID, name = "Tessera VGA",
        description = "The VGA with the Bochs VBE extension: video memory size and where the linear framebuffer lies.")
public @interface VgaConfig {

    /** Video memory in bytes. */
    @AttributeDefinition(name = "Video memory",
            description = "Bytes of video memory: a multiple of 64 KiB from 256 KiB (the four VGA planes) to 256 MiB.")
    int vramSize() default VgaDevice.DEFAULT_VRAM;

    /** Physical address of the VBE linear framebuffer. */
    @AttributeDefinition(name = "Linear framebuffer base",
            description = "Physical address of the Bochs VBE linear framebuffer (its size is the video memory).")
    long lfbBase() default VgaDevice.DEFAULT_LFB_BASE;
}
