package org.tessera.cpu.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.watch.Denial;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchSpec;
import org.tessera.machine.api.watch.WriteOrigin;

/**
 * Every memory and IO access of every instruction goes through here.
 *
 * <p>Segment checks come first (the offset against the segment limit, and in protected mode the
 * segment's type: #GP(0), or #SS(0) for the stack segment; precomputed per segment register), then the linear address becomes physical: with paging off through the A20 gate, with
 * paging on (CR0.PG) through the page tables (486 rules: 4 KiB pages, 4 MiB pages with CR4.PSE,
 * U/S and R/W checks with CR0.WP, accessed and dirty bits, #PF with CR2), then the A20 gate. Then: a
 * direct RAM page reached through a small software TLB filled from the bus's compiled view (the
 * fast path, no call per byte); anything else — a device, ROM writes, open bus, an access that
 * crosses a page — is a {@link BusAccess} whose completion is recorded in the {@link Journal}. When
 * a device answers later, the access stays pending and {@link Suspended} unwinds the instruction;
 * after the access completes, the instruction runs again from its start and its earlier accesses
 * are replayed from the journal, so nothing is done twice.
 *
 * <p>Paging. The TLB is keyed by the physical page with paging off, and by the linear page plus a
 * user bit ({@link #USER_KEY}, set for accesses at CPL 3) with paging on, so an entry filled for the
 * supervisor never serves a user access. An entry is made only by a page walk that granted the
 * access: a read entry by a walk for reading (which set the accessed bits), a write entry by a
 * walk for writing (which also set the dirty bit). Entries are dropped when CR3 is loaded, when
 * CR0.PG, PE or WP or CR4.PSE change ({@link #controlChanged}), and one page by INVLPG
 * ({@link #invalidate}); every drop bumps {@link #generation()}. As on the hardware, a page table
 * entry changed in memory is not seen until then. An access that crosses a page translates and
 * checks both pages before it touches either; when the two physical pages are not adjacent it is
 * issued as per-page pieces, each journaled, so a suspended instruction repeats none of them.
 * Implicit supervisor accesses (descriptor tables, TSS, IDT) use {@link #readSupervisor} and
 * {@link #writeSupervisor}: they are checked as CPL 0 accesses whatever the CPL.
 */
final class AccessPath {

    private static final int TLB_SIZE = 256;
    private static final int TLB_MASK = TLB_SIZE - 1;
    private static final int PAGE_SHIFT = MemoryView.PAGE_SHIFT;
    private static final int PAGE_SIZE = MemoryView.PAGE_SIZE;
    /** With paging on: the TLB key bit of user-mode (CPL 3) accesses, above the 20-bit page number. */
    static final int USER_KEY = 1 << 20;

    // page directory and page table entry bits
    static final int PTE_P = 1;
    static final int PTE_RW = 1 << 1;
    static final int PTE_US = 1 << 2;
    static final int PTE_A = 1 << 5;
    static final int PTE_D = 1 << 6;
    static final int PDE_PS = 1 << 7;
    // #PF error code bits
    static final int PF_PROTECTION = 1;
    static final int PF_WRITE = 1 << 1;
    static final int PF_USER = 1 << 2;

    static final int CR0_PE = 1;
    static final int CR0_WP = 1 << 16;
    static final int CR0_PG = 1 << 31;
    static final int CR4_PSE = 1 << 4;

    private final RegisterFile regs;
    private final CpuFault fault;
    /** The debug registers: data breakpoints are matched on every data access while enabled. */
    final DebugUnit debug;
    private final Suspended suspended = new Suspended();
    /** Thrown by compiled code that reaches a watched write: the interpreter runs the instruction again. */
    private final Suspended reinterpret = new Suspended();
    private final Journal journal = new Journal();
    private MemoryBus bus;
    private IoBus io;
    private BusAccess access;
    /** The page walk's own access: its writes (accessed and dirty bits) are the CPU's, made at once. */
    private BusAccess walkAccess;
    /** The current instruction's decoder, for the CS:EIP a watched write reports. */
    private Decoder decoder;
    /** A compiled block is running: its EIP is not kept up to date, so watched writes go back to the interpreter. */
    boolean compiled;
    /** Depth of implicit CPU writes in progress (descriptor bits, TSS, interrupt frames). */
    private int implicitDepth;
    /** While an event is delivered: the CS:EIP it was taken at (else -1). */
    private int eventCs = -1;
    private int eventEip;
    /** The linear address of the access now on the slow path (for a #PF a watch asks for). */
    private int slowLinear;
    private MemoryView view;
    private boolean pending;
    private Runnable completionListener;
    private Runnable beforeSlowAccess;
    private boolean snapshotTaken;

    // the TLB: tags are keys (see the class comment), -1 for none
    private final int[] readTag = new int[TLB_SIZE];
    private final byte[][] readArray = new byte[TLB_SIZE][];
    private final int[] readOffset = new int[TLB_SIZE];
    /** Physical address of the entry's page (its first byte). */
    private final int[] readPhys = new int[TLB_SIZE];
    private final int[] writeTag = new int[TLB_SIZE];
    private final byte[][] writeArray = new byte[TLB_SIZE][];
    private final int[] writeOffset = new int[TLB_SIZE];
    private final int[] writePhys = new int[TLB_SIZE];
    /**
     * Arrays for instruction fetch: like {@link #readArray}, but also for pages whose writes are
     * watched (a GDT sharing its page with code): decoded bytes do not take part in the journal.
     */
    private final byte[][] fetchArray = new byte[TLB_SIZE][];
    /** For pages holding compiled code: the page's array, written through {@link #writeCode}. */
    private final byte[][] codeArray = new byte[TLB_SIZE][];

    /**
     * Compiled code by physical page: bit n of a page's mask is set when its 64-byte line n holds
     * compiled instructions. In chunks of 1024 pages, allocated when first needed.
     */
    private final long[][] codeLines = new long[1 << 10][];
    /** Counts CPU writes that touched a line holding compiled code. */
    int codeWrites;
    /**
     * Counts the accesses that left the CPU: slow-path memory accesses (devices, ROM, watched
     * pages) and IO ports. A device reached so may write memory in ways nothing announces.
     */
    int externalAccesses;
    /**
     * Counts writes to pages of compiled code announced by the bus's code watches (any writer
     * through the bus: a device, DMA, a tool, or the CPU's own slow path), from any thread.
     */
    volatile int announcedCodeWrites;
    /** The bus's watches, if it has them: pages of compiled code are watched there. */
    private volatile MemoryWatches watches;
    /** The code watches placed, by physical page (guarded by itself). */
    private final java.util.Map<Integer, Watch> codeWatches = new java.util.HashMap<>();
    /** Writes to compiled code seen so far: the CPU's own and those the bus announced. */
    int codeWriteCount() {
        return codeWrites + announcedCodeWrites;
    }

    /** Set when {@link #watches} changed: the code pages are watched again by the CPU thread. */
    private volatile boolean watchesChanged;

    /**
     * Physical address mask: A20 gate (bit 20 cleared when the gate is closed). With paging it
     * applies to the translated address and to the page table accesses; whoever changes it must
     * call {@link #flush} (the TLB holds masked physical addresses).
     */
    int a20Mask = 0xFFFFFFFF;

    /** Paging is on (CR0.PG and PE): the TLB is keyed by linear page and privilege. */
    private boolean paging;
    /** What {@link #key} keeps of a linear address: the A20 mask without paging, all with it. */
    private int keyLinearMask = -1;
    /** Whether {@link #userKey} gives the user bit: with paging. */
    private int keyUserMask;
    /** CR0.AM is set: data accesses at CPL 3 may need the alignment check (as of the last flush). */
    private boolean alignmentChecks;
    /** The control register bits the TLB was filled under (see {@link #controlChanged}). */
    private int tlbCr0;
    private int tlbCr3;
    private int tlbCr4;
    /** Page walks done (TLB misses with paging on), for tests and statistics. */
    long walks;
    /** Some entry since the last flush came from a 4 MiB page (INVLPG must then drop them all). */
    private boolean largePages;

    AccessPath(RegisterFile regs, CpuFault fault, DebugUnit debug) {
        this.regs = regs;
        this.fault = fault;
        this.debug = debug;
        flush();
    }

    /** Connects the buses (the machine's, or a test's). */
    void attach(MemoryBus bus, IoBus io) {
        this.bus = bus;
        this.io = io;
        this.access = bus.newAccess();
        this.access.setCompletionListener(this::accessCompleted);
        this.walkAccess = bus.newAccess();
        this.view = bus.view();
        flush();
    }

    /** The decoder whose instruction start is the EIP reported for watched writes. */
    void setDecoder(Decoder decoder) {
        this.decoder = decoder;
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

    /** Drops every cached page and translation. */
    void flush() {
        generation++;
        tlbCr0 = regs.cr0 & (CR0_PG | CR0_PE | CR0_WP | CR0_AM);
        tlbCr3 = regs.cr3;
        tlbCr4 = regs.cr4 & CR4_PSE;
        paging = (tlbCr0 & (CR0_PG | CR0_PE)) == (CR0_PG | CR0_PE);
        keyLinearMask = paging ? -1 : a20Mask;
        keyUserMask = paging ? -1 : 0;
        alignmentChecks = (tlbCr0 & CR0_AM) != 0;
        largePages = false;
        java.util.Arrays.fill(readTag, -1);
        java.util.Arrays.fill(writeTag, -1);
        java.util.Arrays.fill(readArray, null);
        java.util.Arrays.fill(fetchArray, null);
        java.util.Arrays.fill(writeArray, null);
        java.util.Arrays.fill(codeArray, null);
    }

    /**
     * Drops every cached translation if CR0.PG, PE, WP or AM, CR3 or CR4.PSE differ from what the TLB
     * was filled under. MOV to CR0/CR4 and LMSW call it; so does the CPU before it runs
     * instructions, which catches registers set from outside (a debugger, a state restore, a
     * test). A CR3 load by MOV must flush even when the value is the same: it calls {@link #flush}.
     */
    void controlChanged() {
        if ((regs.cr0 & (CR0_PG | CR0_PE | CR0_WP | CR0_AM)) != tlbCr0 || regs.cr3 != tlbCr3 || (regs.cr4 & CR4_PSE) != tlbCr4) {
            flush();
        }
    }

    /** Whether paging is on (as of the last {@link #flush}). */
    boolean paging() {
        return paging;
    }

    /**
     * INVLPG: drops the translations of the page holding {@code linear} (for both privileges). The
     * TLB holds 4 KiB entries also for 4 MiB pages, so once it holds any of those, everything is
     * dropped (INVLPG of an address in a 4 MiB page drops the whole page). With paging off the TLB
     * holds no translation and this only bumps the generation.
     */
    void invalidate(int linear) {
        generation++;
        if (largePages) {
            flush();
        } else if (paging) {
            int key = linear >>> PAGE_SHIFT;
            drop(key);
            drop(key | USER_KEY);
        }
    }

    private void drop(int key) {
        int t = key & TLB_MASK;
        if (readTag[t] == key) {
            readTag[t] = -1;
            readArray[t] = null;
            fetchArray[t] = null;
        }
        if (writeTag[t] == key) {
            writeTag[t] = -1;
            writeArray[t] = null;
            codeArray[t] = null;
        }
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
            // the page's writes must now go through writeCode: drop its write entries (with paging,
            // any linear page may map it)
            for (int t = 0; t < TLB_SIZE; t++) {
                if (writeTag[t] != -1 && writePhys[t] >>> PAGE_SHIFT == page) {
                    writeTag[t] = -1;
                }
            }
            watchCode(page);
        }
    }

    // ------------------------------------------------------------------ watches

    /**
     * Connects the bus's watches (null: none). Pages of compiled code are watched there as code
     * ({@link WatchSpec#code}): every write that reaches the bus on such a page, whoever makes it,
     * is announced to the CPU ({@link #announcedCodeWrites}), and the CPU's own direct writes are
     * seen by the line marks here. Any thread; the CPU thread places the watches
     * ({@link #syncWatches}).
     */
    void setWatches(MemoryWatches w) {
        MemoryWatches old = watches;
        if (old == w) {
            return;
        }
        watches = w;
        synchronized (codeWatches) {
            for (Watch watch : codeWatches.values()) {
                watch.cancel();
            }
            codeWatches.clear();
        }
        watchesChanged = true;
    }

    /** On the CPU thread: watches every page of compiled code again after {@link #setWatches}. */
    void syncWatches() {
        if (!watchesChanged) {
            return;
        }
        watchesChanged = false;
        for (int c = 0; c < codeLines.length; c++) {
            long[] chunk = codeLines[c];
            if (chunk != null) {
                for (int i = 0; i < chunk.length; i++) {
                    if (chunk[i] != 0) {
                        watchCode(c << 10 | i);
                    }
                }
            }
        }
    }

    private void watchCode(int page) {
        MemoryWatches w = watches;
        if (w == null) {
            return;
        }
        synchronized (codeWatches) {
            if (!codeWatches.containsKey(page)) {
                codeWatches.put(page, w.add(WatchSpec.code("code", (long) page << PAGE_SHIFT, PAGE_SIZE,
                        e -> announcedCodeWrites++)));
            }
        }
    }

    /** The writes that follow, until {@link #endImplicit}, are the CPU's own (implicit) writes. */
    void beginImplicit() {
        implicitDepth++;
    }

    /** Ends {@link #beginImplicit}. */
    void endImplicit() {
        implicitDepth--;
    }

    /**
     * While an event (interrupt, exception) is delivered its writes are the CPU's and report
     * the CS:EIP it was taken at; {@code cs} -1 ends it.
     */
    void delivering(int cs, int eip) {
        eventCs = cs;
        eventEip = eip;
    }

    /** Tells the access who writes next: the guest's instruction or the CPU itself, at which CS:EIP. */
    private void originOf(BusAccess a) {
        if (eventCs >= 0) {
            a.origin(WriteOrigin.CPU, eventCs, eventEip);
        } else {
            a.origin(implicitDepth > 0 ? WriteOrigin.CPU : WriteOrigin.GUEST, regs.selector[RegisterFile.CS],
                    decoder == null ? regs.eip : decoder.start);
        }
    }

    /**
     * A prepared write that a watch wants to see from compiled code goes back to the interpreter
     * (which knows the instruction's EIP); one that a denying watch refuses raises its fault,
     * before anything of the access is written.
     */
    private void judge(BusAccess a, int linear) {
        if (!a.watched()) {
            return;
        }
        if (compiled) {
            throw reinterpret;
        }
        Denial d = a.refusal();
        if (d == null) {
            return;
        }
        a.refuse();
        if (d == Denial.PAGE_FAULT) {
            regs.cr2 = linear;
            throw fault.raise(CpuFault.PF, PF_PROTECTION | PF_WRITE | (regs.cpl == 3 && implicitDepth == 0 ? PF_USER : 0));
        }
        throw fault.raise(CpuFault.GP, 0);
    }

    /** Whether {@code s} is the signal of {@link #judge} to run the instruction in the interpreter. */
    boolean isReinterpret(Suspended s) {
        return s == reinterpret;
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
        store(a, i, size, value);
    }

    /** Little-endian views of the page arrays (one load or store per access). */
    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Little-endian load of 1, 2 or 4 bytes from a page array. */
    private static int load(byte[] a, int i, int size) {
        switch (size) {
            case 1:
                return a[i] & 0xFF;
            case 2:
                return (short) SHORT_LE.get(a, i) & 0xFFFF;
            default:
                return (int) INT_LE.get(a, i);
        }
    }

    /** Little-endian store of 1, 2 or 4 bytes into a page array. */
    private static void store(byte[] a, int i, int size, int value) {
        switch (size) {
            case 1:
                a[i] = (byte) value;
                break;
            case 2:
                SHORT_LE.set(a, i, (short) value);
                break;
            default:
                INT_LE.set(a, i, value);
                break;
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

    // The sized reads and writes below are what the interpreter and compiled code call for data:
    // the common case (inside the segment, within one page the TLB has as directly accessible
    // memory, no alignment check or data breakpoint armed) is handled in place; everything else
    // takes the general path, which checks again and raises what is due.

    int read8(int seg, int offset) {
        RegisterFile r = regs;
        int linear = r.base[seg] + offset;
        if (plainData() && inside(r.rdLo[seg], r.rdHi[seg], offset, 0)) {
            int key = key(linear, userKey());
            int t = key & TLB_MASK;
            byte[] a = readArray[t];
            if (readTag[t] == key && a != null) {
                return a[readOffset[t] + (linear & (PAGE_SIZE - 1))] & 0xFF;
            }
        }
        return readData(seg, offset, 1);
    }

    int read16(int seg, int offset) {
        RegisterFile r = regs;
        int linear = r.base[seg] + offset;
        int po = linear & (PAGE_SIZE - 1);
        if (po <= PAGE_SIZE - 2 && plainData() && inside(r.rdLo[seg], r.rdHi[seg], offset, 1)) {
            int key = key(linear, userKey());
            int t = key & TLB_MASK;
            byte[] a = readArray[t];
            if (readTag[t] == key && a != null) {
                return (short) SHORT_LE.get(a, readOffset[t] + po) & 0xFFFF;
            }
        }
        return readData(seg, offset, 2);
    }

    int read32(int seg, int offset) {
        RegisterFile r = regs;
        int linear = r.base[seg] + offset;
        int po = linear & (PAGE_SIZE - 1);
        if (po <= PAGE_SIZE - 4 && plainData() && inside(r.rdLo[seg], r.rdHi[seg], offset, 3)) {
            int key = key(linear, userKey());
            int t = key & TLB_MASK;
            byte[] a = readArray[t];
            if (readTag[t] == key && a != null) {
                return (int) INT_LE.get(a, readOffset[t] + po);
            }
        }
        return readData(seg, offset, 4);
    }

    void write8(int seg, int offset, int value) {
        RegisterFile r = regs;
        int linear = r.base[seg] + offset;
        if (plainData() && inside(r.wrLo[seg], r.wrHi[seg], offset, 0)) {
            int key = key(linear, userKey());
            int t = key & TLB_MASK;
            byte[] a = writeArray[t];
            if (writeTag[t] == key && a != null) {
                a[writeOffset[t] + (linear & (PAGE_SIZE - 1))] = (byte) value;
                return;
            }
        }
        writeData(seg, offset, 1, value);
    }

    void write16(int seg, int offset, int value) {
        RegisterFile r = regs;
        int linear = r.base[seg] + offset;
        int po = linear & (PAGE_SIZE - 1);
        if (po <= PAGE_SIZE - 2 && plainData() && inside(r.wrLo[seg], r.wrHi[seg], offset, 1)) {
            int key = key(linear, userKey());
            int t = key & TLB_MASK;
            byte[] a = writeArray[t];
            if (writeTag[t] == key && a != null) {
                SHORT_LE.set(a, writeOffset[t] + po, (short) value);
                return;
            }
        }
        writeData(seg, offset, 2, value);
    }

    void write32(int seg, int offset, int value) {
        RegisterFile r = regs;
        int linear = r.base[seg] + offset;
        int po = linear & (PAGE_SIZE - 1);
        if (po <= PAGE_SIZE - 4 && plainData() && inside(r.wrLo[seg], r.wrHi[seg], offset, 3)) {
            int key = key(linear, userKey());
            int t = key & TLB_MASK;
            byte[] a = writeArray[t];
            if (writeTag[t] == key && a != null) {
                INT_LE.set(a, writeOffset[t] + po, value);
                return;
            }
        }
        writeData(seg, offset, 4, value);
    }

    /** Whether bytes {@code offset .. offset+last} lie within [lo, hi] without wrapping around. */
    private static boolean inside(int lo, int hi, int offset, int last) {
        int end = offset + last;
        return Integer.compareUnsigned(offset, lo) >= 0 && Integer.compareUnsigned(end, hi) <= 0
                && Integer.compareUnsigned(end, offset) >= 0;
    }

    /** No alignment check (CR0.AM) and no data breakpoint can apply: the sized accesses may take their short cut. */
    private boolean plainData() {
        return !alignmentChecks && !debug.watching;
    }


    /**
     * A data read of {@code size} bytes at seg:offset: the segment check, the alignment check,
     * the data breakpoints, then the linear access.
     */
    private int readData(int seg, int offset, int size) {
        checkRead(seg, offset, size);
        int linear = regs.base[seg] + offset;
        checkAlignment(linear, size);
        if (debug.watching) {
            debug.access(linear, size, false);
        }
        return readLinear(linear, size);
    }

    /** A data write, checked as {@link #readData} checks a read. */
    private void writeData(int seg, int offset, int size, int value) {
        checkWrite(seg, offset, size);
        int linear = regs.base[seg] + offset;
        checkAlignment(linear, size);
        if (debug.watching) {
            debug.access(linear, size, true);
        }
        writeLinear(linear, size, value);
    }

    /** CR0.AM: alignment checking allowed (486). */
    static final int CR0_AM = 1 << 18;

    /**
     * The 486 alignment check: with CR0.AM and EFLAGS.AC set, a data access at CPL 3 (also in
     * virtual-8086 mode) to a word or doubleword whose linear address is not a multiple of its size
     * raises #AC(0), after the segment checks and before the page translation. Implicit
     * supervisor accesses (descriptor tables, TSS) and instruction fetches are not checked.
     */
    private void checkAlignment(int linear, int size) {
        if ((linear & (size - 1)) != 0 && (regs.cr0 & CR0_AM) != 0 && (regs.flagsOther & Flags.AC) != 0 && regs.cpl == 3) {
            throw fault.raise(CpuFault.AC, 0);
        }
    }

    /** Reads {@code size} bytes at a linear address (no segment check), at the current privilege. */
    int readLinear(int linear, int size) {
        return read(linear, size, AccessType.READ, Journal.READ);
    }

    /** Reads code bytes at a linear address (instruction fetch; same path, kind FETCH). */
    int fetchLinear(int linear, int size) {
        return read(linear, size, AccessType.FETCH, Journal.FETCH);
    }

    /**
     * An implicit supervisor read (a descriptor table, the TSS, the IDT): with paging, checked as a
     * CPL 0 access whatever the CPL is, and a #PF it raises has the U/S bit clear.
     */
    int readSupervisor(int linear, int size) {
        return read(linear, size, AccessType.READ, Journal.READ, 0);
    }

    /** An implicit supervisor write (the accessed bit of a descriptor, the TSS); see {@link #readSupervisor}. */
    void writeSupervisor(int linear, int size, int value) {
        implicitDepth++;
        try {
            writeLinear(linear, size, value, 0);
        } finally {
            implicitDepth--;
        }
    }

    /**
     * The TLB key bit of an access at the current privilege: {@link #USER_KEY} at CPL 3 with
     * paging on; 0 otherwise (without paging the TLB is keyed by physical page alone).
     */
    private int userKey() {
        return ((regs.cpl + 1) & 4) << 18 & keyUserMask;
    }

    /**
     * The TLB key of {@code linear}: the physical page (A20 applied) with paging off, the linear
     * page with {@code user} ({@link #userKey}, or 0 for a supervisor access) with paging on.
     */
    private int key(int linear, int user) {
        return (linear & keyLinearMask) >>> PAGE_SHIFT | user;
    }

    // one path with paging on and off: the key is the physical page without paging,
    // the linear page and privilege with it, and fillRead/fillWrite translate accordingly

    private int read(int linear, int size, AccessType type, int kind) {
        return read(linear, size, type, kind, userKey());
    }

    /** {@link #read} as a CPL 3 access when {@code user} is {@link #USER_KEY}, else as supervisor. */
    private int read(int linear, int size, AccessType type, int kind, int user) {
        int key = key(linear, user);
        int off = linear & (PAGE_SIZE - 1);
        if (off + size <= PAGE_SIZE) {
            int t = key & TLB_MASK;
            if (readTag[t] != key) {
                fillRead(t, key, linear, true);
            }
            byte[] a = readArray[t];
            if (a != null) {
                int i = readOffset[t] + off;
                return load(a, i, size);
            }
            return slow(readPhys[t] | off, size, type, kind, 0);
        }
        return paging ? crossing(linear, size, type, kind, 0, user) : slow(linear & a20Mask, size, type, kind, 0);
    }

    /** Writes {@code size} bytes at a linear address (no segment check), at the current privilege. */
    void writeLinear(int linear, int size, int value) {
        writeLinear(linear, size, value, userKey());
    }

    /** {@link #writeLinear} with {@code user} as for {@link #read(int, int, AccessType, int, int)}. */
    private void writeLinear(int linear, int size, int value, int user) {
        int key = key(linear, user);
        int off = linear & (PAGE_SIZE - 1);
        if (off + size <= PAGE_SIZE) {
            int t = key & TLB_MASK;
            if (writeTag[t] != key) {
                fillWrite(t, key, linear);
            }
            byte[] a = writeArray[t];
            if (a != null) {
                int i = writeOffset[t] + off;
                store(a, i, size, value);
                return;
            }
            byte[] c = codeArray[t];
            if (c != null) {
                writeCode(c, writeOffset[t] + off, writePhys[t] | off, size, value);
                return;
            }
            slowLinear = linear;
            slow(writePhys[t] | off, size, AccessType.WRITE, Journal.WRITE, value);
            return;
        }
        slowLinear = linear;
        if (paging) {
            crossing(linear, size, AccessType.WRITE, Journal.WRITE, value, user);
        } else {
            slow(linear & a20Mask, size, AccessType.WRITE, Journal.WRITE, value);
        }
    }

    /**
     * An access that crosses a page boundary, with paging. Both pages are translated and checked
     * first (a #PF for either leaves memory untouched, CR2 at the first byte of the access in the
     * page that faulted); then, if the two physical pages are not adjacent, it is done as one
     * journaled piece per page (low address first), so that a suspended instruction repeats none.
     */
    private int crossing(int linear, int size, AccessType type, int kind, int value, int user) {
        boolean write = type == AccessType.WRITE;
        int first = PAGE_SIZE - (linear & (PAGE_SIZE - 1));
        int phys1 = translate(linear, write, user);
        int phys2 = translate(linear + first, write, user);
        if (phys2 == phys1 + first) {
            return slow(phys1, size, type, kind, value);
        }
        int shift = first << 3;
        if (write && !journal.replaying()) {
            // a watch that refuses either part faults before the other part is written
            probe(phys1, first, linear, value);
            probe(phys2, size - first, linear + first, value >>> shift);
        }
        slowLinear = linear;
        int lo = piece(phys1, first, type, kind, value);
        slowLinear = linear + first;
        int hi = piece(phys2, size - first, type, kind, value >>> shift);
        return write ? 0 : lo | hi << shift;
    }

    /** One page's part of a crossing access: 1, 2 or 3 bytes (3 as 1 + 2 or 2 + 1, aligned). */
    private int piece(int phys, int n, AccessType type, int kind, int value) {
        if (n == 3) {
            int a = (phys & 1) != 0 ? 1 : 2;
            int lo = piece(phys, a, type, kind, value);
            int hi = piece(phys + a, 3 - a, type, kind, value >>> (a << 3));
            return lo | hi << (a << 3);
        }
        int v = slow(phys, n, type, kind, value);
        return n == 4 ? v : v & ((1 << (n << 3)) - 1);
    }

    /** Judges the write of one page's part of a crossing write without making it ({@link #judge}). */
    private void probe(int phys, int n, int linear, int value) {
        if (n == 3) {
            int a = (phys & 1) != 0 ? 1 : 2;
            probe(phys, a, linear, value);
            probe(phys + a, 3 - a, linear + a, value >>> (a << 3));
            return;
        }
        if ((view.flags(phys >>> PAGE_SHIFT) & MemoryView.WATCHED) == 0) {
            return;
        }
        originOf(access);
        access.prepare(phys & 0xFFFF_FFFFL, n, AccessType.WRITE, n == 4 ? value : value & ((1 << (n << 3)) - 1));
        judge(access, linear);
    }

    /** With paging: the physical address of {@code linear} for a read or a write, through the TLB. */
    private int translate(int linear, boolean write, int user) {
        int key = linear >>> PAGE_SHIFT | user;
        int t = key & TLB_MASK;
        if (write) {
            if (writeTag[t] != key) {
                fillWrite(t, key, linear);
            }
            return writePhys[t] | (linear & (PAGE_SIZE - 1));
        }
        if (readTag[t] != key) {
            fillRead(t, key, linear, true);
        }
        return readPhys[t] | (linear & (PAGE_SIZE - 1));
    }

    /**
     * The code page holding {@code linear} if it is directly readable: the array, with the index
     * of the page's first byte in {@link #codeBase} and its physical address in {@link #codePhys};
     * null if code there must be fetched through {@link #fetchLinear} (which raises the #PF of a
     * page that is not present or not readable at the current privilege: this never faults). Lets
     * the decoder read instruction bytes straight from the array.
     */
    byte[] codePage(int linear) {
        int key = key(linear, userKey());
        int t = key & TLB_MASK;
        if (readTag[t] != key && !fillRead(t, key, linear, false)) {
            return null;
        }
        codeBase = readOffset[t];
        codePhys = readPhys[t];
        return fetchArray[t];
    }

    /** Set by {@link #codePage}. */
    int codeBase;
    /** Set by {@link #codePage}: the physical address of the code page. */
    int codePhys;

    /**
     * Caches a page for direct reads, but only a page whose contents cannot change behind the
     * journal: directly writable (RAM) or read-only (ROM). A page that is read directly but whose
     * writes go to a handler (a watched page) is read through the slow path too, so that an
     * instruction re-executed after its write was deferred reads what it read the first time.
     * With paging, the page walk comes first: it raises #PF (or, if {@code raise} is false, makes
     * no entry and answers false).
     */
    private boolean fillRead(int t, int key, int linear, boolean raise) {
        int phys;
        if (paging) {
            long p = walk(linear, false, (key & USER_KEY) != 0, raise);
            if (p < 0) {
                return false;
            }
            phys = (int) p;
        } else {
            phys = key << PAGE_SHIFT;
        }
        int page = phys >>> PAGE_SHIFT;
        readTag[t] = key;
        int flags = view.flags(page);
        boolean stable = (flags & (MemoryView.DIRECT_WRITE | MemoryView.DISCARD_WRITES)) != 0;
        readArray[t] = stable ? view.readArray(page) : null;
        fetchArray[t] = (flags & MemoryView.WATCHED) != 0 ? view.readArray(page) : readArray[t];
        readOffset[t] = view.arrayOffset(page);
        readPhys[t] = phys;
        return true;
    }

    /** Caches a page for writes; with paging, after a page walk for writing (#PF, dirty bit). */
    private void fillWrite(int t, int key, int linear) {
        int phys = paging ? (int) walk(linear, true, (key & USER_KEY) != 0, true) : key << PAGE_SHIFT;
        int page = phys >>> PAGE_SHIFT;
        writeTag[t] = key;
        byte[] a = view.writeArray(page);
        boolean code = codeLinesOf(page) != 0;
        writeArray[t] = code ? null : a;
        codeArray[t] = code ? a : null;
        writeOffset[t] = view.arrayOffset(page);
        writePhys[t] = phys;
    }

    // ------------------------------------------------------------------ paging

    /**
     * Translates {@code linear} through the page tables (486: two levels of 4 KiB pages, a 4 MiB
     * page where CR4.PSE and the directory entry's PS bit are set) and checks the access: a user
     * access (CPL 3) needs U/S set at both levels, a user write R/W set at both levels, a
     * supervisor write R/W set at both levels only when CR0.WP is set. When the access is granted,
     * the accessed bits of the entries used are set (the directory entry's, the table entry's)
     * and, for a write, the dirty bit of the table entry (of the directory entry for a 4 MiB page);
     * each entry is written only if a bit changes. A refused access sets no bit.
     *
     * <p>The entries are read straight from directly readable memory (also a watched page table:
     * only its writes are watched) and written straight into directly writable memory; anywhere
     * else through the walk's own bus access, as the CPU's own writes ({@link WriteOrigin#CPU},
     * which no watch denies), made at once: a page table on a device that answers later is
     * waited for, not suspended, so a walk is never part of an instruction's journal and a
     * re-executed instruction walks afresh. From compiled code, a write a watch wants to see
     * sends the instruction back to the interpreter first (for its CS:EIP). A walk that only
     * probes ({@code raise} false) makes no entry where a bit would have to be written through
     * the bus.
     *
     * @return the physical address of the page (A20 applied), or -1 if the access is refused and
     *     {@code raise} is false
     * @throws CpuFault #PF with CR2 = {@code linear} if the access is refused and {@code raise}
     */
    private long walk(int linear, boolean write, boolean user, boolean raise) {
        walks++;
        int error = (write ? PF_WRITE : 0) | (user ? PF_USER : 0);
        long pdeAddress = (((regs.cr3 & 0xFFFFF000) | (linear >>> 22) << 2) & a20Mask) & 0xFFFF_FFFFL;
        int pde = walkRead(pdeAddress);
        if ((pde & PTE_P) == 0) {
            return refuse(linear, error, raise);
        }
        if ((pde & PDE_PS) != 0 && (regs.cr4 & CR4_PSE) != 0) {
            if (!allowed(pde, write, user)) {
                return refuse(linear, error | PF_PROTECTION, raise);
            }
            int set = write ? PTE_A | PTE_D : PTE_A;
            if ((pde & set) != set && !walkWrite(pdeAddress, pde | set, raise)) {
                return -1;
            }
            largePages = true;
            return (((pde & 0xFFC00000) | (linear & 0x003FF000)) & a20Mask) & 0xFFFF_FFFFL;
        }
        long pteAddress = (((pde & 0xFFFFF000) | ((linear >>> 12) & 0x3FF) << 2) & a20Mask) & 0xFFFF_FFFFL;
        int pte = walkRead(pteAddress);
        if ((pte & PTE_P) == 0) {
            return refuse(linear, error, raise);
        }
        if (!allowed(pde & pte, write, user)) {
            return refuse(linear, error | PF_PROTECTION, raise);
        }
        if ((pde & PTE_A) == 0 && !walkWrite(pdeAddress, pde | PTE_A, raise)) {
            return -1;
        }
        int set = write ? PTE_A | PTE_D : PTE_A;
        if ((pte & set) != set && !walkWrite(pteAddress, pte | set, raise)) {
            return -1;
        }
        return (pte & 0xFFFFF000 & a20Mask) & 0xFFFF_FFFFL;
    }

    /** Reads a page directory or table entry (4-byte aligned, so within one page). */
    private int walkRead(long address) {
        MemoryView v = bus.view();
        int page = (int) (address >>> PAGE_SHIFT);
        byte[] a = v.readArray(page);
        if (a != null) {
            return (int) INT_LE.get(a, v.arrayOffset(page) + ((int) address & (PAGE_SIZE - 1)));
        }
        return bus.read(address, 4);
    }

    /**
     * Writes a page directory or table entry as the CPU's own write.
     *
     * @return false if {@code raise} is false (a probe) and the write would have to go through the bus
     */
    private boolean walkWrite(long address, int value, boolean raise) {
        MemoryView v = bus.view();
        int page = (int) (address >>> PAGE_SHIFT);
        byte[] a = v.writeArray(page);
        int i = (int) address & (PAGE_SIZE - 1);
        if (a != null) {
            if (touchesCode((int) address, 4)) {
                codeWrites++;
            }
            INT_LE.set(a, v.arrayOffset(page) + i, value);
            return true;
        }
        if (!raise) {
            return false;
        }
        BusAccess w = walkAccess;
        implicitDepth++;
        try {
            originOf(w);
        } finally {
            implicitDepth--;
        }
        w.prepare(address, 4, AccessType.WRITE, value);
        if (compiled && w.watched()) {
            throw reinterpret;
        }
        while (!w.proceed()) {
            try {
                if (!w.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    w.pendingPiece().fail(new IllegalStateException("page table write not answered in 10 s"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                w.pendingPiece().fail(e);
            }
        }
        return true;
    }

    /** Whether the (combined) entry bits allow the access. */
    private boolean allowed(int bits, boolean write, boolean user) {
        if (user) {
            return (bits & PTE_US) != 0 && (!write || (bits & PTE_RW) != 0);
        }
        return !write || (bits & PTE_RW) != 0 || (regs.cr0 & CR0_WP) == 0;
    }

    private long refuse(int linear, int error, boolean raise) {
        if (!raise) {
            return -1;
        }
        regs.cr2 = linear;
        throw fault.raise(CpuFault.PF, error);
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
        externalAccesses++;
        if (type == AccessType.WRITE) {
            if (touchesCode(phys, 1) || touchesCode(phys + size - 1, 1)) {
                codeWrites++;
            }
            originOf(access);
            access.prepare(a, size, type, value);
            judge(access, slowLinear);
        } else {
            access.prepare(a, size, type, value);
        }
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
        externalAccesses++;
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
        externalAccesses++;
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
