package org.tessera.dev.storage.internal;

import java.io.IOException;
import org.tessera.machine.api.storage.Drive;

/** A drive in memory for controller tests: sector n's bytes start with n's low bytes; can be read-only, empty or failing. */
public final class MemDrive implements Drive {

    public final String unit;
    public final Geometry geometry;
    public final byte[] data;
    public boolean readOnly;
    public boolean medium = true;
    public boolean failing;
    public int flushes;

    public MemDrive(String unit, Geometry geometry, long sectors) {
        this.unit = unit;
        this.geometry = geometry;
        this.data = new byte[(int) sectors * SECTOR_SIZE];
        for (int s = 0; s < sectors; s++) {
            for (int i = 0; i < SECTOR_SIZE; i++) {
                data[s * SECTOR_SIZE + i] = (byte) (i < 4 ? s >>> 8 * i : s + i);
            }
        }
    }

    public MemDrive(String unit, Geometry geometry) {
        this(unit, geometry, geometry.sectors());
    }

    /** The byte pattern of sector {@code s} at offset {@code i}. */
    public static byte pattern(long s, int i) {
        return (byte) (i < 4 ? s >>> 8 * i : s + i);
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public boolean hasMedium() {
        return medium;
    }

    @Override
    public long sectors() {
        return medium ? data.length / SECTOR_SIZE : 0;
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
        check(lba, count);
        System.arraycopy(data, (int) lba * SECTOR_SIZE, buffer, offset, count * SECTOR_SIZE);
    }

    @Override
    public synchronized void write(long lba, byte[] buffer, int offset, int count) throws IOException {
        check(lba, count);
        if (readOnly) {
            throw new IOException("write protected");
        }
        System.arraycopy(buffer, offset, data, (int) lba * SECTOR_SIZE, count * SECTOR_SIZE);
    }

    private void check(long lba, int count) throws IOException {
        if (!medium) {
            throw new IOException("no medium");
        }
        if (failing) {
            throw new IOException("failing");
        }
        if (lba < 0 || lba + count > sectors()) {
            throw new IOException("beyond");
        }
    }

    @Override
    public void flush() throws IOException {
        if (failing) {
            throw new IOException("failing");
        }
        flushes++;
    }
}
