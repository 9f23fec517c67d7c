package org.tessera.mem.bus.internal;

import java.util.concurrent.TimeUnit;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.watch.Denial;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/**
 * The bus's {@link BusAccess}: the pieces of one access, resolved up front, performed in order;
 * a piece kept by a handler stops the access until it is completed. Reused by its owner; no
 * allocation per access on unwatched memory.
 *
 * <p>Watches: the pieces of a write on a page flagged {@link MemoryView#WATCHED} or
 * {@link MemoryView#CODE} are also cut at the edges of watched ranges, and each piece remembers
 * the watches covering it (the table of the view it was prepared against). A watched piece is
 * judged when it is performed: a guest's write under a denying watch is dropped, a redirected
 * piece goes to a {@link RedirectedPiece} whose token stands in for the region piece while it is
 * pending, anything else is written and reported once written. Reads are never cut or judged.
 */
final class SuspendableAccess implements BusAccess {

    private static final int MAX_PIECES = 4;

    private final PhysicalBus bus;
    private final long[] pieceAddress = new long[MAX_PIECES];
    private final int[] pieceSize = new int[MAX_PIECES];
    private final Target[] pieceTarget = new Target[MAX_PIECES];
    /** The watches covering each piece of a write (shared arrays of the watch table), or null. */
    private final WatchEntry[][] pieceCover = new WatchEntry[MAX_PIECES][];
    /** Old value of a watched piece written through a handler, reported once the handler answered. */
    private final int[] pieceOld = new int[MAX_PIECES];
    private final boolean[] pieceReport = new boolean[MAX_PIECES];
    /** Scratch for {@link #prepareWriteBack}: the read's pieces. */
    private final long[] readAddress = new long[MAX_PIECES];
    private final int[] readSize = new int[MAX_PIECES];
    private final Target[] readTarget = new Target[MAX_PIECES];
    private final Runnable completion = this::pieceCompleted;
    private final RegionAccess piece;
    private volatile Runnable listener;
    /** What the access waits for while PENDING: {@link #piece}, or a redirected piece's token. */
    private volatile RegionAccess waiting;

    private int count;
    private int next;
    private long address;
    private int size;
    private AccessType type = AccessType.READ;
    private int value;
    private int assembled;
    private WriteOrigin origin = WriteOrigin.DEVICE;
    private int cs;
    private int eip;
    private volatile Status status = Status.DONE;

    SuspendableAccess(PhysicalBus bus) {
        this.bus = bus;
        this.piece = new RegionAccess(completion);
        this.waiting = piece;
    }

    private void pieceCompleted() {
        Runnable l = listener;
        if (l != null && status == Status.PENDING) {
            l.run();
        }
    }

    @Override
    public void origin(WriteOrigin origin, int cs, int eip) {
        this.origin = origin == null ? WriteOrigin.DEVICE : origin;
        this.cs = cs;
        this.eip = eip;
    }

    @Override
    public void prepare(long address, int size, AccessType type, int value) {
        Pieces.checkSize(size);
        if (status == Status.PENDING) {
            throw new IllegalStateException("access " + this + " is still pending");
        }
        this.address = address & Pieces.SPACE_MASK;
        this.size = size;
        this.type = type;
        this.value = value;
        this.assembled = 0;
        this.next = 0;
        this.count = 0;
        CompiledView view = bus.currentView();
        boolean write = type.isWrite();
        int done = 0;
        while (done < size) {
            long a = (this.address + done) & Pieces.SPACE_MASK;
            Target t = view.target(a);
            if (write && (view.flags(Pieces.page(a)) & (MemoryView.WATCHED | MemoryView.CODE)) != 0) {
                done += addWatched(view.watches, t, a, Pieces.next(view, t, a, size - done));
            } else {
                done += add(t, a, Pieces.next(view, t, a, size - done), null);
            }
        }
        if (count > 1) {
            bus.stats().splitAccesses.increment();
        }
        status = Status.READY;
    }

    /** Adds a piece; returns its size. */
    private int add(Target t, long a, int s, WatchEntry[] cover) {
        pieceAddress[count] = a;
        pieceSize[count] = s;
        pieceTarget[count] = t;
        pieceCover[count] = cover;
        pieceReport[count] = false;
        count++;
        return s;
    }

    /**
     * Adds the first piece of a write of up to {@code s} bytes at {@code a} on a watched page: cut
     * at the next watch edge (and fitted to the target again); returns its size.
     */
    private int addWatched(WatchTable table, Target t, long a, int s) {
        int seg = table.segment(a);
        long edge = seg >= 0 ? table.end(seg) : table.edgeAfter(a);
        if (a + s > edge) {
            s = Pieces.fit(t, a, (int) (edge - a));
        }
        return add(t, a, s, seg >= 0 ? table.cover(seg) : null);
    }

    @Override
    public void prepareWriteBack(int newValue) {
        if (status != Status.DONE || type.isWrite() || count == 0) {
            throw new IllegalStateException("write-back needs a finished read, not " + this);
        }
        this.type = AccessType.WRITE;
        this.value = newValue;
        this.next = 0;
        // the read was not cut at watch edges: cut its pieces now, keeping their targets
        CompiledView view = bus.currentView();
        int reads = count;
        System.arraycopy(pieceAddress, 0, readAddress, 0, reads);
        System.arraycopy(pieceSize, 0, readSize, 0, reads);
        System.arraycopy(pieceTarget, 0, readTarget, 0, reads);
        count = 0;
        for (int k = 0; k < reads; k++) {
            long a = readAddress[k];
            int left = readSize[k];
            Target t = readTarget[k];
            while (left > 0) {
                // what is left of a read piece cut at a watch edge is fitted to its target again
                int s = Pieces.fit(t, a, left);
                if ((view.flags(Pieces.page(a)) & (MemoryView.WATCHED | MemoryView.CODE)) != 0) {
                    s = addWatched(view.watches, t, a, s);
                } else {
                    s = add(t, a, s, null);
                }
                a = (a + s) & Pieces.SPACE_MASK;
                left -= s;
            }
        }
        status = Status.READY;
    }

    @Override
    public boolean watched() {
        if (!type.isWrite()) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            WatchEntry[] cover = pieceCover[k];
            if (cover != null) {
                for (WatchEntry e : cover) {
                    if (e.active() && !e.spec().code()) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * The faulting denial of the first (lowest) piece under a denying watch that faults, taking
     * overlapping watches in add order; null unless the writer is the guest.
     */
    @Override
    public Denial refusal() {
        if (!type.isWrite() || origin != WriteOrigin.GUEST || status != Status.READY || next != 0) {
            return null;
        }
        for (int k = 0; k < count; k++) {
            WatchEntry[] cover = pieceCover[k];
            if (cover != null) {
                for (WatchEntry e : cover) {
                    if (e.active() && e.spec().policy() == WritePolicy.DENY && e.spec().denial() != Denial.DROP) {
                        return e.spec().denial();
                    }
                }
            }
        }
        return null;
    }

    @Override
    public void refuse() {
        if (!type.isWrite() || status != Status.READY || next != 0 || count == 0) {
            throw new IllegalStateException("refuse needs a prepared write that has not started, not " + this);
        }
        // nothing is written; the watched pieces are reported in address order
        next = count;
        status = Status.DONE;
        for (int k = 0; k < count; k++) {
            WatchEntry[] cover = pieceCover[k];
            if (cover != null) {
                long a = pieceAddress[k];
                int s = pieceSize[k];
                bus.watching().report(cover, a, s, WatchReporter.oldValue(pieceTarget[k], a, s), partOf(k), origin, cs,
                        eip, WatchEvent.Outcome.FAULTED);
            }
        }
    }

    @Override
    public boolean proceed() {
        if (status == Status.DONE) {
            return true;
        }
        if (status == Status.PENDING) {
            if (!waiting.isDone()) {
                return false;
            }
            take();
        }
        while (next < count) {
            Target t = pieceTarget[next];
            long a = pieceAddress[next];
            int s = pieceSize[next];
            int part = type.isWrite() ? partOf(next) : 0;
            WatchEntry[] cover = pieceCover[next];
            if (cover != null) {
                WritePolicy policy = WatchReporter.strictest(cover);
                if (policy != null) {
                    int old = WatchReporter.oldValue(t, a, s);
                    if (policy == WritePolicy.DENY && origin == WriteOrigin.GUEST) {
                        // a faulting denial the caller did not raise is a drop too
                        next++;
                        bus.watching().report(cover, a, s, old, part, origin, cs, eip, WatchEvent.Outcome.DROPPED);
                        continue;
                    }
                    if (policy == WritePolicy.REDIRECT) {
                        if (!redirect(cover, t, a, s, part, old)) {
                            return false;
                        }
                        continue;
                    }
                    pieceOld[next] = old;
                    pieceReport[next] = true;
                }
            }
            if (t.kind == Target.Kind.MMIO || (t.kind != Target.Kind.OPEN_BUS && !t.directCovers(a + s - 1))) {
                // waiting is the region piece here: only a redirect changes it, and take() puts it back
                if (!t.slot.submit(piece, a, a - t.base, s, type, part, bus.swapTimer())) {
                    status = Status.PENDING;
                    // the piece may have completed between submit and the status write
                    if (!piece.isDone()) {
                        return false;
                    }
                }
                take();
            } else {
                merge(bus.performImmediate(t, a, s, type, part));
                int k = next++;
                if (pieceReport[k]) {
                    reportWritten(k, WatchReporter.keeps(t));
                }
            }
        }
        status = Status.DONE;
        return true;
    }

    /**
     * Hands a piece to its redirect.
     *
     * @return true if the piece is done and the access may go on
     */
    private boolean redirect(WatchEntry[] cover, Target t, long a, int s, int part, int old) {
        RedirectedPiece r = new RedirectedPiece(bus, cover, t, a, s, part, old, origin, cs, eip, completion);
        waiting = r.token;
        r.start(WatchReporter.first(cover, WritePolicy.REDIRECT));
        if (!r.token.isDone()) {
            bus.stats().deferredAccesses.increment();
            status = Status.PENDING;
            // the redirect may have completed between the check and the status write
            if (!r.token.isDone()) {
                return false;
            }
        }
        take();
        return true;
    }

    private int partOf(int k) {
        int shift = (int) ((pieceAddress[k] - address) & Pieces.SPACE_MASK) << 3;
        return (value >>> shift) & Pieces.mask(pieceSize[k]);
    }

    private int shift() {
        return (int) ((pieceAddress[next] - address) & Pieces.SPACE_MASK) << 3;
    }

    /** Consumes the answer of the piece waited for and moves to the next piece. */
    private void take() {
        RegionAccess w = waiting;
        int s = pieceSize[next];
        int r;
        boolean failed = w.isFailed();
        if (failed) {
            r = type.isWrite() ? 0 : Pieces.ones(s);
            if (!type.isWrite()) {
                bus.stats().openBusReads.increment();
            }
        } else {
            r = w.result() & Pieces.mask(s);
        }
        w.release();
        if (w != piece) {
            waiting = piece;
        }
        merge(r);
        int k = next++;
        status = Status.READY;
        if (pieceReport[k]) {
            reportWritten(k, !failed);
        }
    }

    private void reportWritten(int k, boolean kept) {
        pieceReport[k] = false;
        bus.watching().report(pieceCover[k], pieceAddress[k], pieceSize[k], pieceOld[k], partOf(k), origin, cs, eip,
                kept ? WatchEvent.Outcome.WRITTEN : WatchEvent.Outcome.DROPPED);
    }

    private void merge(int r) {
        if (!type.isWrite()) {
            assembled |= r << shift();
        }
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public int value() {
        return assembled;
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
    public AccessType type() {
        return type;
    }

    @Override
    public RegionAccess pendingPiece() {
        return status == Status.PENDING ? waiting : null;
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return status != Status.PENDING || waiting.await(timeout, unit);
    }

    @Override
    public void setCompletionListener(Runnable listener) {
        this.listener = listener;
    }

    @Override
    public String toString() {
        return type + " " + size + "@" + Long.toHexString(address) + " " + status + " (" + next + "/" + count + " pieces)";
    }
}
