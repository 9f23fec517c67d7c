package org.tessera.machine.api.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * One access handed to a {@link RegionHandler}: a piece of a CPU access that lies within one
 * region and has a size the handler accepts.
 *
 * <p>The object belongs to the bus, which reuses it for the next piece once this one is
 * completed; a handler reads its fields and completes it exactly once, either before
 * {@link RegionHandler#submit} returns or later from any thread. Completion is what the caller
 * of a suspended instruction waits for: {@link #complete(int)} publishes the value with a
 * happens-before edge to whoever then reads {@link #result()}.
 */
public final class RegionAccess {

    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int DONE = 2;
    private static final int FAILED = 3;

    private static final VarHandle STATE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RegionAccess.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable onCompletion;
    private long address;
    private long offset;
    private int size;
    private AccessType type = AccessType.READ;
    private int value;
    private String regionName = "";
    private volatile int state;
    private int result;
    private Throwable failure;
    private boolean waiter;

    /**
     * @param onCompletion run by the completing thread right after each completion (also when
     *     the handler completes inside {@code submit}); must be quick and must not throw; may
     *     be null
     */
    public RegionAccess(Runnable onCompletion) {
        this.onCompletion = onCompletion;
    }

    /**
     * Arms the object for a new piece. Called by the bus only.
     *
     * @throws IllegalStateException if the previous piece is still pending
     */
    public void begin(long address, long offset, int size, AccessType type, int value, String regionName) {
        if (state == PENDING) {
            throw new IllegalStateException("previous access still pending");
        }
        this.address = address;
        this.offset = offset;
        this.size = size;
        this.type = type;
        this.value = value;
        this.regionName = regionName;
        this.result = 0;
        this.failure = null;
        STATE.setVolatile(this, PENDING);
    }

    /** Physical address of the first byte. */
    public long address() {
        return address;
    }

    /** Offset of the first byte from the region base. */
    public long offset() {
        return offset;
    }

    /** Size in bytes: 1, 2 or 4. */
    public int size() {
        return size;
    }

    /** Read, write or fetch. */
    public AccessType type() {
        return type;
    }

    /** For a write, the value to write (low {@code size * 8} bits). */
    public int value() {
        return value;
    }

    /** The name of the region the piece went to, for reports. */
    public String regionName() {
        return regionName;
    }

    /**
     * Completes the access. For a read, {@code readValue} is the value read; a write passes
     * anything (it is ignored).
     *
     * @return false if the access was already completed (the second answer is ignored)
     */
    public boolean complete(int readValue) {
        return finish(readValue, null);
    }

    /** Completes the access as failed: a read answers open bus, a write is dropped. */
    public boolean fail(Throwable cause) {
        return finish(-1, cause == null ? new IllegalStateException("failed") : cause);
    }

    private boolean finish(int readValue, Throwable cause) {
        // publish the result before the state: readers check the state first
        synchronized (this) {
            if (state != PENDING) {
                return false;
            }
            this.result = readValue;
            this.failure = cause;
            STATE.setVolatile(this, cause == null ? DONE : FAILED);
            if (waiter) {
                notifyAll();
            }
        }
        if (onCompletion != null) {
            onCompletion.run();
        }
        return true;
    }

    /** True once {@link #complete} or {@link #fail} has been called. */
    public boolean isDone() {
        int s = state;
        return s == DONE || s == FAILED;
    }

    /** True while the access waits for its handler. */
    public boolean isPending() {
        return state == PENDING;
    }

    /** True if the handler failed the access. */
    public boolean isFailed() {
        return state == FAILED;
    }

    /** The value read; valid once {@link #isDone()}. A failed read answers all ones. */
    public int result() {
        return result;
    }

    /** Why the access failed, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Marks the object idle again; called by the bus once it has consumed the result. */
    public void release() {
        STATE.setVolatile(this, IDLE);
    }

    /**
     * Waits until the access is completed.
     *
     * @return true if it completed, false on timeout
     */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        if (isDone()) {
            return true;
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            waiter = true;
            try {
                while (!isDone()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                return true;
            } finally {
                waiter = false;
            }
        }
    }

    @Override
    public String toString() {
        return type + " " + size + "@" + Long.toHexString(address) + " (" + regionName + ")";
    }
}
