package org.tessera.dev.storage.internal.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.tessera.machine.api.storage.Drive;

/**
 * A {@link Drive} backed by a raw image file: sector {@code n} at byte {@code n * 512}. Writes go to
 * the file with positional writes, or with a snapshot to an in-memory overlay of whole sectors
 * (the file is then never written and reads see the overlay first). A floppy unit may be empty (no
 * medium). Thread safe: every operation holds the drive's lock.
 */
public final class ImageDrive implements Drive {

    private static final Pattern UNITS = Pattern.compile("fd[01]|hd[0-3]");
    /** The format an empty floppy drive reports (a 1.44 MB drive). */
    private static final Geometry EMPTY_FLOPPY = new Geometry(80, 2, 18);

    private final String unit;
    private final Path file;
    private final FileChannel channel;
    private final long sectors;
    private final Geometry geometry;
    private final boolean readOnly;
    private final boolean snapshot;
    /** Guarded by this: sectors written with a snapshot. */
    private final Map<Long, byte[]> overlay = new HashMap<>();
    /** Guarded by this. */
    private boolean closed;

    private ImageDrive(String unit, Path file, FileChannel channel, long sectors, Geometry geometry,
            boolean readOnly, boolean snapshot) {
        this.unit = unit;
        this.file = file;
        this.channel = channel;
        this.sectors = sectors;
        this.geometry = geometry;
        this.readOnly = readOnly;
        this.snapshot = snapshot;
    }

    /** An empty floppy drive (no medium). */
    static ImageDrive empty(String unit) throws DriveImageException {
        checkUnit(unit);
        if (!unit.startsWith("fd")) {
            throw new DriveImageException("drive " + unit + ": a hard disk needs an image file");
        }
        return new ImageDrive(unit, null, null, 0, EMPTY_FLOPPY, true, false);
    }

    /**
     * Opens {@code file} as the medium of {@code unit}.
     *
     * @param snapshot writes go to memory only
     * @param readOnly writes are refused; an image file the process cannot write opens read-only too
     *     (unless a snapshot takes the writes)
     * @throws DriveImageException if the unit is unknown or the file is no usable image, with why
     */
    public static ImageDrive open(String unit, Path file, boolean snapshot, boolean readOnly) throws DriveImageException {
        checkUnit(unit);
        String what = "drive " + unit + ": image " + file;
        if (!Files.exists(file)) {
            throw new DriveImageException(what + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new DriveImageException(what + " is a directory, not an image file");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
            throw new DriveImageException(what + " is not a regular file");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DriveImageException(what + " cannot be read: " + e, e);
        }
        if (size == 0) {
            throw new DriveImageException(what + " is empty");
        }
        if (size % SECTOR_SIZE != 0) {
            throw new DriveImageException(what + " is truncated: " + size + " bytes is not a whole number of "
                    + SECTOR_SIZE + "-byte sectors");
        }
        long count = size / SECTOR_SIZE;
        Geometry geometry;
        if (unit.startsWith("fd")) {
            geometry = Geometries.floppy(size);
            if (geometry == null) {
                throw new DriveImageException(what + " has " + size + " bytes, no floppy format (known sizes: "
                        + Geometries.floppySizes() + ")");
            }
        } else {
            geometry = Geometries.disk(count);
            if (geometry == null) {
                throw new DriveImageException(what + " has " + size + " bytes, less than one cylinder of "
                        + Geometries.HD_HEADS + " heads and " + Geometries.HD_SECTORS + " sectors");
            }
        }
        boolean fileWrites = !readOnly && !snapshot;
        boolean writable = Files.isWritable(file);
        boolean refuse = readOnly || !writable && !snapshot;
        FileChannel channel;
        try {
            channel = fileWrites && writable
                    ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                    : FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException | SecurityException e) {
            throw new DriveImageException(what + " cannot be opened: " + e, e);
        }
        return new ImageDrive(unit, file, channel, count, geometry, refuse, snapshot);
    }

    private static void checkUnit(String unit) throws DriveImageException {
        if (unit == null || !UNITS.matcher(unit).matches()) {
            throw new DriveImageException("unknown drive unit '" + unit + "' (fd0, fd1, hd0, hd1, hd2, hd3)");
        }
    }

    @Override
    public String unit() {
        return unit;
    }

    /** The image file (null for an empty drive). */
    public Path file() {
        return file;
    }

    /** Whether writes go to memory only. */
    public boolean isSnapshot() {
        return snapshot;
    }

    @Override
    public boolean hasMedium() {
        return channel != null;
    }

    @Override
    public long sectors() {
        return sectors;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public boolean isReadOnly() {
        return readOnly;
    }

    @Override
    public synchronized void read(long lba, byte[] buffer, int offset, int count) throws IOException {
        check(lba, buffer, offset, count);
        for (int i = 0; i < count; i++) {
            long sector = lba + i;
            int at = offset + i * SECTOR_SIZE;
            byte[] over = overlay.get(sector);
            if (over != null) {
                System.arraycopy(over, 0, buffer, at, SECTOR_SIZE);
                continue;
            }
            ByteBuffer bb = ByteBuffer.wrap(buffer, at, SECTOR_SIZE);
            long pos = sector * SECTOR_SIZE;
            while (bb.hasRemaining()) {
                int n = channel.read(bb, pos + bb.position() - at);
                if (n < 0) {
                    throw new IOException(unit + ": image " + file + " ends before sector " + sector);
                }
            }
        }
    }

    @Override
    public synchronized void write(long lba, byte[] buffer, int offset, int count) throws IOException {
        check(lba, buffer, offset, count);
        if (readOnly) {
            throw new IOException(unit + ": write protected");
        }
        if (snapshot) {
            for (int i = 0; i < count; i++) {
                byte[] copy = new byte[SECTOR_SIZE];
                System.arraycopy(buffer, offset + i * SECTOR_SIZE, copy, 0, SECTOR_SIZE);
                overlay.put(lba + i, copy);
            }
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(buffer, offset, count * SECTOR_SIZE);
        long pos = lba * SECTOR_SIZE;
        while (bb.hasRemaining()) {
            channel.write(bb, pos + bb.position() - offset);
        }
    }

    private void check(long lba, byte[] buffer, int offset, int count) throws IOException {
        if (closed) {
            throw new IOException(unit + ": drive closed");
        }
        if (channel == null) {
            throw new IOException(unit + ": no medium");
        }
        if (count < 0 || offset < 0 || (long) offset + (long) count * SECTOR_SIZE > buffer.length) {
            throw new IndexOutOfBoundsException("buffer " + buffer.length + " offset " + offset + " sectors " + count);
        }
        if (lba < 0 || lba + count > sectors) {
            throw new IOException(unit + ": sectors " + lba + "+" + count + " beyond the medium (" + sectors + ")");
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (channel != null && !closed && !snapshot && !readOnly) {
            channel.force(true);
        }
    }

    /** Sectors held in the snapshot overlay. */
    synchronized int overlaySectors() {
        return overlay.size();
    }

    /** Flushes and closes the file; later reads and writes fail. */
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            overlay.clear();
            if (channel != null) {
                channel.close();
            }
        }
    }

    @Override
    public String toString() {
        return unit + (channel == null ? " (empty)" : " " + file + " " + geometry.cylinders() + "/" + geometry.heads()
                + "/" + geometry.sectorsPerTrack() + " " + sectors + " sectors" + (readOnly ? " read-only" : "")
                + (snapshot ? " snapshot" : ""));
    }
}
