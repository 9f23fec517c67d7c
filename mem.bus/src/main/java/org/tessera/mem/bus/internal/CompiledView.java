package org.tessera.mem.bus.internal;

import java.util.Arrays;
import org.tessera.machine.api.memory.MemoryView;

/**
 * The immutable flat view of the 4 GiB physical space: 1024 chunks of 1024 pages. A chunk with
 * nothing mapped is shared; a page is either served by one {@link Target} (with its backing
 * array when the target is directly mapped) or split among several targets ({@link SubPage}).
 */
final class CompiledView implements MemoryView {

    static final int CHUNK_SHIFT = 10;
    static final int CHUNK_PAGES = 1 << CHUNK_SHIFT;
    static final int CHUNKS = 1 << (32 - PAGE_SHIFT - CHUNK_SHIFT);

    /** 1024 consecutive pages. */
    static final class Chunk {
        final byte[][] read = new byte[CHUNK_PAGES][];
        final byte[][] write = new byte[CHUNK_PAGES][];
        final int[] offset = new int[CHUNK_PAGES];
        final int[] flags = new int[CHUNK_PAGES];
        /** {@link Target} or {@link SubPage} per page. */
        final Object[] where = new Object[CHUNK_PAGES];

        Chunk() {
            Arrays.fill(flags, OPEN_BUS);
            Arrays.fill(where, Target.OPEN);
        }

        /** A copy of {@code other}, to be changed before it is published. */
        Chunk(Chunk other) {
            System.arraycopy(other.read, 0, read, 0, CHUNK_PAGES);
            System.arraycopy(other.write, 0, write, 0, CHUNK_PAGES);
            System.arraycopy(other.offset, 0, offset, 0, CHUNK_PAGES);
            System.arraycopy(other.flags, 0, flags, 0, CHUNK_PAGES);
            System.arraycopy(other.where, 0, where, 0, CHUNK_PAGES);
        }

        /** Copies page {@code i} of {@code from} into this chunk. */
        void copyPage(Chunk from, int i) {
            read[i] = from.read[i];
            write[i] = from.write[i];
            offset[i] = from.offset[i];
            flags[i] = from.flags[i];
            where[i] = from.where[i];
        }
    }

    /** A page shared by several targets: sorted start offsets covering 0..PAGE_SIZE. */
    static final class SubPage {
        final int[] starts;
        final Target[] targets;

        SubPage(int[] starts, Target[] targets) {
            this.starts = starts;
            this.targets = targets;
        }

        int indexOf(int offsetInPage) {
            int i = starts.length - 1;
            while (starts[i] > offsetInPage) {
                i--;
            }
            return i;
        }
    }

    static final Chunk EMPTY = new Chunk();

    final Chunk[] chunks;
    /** The memory map this view was compiled from. */
    final java.util.List<org.tessera.machine.api.memory.RegionInfo> regions;
    /**
     * The view compiled from the regions alone, without watches (this view itself when it has
     * none): the pages a watch leaves are restored from it.
     */
    final CompiledView base;
    /** The watches this view carries (their flags are in the pages). */
    final WatchTable watches;

    /** A view of the regions alone. */
    CompiledView(Chunk[] chunks, java.util.List<org.tessera.machine.api.memory.RegionInfo> regions) {
        this.chunks = chunks;
        this.regions = regions;
        this.base = this;
        this.watches = WatchTable.EMPTY;
    }

    /** {@code base} with {@code watches} painted on: {@code chunks} shares the chunks no watch changes. */
    CompiledView(Chunk[] chunks, CompiledView base, WatchTable watches) {
        this.chunks = chunks;
        this.regions = base.regions;
        this.base = base.base;
        this.watches = watches;
    }

    /** The target serving {@code address}. */
    Target target(long address) {
        int page = (int) (address >>> PAGE_SHIFT);
        Object w = chunks[page >>> CHUNK_SHIFT].where[page & (CHUNK_PAGES - 1)];
        if (w instanceof Target t) {
            return t;
        }
        SubPage sp = (SubPage) w;
        return sp.targets[sp.indexOf((int) address & (PAGE_SIZE - 1))];
    }

    /** One past the last address served by the same target as {@code address} within its page. */
    long runEnd(long address) {
        int page = (int) (address >>> PAGE_SHIFT);
        long pageEnd = ((long) page + 1) << PAGE_SHIFT;
        Object w = chunks[page >>> CHUNK_SHIFT].where[page & (CHUNK_PAGES - 1)];
        if (w instanceof SubPage sp) {
            int i = sp.indexOf((int) address & (PAGE_SIZE - 1));
            if (i + 1 < sp.starts.length) {
                return pageEnd - PAGE_SIZE + sp.starts[i + 1];
            }
        }
        return pageEnd;
    }

    @Override
    public int pageCount() {
        return CHUNKS * CHUNK_PAGES;
    }

    @Override
    public int flags(int page) {
        return chunks[page >>> CHUNK_SHIFT].flags[page & (CHUNK_PAGES - 1)];
    }

    @Override
    public byte[] readArray(int page) {
        return chunks[page >>> CHUNK_SHIFT].read[page & (CHUNK_PAGES - 1)];
    }

    @Override
    public byte[] writeArray(int page) {
        return chunks[page >>> CHUNK_SHIFT].write[page & (CHUNK_PAGES - 1)];
    }

    @Override
    public int arrayOffset(int page) {
        return chunks[page >>> CHUNK_SHIFT].offset[page & (CHUNK_PAGES - 1)];
    }
}
