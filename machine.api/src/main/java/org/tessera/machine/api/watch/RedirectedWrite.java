package org.tessera.machine.api.watch;

import org.osgi.annotation.versioning.ProviderType;

/** One piece of a write handed to a {@link WriteRedirect}. Thread safe. */
@ProviderType
public interface RedirectedWrite {

    /** Physical address of the piece. */
    long address();

    /** Bytes in the piece (1 to 4). */
    int size();

    /** The value the writer wanted to write, little-endian. */
    int value();

    /** The bytes before the write (see {@link WatchEvent#oldValue()}). */
    int oldValue();

    /** Who wrote. */
    WriteOrigin origin();

    /** CS selector of the writing instruction. */
    int cs();

    /** EIP of the writing instruction. */
    int eip();

    /** Writes {@code value} (low {@link #size()} bytes) into the memory underneath the watch. */
    void store(int value);

    /**
     * Completes the write; the writer goes on. A second call is ignored.
     *
     * @return false if it was already completed
     */
    boolean complete();
}
