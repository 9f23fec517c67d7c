package org.tessera.machine.api.watch;

/**
 * One write to a watched range, as one piece: a write that spans the edge of a watched range is
 * cut there, and each piece is judged and reported on its own.
 *
 * @param sequence the bus's running number of watch events (gap-free per bus)
 * @param watch the name of the watch ({@link WatchSpec#name()})
 * @param address physical address of the piece's first byte
 * @param size bytes in the piece (1 to 4)
 * @param oldValue the bytes before the write, little-endian (0 where the memory cannot be read
 *     without side effects: a device region)
 * @param newValue the bytes the writer wanted to write, little-endian
 * @param origin who wrote
 * @param cs the CS selector of the instruction that wrote (0 for {@link WriteOrigin#DEVICE})
 * @param eip the EIP of that instruction: for an event the CPU delivers, the instruction at which
 *     it was taken (0 for {@link WriteOrigin#DEVICE})
 * @param policy the watch's policy
 * @param outcome what became of the write
 */
public record WatchEvent(long sequence, String watch, long address, int size, int oldValue, int newValue,
        WriteOrigin origin, int cs, int eip, WritePolicy policy, Outcome outcome) {

    /** What became of a watched write. */
    public enum Outcome {
        /** The memory holds the new value. */
        WRITTEN,
        /** The write was dropped (a denying watch). */
        DROPPED,
        /** The instruction was refused with a fault before it wrote anything. */
        FAULTED,
        /** A {@link WriteRedirect} completed the write. */
        REDIRECTED
    }
}
