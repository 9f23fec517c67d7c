package org.tessera.launcher.internal;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tessera.machine.api.io.PortRangeInfo;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * Text for people: the memory map, the port map, counters, hex dumps and the flat page view.
 * Pure functions of their input (no services), so the output is tested as text. Every result
 * ends with a newline.
 */
final class MapFormatter {

    /** Bytes per line of a hex dump. */
    static final int DUMP_WIDTH = 16;

    /**
     * The memory map: one line per region, ordered as given (the bus orders by base, then
     * priority), with the range (first and last address, inclusive), size, kind, priority, name,
     * device id and the bundle that registered the region.
     */
    String memoryMap(List<RegionInfo> regions) {
        StringBuilder sb = new StringBuilder();
        sb.append("memory map: ").append(count(regions.size(), "region")).append('\n');
        if (regions.isEmpty()) {
            sb.append("  (nothing is mapped: every address reads as open bus)\n");
            return sb.toString();
        }
        Table table = new Table("range", "size", "kind", "prio", "name", "device", "owner");
        table.rightAlign(1).rightAlign(3);
        for (RegionInfo r : regions) {
            long last = r.size() > 0 ? r.end() - 1 : r.base();
            table.row(Numbers.hex32(r.base()) + "-" + Numbers.hex32(last),
                    Numbers.humanSize(r.size()),
                    r.kind(),
                    Integer.toString(r.priority()),
                    r.available() ? r.name() : r.name() + " (being replaced)",
                    dashIfNull(r.deviceId()),
                    dashIfNull(r.owner()));
        }
        table.appendTo(sb);
        return sb.toString();
    }

    /** The port map: one line per run of ports with the same owner. */
    String portMap(List<PortRangeInfo> ports) {
        StringBuilder sb = new StringBuilder();
        sb.append("port map: ").append(count(ports.size(), "port range")).append('\n');
        if (ports.isEmpty()) {
            sb.append("  (no port is claimed: every IN reads all ones)\n");
            return sb.toString();
        }
        Table table = new Table("ports", "count", "name", "device", "owner");
        table.rightAlign(1);
        for (PortRangeInfo p : ports) {
            String range = p.first() == p.last() ? Numbers.hex16(p.first())
                    : Numbers.hex16(p.first()) + "-" + Numbers.hex16(p.last());
            table.row(range, Integer.toString(p.last() - p.first() + 1), dashIfNull(p.name()),
                    dashIfNull(p.deviceId()), dashIfNull(p.owner()));
        }
        table.appendTo(sb);
        return sb.toString();
    }

    /**
     * The components of a counters record ({@code BusCounters}, {@code IoCounters}), one per line
     * with its name spelled out: {@code openBusReads} becomes {@code open bus reads}.
     */
    String counters(String title, Record counters) {
        StringBuilder sb = new StringBuilder(title).append(":\n");
        Table table = new Table(null, null);
        table.rightAlign(1);
        for (RecordComponent c : counters.getClass().getRecordComponents()) {
            Object value;
            try {
                value = c.getAccessor().invoke(counters);
            } catch (ReflectiveOperationException e) {
                value = "?";
            }
            table.row(words(c.getName()), String.valueOf(value));
        }
        table.appendTo(sb);
        return sb.toString();
    }

    /**
     * A hex dump: {@link #DUMP_WIDTH} bytes per line, with the address, the bytes in hex and as
     * ASCII. A null entry in {@code bytes} is a byte that was not read (shown as {@code --}).
     *
     * @param address the address of {@code bytes[0]}
     */
    String hexDump(long address, Integer[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int line = 0; line < bytes.length; line += DUMP_WIDTH) {
            sb.append(Numbers.hex32(address + line)).append(' ');
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < DUMP_WIDTH; i++) {
                if (i == DUMP_WIDTH / 2) {
                    sb.append(' ');
                }
                int index = line + i;
                if (index >= bytes.length) {
                    sb.append("   ");
                    continue;
                }
                Integer b = bytes[index];
                if (b == null) {
                    sb.append(" --");
                    ascii.append(' ');
                } else {
                    int v = b & 0xFF;
                    sb.append(' ').append(String.format(Locale.ROOT, "%02X", v));
                    ascii.append(v >= 0x20 && v < 0x7F ? (char) v : '.');
                }
            }
            sb.append("  |").append(ascii).append("|\n");
        }
        return sb.toString();
    }

    /**
     * The flat view as runs of consecutive pages with the same flags, e.g.
     * {@code 00000000-0009FFFF  160 pages  read write}.
     */
    String pageRuns(MemoryView view) {
        int pages = view.pageCount();
        StringBuilder sb = new StringBuilder();
        sb.append("flat view: ").append(count(pages, "page")).append(" of ")
                .append(Numbers.humanSize(MemoryView.PAGE_SIZE)).append('\n');
        Table table = new Table("range", "pages", "flags");
        table.rightAlign(1);
        int start = 0;
        while (start < pages) {
            int flags = view.flags(start);
            int end = start + 1;
            while (end < pages && view.flags(end) == flags) {
                end++;
            }
            long first = (long) start << MemoryView.PAGE_SHIFT;
            long last = ((long) end << MemoryView.PAGE_SHIFT) - 1;
            table.row(Numbers.hex32(first) + "-" + Numbers.hex32(last), Integer.toString(end - start), flagNames(flags));
            start = end;
        }
        table.appendTo(sb);
        return sb.toString();
    }

    /** The names of a page's flags, separated by spaces ({@code -} for none). */
    static String flagNames(int flags) {
        List<String> names = new ArrayList<>();
        if ((flags & MemoryView.DIRECT_READ) != 0) {
            names.add("read");
        }
        if ((flags & MemoryView.DIRECT_WRITE) != 0) {
            names.add("write");
        }
        if ((flags & MemoryView.MMIO) != 0) {
            names.add("mmio");
        }
        if ((flags & MemoryView.DISCARD_WRITES) != 0) {
            names.add("discard-writes");
        }
        if ((flags & MemoryView.OPEN_BUS) != 0) {
            names.add("open-bus");
        }
        if ((flags & MemoryView.SUBPAGE) != 0) {
            names.add("subpage");
        }
        if ((flags & MemoryView.WATCHED) != 0) {
            names.add("watched");
        }
        if ((flags & MemoryView.CODE) != 0) {
            names.add("code");
        }
        int known = MemoryView.DIRECT_READ | MemoryView.DIRECT_WRITE | MemoryView.MMIO | MemoryView.DISCARD_WRITES
                | MemoryView.OPEN_BUS | MemoryView.SUBPAGE | MemoryView.WATCHED | MemoryView.CODE;
        if ((flags & ~known) != 0) {
            names.add(String.format(Locale.ROOT, "0x%X", flags & ~known));
        }
        return names.isEmpty() ? "-" : String.join(" ", names);
    }

    /** {@code camelCase} as {@code camel case}. */
    static String words(String camelCase) {
        StringBuilder sb = new StringBuilder();
        for (char c : camelCase.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append(' ').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String dashIfNull(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    /** A text table with columns padded to their widest cell, indented by two spaces. */
    private static final class Table {
        private final String[] header;
        private final List<String[]> rows = new ArrayList<>();
        private final boolean[] right;

        /** @param header column titles; all null for a table without a header line */
        Table(String... header) {
            this.header = header;
            this.right = new boolean[header.length];
        }

        Table rightAlign(int column) {
            right[column] = true;
            return this;
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void appendTo(StringBuilder sb) {
            boolean hasHeader = header[0] != null;
            int[] width = new int[header.length];
            for (int c = 0; c < width.length; c++) {
                width[c] = hasHeader ? header[c].length() : 0;
                for (String[] row : rows) {
                    width[c] = Math.max(width[c], row[c].length());
                }
            }
            if (hasHeader) {
                line(sb, header, width);
            }
            for (String[] row : rows) {
                line(sb, row, width);
            }
        }

        private void line(StringBuilder sb, String[] cells, int[] width) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < cells.length; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String cell = cells[c];
                int pad = width[c] - cell.length();
                if (right[c]) {
                    line.append(" ".repeat(pad)).append(cell);
                } else {
                    line.append(cell);
                    if (c < cells.length - 1) {
                        line.append(" ".repeat(pad));
                    }
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
