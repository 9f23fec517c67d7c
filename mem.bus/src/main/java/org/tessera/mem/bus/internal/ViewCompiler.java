package org.tessera.mem.bus.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * Compiles the bound regions into a {@link CompiledView}: where regions overlap the highest
 * priority wins (then the higher service ranking, then the older service), whole pages of one
 * region become plain entries (direct when the handler offers memory that covers them), and pages
 * shared by several regions become {@link CompiledView.SubPage}s with open bus in their gaps.
 */
final class ViewCompiler {

    private static final Comparator<Binding> PRECEDENCE = Comparator.comparingInt(Binding::priority)
            .thenComparingInt(Binding::ranking)
            .thenComparing(Comparator.comparingLong(Binding::serviceId).reversed());

    private ViewCompiler() {
    }

    /** Compiles a view of {@code slots} (their current or last bindings). */
    static CompiledView compile(List<RegionSlot> slots) {
        Map<RegionSlot, Target> targets = new HashMap<>();
        for (RegionSlot slot : slots) {
            targets.put(slot, targetOf(slot));
        }
        List<long[]> runs = new ArrayList<>();
        List<Target> owners = new ArrayList<>();
        resolveOverlaps(slots, targets, runs, owners);

        CompiledView.Chunk[] chunks = new CompiledView.Chunk[CompiledView.CHUNKS];
        java.util.Arrays.fill(chunks, CompiledView.EMPTY);
        TreeMap<Integer, TreeMap<Integer, Target>> partial = new TreeMap<>();
        for (int i = 0; i < runs.size(); i++) {
            paint(chunks, partial, runs.get(i)[0], runs.get(i)[1], owners.get(i));
        }
        for (Map.Entry<Integer, TreeMap<Integer, Target>> e : partial.entrySet()) {
            finishSubPage(chunks, e.getKey(), e.getValue());
        }
        return new CompiledView(chunks, regionsOf(slots, targets));
    }

    private static List<RegionInfo> regionsOf(List<RegionSlot> slots, Map<RegionSlot, Target> targets) {
        List<RegionInfo> out = new ArrayList<>();
        for (RegionSlot slot : slots) {
            Binding b = slot.binding();
            Target t = targets.get(slot);
            out.add(new RegionInfo(b.base(), b.size(), b.priority(), b.name(), b.deviceId(), b.owner(),
                    t.kind.name().toLowerCase(Locale.ROOT), slot.available()));
        }
        out.sort(Comparator.comparingLong(RegionInfo::base)
                .thenComparing(RegionInfo::priority, Comparator.reverseOrder()));
        return List.copyOf(out);
    }

    private static Target targetOf(RegionSlot slot) {
        Binding b = slot.binding();
        if (!slot.available()) {
            return new Target(slot, b.base(), b.size(), Target.Kind.MMIO, null, false);
        }
        byte[] direct = slot.directMemory();
        if (direct == null) {
            return new Target(slot, b.base(), b.size(), Target.Kind.MMIO, null, false);
        }
        boolean writable = slot.directWritable();
        return new Target(slot, b.base(), b.size(), writable ? Target.Kind.RAM : Target.Kind.ROM, direct, writable);
    }

    /** Cuts the space at every region boundary and gives each piece to its winner, merged. */
    private static void resolveOverlaps(List<RegionSlot> slots, Map<RegionSlot, Target> targets, List<long[]> runs,
            List<Target> owners) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (RegionSlot s : slots) {
            cuts.add(s.binding().base());
            cuts.add(s.binding().base() + s.binding().size());
        }
        Long prev = null;
        for (Long cut : cuts) {
            if (prev != null) {
                RegionSlot winner = null;
                for (RegionSlot s : slots) {
                    Binding b = s.binding();
                    if (b.base() <= prev && b.base() + b.size() >= cut
                            && (winner == null || PRECEDENCE.compare(b, winner.binding()) > 0)) {
                        winner = s;
                    }
                }
                if (winner != null) {
                    Target t = targets.get(winner);
                    int last = owners.size() - 1;
                    if (last >= 0 && owners.get(last) == t && runs.get(last)[1] == prev) {
                        runs.get(last)[1] = cut;
                    } else {
                        runs.add(new long[] {prev, cut});
                        owners.add(t);
                    }
                }
            }
            prev = cut;
        }
    }

    private static void paint(CompiledView.Chunk[] chunks, TreeMap<Integer, TreeMap<Integer, Target>> partial,
            long start, long end, Target t) {
        for (long pageStart = start & ~(long) (MemoryView.PAGE_SIZE - 1); pageStart < end;
                pageStart += MemoryView.PAGE_SIZE) {
            int page = (int) (pageStart >>> MemoryView.PAGE_SHIFT);
            long from = Math.max(start, pageStart);
            long to = Math.min(end, pageStart + MemoryView.PAGE_SIZE);
            if (from == pageStart && to == pageStart + MemoryView.PAGE_SIZE) {
                whole(chunk(chunks, page), page & (CompiledView.CHUNK_PAGES - 1), pageStart, t);
            } else {
                TreeMap<Integer, Target> parts = partial.computeIfAbsent(page, p -> new TreeMap<>());
                parts.put((int) (from - pageStart), t);
                int after = (int) (to - pageStart);
                if (after < MemoryView.PAGE_SIZE) {
                    parts.putIfAbsent(after, Target.OPEN);
                }
            }
        }
    }

    private static CompiledView.Chunk chunk(CompiledView.Chunk[] chunks, int page) {
        int c = page >>> CompiledView.CHUNK_SHIFT;
        if (chunks[c] == CompiledView.EMPTY) {
            chunks[c] = new CompiledView.Chunk();
        }
        return chunks[c];
    }

    private static void whole(CompiledView.Chunk c, int i, long pageStart, Target t) {
        c.where[i] = t;
        c.read[i] = null;
        c.write[i] = null;
        c.offset[i] = 0;
        switch (t.kind) {
            case RAM, ROM -> {
                long off = pageStart - t.base;
                if (off + MemoryView.PAGE_SIZE <= t.direct.length) {
                    c.read[i] = t.direct;
                    c.offset[i] = (int) off;
                    if (t.kind == Target.Kind.RAM) {
                        c.write[i] = t.direct;
                        c.flags[i] = MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE;
                    } else {
                        c.flags[i] = MemoryView.DIRECT_READ | MemoryView.DISCARD_WRITES;
                    }
                } else {
                    c.flags[i] = MemoryView.MMIO;
                }
            }
            case MMIO -> c.flags[i] = MemoryView.MMIO;
            default -> c.flags[i] = MemoryView.OPEN_BUS;
        }
    }

    private static void finishSubPage(CompiledView.Chunk[] chunks, int page, TreeMap<Integer, Target> parts) {
        // a region that ends inside the page marked its end as open bus with putIfAbsent; a later
        // region starting exactly there has replaced the mark. Gaps before the first part are open.
        parts.putIfAbsent(0, Target.OPEN);
        // merge neighbours with the same target
        List<Integer> starts = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<Integer, Target> e : parts.entrySet()) {
            if (!targets.isEmpty() && targets.get(targets.size() - 1) == e.getValue()) {
                continue;
            }
            starts.add(e.getKey());
            targets.add(e.getValue());
        }
        CompiledView.Chunk c = chunk(chunks, page);
        int i = page & (CompiledView.CHUNK_PAGES - 1);
        int flags = MemoryView.SUBPAGE;
        for (Target t : targets) {
            flags |= switch (t.kind) {
                case OPEN_BUS -> MemoryView.OPEN_BUS;
                case ROM -> MemoryView.DISCARD_WRITES;
                default -> MemoryView.MMIO;
            };
        }
        c.where[i] = new CompiledView.SubPage(starts.stream().mapToInt(Integer::intValue).toArray(),
                targets.toArray(new Target[0]));
        c.read[i] = null;
        c.write[i] = null;
        c.flags[i] = flags;
    }

    // ------------------------------------------------------------------ watches

    /**
     * Derives a view from {@code current} that carries {@code table}, where only the pages of
     * {@code [from, to)} may change (a watch on that range was added or cancelled): the chunks
     * holding those pages are copied, every other chunk is shared with {@code current}. Each
     * page of the range is restored from the region-only view and the watch flags of
     * {@code table} painted on.
     */
    static CompiledView withWatches(CompiledView current, WatchTable table, long from, long to) {
        WatchPainter painter = new WatchPainter(current, table);
        painter.paint(from, to);
        return painter.view();
    }

    /** Paints every watch of {@code table} on a view freshly compiled from the regions. */
    static CompiledView withWatches(CompiledView base, WatchTable table) {
        if (table.isEmpty()) {
            return base;
        }
        WatchPainter painter = new WatchPainter(base, table);
        for (int s = 0; s < table.segmentCount(); s++) {
            painter.paint(table.start(s), table.end(s));
        }
        return painter.view();
    }

    /** Copy-on-write of the chunks whose pages take or lose watch flags. */
    private static final class WatchPainter {
        private final CompiledView current;
        private final CompiledView base;
        private final WatchTable table;
        private final CompiledView.Chunk[] chunks;
        private final boolean[] copied = new boolean[CompiledView.CHUNKS];

        WatchPainter(CompiledView current, WatchTable table) {
            this.current = current;
            this.base = current.base;
            this.table = table;
            this.chunks = current.chunks.clone();
        }

        void paint(long from, long to) {
            int first = (int) (from >>> MemoryView.PAGE_SHIFT);
            int last = (int) ((to - 1) >>> MemoryView.PAGE_SHIFT);
            for (int page = first; page <= last; page++) {
                page(page);
            }
        }

        private void page(int page) {
            int c = page >>> CompiledView.CHUNK_SHIFT;
            int i = page & (CompiledView.CHUNK_PAGES - 1);
            if (!copied[c]) {
                chunks[c] = new CompiledView.Chunk(current.chunks[c]);
                copied[c] = true;
            }
            CompiledView.Chunk chunk = chunks[c];
            chunk.copyPage(base.chunks[c], i);
            int bits = table.pageFlags(page);
            if (bits != 0) {
                int flags = chunk.flags[i] | bits;
                if ((bits & MemoryView.WATCHED) != 0) {
                    // writes must reach the bus; reads stay direct
                    chunk.write[i] = null;
                    flags &= ~MemoryView.DIRECT_WRITE;
                }
                chunk.flags[i] = flags;
            }
        }

        CompiledView view() {
            return new CompiledView(chunks, base, table);
        }
    }
}
