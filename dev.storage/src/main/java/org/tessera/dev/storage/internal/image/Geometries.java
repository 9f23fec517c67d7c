package org.tessera.dev.storage.internal.image;

import org.tessera.machine.api.storage.Drive;
import org.tessera.machine.api.storage.Drive.Geometry;

/** Geometry from an image's size: the PC floppy formats, and the usual 16-head 63-sector disk translation. */
final class Geometries {

    /** The floppy formats by size: 160K, 180K, 320K, 360K, 720K, 1.2M, 1.44M, 2.88M. */
    static final Geometry[] FLOPPIES = {
        new Geometry(40, 1, 8), new Geometry(40, 1, 9), new Geometry(40, 2, 8), new Geometry(40, 2, 9),
        new Geometry(80, 2, 9), new Geometry(80, 2, 15), new Geometry(80, 2, 18), new Geometry(80, 2, 36),
    };

    /** Heads of the hard disk translation. */
    static final int HD_HEADS = 16;
    /** Sectors per track of the hard disk translation. */
    static final int HD_SECTORS = 63;
    /** The most cylinders the translation reports (ATA's CHS limit). */
    static final int HD_MAX_CYLINDERS = 16383;

    private Geometries() {
    }

    /** The floppy format of an image of {@code bytes}, or null if it is none of them. */
    static Geometry floppy(long bytes) {
        for (Geometry g : FLOPPIES) {
            if (g.sectors() * Drive.SECTOR_SIZE == bytes) {
                return g;
            }
        }
        return null;
    }

    /** The sizes {@link #floppy} knows, for messages. */
    static String floppySizes() {
        StringBuilder sb = new StringBuilder();
        for (Geometry g : FLOPPIES) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(g.sectors() * Drive.SECTOR_SIZE);
        }
        return sb.toString();
    }

    /**
     * The hard disk translation for {@code sectors}: 16 heads, 63 sectors, as many whole cylinders
     * as fit (at most 16383); sectors beyond them are reachable by LBA only. Null if not even one
     * cylinder fits.
     */
    static Geometry disk(long sectors) {
        long cylinders = sectors / (HD_HEADS * HD_SECTORS);
        if (cylinders < 1) {
            return null;
        }
        return new Geometry((int) Math.min(cylinders, HD_MAX_CYLINDERS), HD_HEADS, HD_SECTORS);
    }
}
