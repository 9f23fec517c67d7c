package org.tessera.dev.ioports.internal.bochs;

/**
 * The Bochs shutdown port 8900h: the eight bytes {@code Shutdown}, written one after the other,
 * ask the machine to power off. Any other byte starts over (an {@code S} starts a new attempt),
 * so a partial or garbled sequence does nothing. Not thread safe; the component locks.
 */
final class ShutdownSequence {

    /** The word that powers the machine off. */
    static final String WORD = "Shutdown";

    /** How many bytes of {@link #WORD} have been matched. */
    private int matched;

    /** Takes one byte; true if it completes the word (the matcher then starts over). */
    boolean put(int b) {
        b &= 0xFF;
        if (b == WORD.charAt(matched)) {
            matched++;
            if (matched == WORD.length()) {
                matched = 0;
                return true;
            }
            return false;
        }
        matched = b == WORD.charAt(0) ? 1 : 0;
        return false;
    }

    /** Bytes matched so far (state). */
    int matched() {
        return matched;
    }

    /** Restores the bytes matched so far (state). */
    void restore(int n) {
        if (n < 0 || n >= WORD.length()) {
            throw new IllegalArgumentException("shutdown sequence position " + n + " not in [0," + (WORD.length() - 1)
                    + "]");
        }
        matched = n;
    }
}
