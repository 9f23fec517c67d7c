package org.tessera.machine.api.memory;

import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ProviderType;
import org.tessera.machine.api.watch.Denial;
import org.tessera.machine.api.watch.WriteOrigin;

/**
 * A physical memory access that can stop in the middle and resume: the unit of the redirect
 * contract between the bus and a caller that must not block (the CPU).
 *
 * <p>Obtained once from {@link MemoryBus#newAccess()} and reused; one thread drives it. The
 * order of calls is:
 * <ol>
 * <li>{@link #prepare}: the bus splits the access into pieces (at page and region boundaries,
 * then into sizes each handler accepts, lowest address first) and resolves every piece's target
 * against the current memory map, before anything is read or written;</li>
 * <li>{@link #proceed()}: performs the pieces not yet done, in order. It returns {@code true}
 * when all are done, or {@code false} when a handler keeps a piece to answer later. The caller
 * then either waits ({@link #await}) or suspends its instruction and calls {@code proceed()} again
 * after the piece completed (the completion listener tells it when). Pieces already done are
 * never repeated, so no side effect happens twice;</li>
 * <li>{@link #value()}: the value read, assembled little-endian from the pieces;</li>
 * <li>for a read-modify-write, {@link #prepareWriteBack(int)} turns the finished read into the
 * write of the new value to the very targets the read resolved, so a RMW on ROM reads and its
 * write is dropped.</li>
 * </ol>
 * A target whose handler was swapped (same {@code device.id}) between pieces is served by the
 * new instance; a target whose handler went away for good answers as open bus.
 *
 * <p>Watched memory (since 1.1, see {@link org.tessera.machine.api.watch.MemoryWatches}): the
 * caller says who writes ({@link #origin}); after {@link #prepare} of a write it can ask whether
 * a piece lies under a watch ({@link #watched()}) and whether a denying watch refuses the write
 * with a fault ({@link #refusal()}); it then either raises that fault and calls {@link #refuse()},
 * or proceeds. Pieces are also cut at the edges of watched ranges.
 */
@ProviderType
public interface BusAccess {

    /** Progress of an access. */
    enum Status {
        /** Prepared, or not yet prepared; pieces remain. */
        READY,
        /** A handler keeps a piece and will answer later. */
        PENDING,
        /** Every piece is done; {@link #value()} is valid. */
        DONE
    }

    /**
     * Sets up a new access and resolves its pieces.
     *
     * @param size 1, 2 or 4
     * @param value the value to write (ignored for reads)
     * @throws IllegalStateException if the previous access is still pending
     * @throws IllegalArgumentException on a bad size
     */
    void prepare(long address, int size, AccessType type, int value);

    /**
     * Turns a finished read into the write half of a read-modify-write: same address, size and
     * targets.
     *
     * @throws IllegalStateException unless the previous access was a finished read
     */
    void prepareWriteBack(int value);

    /**
     * Performs the remaining pieces.
     *
     * @return true when the access is done, false when a piece is pending
     */
    boolean proceed();

    /** The current status. */
    Status status();

    /** The assembled value of a finished read. */
    int value();

    /** Physical address of the access. */
    long address();

    /** Size of the access in bytes. */
    int size();

    /** Kind of the access. */
    AccessType type();

    /** The piece that is pending, or null. */
    RegionAccess pendingPiece();

    /**
     * Waits for the pending piece, if any, to be completed; does not proceed.
     *
     * @return true if nothing is pending any more, false on timeout
     */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Says who makes the following accesses of this object, until called again: the CPU passes
     * {@link WriteOrigin#GUEST} or {@link WriteOrigin#CPU} and the instruction's CS:EIP; a new
     * access object starts as {@link WriteOrigin#DEVICE} with CS:EIP 0. The defaults of these
     * four methods describe a bus without watches.
     *
     * @since 1.1
     */
    default void origin(WriteOrigin origin, int cs, int eip) {
    }

    /**
     * After {@link #prepare} of a write: whether a piece lies under a watch whose events carry the
     * writer (a {@link org.tessera.machine.api.watch.WatchSpec#code() code} watch does not count).
     * Lets a caller that has not said exactly who writes (a CPU running compiled code) find out
     * before anything happens.
     *
     * @since 1.1
     */
    default boolean watched() {
        return false;
    }

    /**
     * After {@link #prepare} of a write by {@link WriteOrigin#GUEST}: the denial of a watch that
     * refuses it with a fault ({@link Denial#GENERAL_PROTECTION} or {@link Denial#PAGE_FAULT}),
     * or null if the write may go ahead. Has no side effect.
     *
     * @since 1.1
     */
    default Denial refusal() {
        return null;
    }

    /**
     * Refuses the prepared write: nothing is written, each watched piece is reported as
     * {@link org.tessera.machine.api.watch.WatchEvent.Outcome#FAULTED}, and the access is done.
     *
     * @throws IllegalStateException unless a write is prepared and not started
     * @since 1.1
     */
    default void refuse() {
        throw new IllegalStateException("no watch refuses this access");
    }

    /**
     * Sets what runs, on the completing thread, when a pending piece is completed later (for
     * example: wake the machine loop). Null removes it.
     */
    void setCompletionListener(Runnable listener);
}
