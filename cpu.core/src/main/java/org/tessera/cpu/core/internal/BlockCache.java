package org.tessera.cpu.core.internal;

import java.util.Arrays;

/**
 * The compiled blocks of one CPU, found by CS base, EIP and the code size; a block is compiled
 * once its start has been reached {@link #threshold} times.
 *
 * <p>A block is used only while the code it was made from is still there: its bytes are compared
 * with the current contents of its page (through the access path's TLB) at its first entry in each
 * epoch, so code changed by any writer — the CPU itself, a device, a debugger — is recompiled, and
 * code that is no longer in directly readable memory runs in the interpreter. A new epoch starts
 * after an interpreted instruction that reached a device (IO, a slow-path access), after an interrupt, a single step or a
 * return from {@link Cpu#run} (a pause, a redirect), when the CPU writes to a line of compiled
 * code, when the bus announces a write to a page of compiled code (its code watches, see
 * {@link AccessPath#setWatches}: any writer through the bus), when the TLB is dropped, and at the latest every 64 bursts (about 64K instructions) for
 * writes by devices that nothing else announces; in between, only compiled code runs, and it
 * writes no memory but through the access path, which sees writes to compiled code. While a block runs, an
 * instruction of it that writes to a 64-byte line holding compiled code (see
 * {@link AccessPath#markCode}) ends the block after that instruction, so the next instruction is
 * found, and checked, again: self-modifying code takes effect at the next instruction.
 */
final class BlockCache {

    private static final int BITS = 12;
    private static final int SIZE = 1 << BITS;
    /** Entries that cannot be compiled are tried again after this many more visits. */
    private static final int RETRY = 1024;

    /** One cache line: a start address, how often it was reached, its block. */
    static final class Entry {
        int csBase;
        int eip;
        int mode;
        int csLimit;
        int heat;
        CompiledBlock block;
        byte[] code;
        int length;
        /** The epoch in which the code bytes were last found unchanged. */
        int verified;
        /** Physical address of the code page whose lines are marked as compiled code. */
        int phys;
        /** The block that ran after this one the last time (see {@link BlockCache#next}). */
        Entry next;
    }

    private final RegisterFile regs;
    private final AccessPath mem;
    private final JitCompiler compiler = new JitCompiler();
    private final Entry[] entries = new Entry[SIZE];
    private final int threshold;
    private int epoch;
    private int seenCodeWrites;
    private int seenGeneration;
    private long invalidated;

    BlockCache(RegisterFile regs, AccessPath mem, int threshold) {
        this.regs = regs;
        this.mem = mem;
        this.threshold = threshold;
        for (int i = 0; i < SIZE; i++) {
            entries[i] = new Entry();
            entries[i].eip = -1;
        }
    }

    /**
     * The block to run at CS:EIP, or null if the interpreter should run the next instruction (not
     * reached often enough yet, not compilable, or code not in directly readable memory).
     */
    Entry find() {
        RegisterFile r = regs;
        int eip = r.eip;
        int csBase = r.base[RegisterFile.CS];
        int linear = csBase + eip;
        int mode = (r.code32 ? 1 : 0) | (r.cr0 & 1) << 1 | (r.flagsOther >>> 15) & 4; // bit 2: EFLAGS.VM
        int csLimit = r.limit[RegisterFile.CS];
        AccessPath m = mem;
        if (m.codeWriteCount() != seenCodeWrites || m.generation() != seenGeneration) {
            // the CPU wrote to compiled code, or mappings may have changed: check blocks again
            seenCodeWrites = m.codeWriteCount();
            seenGeneration = m.generation();
            epoch++;
        }
        Entry e = entries[(linear * 0x9E3779B1) >>> (32 - BITS)];
        if (e.eip != eip || e.csBase != csBase || e.mode != mode || e.csLimit != csLimit) {
            e.eip = eip;
            e.csBase = csBase;
            e.mode = mode;
            e.csLimit = csLimit;
            e.heat = 0;
            e.block = null;
            e.code = null;
        }
        if (e.block == null) {
            if (++e.heat < threshold) {
                return null;
            }
            compile(e, linear);
            e.verified = epoch;
            return e.block == null ? null : e;
        }
        if (e.verified == epoch) {
            return e;
        }
        byte[] page = mem.codePage(linear);
        int at = mem.codeBase + (linear & 0xFFF);
        if (page == null || !Arrays.equals(page, at, at + e.code.length, e.code, 0, e.code.length)) {
            invalidated++;
            e.block = null;
            e.code = null;
            e.heat = 0;
            return null;
        }
        if (mem.codePhys != e.phys) {
            // the same bytes at another physical page (paging): watch that page's writes now
            e.phys = mem.codePhys;
            mem.markCode(e.phys + (linear & 0xFFF), e.code.length);
        }
        e.verified = epoch;
        return e;
    }

    /**
     * The block to run after {@code prev} returned normally: usually the one that followed it last
     * time, taken without the lookup when it is still the block for CS:EIP (a block changes neither
     * CS nor the mode, so the current code segment is still {@code prev}'s) and still checked in
     * this epoch; otherwise {@link #find}, remembered for next time.
     */
    Entry next(Entry prev) {
        Entry n = prev.next;
        AccessPath m = mem;
        if (n != null && n.eip == regs.eip && n.block != null && n.verified == epoch && n.csBase == prev.csBase
                && n.mode == prev.mode && n.csLimit == prev.csLimit && m.codeWriteCount() == seenCodeWrites
                && m.generation() == seenGeneration) {
            return n;
        }
        n = find();
        prev.next = n;
        return n;
    }

    /**
     * Starts a new epoch: every block compares its bytes again at its next entry. The CPU calls
     * this at the start of each burst and after each instruction it interprets (an IO instruction,
     * an interrupt, anything that may have let a device or another bus master write memory).
     */
    void newEpoch() {
        epoch++;
    }

    private void compile(Entry e, int linear) {
        byte[] page = mem.codePage(linear);
        if (page == null) {
            e.heat = threshold - RETRY;
            return;
        }
        int pageOffset = linear & 0xFFF;
        long limitEnd = (regs.limit[RegisterFile.CS] & 0xFFFF_FFFFL) + 1;
        long end = Math.min((e.eip & 0xFFFF_FFFFL) + (0x1000 - pageOffset), limitEnd);
        if (end <= (e.eip & 0xFFFF_FFFFL)) {
            e.heat = threshold - RETRY;
            return;
        }
        JitCompiler.Result result = compiler.compile(page, mem.codeBase + pageOffset, e.eip, (int) Math.min(end, 0xFFFF_FFFFL),
                regs.code32, regs.segmented()); // virtual-8086 mode loads segments the real-mode way
        if (result == null) {
            e.heat = threshold - RETRY;
            return;
        }
        e.phys = mem.codePhys;
        mem.markCode(e.phys + pageOffset, result.code().length);
        e.block = result.block();
        e.code = result.code();
        e.length = result.length();
    }

    /** Drops every block (they are compiled again when reached). */
    void clear() {
        for (Entry e : entries) {
            e.eip = -1;
            e.block = null;
            e.code = null;
        }
    }

    long compiled() {
        return compiler.compiled();
    }

    long invalidated() {
        return invalidated;
    }
}
