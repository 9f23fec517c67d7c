package org.tessera.machine.api.watch;

import org.osgi.annotation.versioning.ProviderType;

/** A watch in force, as returned by {@link MemoryWatches#add}. */
@ProviderType
public interface Watch {

    /** What it watches and how. */
    WatchSpec spec();

    /** Whether it is still in force. */
    boolean active();

    /**
     * Ends the watch: the bus publishes a view without it before this returns. Idempotent. A
     * write already past its policy decision finishes as decided.
     */
    void cancel();
}
