package org.tessera.dev.storage.internal.image;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One drive (factory PID {@value DriveComponent#PID}): a unit and its image. */
@ObjectClassDefinition(id = DriveComponent.PID, name = "Tessera drive",
        description = "A floppy drive or hard disk backed by a raw image file.")
public @interface DriveConfig {

    /** fd0, fd1 (floppy A:, B:), hd0 .. hd3 (ATA primary master, slave, secondary master, slave). */
    @AttributeDefinition(name = "Unit", description = "fd0, fd1, hd0, hd1, hd2 or hd3.")
    String unit();

    /** The raw image; empty for a floppy drive without a diskette. */
    @AttributeDefinition(name = "Image file", description = "Path of the raw image (empty: a floppy drive without a diskette).")
    String file() default "";

    /** Writes go to an in-memory overlay; the file is never written. */
    @AttributeDefinition(name = "Snapshot", description = "Writes go to memory only and are lost at stop.")
    boolean snapshot() default false;

    /** Writes are refused (a write-protected diskette). */
    @AttributeDefinition(name = "Read-only", description = "Refuse writes, as a write-protected disk.")
    boolean readOnly() default false;
}
