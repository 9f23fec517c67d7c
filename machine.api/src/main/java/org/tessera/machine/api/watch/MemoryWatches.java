package org.tessera.machine.api.watch;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The write watches of the physical address space, provided by the memory bus.
 *
 * <p>Every write that reaches the bus (from the CPU's slow path, from devices, from tools) is
 * judged against the watches in force: it is cut at the edges of watched ranges and at page
 * boundaries, and each piece under a watch follows its policy. Where watches overlap, the
 * strictest policy applies (deny, then redirect, then notify) and every listener of every
 * overlapping watch gets the event. A write with any piece refused by a faulting denial is not
 * made at all (the CPU raises the fault). Adding or cancelling a watch publishes a new
 * {@link org.tessera.machine.api.memory.MemoryView} before it returns. Thread safe; listeners may
 * add and cancel watches from inside their callbacks.
 */
@ProviderType
public interface MemoryWatches {

    /** Puts a watch in force. */
    Watch add(WatchSpec spec);

    /** The watches in force, in the order they were added. */
    List<Watch> watches();

    /** Watch events raised so far (the next event's sequence number). */
    long events();
}
