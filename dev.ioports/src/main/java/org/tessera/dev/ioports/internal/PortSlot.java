package org.tessera.dev.ioports.internal;

import java.util.concurrent.TimeUnit;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/**
 * One bound port handler as the compiled port table sees it, and the lock that serialises every
 * call into that handler.
 *
 * <p>A slot is {@linkplain #LIVE live} from its creation, may become {@linkplain #SWAPPING
 * swapping} when its handler goes away and its device is expected back (the handler's state has
 * been saved; accesses wait for the replacement), and ends {@linkplain #DEAD dead} once no
 * published table refers to it any more. An access that finds its slot dead retries with the
 * current table; the registry always publishes the table without a slot before killing it, so
 * a retry never finds the same slot again.
 *
 * <p>Every access holds the slot's monitor while it calls the handler, so {@link #beginSwap}
 * and {@link #kill} (which take the monitor too) wait for in-flight accesses, and no access
 * overlaps with {@code saveState}. The access methods allocate nothing.
 */
final class PortSlot {

    /** Calls go to the handler. */
    static final int LIVE = 0;
    /** The handler is gone, its state saved; accesses wait for a handler with the same device id. */
    static final int SWAPPING = 1;
    /** No longer in the current table: the caller must look the port up again. */
    static final int DEAD = 2;
    /** Not a state: the wait for a swap ended without a replacement. */
    private static final int TIMED_OUT = 3;

    /** {@link #in} result: the slot is dead, look the port up again. */
    static final long RETRY = -1L;
    /** {@link #in} result: the swap timed out, answer as unclaimed. */
    static final long NO_HANDLER = -2L;
    /** {@link #out} result: the handler took the write (or failed on it). */
    static final int WRITTEN = 0;
    /** {@link #out} result: the slot is dead, look the port up again. */
    static final int WRITE_RETRY = 1;
    /** {@link #out} result: the swap timed out, the write is dropped as unclaimed. */
    static final int WRITE_NO_HANDLER = 2;

    private static final System.Logger LOG = System.getLogger(PortSlot.class.getName());

    final PortHandler handler;
    final HandlerProperties properties;
    /** The accepted access sizes, always including bytes. */
    final int sizes;

    /** Guarded by this. */
    private int state = LIVE;
    /** Guarded by this: System.nanoTime() after which waiting for a swap gives up. */
    private long swapDeadline;
    /** Guarded by this: the state saved when the swap began, or null. */
    private DeviceState savedState;

    PortSlot(PortHandler handler, HandlerProperties properties) {
        this.handler = handler;
        this.properties = properties;
        this.sizes = acceptedSizes(handler, properties);
    }

    private static int acceptedSizes(PortHandler handler, HandlerProperties properties) {
        try {
            return (handler.accessSizes() & (PortHandler.WORD | PortHandler.DWORD)) | PortHandler.BYTE;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "accessSizes() of " + properties + " failed; using bytes only", t);
            return PortHandler.BYTE;
        }
    }

    /**
     * Reads {@code width} bytes at {@code port} from the handler.
     *
     * @return the value (masked to {@code width} bytes), {@link #RETRY} or {@link #NO_HANDLER};
     *     a handler that throws is reported to {@code failures} and answers all ones
     */
    synchronized long in(int port, int width, HandlerFailures failures) {
        int st = awaitLive();
        if (st == DEAD) {
            return RETRY;
        }
        if (st != LIVE) {
            return NO_HANDLER;
        }
        long mask = mask(width);
        try {
            return handler.in(port, width) & mask;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            failures.handlerFailed(this, false, port, width, t);
            return mask;
        }
    }

    /**
     * Writes the low {@code width} bytes of {@code value} to {@code port} through the handler.
     *
     * @return {@link #WRITTEN}, {@link #WRITE_RETRY} or {@link #WRITE_NO_HANDLER}
     */
    synchronized int out(int port, int width, int value, HandlerFailures failures) {
        int st = awaitLive();
        if (st == DEAD) {
            return WRITE_RETRY;
        }
        if (st != LIVE) {
            return WRITE_NO_HANDLER;
        }
        try {
            handler.out(port, width, width == 4 ? value : value & (int) mask(width));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            failures.handlerFailed(this, true, port, width, t);
        }
        return WRITTEN;
    }

    /** Waits (holding the monitor) while swapping, at most until the swap deadline. */
    private int awaitLive() {
        while (state == SWAPPING) {
            long left = swapDeadline - System.nanoTime();
            if (left <= 0) {
                return TIMED_OUT;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TIMED_OUT;
            }
        }
        return state;
    }

    /**
     * Saves the handler's state, once no access is in flight, and turns the slot to swapping.
     * Called on a framework thread while the old handler is still active.
     *
     * @param device the handler as a stateful device
     * @param timeoutNanos how long accesses wait for the replacement
     * @return false if the slot was not live
     */
    synchronized boolean beginSwap(StatefulDevice device, long timeoutNanos) {
        if (state != LIVE) {
            return false;
        }
        try {
            savedState = device.saveState();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "saveState() of " + properties
                    + " failed; its replacement will start from its reset state", t);
            savedState = null;
        }
        state = SWAPPING;
        swapDeadline = System.nanoTime() + timeoutNanos;
        return true;
    }

    /** The state saved by {@link #beginSwap}, or null. */
    synchronized DeviceState savedState() {
        return savedState;
    }

    /** Marks the slot dead (after in-flight accesses) and wakes accesses waiting for a swap. */
    synchronized void kill() {
        state = DEAD;
        savedState = null;
        notifyAll();
    }

    /** The current state: {@link #LIVE}, {@link #SWAPPING} or {@link #DEAD}. */
    synchronized int state() {
        return state;
    }

    /** The mask of a {@code width}-byte value (also its all-ones answer). */
    static long mask(int width) {
        return (1L << (width << 3)) - 1;
    }

    @Override
    public String toString() {
        return properties.toString();
    }

    /** Where a slot reports a handler that threw. */
    interface HandlerFailures {

        /** The handler of {@code slot} threw {@code failure} on an access. */
        void handlerFailed(PortSlot slot, boolean write, int port, int width, Throwable failure);
    }
}
