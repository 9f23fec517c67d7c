package org.tessera.dev.ioports.internal;

/**
 * Bytes kept in arrival order up to a limit; past the limit the oldest are overwritten. The
 * buffer grows by doubling, so a quiet console costs little memory. Not thread safe.
 */
final class ByteRing {

    private static final int INITIAL_CAPACITY = 4096;

    private final int limit;
    private byte[] buffer;
    /** Index of the oldest byte. */
    private int head;
    private int size;
    private long dropped;

    ByteRing(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        this.limit = limit;
        this.buffer = new byte[Math.min(INITIAL_CAPACITY, limit)];
    }

    /** Appends one byte; returns true if that dropped the oldest byte. */
    boolean add(byte b) {
        if (size == buffer.length) {
            if (buffer.length < limit) {
                grow();
            } else {
                buffer[head] = b;
                head = head + 1 == buffer.length ? 0 : head + 1;
                dropped++;
                return true;
            }
        }
        int tail = head + size;
        buffer[tail < buffer.length ? tail : tail - buffer.length] = b;
        size++;
        return false;
    }

    private void grow() {
        byte[] bigger = new byte[(int) Math.min((long) buffer.length * 2, limit)];
        copyTo(bigger);
        buffer = bigger;
        head = 0;
    }

    private void copyTo(byte[] target) {
        int firstPart = Math.min(size, buffer.length - head);
        System.arraycopy(buffer, head, target, 0, firstPart);
        System.arraycopy(buffer, 0, target, firstPart, size - firstPart);
    }

    /** The kept bytes, oldest first. */
    byte[] toArray() {
        byte[] copy = new byte[size];
        copyTo(copy);
        return copy;
    }

    /** Forgets the kept bytes (the count of dropped bytes stays). */
    void clear() {
        head = 0;
        size = 0;
    }

    /**
     * Replaces the contents with {@code bytes} (only their last {@code limit} if longer) and the
     * dropped count with {@code droppedBefore} plus what did not fit.
     */
    void replace(byte[] bytes, long droppedBefore) {
        int keep = Math.min(bytes.length, limit);
        buffer = new byte[Math.max(Math.min(INITIAL_CAPACITY, limit), keep)];
        System.arraycopy(bytes, bytes.length - keep, buffer, 0, keep);
        head = 0;
        size = keep;
        dropped = droppedBefore + (bytes.length - keep);
    }

    /** Bytes dropped because the limit was reached. */
    long dropped() {
        return dropped;
    }

    /** The most bytes kept. */
    int limit() {
        return limit;
    }

    /** The number of bytes kept. */
    int size() {
        return size;
    }

    @Override
    public String toString() {
        return "ByteRing[" + size + "/" + limit + ", dropped " + dropped + "]";
    }
}
