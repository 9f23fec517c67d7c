package org.tessera.mem.bus.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.watch.Watch;

/**
 * An immutable snapshot of the watches in force, published inside a {@link CompiledView}.
 *
 * <p>Besides the watches in add order it holds the watched part of the address space as sorted,
 * disjoint segments: each segment is a maximal range covered by the same watches (kept in add
 * order, so that events go out in that order). Lookups are binary searches over the segment
 * starts and allocate nothing; the bus only does them on pages flagged
 * {@link MemoryView#WATCHED} or {@link MemoryView#CODE}.
 */
final class WatchTable {

    /** One past the highest address; what {@link #edgeAfter} answers when no watch follows. */
    static final long SPACE_END = 1L << 32;

    static final WatchTable EMPTY = new WatchTable(new WatchEntry[0]);

    /** The watches in add order. */
    private final WatchEntry[] entries;
    private final long[] starts;
    private final long[] ends;
    private final WatchEntry[][] covers;
    /** Per segment: {@link MemoryView#WATCHED} if a non-code watch covers it, {@link MemoryView#CODE} if a code watch does. */
    private final int[] bits;

    private WatchTable(WatchEntry[] entries) {
        this.entries = entries;
        List<long[]> ranges = new ArrayList<>();
        List<WatchEntry[]> sets = new ArrayList<>();
        segment(entries, ranges, sets);
        int n = ranges.size();
        starts = new long[n];
        ends = new long[n];
        covers = new WatchEntry[n][];
        bits = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = ranges.get(i)[0];
            ends[i] = ranges.get(i)[1];
            covers[i] = sets.get(i);
            for (WatchEntry e : covers[i]) {
                bits[i] |= e.spec().code() ? MemoryView.CODE : MemoryView.WATCHED;
            }
        }
    }

    /** Sweeps the watch edges in address order, keeping the set of watches in force between them. */
    private static void segment(WatchEntry[] entries, List<long[]> ranges, List<WatchEntry[]> sets) {
        if (entries.length == 0) {
            return;
        }
        TreeMap<Long, List<WatchEntry>> starting = new TreeMap<>();
        TreeMap<Long, List<WatchEntry>> ending = new TreeMap<>();
        TreeSet<Long> edges = new TreeSet<>();
        for (WatchEntry e : entries) {
            starting.computeIfAbsent(e.start, k -> new ArrayList<>()).add(e);
            ending.computeIfAbsent(e.end, k -> new ArrayList<>()).add(e);
            edges.add(e.start);
            edges.add(e.end);
        }
        TreeSet<WatchEntry> inForce = new TreeSet<>((x, y) -> Long.compare(x.ordinal, y.ordinal));
        Long previous = null;
        WatchEntry[] previousSet = null;
        for (Long edge : edges) {
            if (previous != null && !inForce.isEmpty()) {
                WatchEntry[] set = inForce.toArray(new WatchEntry[0]);
                int last = ranges.size() - 1;
                if (last >= 0 && ranges.get(last)[1] == previous && Arrays.equals(previousSet, set)) {
                    ranges.get(last)[1] = edge;
                } else {
                    ranges.add(new long[] {previous, edge});
                    sets.add(set);
                    previousSet = set;
                }
            }
            inForce.removeAll(ending.getOrDefault(edge, List.of()));
            inForce.addAll(starting.getOrDefault(edge, List.of()));
            previous = edge;
        }
    }

    /** This table with {@code e} added last. */
    WatchTable with(WatchEntry e) {
        WatchEntry[] more = Arrays.copyOf(entries, entries.length + 1);
        more[entries.length] = e;
        return new WatchTable(more);
    }

    /** This table without {@code e}. */
    WatchTable without(WatchEntry e) {
        return new WatchTable(Arrays.stream(entries).filter(x -> x != e).toArray(WatchEntry[]::new));
    }

    boolean isEmpty() {
        return entries.length == 0;
    }

    /** The watches in add order. */
    List<Watch> watches() {
        return List.of(entries);
    }

    int segmentCount() {
        return starts.length;
    }

    long start(int segment) {
        return starts[segment];
    }

    long end(int segment) {
        return ends[segment];
    }

    /** The watches covering a segment, in add order (shared: do not modify). */
    WatchEntry[] cover(int segment) {
        return covers[segment];
    }

    /** The segment holding {@code address}, or -1 if no watch covers it. */
    int segment(long address) {
        int i = floor(address);
        return i >= 0 && address < ends[i] ? i : -1;
    }

    /** The first address above {@code address} where the set of watches covering it changes. */
    long edgeAfter(long address) {
        int i = floor(address);
        if (i >= 0 && address < ends[i]) {
            return ends[i];
        }
        return i + 1 < starts.length ? starts[i + 1] : SPACE_END;
    }

    /** The watch flags of a page: {@link MemoryView#WATCHED} and/or {@link MemoryView#CODE}, or 0. */
    int pageFlags(int page) {
        long from = (long) page << MemoryView.PAGE_SHIFT;
        long to = from + MemoryView.PAGE_SIZE;
        int i = floor(from);
        if (i < 0 || ends[i] <= from) {
            i++;
        }
        int flags = 0;
        for (; i < starts.length && starts[i] < to; i++) {
            flags |= bits[i];
        }
        return flags;
    }

    /** Index of the last segment starting at or below {@code address}, or -1. */
    private int floor(long address) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= address) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
