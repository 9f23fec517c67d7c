package org.tessera.mem.bus.internal;

import java.util.concurrent.TimeUnit;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.RegionAccess;

/**
 * The bus's {@link BusAccess}: the pieces of one access, resolved up front, performed in order;
 * a piece kept by a handler stops the access until it is completed. Reused by its owner; no
 * allocation per access.
 */
final class SuspendableAccess implements BusAccess {

    private static final int MAX_PIECES = 4;

    private final PhysicalBus bus;
    private final long[] pieceAddress = new long[MAX_PIECES];
    private final int[] pieceSize = new int[MAX_PIECES];
    private final Target[] pieceTarget = new Target[MAX_PIECES];
    private final RegionAccess piece;
    private volatile Runnable listener;

    private int count;
    private int next;
    private long address;
    private int size;
    private AccessType type = AccessType.READ;
    private int value;
    private int assembled;
    private volatile Status status = Status.DONE;

    SuspendableAccess(PhysicalBus bus) {
        this.bus = bus;
        this.piece = new RegionAccess(this::pieceCompleted);
    }

    private void pieceCompleted() {
        Runnable l = listener;
        if (l != null && status == Status.PENDING) {
            l.run();
        }
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
        int done = 0;
        while (done < size) {
            long a = (this.address + done) & Pieces.SPACE_MASK;
            Target t = view.target(a);
            int s = Pieces.next(view, t, a, size - done);
            pieceAddress[count] = a;
            pieceSize[count] = s;
            pieceTarget[count] = t;
            count++;
            done += s;
        }
        if (count > 1) {
            bus.stats().splitAccesses.increment();
        }
        status = Status.READY;
    }

    @Override
    public void prepareWriteBack(int newValue) {
        if (status != Status.DONE || type.isWrite() || count == 0) {
            throw new IllegalStateException("write-back needs a finished read, not " + this);
        }
        this.type = AccessType.WRITE;
        this.value = newValue;
        this.next = 0;
        status = Status.READY;
    }

    @Override
    public boolean proceed() {
        if (status == Status.DONE) {
            return true;
        }
        if (status == Status.PENDING) {
            if (!piece.isDone()) {
                return false;
            }
            take();
        }
        while (next < count) {
            Target t = pieceTarget[next];
            long a = pieceAddress[next];
            int s = pieceSize[next];
            int part = type.isWrite() ? (value >>> shift()) & Pieces.mask(s) : 0;
            if (t.kind == Target.Kind.MMIO || (t.kind != Target.Kind.OPEN_BUS && !t.directCovers(a + s - 1))) {
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
                next++;
            }
        }
        status = Status.DONE;
        return true;
    }

    private int shift() {
        return (int) ((pieceAddress[next] - address) & Pieces.SPACE_MASK) << 3;
    }

    private void take() {
        int s = pieceSize[next];
        int r;
        if (piece.isFailed()) {
            r = type.isWrite() ? 0 : Pieces.ones(s);
            if (!type.isWrite()) {
                bus.stats().openBusReads.increment();
            }
        } else {
            r = piece.result() & Pieces.mask(s);
        }
        piece.release();
        merge(r);
        next++;
        status = Status.READY;
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
        return status == Status.PENDING ? piece : null;
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return status != Status.PENDING || piece.await(timeout, unit);
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
