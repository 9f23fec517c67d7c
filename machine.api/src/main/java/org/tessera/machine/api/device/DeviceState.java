package org.tessera.machine.api.device;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable record of a device's modelled hardware: named numeric fields (registers,
 * counters, flags) and named byte arrays (memories, FIFOs). Names are the hardware's, not the
 * Java fields', so that a new implementation can read an old record. Byte arrays are copied in
 * and out, so a record never shares memory with a device.
 */
public final class DeviceState {

    private final String deviceId;
    private final int formatVersion;
    private final Map<String, Long> fields;
    private final Map<String, byte[]> blobs;

    private DeviceState(Builder b) {
        this.deviceId = b.deviceId;
        this.formatVersion = b.formatVersion;
        this.fields = Collections.unmodifiableMap(new TreeMap<>(b.fields));
        TreeMap<String, byte[]> copy = new TreeMap<>();
        b.blobs.forEach((k, v) -> copy.put(k, v.clone()));
        this.blobs = Collections.unmodifiableMap(copy);
    }

    /** Starts a record for {@code deviceId} in format {@code formatVersion}. */
    public static Builder builder(String deviceId, int formatVersion) {
        return new Builder(deviceId, formatVersion);
    }

    /** The device id ({@link StatefulDevice#DEVICE_ID}). */
    public String deviceId() {
        return deviceId;
    }

    /** The version of the record's layout, chosen by the device. */
    public int formatVersion() {
        return formatVersion;
    }

    /** The numeric fields, by name, sorted. */
    public Map<String, Long> fields() {
        return fields;
    }

    /** The names of the byte arrays, sorted. */
    public java.util.Set<String> blobNames() {
        return blobs.keySet();
    }

    /**
     * A numeric field.
     *
     * @throws IllegalArgumentException if the record has no such field
     */
    public long field(String name) {
        Long v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException(deviceId + " state has no field " + name);
        }
        return v;
    }

    /** A numeric field, or {@code fallback} if absent. */
    public long field(String name, long fallback) {
        Long v = fields.get(name);
        return v == null ? fallback : v;
    }

    /**
     * A copy of a byte array.
     *
     * @throws IllegalArgumentException if the record has no such array
     */
    public byte[] blob(String name) {
        byte[] v = blobs.get(name);
        if (v == null) {
            throw new IllegalArgumentException(deviceId + " state has no array " + name);
        }
        return v.clone();
    }

    /**
     * Checks that this record is of {@code expectedDevice} in a version in
     * {@code [minVersion, maxVersion]}.
     *
     * @throws IllegalArgumentException otherwise
     */
    public void require(String expectedDevice, int minVersion, int maxVersion) {
        if (!Objects.equals(deviceId, expectedDevice)) {
            throw new IllegalArgumentException("state of " + deviceId + " offered to " + expectedDevice);
        }
        if (formatVersion < minVersion || formatVersion > maxVersion) {
            throw new IllegalArgumentException(deviceId + " state format " + formatVersion + " not in ["
                    + minVersion + "," + maxVersion + "]");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeviceState other)) {
            return false;
        }
        if (!deviceId.equals(other.deviceId) || formatVersion != other.formatVersion
                || !fields.equals(other.fields) || !blobs.keySet().equals(other.blobs.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.blobs.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(deviceId, formatVersion, fields);
        for (Map.Entry<String, byte[]> e : blobs.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(deviceId).append(" v").append(formatVersion).append(' ').append(fields);
        blobs.forEach((k, v) -> sb.append(' ').append(k).append('[').append(v.length).append(']'));
        return sb.toString();
    }

    /** Collects the fields of a {@link DeviceState}; not thread safe. */
    public static final class Builder {
        private final String deviceId;
        private final int formatVersion;
        private final Map<String, Long> fields = new TreeMap<>();
        private final Map<String, byte[]> blobs = new TreeMap<>();

        private Builder(String deviceId, int formatVersion) {
            this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
            this.formatVersion = formatVersion;
        }

        /** Adds a numeric field. */
        public Builder field(String name, long value) {
            fields.put(Objects.requireNonNull(name), value);
            return this;
        }

        /** Adds a byte array (copied when the record is built). */
        public Builder blob(String name, byte[] value) {
            blobs.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** The immutable record. */
        public DeviceState build() {
            return new DeviceState(this);
        }
    }
}
