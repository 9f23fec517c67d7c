package org.tessera.cpu.core.internal;

import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;

/**
 * Every memory and IO access of every instruction goes through here.
 *
 * <p>Segment checks come first (the offset against the segment limit, and in protected mode the
 * segment's type: #GP(0), or #SS(0) for the stack segment; precomputed per segment register), then the linear address becomes physical (the A20 gate; paging comes with protected
 * mode). Then: a direct RAM page reached through a small software TLB filled from the bus's
 * compiled view (the fast path, no call per byte); anything else — a device, ROM writes, open bus,
 * an access that crosses a page — is a {@link BusAccess} whose completion is recorded in the
 * {@link Journal}. When a device answers later, the access stays pending and {@link Suspended}
 * unwinds the instruction; after the access completes, the instruction runs again from its start
 * and its earlier accesses are replayed from the journal, so nothing is done twice.
 */
final class AccessPath {

    private static final int TLB_SIZE = 256;
    private static final int TLB_MASK = TLB_SIZE - 1;

    private final RegisterFile regs;
    private final CpuFault fault;
    private final Suspended suspended = new Suspended();
    private final Journal journal = new Journal();
    private MemoryBus bus;
    private IoBus io;
    private BusAccess access;
    private MemoryView view;
    private boolean pending;
    private Runnable completionListener;
    private Runnable beforeSlowAccess;
    private boolean snapshotTaken;

    private final int[] readTag = new int[TLB_SIZE];
    private final byte[][] readArray = new byte[TLB_SIZE][];
    private final int[] readOffset = new int[TLB_SIZE];
    private final int[] writeTag = new int[TLB_SIZE];
    private final byte[][] writeArray = new byte[TLB_SIZE][];
    private final int[] writeOffset = new int[TLB_SIZE];
    /** For pages holding compiled code: the page's array, written through {@link #writeCode}. */
    private final byte[][] codeArray = new byte[TLB_SIZE][];

    /**
     * Compiled code by physical page: bit n of a page's mask is set when its 64-byte line n holds
     * compiled instructions. In chunks of 1024 pages, allocated when first needed.
     */
    private final long[][] codeLines = new long[1 << 10][];
    /** Counts CPU writes that touched a line holding compiled code. */
    int codeWrites;

    /** Physical address mask: A20 gate (bit 20 cleared when the gate is closed). */
    int a20Mask = 0xFFFFFFFF;

    AccessPath(RegisterFile regs, CpuFault fault) {
        this.regs = regs;
        this.fault = fault;
        flush();
    }

    /** Connects the buses (the machine's, or a test's). */
    void attach(MemoryBus bus, IoBus io) {
        this.bus = bus;
        this.io = io;
        this.access = bus.newAccess();
        this.access.setCompletionListener(this::accessCompleted);
        this.view = bus.view();
        flush();
    }

    /**
     * What to run before the first slow-path access of an instruction: the CPU saves the state it
     * must restore if the instruction is suspended.
     */
    void setBeforeSlowAccess(Runnable hook) {
        this.beforeSlowAccess = hook;
    }

    /** Called at every instruction start. */
    void newInstruction() {
        snapshotTaken = false;
    }

    /**
     * Saves the instruction's start state now, for an instruction that must change a register
     * before its first access (POP r/m moves ESP first).
     */
    void saveStateNow() {
        if (!snapshotTaken) {
            snapshotTaken = true;
            if (beforeSlowAccess != null) {
                beforeSlowAccess.run();
            }
        }
    }

    /**
     * Ends an instruction of a compiled block that went to the slow path: its journal and its
     * saved state are no longer needed (the next instruction saves its own).
     */
    void endInstruction() {
        snapshotTaken = false;
        journal.clear();
    }

    /** Whether the current instruction has gone to the slow path. */
    boolean slowAccessSeen() {
        return snapshotTaken;
    }

    /** Connects or disconnects (null) the IO bus: unclaimed ports then read all ones. */
    void setIo(IoBus io) {
        this.io = io;
    }

    /** What to run (on the completing thread) when a pending access completes. */
    void setCompletionListener(Runnable listener) {
        this.completionListener = listener;
    }

    private void accessCompleted() {
        Runnable l = completionListener;
        if (l != null) {
            l.run();
        }
    }

    Journal journal() {
        return journal;
    }

    /** Drops every cached page if the bus published a new view. Cheap; call often. */
    void checkView() {
        MemoryView v = bus.view();
        if (v != view) {
            view = v;
            flush();
        }
    }

    /** Changes whenever cached pages are dropped: whoever caches code pages compares it. */
    int generation() {
        return generation;
    }

    private int generation;

    void flush() {
        generation++;
        java.util.Arrays.fill(readTag, -1);
        java.util.Arrays.fill(writeTag, -1);
        java.util.Arrays.fill(readArray, null);
        java.util.Arrays.fill(writeArray, null);
        java.util.Arrays.fill(codeArray, null);
    }

    // ------------------------------------------------------------------ compiled code

    /**
     * Notes that {@code length} bytes from physical address {@code phys} (within one page) hold
     * compiled code: the CPU's writes there are counted in {@link #codeWrites} from now on.
     */
    void markCode(int phys, int length) {
        int page = phys >>> MemoryView.PAGE_SHIFT;
        long[] chunk = codeLines[page >>> 10];
        if (chunk == null) {
            chunk = new long[1 << 10];
            codeLines[page >>> 10] = chunk;
        }
        int first = (phys & (MemoryView.PAGE_SIZE - 1)) >>> 6;
        int last = ((phys & (MemoryView.PAGE_SIZE - 1)) + Math.max(length, 1) - 1) >>> 6;
        long bits = (last == 63 ? -1L : (1L << (last + 1)) - 1) & (-1L << first);
        boolean fresh = chunk[page & 1023] == 0;
        chunk[page & 1023] |= bits;
        if (fresh) {
            int t = page & TLB_MASK;
            if (writeTag[t] == page) {
                writeTag[t] = -1;
            }
        }
    }

    private long codeLinesOf(int page) {
        long[] chunk = codeLines[page >>> 10];
        return chunk == null ? 0 : chunk[page & 1023];
    }

    /** Whether a write of {@code size} bytes at {@code phys} touches a line of compiled code. */
    private boolean touchesCode(int phys, int size) {
        long lines = codeLinesOf(phys >>> MemoryView.PAGE_SHIFT);
        if (lines == 0) {
            return false;
        }
        int off = phys & (MemoryView.PAGE_SIZE - 1);
        return ((lines >>> (off >>> 6)) & 1) != 0 || ((lines >>> (Math.min(off + size - 1, 4095) >>> 6)) & 1) != 0;
    }

    /** A direct write to a page that holds compiled code. */
    private void writeCode(byte[] a, int i, int phys, int size, int value) {
        if (touchesCode(phys, size)) {
            codeWrites++;
        }
        a[i] = (byte) value;
        if (size > 1) {
            a[i + 1] = (byte) (value >>> 8);
            if (size > 2) {
                a[i + 2] = (byte) (value >>> 16);
                a[i + 3] = (byte) (value >>> 24);
            }
        }
    }

    // ------------------------------------------------------------------ segment checks

    /**
     * Checks that {@code size} bytes at {@code offset} may be read through segment {@code seg}:
     * within the limit (above it for expand-down data), and in protected mode a readable segment
     * (not execute-only code, not a null selector). The checks are precomputed per segment
     * ({@link RegisterFile#updateChecks(int)}).
     *
     * @throws CpuFault #GP(0), or #SS(0) for the stack segment
     */
    void checkRead(int seg, int offset, int size) {
        int end = offset + size - 1;
        if (Integer.compareUnsigned(offset, regs.rdLo[seg]) < 0 || Integer.compareUnsigned(end, regs.rdHi[seg]) > 0
                || Integer.compareUnsigned(end, offset) < 0) {
            throw segmentFault(seg);
        }
    }

    /** Like {@link #checkRead} for a write: in protected mode a writable data segment. */
    void checkWrite(int seg, int offset, int size) {
        int end = offset + size - 1;
        if (Integer.compareUnsigned(offset, regs.wrLo[seg]) < 0 || Integer.compareUnsigned(end, regs.wrHi[seg]) > 0
                || Integer.compareUnsigned(end, offset) < 0) {
            throw segmentFault(seg);
        }
    }

    private CpuFault segmentFault(int seg) {
        return fault.raise(seg == RegisterFile.SS || seg == RegisterFile.NEW_SS ? CpuFault.SS : CpuFault.GP, 0);
    }

    // ------------------------------------------------------------------ data accesses

    int read8(int seg, int offset) {
        checkRead(seg, offset, 1);
        return readLinear(regs.base[seg] + offset, 1);
    }

    int read16(int seg, int offset) {
        checkRead(seg, offset, 2);
        return readLinear(regs.base[seg] + offset, 2);
    }

    int read32(int seg, int offset) {
        checkRead(seg, offset, 4);
        return readLinear(regs.base[seg] + offset, 4);
    }

    void write8(int seg, int offset, int value) {
        checkWrite(seg, offset, 1);
        writeLinear(regs.base[seg] + offset, 1, value);
    }

    void write16(int seg, int offset, int value) {
        checkWrite(seg, offset, 2);
        writeLinear(regs.base[seg] + offset, 2, value);
    }

    void write32(int seg, int offset, int value) {
        checkWrite(seg, offset, 4);
        writeLinear(regs.base[seg] + offset, 4, value);
    }

    /** Reads {@code size} bytes at a linear address (no segment check). */
    int readLinear(int linear, int size) {
        return read(linear, size, AccessType.READ, Journal.READ);
    }

    /** Reads code bytes at a linear address (instruction fetch; same path, kind FETCH). */
    int fetchLinear(int linear, int size) {
        return read(linear, size, AccessType.FETCH, Journal.FETCH);
    }

    private int read(int linear, int size, AccessType type, int kind) {
        int phys = linear & a20Mask;
        int page = phys >>> MemoryView.PAGE_SHIFT;
        int off = phys & (MemoryView.PAGE_SIZE - 1);
        if (off + size <= MemoryView.PAGE_SIZE) {
            int t = page & TLB_MASK;
            if (readTag[t] != page) {
                fillRead(t, page);
            }
            byte[] a = readArray[t];
            if (a != null) {
                int i = readOffset[t] + off;
                switch (size) {
                    case 1:
                        return a[i] & 0xFF;
                    case 2:
                        return (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8;
                    default:
                        return (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8 | (a[i + 2] & 0xFF) << 16 | a[i + 3] << 24;
                }
            }
        }
        return slow(phys, size, type, kind, 0);
    }

    /** Writes {@code size} bytes at a linear address (no segment check). */
    void writeLinear(int linear, int size, int value) {
        int phys = linear & a20Mask;
        int page = phys >>> MemoryView.PAGE_SHIFT;
        int off = phys & (MemoryView.PAGE_SIZE - 1);
        if (off + size <= MemoryView.PAGE_SIZE) {
            int t = page & TLB_MASK;
            if (writeTag[t] != page) {
                fillWrite(t, page);
            }
            byte[] a = writeArray[t];
            if (a != null) {
                int i = writeOffset[t] + off;
                a[i] = (byte) value;
                if (size > 1) {
                    a[i + 1] = (byte) (value >>> 8);
                    if (size > 2) {
                        a[i + 2] = (byte) (value >>> 16);
                        a[i + 3] = (byte) (value >>> 24);
                    }
                }
                return;
            }
            byte[] c = codeArray[t];
            if (c != null) {
                writeCode(c, writeOffset[t] + off, phys, size, value);
                return;
            }
        }
        slow(phys, size, AccessType.WRITE, Journal.WRITE, value);
    }

    /**
     * The code page holding {@code linear} if it is directly readable: the array, with the index
     * of the page's first byte in {@link #codeBase}; null if code there must be fetched through
     * {@link #fetchLinear}. Lets the decoder read instruction bytes straight from the array.
     */
    byte[] codePage(int linear) {
        int phys = linear & a20Mask;
        int page = phys >>> MemoryView.PAGE_SHIFT;
        int t = page & TLB_MASK;
        if (readTag[t] != page) {
            fillRead(t, page);
        }
        codeBase = readOffset[t];
        return readArray[t];
    }

    /** Set by {@link #codePage}. */
    int codeBase;

    /**
     * Caches a page for direct reads, but only a page whose contents cannot change behind the
     * journal: directly writable (RAM) or read-only (ROM). A page that is read directly but whose
     * writes go to a handler (a watched page) is read through the slow path too, so that an
     * instruction re-executed after its write was deferred reads what it read the first time.
     */
    private void fillRead(int t, int page) {
        readTag[t] = page;
        int flags = view.flags(page);
        boolean stable = (flags & (MemoryView.DIRECT_WRITE | MemoryView.DISCARD_WRITES)) != 0;
        readArray[t] = stable ? view.readArray(page) : null;
        readOffset[t] = view.arrayOffset(page);
    }

    private void fillWrite(int t, int page) {
        writeTag[t] = page;
        byte[] a = view.writeArray(page);
        boolean code = codeLinesOf(page) != 0;
        writeArray[t] = code ? null : a;
        codeArray[t] = code ? a : null;
        writeOffset[t] = view.arrayOffset(page);
    }

    /** The slow path: a journaled bus access that may suspend the instruction. */
    private int slow(int phys, int size, AccessType type, int kind, int value) {
        long a = phys & 0xFFFF_FFFFL;
        if (!snapshotTaken) {
            snapshotTaken = true;
            if (beforeSlowAccess != null) {
                beforeSlowAccess.run();
            }
        }
        if (journal.replaying() && journal.nextIs(a, size, kind)) {
            return journal.take();
        }
        if (type == AccessType.WRITE && (touchesCode(phys, 1) || touchesCode(phys + size - 1, 1))) {
            codeWrites++;
        }
        access.prepare(a, size, type, value);
        if (!access.proceed()) {
            pending = true;
            throw suspended;
        }
        int v = type == AccessType.WRITE ? 0 : access.value();
        journal.record(a, size, kind, v);
        checkView();
        return v;
    }

    // ------------------------------------------------------------------ IO ports

    int in(int port, int size) {
        if (journal.replaying() && journal.nextIs(port, size, Journal.IN)) {
            return journal.take();
        }
        int v = io == null ? (size == 4 ? -1 : (1 << (size << 3)) - 1) : io.in(port & 0xFFFF, size);
        journal.record(port, size, Journal.IN, v);
        checkView();
        return v;
    }

    void out(int port, int size, int value) {
        if (journal.replaying() && journal.nextIs(port, size, Journal.OUT)) {
            journal.take();
            return;
        }
        if (io != null) {
            io.out(port & 0xFFFF, size, value);
        }
        journal.record(port, size, Journal.OUT, value);
        checkView();
    }

    // ------------------------------------------------------------------ suspension

    /** Whether an access is pending at a device. */
    boolean pending() {
        return pending;
    }

    /** The pending access, for reports. */
    BusAccess pendingAccess() {
        return pending ? access : null;
    }

    /**
     * Tries to finish the pending access.
     *
     * @return true if it is complete (recorded in the journal; the instruction can run again)
     */
    boolean completePending() {
        if (!pending) {
            return true;
        }
        if (!access.proceed()) {
            return false;
        }
        pending = false;
        int kind = switch (access.type()) {
            case WRITE -> Journal.WRITE;
            case FETCH -> Journal.FETCH;
            default -> Journal.READ;
        };
        journal.record(access.address(), access.size(), kind, access.type() == AccessType.WRITE ? 0 : access.value());
        journal.rewind();
        checkView();
        return true;
    }
}
