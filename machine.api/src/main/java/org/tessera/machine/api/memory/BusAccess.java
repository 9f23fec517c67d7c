package org.tessera.machine.api.memory;

import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ProviderType;

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
     * Sets what runs, on the completing thread, when a pending piece is completed later (for
     * example: wake the machine loop). Null removes it.
     */
    void setCompletionListener(Runnable listener);
}
