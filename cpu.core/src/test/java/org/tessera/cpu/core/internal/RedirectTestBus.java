package org.tessera.cpu.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * A bus for the redirect tests: 16 MiB of RAM at 0 in which chosen 4 KiB pages are served by a
 * "device" instead of being mapped directly. The device is backed by the same byte array, so a
 * run against the device and a run against plain RAM can be compared byte for byte, and it logs
 * every access it serves (address, size, read or write, value).
 *
 * <p>How device pages answer depends on the {@link Mode}:
 * <ul>
 * <li>{@link Mode#PLAIN}: they are ordinary direct RAM (the baseline);</li>
 * <li>{@link Mode#IMMEDIATE}: not direct; the device answers inside {@link BusAccess#proceed()};</li>
 * <li>{@link Mode#LATER}: not direct; {@code proceed()} returns false and a device thread performs
 * the access after a random 0-2 ms and completes the pending {@link RegionAccess}, which runs the
 * completion listener the CPU set on the access.</li>
 * </ul>
 * Which device pieces are deferred can be chosen per piece with {@link #deferWhen}.
 *
 * <p>Other page kinds: {@link Kind#ROM} (direct reads, writes dropped and counted, as the real bus
 * compiles a ROM), {@link Kind#DEVICE_ROM} (reads served by the device as above, writes dropped)
 * and {@link Kind#WATCHED} (direct reads, writes served by the device: a write-watched RAM page).
 *
 * <p>Pieces follow the {@link BusAccess} contract: an access is split at page boundaries, device
 * pieces further into naturally aligned 1, 2 and 4 byte accesses (the device accepts all three),
 * lowest address first; RAM pieces are done at once; completed pieces are never repeated.
 */
final class RedirectTestBus implements MemoryBus, MemoryView, AutoCloseable {

    /** How device pages answer. */
    enum Mode {
        PLAIN, IMMEDIATE, LATER
    }

    /** What a page is. */
    enum Kind {
        /** Direct RAM. */
        RAM,
        /** Served by the device (direct RAM in {@link Mode#PLAIN}). */
        DEVICE,
        /** Direct reads, writes dropped (counted). */
        ROM,
        /** Reads served by the device (direct in {@link Mode#PLAIN}), writes dropped (counted). */
        DEVICE_ROM,
        /** Direct reads, writes served by the device (direct in {@link Mode#PLAIN}). */
        WATCHED
    }

    /** One access the device served. */
    record Entry(long address, int size, boolean write, int value) {
        @Override
        public String toString() {
            return (write ? "W" : "R") + size + "@" + Long.toHexString(address) + "=" + Integer.toHexString(value);
        }
    }

    static final int RAM_SIZE = 16 << 20;
    private static final int RAM_PAGES = RAM_SIZE >>> PAGE_SHIFT;

    private static final ExecutorService DEVICE_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "redirect-test-device");
        t.setDaemon(true);
        return t;
    });

    private final byte[] ram = new byte[RAM_SIZE];
    private final Kind[] kinds = new Kind[RAM_PAGES];
    private final Mode mode;
    private volatile IntPredicate defer;
    private final List<Entry> log = new ArrayList<>();
    private final AtomicInteger devicePieces = new AtomicInteger();
    private final AtomicLong romWritesDropped = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();
    private final AtomicLong listenerCalls = new AtomicLong();
    private final AtomicLong splitAccesses = new AtomicLong();
    private final AtomicLong openBusReads = new AtomicLong();
    private final AtomicLong openBusWrites = new AtomicLong();
    private volatile long maxDelayNanos = 2_000_000;

    RedirectTestBus(Mode mode) {
        this.mode = mode;
        Arrays.fill(kinds, Kind.RAM);
        this.defer = mode == Mode.LATER ? i -> true : i -> false;
    }

    Mode mode() {
        return mode;
    }

    /** The backing store of RAM and of every device page. */
    byte[] ram() {
        return ram;
    }

    /** Makes {@code count} pages starting at physical page {@code page} of kind {@code kind}. */
    RedirectTestBus map(int page, int count, Kind kind) {
        for (int i = 0; i < count; i++) {
            kinds[page + i] = kind;
        }
        return this;
    }

    Kind kind(int page) {
        return page < RAM_PAGES ? kinds[page] : null;
    }

    /**
     * Chooses which device pieces answer later: {@code policy} gets the index of the device piece
     * (0 for the first one this bus serves) and answers true to defer it.
     */
    RedirectTestBus deferWhen(IntPredicate policy) {
        this.defer = policy;
        return this;
    }

    /** The longest delay of a deferred piece. */
    RedirectTestBus maxDelay(long nanos) {
        this.maxDelayNanos = nanos;
        return this;
    }

    /** A copy of the device's log. */
    List<Entry> log() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    long romWritesDropped() {
        return romWritesDropped.get();
    }

    /** Device pieces answered later. */
    long deferred() {
        return deferred.get();
    }

    /** Completion listener calls made by the device thread. */
    long listenerCalls() {
        return listenerCalls.get();
    }

    @Override
    public void close() {
        // the device thread is shared and a daemon; nothing to release
    }

    // ------------------------------------------------------------------ page rules

    private boolean directRead(Kind k) {
        return switch (k) {
            case RAM, ROM, WATCHED -> true;
            case DEVICE, DEVICE_ROM -> mode == Mode.PLAIN;
        };
    }

    private boolean directWrite(Kind k) {
        return switch (k) {
            case RAM -> true;
            case DEVICE, WATCHED -> mode == Mode.PLAIN;
            case ROM, DEVICE_ROM -> false;
        };
    }

    /** Piece kinds. */
    private static final int P_RAM = 0;
    private static final int P_DEVICE = 1;
    private static final int P_DROP = 2;
    private static final int P_OPEN = 3;

    private int resolve(long address, boolean write) {
        long page = address >>> PAGE_SHIFT;
        if (page >= RAM_PAGES) {
            return P_OPEN;
        }
        Kind k = kinds[(int) page];
        if (write) {
            if (k == Kind.ROM || k == Kind.DEVICE_ROM) {
                return P_DROP;
            }
            return directWrite(k) ? P_RAM : P_DEVICE;
        }
        return directRead(k) ? P_RAM : P_DEVICE;
    }

    // ------------------------------------------------------------------ the device

    private int ramRead(long address, int size) {
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (ram[(int) address + i] & 0xFF) << (i << 3);
        }
        return v;
    }

    private void ramWrite(long address, int size, int value) {
        for (int i = 0; i < size; i++) {
            ram[(int) address + i] = (byte) (value >>> (i << 3));
        }
    }

    /** The device serving one piece: performs it on the backing array and logs it. */
    private int serve(long address, int size, boolean write, int value) {
        synchronized (log) {
            int v;
            if (write) {
                ramWrite(address, size, value);
                v = value & mask(size);
            } else {
                v = ramRead(address, size);
            }
            log.add(new Entry(address, size, write, v));
            return write ? 0 : v;
        }
    }

    private static int mask(int size) {
        return size == 4 ? -1 : (1 << (size << 3)) - 1;
    }

    // ------------------------------------------------------------------ MemoryBus

    @Override
    public int read(long address, int size) {
        Access a = new Access(true);
        a.prepare(address, size, AccessType.READ, 0);
        a.proceed();
        return a.value();
    }

    @Override
    public void write(long address, int size, int value) {
        Access a = new Access(true);
        a.prepare(address, size, AccessType.WRITE, value);
        a.proceed();
    }

    @Override
    public int readModifyWrite(long address, int size, IntUnaryOperator update) {
        Access a = new Access(true);
        a.prepare(address, size, AccessType.READ, 0);
        a.proceed();
        int old = a.value();
        a.prepareWriteBack(update.applyAsInt(old));
        a.proceed();
        return old;
    }

    @Override
    public BusAccess newAccess() {
        return new Access(false);
    }

    @Override
    public MemoryView view() {
        return this;
    }

    @Override
    public void retire(String deviceId) {
        // no devices here
    }

    @Override
    public void remap() {
        // the map is fixed before the CPU is attached
    }

    @Override
    public List<RegionInfo> regions() {
        return List.of(new RegionInfo(0, RAM_SIZE, 0, "redirect-test", null, "cpu.core.test", "ram", true));
    }

    @Override
    public BusCounters counters() {
        return new BusCounters(openBusReads.get(), openBusWrites.get(), romWritesDropped.get(), 0, deferred.get(),
                splitAccesses.get(), 0, 0, 1);
    }

    // ------------------------------------------------------------------ MemoryView

    @Override
    public int pageCount() {
        return 1 << 20;
    }

    @Override
    public int flags(int page) {
        if (page >= RAM_PAGES) {
            return OPEN_BUS;
        }
        Kind k = kinds[page];
        int f = 0;
        if (directRead(k)) {
            f |= DIRECT_READ;
        }
        if (directWrite(k)) {
            f |= DIRECT_WRITE;
        }
        if (k == Kind.ROM || k == Kind.DEVICE_ROM) {
            f |= DISCARD_WRITES;
        }
        if (k == Kind.WATCHED && mode != Mode.PLAIN) {
            f |= WATCHED;
        }
        if ((k == Kind.DEVICE || k == Kind.DEVICE_ROM) && mode != Mode.PLAIN) {
            f |= MMIO;
        }
        return f;
    }

    @Override
    public byte[] readArray(int page) {
        return page >= 0 && page < RAM_PAGES && directRead(kinds[page]) ? ram : null;
    }

    @Override
    public byte[] writeArray(int page) {
        return page >= 0 && page < RAM_PAGES && directWrite(kinds[page]) ? ram : null;
    }

    @Override
    public int arrayOffset(int page) {
        return page << PAGE_SHIFT;
    }

    // ------------------------------------------------------------------ BusAccess

    /** A suspendable access with pieces. */
    private final class Access implements BusAccess {

        private final boolean neverDefer;
        private final long[] pAddr = new long[8];
        private final int[] pSize = new int[8];
        private final int[] pShift = new int[8];
        private final int[] pKind = new int[8];
        private int count;
        private int next;

        private long address;
        private int size;
        private AccessType type = AccessType.READ;
        private int value;
        private int result;
        private volatile Status status = Status.READY;
        private volatile Runnable listener;
        private final RegionAccess region = new RegionAccess(this::completedLater);

        Access(boolean neverDefer) {
            this.neverDefer = neverDefer;
        }

        private void completedLater() {
            listenerCalls.incrementAndGet();
            Runnable l = listener;
            if (l != null) {
                l.run();
            }
        }

        @Override
        public void prepare(long address, int size, AccessType type, int value) {
            if (status == Status.PENDING) {
                throw new IllegalStateException("previous access still pending");
            }
            if (size != 1 && size != 2 && size != 4) {
                throw new IllegalArgumentException("size " + size);
            }
            this.address = address;
            this.size = size;
            this.type = type;
            this.value = value;
            split();
            status = Status.READY;
        }

        private void split() {
            boolean write = type == AccessType.WRITE;
            count = 0;
            next = 0;
            result = 0;
            long a = address;
            long end = address + size;
            while (a < end) {
                long pageEnd = ((a >>> PAGE_SHIFT) + 1) << PAGE_SHIFT;
                long e = Math.min(end, pageEnd);
                int kind = resolve(a, write);
                if (kind == P_DEVICE) {
                    // the device accepts bytes, words and dwords at aligned offsets
                    while (a < e) {
                        int n = (int) (e - a);
                        int s = n >= 4 && (a & 3) == 0 ? 4 : n >= 2 && (a & 1) == 0 ? 2 : 1;
                        add(a, s, kind);
                        a += s;
                    }
                } else {
                    add(a, (int) (e - a), kind);
                    a = e;
                }
            }
            if (count > 1) {
                splitAccesses.incrementAndGet();
            }
        }

        private void add(long a, int s, int kind) {
            pAddr[count] = a;
            pSize[count] = s;
            pShift[count] = (int) (a - address) << 3;
            pKind[count] = kind;
            count++;
        }

        @Override
        public void prepareWriteBack(int newValue) {
            if (status != Status.DONE || type == AccessType.WRITE) {
                throw new IllegalStateException("no finished read to write back");
            }
            type = AccessType.WRITE;
            value = newValue;
            split();
            status = Status.READY;
        }

        private int pieceValue(int i) {
            return pShift[i] >= 32 ? 0 : (value >>> pShift[i]) & mask(pSize[i]);
        }

        private void take(int i, int v) {
            if (type != AccessType.WRITE) {
                result |= (v & mask(pSize[i])) << pShift[i];
            }
        }

        @Override
        public boolean proceed() {
            if (status == Status.DONE) {
                return true;
            }
            if (status == Status.PENDING) {
                if (!region.isDone()) {
                    return false;
                }
                take(next, region.result());
                region.release();
                next++;
                status = Status.READY;
            }
            boolean write = type == AccessType.WRITE;
            while (next < count) {
                int i = next;
                long a = pAddr[i];
                int s = pSize[i];
                switch (pKind[i]) {
                    case P_RAM -> {
                        if (write) {
                            ramWrite(a, s, pieceValue(i));
                        } else {
                            take(i, ramRead(a, s));
                        }
                    }
                    case P_DROP -> romWritesDropped.incrementAndGet();
                    case P_OPEN -> {
                        if (write) {
                            openBusWrites.incrementAndGet();
                        } else {
                            openBusReads.incrementAndGet();
                            take(i, -1);
                        }
                    }
                    default -> {
                        int index = devicePieces.getAndIncrement();
                        if (!neverDefer && defer.test(index)) {
                            int v = pieceValue(i);
                            region.begin(a, a, s, type, v, "redirect-test-device");
                            status = Status.PENDING;
                            deferred.incrementAndGet();
                            long delay = maxDelayNanos <= 0 ? 0 : ThreadLocalRandom.current().nextLong(maxDelayNanos + 1);
                            DEVICE_THREAD.execute(() -> {
                                if (delay > 0) {
                                    LockSupport.parkNanos(delay);
                                }
                                int r = serve(a, s, write, v);
                                region.complete(r);
                            });
                            return false;
                        }
                        take(i, serve(a, s, write, pieceValue(i)));
                    }
                }
                next++;
            }
            status = Status.DONE;
            return true;
        }

        @Override
        public Status status() {
            return status;
        }

        @Override
        public int value() {
            return result;
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
            return status == Status.PENDING ? region : null;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            return status != Status.PENDING || region.await(timeout, unit);
        }

        @Override
        public void setCompletionListener(Runnable listener) {
            this.listener = listener;
        }
    }
}
