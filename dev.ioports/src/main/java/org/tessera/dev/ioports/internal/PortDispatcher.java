package org.tessera.dev.ioports.internal;

import java.lang.System.Logger.Level;

/**
 * The IN/OUT path: looks ports up in the published {@link PortTable}, splits an access into
 * pieces the owners accept (lowest port first, assembled little-endian, ports wrapping at
 * FFFFh), and calls each owner through its {@link PortSlot}. Unclaimed ports read all ones and
 * drop writes. Never throws to its caller except for a {@link VirtualMachineError}; allocates
 * nothing on the way.
 */
final class PortDispatcher implements PortSlot.HandlerFailures {

    private static final System.Logger LOG = System.getLogger(PortDispatcher.class.getName());
    private static final int PORT_MASK = 0xFFFF;

    private final IoStatistics statistics;
    private final LogThrottle failureLog = new LogThrottle(5, 1000);
    private final LogThrottle swapTimeoutLog = new LogThrottle(5, 1000);

    /** The published table; replaced whole, never modified. */
    private volatile PortTable table = PortTable.empty();

    PortDispatcher(IoStatistics statistics) {
        this.statistics = statistics;
    }

    /** Publishes a new table with one volatile write. */
    void publish(PortTable next) {
        table = next;
    }

    /** The table now published. */
    PortTable table() {
        return table;
    }

    /** IN of {@code size} (1-4) bytes at {@code port}. */
    int in(int port, int size) {
        checkSize(size);
        statistics.in();
        PortTable t = table;
        int first = port & PORT_MASK;
        long value = 0;
        boolean unclaimed = false;
        int done = 0;
        while (done < size) {
            int p = (first + done) & PORT_MASK;
            PortSlot slot = t.owner(p);
            if (slot == null) {
                value |= 0xFFL << (done << 3);
                unclaimed = true;
                done++;
                continue;
            }
            int width = t.pieceWidth(slot, p, size - done);
            long piece = slot.in(p, width, this);
            if (piece == PortSlot.RETRY) {
                t = table;
                continue;
            }
            if (piece == PortSlot.NO_HANDLER) {
                swapTimedOut(slot, p, false);
                piece = PortSlot.mask(width);
                unclaimed = true;
            }
            value |= piece << (done << 3);
            done += width;
        }
        if (unclaimed) {
            statistics.unclaimedIn();
        }
        return (int) value;
    }

    /** OUT of the low {@code size} (1-4) bytes of {@code value} at {@code port}. */
    void out(int port, int size, int value) {
        checkSize(size);
        statistics.out();
        PortTable t = table;
        int first = port & PORT_MASK;
        boolean unclaimed = false;
        int done = 0;
        while (done < size) {
            int p = (first + done) & PORT_MASK;
            PortSlot slot = t.owner(p);
            if (slot == null) {
                unclaimed = true;
                done++;
                continue;
            }
            int width = t.pieceWidth(slot, p, size - done);
            int result = slot.out(p, width, value >>> (done << 3), this);
            if (result == PortSlot.WRITE_RETRY) {
                t = table;
                continue;
            }
            if (result == PortSlot.WRITE_NO_HANDLER) {
                swapTimedOut(slot, p, true);
                unclaimed = true;
            }
            done += width;
        }
        if (unclaimed) {
            statistics.unclaimedOut();
        }
    }

    private static void checkSize(int size) {
        if (size < 1 || size > 4) {
            throw new IllegalArgumentException("IO access size " + size + " is not 1, 2 or 4");
        }
    }

    @Override
    public void handlerFailed(PortSlot slot, boolean write, int port, int width, Throwable failure) {
        statistics.handlerFailure();
        long n = failureLog.next();
        if (n != 0) {
            LOG.log(Level.WARNING, "port handler " + slot + " failed on " + (write ? "OUT " : "IN ")
                    + HandlerProperties.hex(port) + " size " + width + "; failure #" + n + " "
                    + failureLog.policy(), failure);
        }
    }

    private void swapTimedOut(PortSlot slot, int port, boolean write) {
        long n = swapTimeoutLog.next();
        if (n != 0) {
            LOG.log(Level.WARNING, "no replacement for swapped port device " + slot + " in time; "
                    + (write ? "OUT to " : "IN from ") + HandlerProperties.hex(port) + " treated as unclaimed; timeout #"
                    + n + " " + swapTimeoutLog.policy());
        }
    }
}
