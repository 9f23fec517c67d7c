package org.tessera.cpu.core.internal;

import java.util.Arrays;

/**
 * The compiled blocks of one CPU, found by CS base, EIP and the code size; a block is compiled
 * once its start has been reached {@link #threshold} times.
 *
 * <p>A block is used only while the code it was made from is still there: on every entry its
 * bytes are compared with the current contents of its page (through the access path's TLB), so
 * code changed by any writer — the CPU itself, a device, a debugger — is recompiled, and code
 * that is no longer in directly readable memory runs in the interpreter. While a block runs, an
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
        /** Physical address of the code page whose lines are marked as compiled code. */
        int phys;
    }

    private final RegisterFile regs;
    private final AccessPath mem;
    private final JitCompiler compiler = new JitCompiler();
    private final Entry[] entries = new Entry[SIZE];
    private final int threshold;
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
        int mode = (r.code32 ? 1 : 0) | (r.cr0 & 1) << 1;
        int csLimit = r.limit[RegisterFile.CS];
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
            return e.block == null ? null : e;
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
        return e;
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
                regs.code32, regs.protectedMode());
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
