package org.tessera.machine.api.storage;

import java.io.IOException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A disk drive with its medium: a floppy drive or a hard disk backed by an image, provided by the
 * storage bundle as a service with the property {@link #UNIT}. The controllers (floppy, ATA) and
 * the firmware's disk services use it; addresses are logical block addresses of
 * {@link #SECTOR_SIZE}-byte sectors. Thread safe.
 */
@ProviderType
public interface Drive {

    /** Service property: the unit, {@code "fd0"}, {@code "fd1"} (floppy A:, B:), {@code "hd0"} .. {@code "hd3"} (ATA primary master, slave, secondary master, slave). */
    String UNIT = "tessera.drive.unit";

    /** Bytes per sector. */
    int SECTOR_SIZE = 512;

    /** The unit (see {@link #UNIT}). */
    String unit();

    /** Whether this is a floppy drive. */
    default boolean isFloppy() {
        return unit().startsWith("fd");
    }

    /** Whether a medium is in the drive (a floppy drive may be empty). */
    boolean hasMedium();

    /** The number of sectors on the medium (0 without one). */
    long sectors();

    /** The medium's geometry: cylinders, heads, sectors per track (for a floppy its format; for a disk the translated one the firmware reports). */
    Geometry geometry();

    /** Whether writes are refused (a write-protected floppy, a read-only image file). */
    boolean isReadOnly();

    /**
     * Reads {@code count} sectors from {@code lba} into {@code buffer} at {@code offset}.
     *
     * @throws IOException if the image cannot be read or the range is beyond the medium
     */
    void read(long lba, byte[] buffer, int offset, int count) throws IOException;

    /**
     * Writes {@code count} sectors at {@code lba} from {@code buffer} at {@code offset}: to the
     * image file, or with a snapshot to the copy-on-write overlay only.
     *
     * @throws IOException if the drive is read-only, the range is beyond the medium, or the image
     *     cannot be written
     */
    void write(long lba, byte[] buffer, int offset, int count) throws IOException;

    /** Makes the writes so far durable (the image file synced). */
    void flush() throws IOException;

    /**
     * Cylinders, heads and sectors per track.
     *
     * @param cylinders cylinders (tracks per side)
     * @param heads heads (sides)
     * @param sectorsPerTrack sectors per track (numbered from 1)
     */
    record Geometry(int cylinders, int heads, int sectorsPerTrack) {

        /** The LBA of a CHS address (sector numbered from 1), or -1 if it is outside the geometry. */
        public long lba(int cylinder, int head, int sector) {
            if (cylinder < 0 || cylinder >= cylinders || head < 0 || head >= heads || sector < 1 || sector > sectorsPerTrack) {
                return -1;
            }
            return ((long) cylinder * heads + head) * sectorsPerTrack + sector - 1;
        }

        /** Sectors the geometry covers. */
        public long sectors() {
            return (long) cylinders * heads * sectorsPerTrack;
        }
    }
}
