package org.tessera.mem.bus.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The bus's place for one device: it outlives a handler instance so that a device with a
 * {@code device.id} can be replaced (bundle update) without the memory map noticing.
 *
 * <p>Every call into the handler holds the slot's read lock; taking the handler away holds the
 * write lock, so a swap waits for calls in flight and no call reaches an instance whose state has
 * been saved. Pieces that a deferring handler keeps are tracked, and a swap waits (bounded) for
 * them too. Accesses that arrive while no handler is bound wait for the next one (bounded): the
 * synchronous path on a monitor, the suspendable path by parking its piece in the slot, to be
 * submitted to the new instance when it binds.
 */
final class RegionSlot {

    private static final System.Logger LOG = System.getLogger(RegionSlot.class.getName());

    private final String deviceId;
    private final BusStats stats;
    private final FailureLog failures;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object monitor = new Object();
    private final ArrayDeque<Binding> standby = new ArrayDeque<>();
    /** Pieces submitted to a deferring handler and not yet known to be done (guarded by itself). */
    private final List<RegionAccess> deferred = new ArrayList<>();
    /** Pieces that wait for a handler to be bound (guarded by itself). */
    private final List<RegionAccess> parked = new ArrayList<>();

    private volatile RegionHandler current;
    private volatile Binding binding;
    private volatile boolean deferring;
    private volatile int sizes = RegionHandler.BYTE;
    private volatile boolean leaving;
    private volatile boolean retired;
    private DeviceState saved;

    RegionSlot(Binding first, BusStats stats, FailureLog failures) {
        this.deviceId = first.deviceId();
        this.stats = stats;
        this.failures = failures;
        install(first);
    }

    String deviceId() {
        return deviceId;
    }

    /** The binding in force, or the last one while a swap is under way. */
    Binding binding() {
        return binding;
    }

    String name() {
        return binding.name();
    }

    /**
     * The access sizes of the bound handler, or of the last one while a swap is under way (the
     * pieces of an access that waits for the new instance are cut as the old one wanted).
     */
    int accessSizes() {
        return sizes;
    }

    /** True while a handler is bound and not on its way out. */
    boolean available() {
        return current != null && !leaving;
    }

    boolean retired() {
        return retired;
    }

    /** Set when the device leaves for good: its departure awaits no replacement. */
    private volatile boolean retiring;

    /**
     * The device leaves for good ({@link org.tessera.machine.api.memory.MemoryBus#retire}): a slot
     * waiting for a replacement retires now, a bound one when its handler departs.
     *
     * @return true if the slot retired now
     */
    boolean retire() {
        synchronized (monitor) {
            retiring = true;
            if (current != null) {
                return false;
            }
            retired = true;
        }
        failParked();
        return true;
    }

    /** The bound handler's direct memory, if it may be mapped now. */
    byte[] directMemory() {
        RegionHandler h = current;
        if (h == null || leaving) {
            return null;
        }
        try {
            return h.directMemory();
        } catch (RuntimeException e) {
            failures.report(this, "directMemory", e);
            return null;
        }
    }

    boolean directWritable() {
        RegionHandler h = current;
        try {
            return h != null && h.directWritable();
        } catch (RuntimeException e) {
            failures.report(this, "directWritable", e);
            return false;
        }
    }

    // ------------------------------------------------------------------ binding and swapping

    /**
     * A handler with this slot's device id arrived.
     *
     * @return true if it became the current handler (the view must be compiled again)
     */
    boolean arrive(Binding b) {
        synchronized (monitor) {
            if (current != null) {
                standby.add(b);
                LOG.log(Level.INFO, "{0}: a second handler from {1} waits until the one from {2} goes away",
                        b.name(), b.owner(), binding.owner());
                return false;
            }
        }
        install(b);
        resubmitParked();
        return true;
    }

    /**
     * A handler of this slot went away.
     *
     * @param swapTimeoutNanos how long to wait for pieces a deferring handler still keeps
     * @return true if the view must be compiled again
     */
    boolean depart(Binding b, long swapTimeoutNanos) {
        synchronized (monitor) {
            if (standby.remove(b)) {
                return false;
            }
            if (current != b.handler()) {
                return false;
            }
        }
        RegionHandler old = b.handler();
        ReentrantReadWriteLock.WriteLock wl = lock.writeLock();
        wl.lock();
        try {
            current = null;
            leaving = false;
        } finally {
            wl.unlock();
        }
        awaitDeferred(swapTimeoutNanos);
        if (deviceId == null || retiring) {
            retired = true;
            failParked();
            return true;
        }
        DeviceState state = null;
        if (old instanceof StatefulDevice sd) {
            try {
                state = sd.saveState();
            } catch (RuntimeException e) {
                failures.report(this, "saveState", e);
            }
        }
        Binding next;
        synchronized (monitor) {
            saved = state;
            next = standby.poll();
        }
        LOG.log(Level.DEBUG, "{0}: handler from {1} left, state {2}", b.name(), b.owner(), state == null ? "none" : "saved");
        if (next != null) {
            install(next);
            resubmitParked();
        }
        return true;
    }

    /** The current handler's properties changed; the handler stays. */
    void rebind(Binding old, Binding now) {
        synchronized (monitor) {
            if (current == old.handler()) {
                binding = now;
            } else if (standby.remove(old)) {
                standby.add(now);
            }
        }
    }

    /**
     * Marks the slot as about to lose its handler, so that a view compiled now maps nothing
     * directly and new accesses go through the slot.
     */
    void markLeaving(Binding b) {
        if (current == b.handler()) {
            leaving = true;
        }
    }

    private void install(Binding b) {
        RegionHandler h = b.handler();
        ReentrantReadWriteLock.WriteLock wl = lock.writeLock();
        wl.lock();
        try {
            DeviceState state;
            synchronized (monitor) {
                state = saved;
                saved = null;
            }
            if (state != null) {
                if (h instanceof StatefulDevice sd) {
                    try {
                        sd.restoreState(state);
                        LOG.log(Level.DEBUG, "{0}: state moved to the handler from {1}", b.name(), b.owner());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "{0}: the new handler from {1} refused the saved state ({2}); it starts from its reset state",
                                b.name(), b.owner(), e.toString());
                    }
                } else {
                    LOG.log(Level.WARNING, "{0}: the new handler from {1} cannot take state; it starts from its reset state",
                            b.name(), b.owner());
                }
            }
            binding = b;
            deferring = overridesSubmit(h);
            sizes = acceptedSizes(b);
            retired = false;
            current = h;
        } finally {
            wl.unlock();
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    private int acceptedSizes(Binding b) {
        try {
            return (b.handler().accessSizes() & 7) | RegionHandler.BYTE;
        } catch (RuntimeException e) {
            failures.report(this, "accessSizes", e);
            return RegionHandler.BYTE;
        }
    }

    private static boolean overridesSubmit(RegionHandler h) {
        try {
            return !h.getClass().getMethod("submit", RegionAccess.class).isDefault();
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private void awaitDeferred(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            RegionAccess pending = null;
            synchronized (deferred) {
                // a piece that was answered (and perhaps already reused for another access) is
                // no longer the departing handler's business
                deferred.removeIf(p -> !p.isPending());
                if (!deferred.isEmpty()) {
                    pending = deferred.get(0);
                }
            }
            if (pending == null) {
                return;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !pending.await(left, TimeUnit.NANOSECONDS)) {
                    LOG.log(Level.WARNING, "{0}: the departing handler did not answer {1} in time; it is failed", name(), pending);
                    pending.fail(new IllegalStateException("handler went away without answering"));
                    synchronized (deferred) {
                        deferred.remove(pending);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // ------------------------------------------------------------------ synchronous accesses

    /**
     * Performs one piece synchronously, waiting for a deferred answer or a swap as needed.
     *
     * @return the value read (all ones if the access failed); 0 for writes
     */
    int access(long address, long offset, int size, AccessType type, int value, long timeoutNanos) {
        long deadline = 0;
        while (true) {
            ReentrantReadWriteLock.ReadLock rl = lock.readLock();
            rl.lock();
            try {
                RegionHandler h = current;
                if (h != null) {
                    return deferring ? callDeferring(h, address, offset, size, type, value, timeoutNanos)
                            : call(h, offset, size, type, value);
                }
            } finally {
                rl.unlock();
            }
            if (retired) {
                return openBus(size, type);
            }
            if (deadline == 0) {
                stats.swapWaits.increment();
                deadline = System.nanoTime() + timeoutNanos;
            }
            if (!awaitHandler(deadline)) {
                stats.swapTimeouts.increment();
                return openBus(size, type);
            }
        }
    }

    private int openBus(int size, AccessType type) {
        if (type.isWrite()) {
            stats.openBusWrites.increment();
            return 0;
        }
        stats.openBusReads.increment();
        return Pieces.ones(size);
    }

    private boolean awaitHandler(long deadline) {
        synchronized (monitor) {
            while (current == null && !retired) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private int call(RegionHandler h, long offset, int size, AccessType type, int value) {
        try {
            if (type.isWrite()) {
                h.write(offset, size, value);
                return 0;
            }
            return h.read(offset, size) & Pieces.mask(size);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            failures.report(this, type == AccessType.WRITE ? "write" : "read", e);
            return type.isWrite() ? 0 : Pieces.ones(size);
        }
    }

    private int callDeferring(RegionHandler h, long address, long offset, int size, AccessType type, int value,
            long timeoutNanos) {
        RegionAccess piece = new RegionAccess(null);
        piece.begin(address, offset, size, type, value, name());
        try {
            if (!h.submit(piece)) {
                stats.deferredAccesses.increment();
            }
            if (!piece.await(timeoutNanos, TimeUnit.NANOSECONDS)) {
                piece.fail(new IllegalStateException("no answer within the bus timeout"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            piece.fail(e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            piece.fail(e);
        }
        if (piece.isFailed()) {
            failures.report(this, "submit", piece.failure());
            return type.isWrite() ? 0 : Pieces.ones(size);
        }
        return type.isWrite() ? 0 : piece.result() & Pieces.mask(size);
    }

    // ------------------------------------------------------------------ suspendable accesses

    /**
     * Starts one piece for a suspendable access. The piece is armed here.
     *
     * @return true if the piece is done (complete or failed) when this returns
     */
    boolean submit(RegionAccess piece, long address, long offset, int size, AccessType type, int value,
            SwapTimer timer) {
        ReentrantReadWriteLock.ReadLock rl = lock.readLock();
        rl.lock();
        try {
            piece.begin(address, offset, size, type, value, name());
            RegionHandler h = current;
            if (h == null) {
                if (retired) {
                    piece.fail(new IllegalStateException(name() + " is gone"));
                    return true;
                }
                stats.swapWaits.increment();
                synchronized (parked) {
                    parked.add(piece);
                }
                timer.failLater(this, piece, stats);
                return false;
            }
            return start(h, piece);
        } finally {
            rl.unlock();
        }
    }

    /** Hands an armed piece to {@code h}; the caller holds the read lock. */
    private boolean start(RegionHandler h, RegionAccess piece) {
        if (!deferring) {
            int r = call(h, piece.offset(), piece.size(), piece.type(), piece.value());
            piece.complete(r);
            return true;
        }
        synchronized (deferred) {
            deferred.add(piece);
        }
        try {
            if (!h.submit(piece)) {
                stats.deferredAccesses.increment();
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            failures.report(this, "submit", e);
            piece.fail(e);
        }
        return piece.isDone();
    }

    private void resubmitParked() {
        List<RegionAccess> waiting;
        synchronized (parked) {
            if (parked.isEmpty()) {
                return;
            }
            waiting = new ArrayList<>(parked);
            parked.clear();
        }
        ReentrantReadWriteLock.ReadLock rl = lock.readLock();
        rl.lock();
        try {
            RegionHandler h = current;
            for (RegionAccess piece : waiting) {
                if (piece.isPending()) {
                    if (h == null) {
                        synchronized (parked) {
                            parked.add(piece);
                        }
                    } else {
                        start(h, piece);
                    }
                }
            }
        } finally {
            rl.unlock();
        }
    }

    private void failParked() {
        List<RegionAccess> waiting;
        synchronized (parked) {
            waiting = new ArrayList<>(parked);
            parked.clear();
        }
        for (RegionAccess piece : waiting) {
            piece.fail(new IllegalStateException(name() + " went away"));
        }
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /** Forgets a parked piece whose wait has timed out. */
    void unpark(RegionAccess piece) {
        synchronized (parked) {
            parked.remove(piece);
        }
    }

    @Override
    public String toString() {
        return "slot " + name() + (deviceId == null ? "" : " (" + deviceId + ")");
    }
}
