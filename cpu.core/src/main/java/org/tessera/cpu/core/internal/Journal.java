package org.tessera.cpu.core.internal;

import java.lang.System.Logger.Level;

/**
 * The accesses the current instruction has completed on the slow path (devices, ROM, page
 * crossings) and IO ports, in order. When an instruction is suspended and later executed again
 * from its start, its accesses are replayed from here: a completed read answers its recorded value
 * without reaching the device again, a completed write or OUT is skipped. So no side effect
 * happens twice. Cleared when an instruction retires. Preallocated; a task switch is the largest
 * user (a few dozen entries); it grows if ever needed.
 */
final class Journal {

    private static final System.Logger LOG = System.getLogger(Journal.class.getName());

    /** Kinds of entries. */
    static final int READ = 0;
    static final int WRITE = 1;
    static final int FETCH = 2;
    static final int IN = 3;
    static final int OUT = 4;

    private long[] address = new long[64];
    private int[] size = new int[64];
    private int[] kind = new int[64];
    private int[] value = new int[64];
    private int count;
    private int cursor;

    /** Number of recorded entries. */
    int count() {
        return count;
    }

    /** Whether the next access of the instruction is answered from the journal. */
    boolean replaying() {
        return cursor < count;
    }

    /**
     * Whether the next recorded entry is the access the instruction asks for now. If it is not,
     * the re-execution has diverged (it should not: the instruction starts from the same state);
     * the journal is cut there, the divergence logged, and the access is performed afresh.
     */
    boolean nextIs(long a, int s, int k) {
        int i = cursor;
        if (address[i] == a && size[i] == s && kind[i] == k) {
            return true;
        }
        LOG.log(Level.WARNING, "re-executed instruction diverged at access {0}: recorded kind {1} size {2} at {3}, now kind {4} size {5} at {6}",
                i, kind[i], size[i], Long.toHexString(address[i]), k, s, Long.toHexString(a));
        count = i;
        return false;
    }

    /** Takes the next recorded entry (after {@link #nextIs}): its value for a read or IN. */
    int take() {
        return value[cursor++];
    }

    /** Records a completed access and moves past it. */
    void record(long a, int s, int k, int v) {
        if (count == address.length) {
            grow();
        }
        address[count] = a;
        size[count] = s;
        kind[count] = k;
        value[count] = v;
        count++;
        cursor = count;
    }

    /** Starts a re-execution of the instruction: replay from the first entry. */
    void rewind() {
        cursor = 0;
    }

    /** Forgets everything: the instruction retired (or faulted). */
    void clear() {
        count = 0;
        cursor = 0;
    }

    private void grow() {
        int n = address.length * 2;
        address = java.util.Arrays.copyOf(address, n);
        size = java.util.Arrays.copyOf(size, n);
        kind = java.util.Arrays.copyOf(kind, n);
        value = java.util.Arrays.copyOf(value, n);
    }
}
