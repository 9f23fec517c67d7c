package org.tessera.dev.ioports.internal.cmos;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the CMOS/RTC (PID {@value CmosComponent#PID}). */
@ObjectClassDefinition(id = CmosComponent.PID, name = "Tessera CMOS/RTC (ports 70h-71h)",
        description = "The MC146818 real-time clock and the CMOS memory bytes the BIOS reads.")
public @interface CmosConfig {

    /** {@code host} or an ISO local date-time. */
    @AttributeDefinition(name = "Time at power-on",
            description = "host (the host's local time when the device starts) or an ISO local date-time such as "
                    + "2000-01-01T00:00:00, for reproducible runs; the clock then advances with machine time.")
    String time() default "host";

    /** Drive type of A: (none, 360K, 1.2M, 720K, 1.44M, 2.88M). */
    @AttributeDefinition(name = "Floppy A:", description = "none, 360K, 1.2M, 720K, 1.44M or 2.88M")
    String floppyA() default "1.44M";

    /** Drive type of B:. */
    @AttributeDefinition(name = "Floppy B:", description = "none, 360K, 1.2M, 720K, 1.44M or 2.88M")
    String floppyB() default "none";

    /** Number of hard disks (0-2). */
    @AttributeDefinition(name = "Hard disks", min = "0", max = "2",
            description = "Hard disks announced in byte 12h (as user-defined type 47, parameters from the BIOS).")
    int hardDisks() default 0;

    /** Boot order, up to three of floppy, disk, cdrom. */
    @AttributeDefinition(name = "Boot order",
            description = "Up to three of floppy, disk, cdrom separated by commas (bytes 3Dh and 38h).")
    String bootOrder() default "floppy,disk";

    /** Whether a math coprocessor is announced in the equipment byte. */
    @AttributeDefinition(name = "Math coprocessor", description = "Announce an x87 in the equipment byte 14h.")
    boolean fpu() default false;

    /** Extended memory in KiB, or -1 to take it from the memory bus's RAM. */
    @AttributeDefinition(name = "Extended memory (KiB)",
            description = "Memory above 1 MiB in KiB for bytes 17h/18h, 30h/31h, 34h/35h; -1 takes it from the RAM "
                    + "mapped at 1 MiB on the memory bus.")
    long extendedKb() default -1;
}
