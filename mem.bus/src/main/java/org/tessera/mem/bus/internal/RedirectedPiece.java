package org.tessera.mem.bus.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.watch.RedirectedWrite;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WriteRedirect;

/**
 * One piece of a write handed to a {@link WriteRedirect}. A fresh object per redirected piece, so
 * that a redirect that completes late (after the writer gave up waiting) cannot touch another
 * write.
 *
 * <p>The writer waits on {@link #token}, a {@link RegionAccess} of its own that {@link #complete()}
 * completes: the suspendable access treats it exactly like a piece a deferring handler keeps
 * (status PENDING, completion listener, {@code await}), the synchronous path waits on it with
 * the bus's deferred timeout. {@code complete()} first reports the
 * {@link WatchEvent.Outcome#REDIRECTED} events, on the completing thread, then wakes the writer.
 * A token the writer has failed (timeout) makes a later {@code complete()} return false and
 * report nothing.
 */
final class RedirectedPiece implements RedirectedWrite {

    private final PhysicalBus bus;
    private final WatchEntry[] cover;
    private final Target target;
    private final long address;
    private final int size;
    private final int value;
    private final int oldValue;
    private final WriteOrigin origin;
    private final int cs;
    private final int eip;
    private final AtomicBoolean claimed = new AtomicBoolean();
    /** What the writer waits for. */
    final RegionAccess token;

    RedirectedPiece(PhysicalBus bus, WatchEntry[] cover, Target target, long address, int size, int value,
            int oldValue, WriteOrigin origin, int cs, int eip, Runnable onCompletion) {
        this.bus = bus;
        this.cover = cover;
        this.target = target;
        this.address = address;
        this.size = size;
        this.value = value & Pieces.mask(size);
        this.oldValue = oldValue;
        this.origin = origin;
        this.cs = cs;
        this.eip = eip;
        this.token = new RegionAccess(onCompletion);
    }

    /**
     * Hands the piece to the first watch of its cover that redirects. A redirect that throws is
     * logged and counted, and the piece is dropped (events with outcome DROPPED) unless it was
     * completed before the exception.
     */
    void start(WatchEntry redirecting) {
        token.begin(address, address - target.base, size, AccessType.WRITE, value, redirecting.spec().name());
        try {
            redirecting.spec().redirect().redirect(this);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (RuntimeException | Error failure) {
            bus.stats().redirectFailures.increment();
            bus.watching().logFailure("the redirect of " + redirecting, failure);
            if (claimed.compareAndSet(false, true)) {
                bus.watching().report(cover, address, size, oldValue, value, origin, cs, eip,
                        WatchEvent.Outcome.DROPPED);
                token.fail(failure);
            }
        }
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int value() {
        return value;
    }

    @Override
    public int oldValue() {
        return oldValue;
    }

    @Override
    public WriteOrigin origin() {
        return origin;
    }

    @Override
    public int cs() {
        return cs;
    }

    @Override
    public int eip() {
        return eip;
    }

    /**
     * Writes into the memory underneath, bypassing the watches: direct memory at once, a device
     * through its handler (waiting, bounded, for a handler that answers later), ROM and open bus
     * drop it.
     */
    @Override
    public void store(int v) {
        bus.performUnderneath(target, address, size, v & Pieces.mask(size));
    }

    @Override
    public boolean complete() {
        if (!claimed.compareAndSet(false, true)) {
            return false;
        }
        if (!token.isPending()) {
            // the writer stopped waiting (timeout): the write is over without us
            return false;
        }
        bus.watching().report(cover, address, size, oldValue, value, origin, cs, eip, WatchEvent.Outcome.REDIRECTED);
        return token.complete(0);
    }

    @Override
    public String toString() {
        return "redirected write " + size + "@" + Long.toHexString(address) + "=" + Integer.toHexString(value);
    }
}
