package org.tessera.dev.vga.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard VGA fonts, 8x16, 8x14 and 8x8, 256 glyphs each in code page 437 layout, of the
 * project's own design: what a BIOS loads into plane 2 for the text modes and hands out for the
 * graphics modes. A font is {@code 256 * height} bytes, glyph by glyph, one byte per scan line,
 * bit 7 the leftmost pixel.
 *
 * <p>Where the glyphs come from:
 * <ul>
 * <li>Letters, digits, signs and symbols are drawn once on a design grid of 8x10 cells in the
 *     resources {@code font-design-ascii.txt} and {@code font-design-more.txt} (the grid is
 *     described there). The 16-line font shows the grid with a blank line above, rows 2, 5 and 8
 *     repeated and two blank lines below; the 14-line font repeats rows 2 and 8 and adds two blank
 *     lines below; the 8-line font takes the 8 grid rows that hold the glyph (rows 1-8 when the glyph
 *     lies within them, else the window moved to the glyph), and a glyph taller than 8 rows loses
 *     repeated rows of its longest vertical stroke first, then blank rows inside it.</li>
 * <li>Shades (B0h-B2h), box drawing (B3h-DAh), blocks (DBh-DFh) and the inverse bullets (08h,
 *     0Ah) are made for each height so that they fill the whole cell: box-drawing lines reach every
 *     edge they point to (column 7 for the right edge, which the ninth column of C0h-DFh repeats),
 *     single lines in column 3 and scan line {@code height / 2}, double lines one pixel either side
 *     of those. The integral halves F4h/F5h are extended to the cell's bottom and top edge.</li>
 * </ul>
 */
public final class VgaFonts {

    /** The heights of the standard fonts. */
    public static final int[] HEIGHTS = {8, 14, 16};

    private static final int GRID_ROWS = 10;
    /** Grid row shown on each scan line of the 16- and 14-line fonts (-1: blank). */
    private static final int[] ROWS_16 = {-1, 0, 1, 2, 2, 3, 4, 5, 5, 6, 7, 8, 8, 9, -1, -1};
    private static final int[] ROWS_14 = {0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 8, 9, -1, -1};

    /**
     * Box drawing B3h-DAh: for each code the arms up, down, left, right: '.' none, 's' single,
     * 'd' double.
     */
    private static final String[] BOX = {
        "ss..", "sss.", "ssd.", "dds.", ".ds.", ".sd.", "ddd.", "dd..", ".dd.", "d.d.", "d.s.", "s.d.", ".ss.",
        "s..s", "s.ss", ".sss", "ss.s", "..ss", "ssss", "ss.d", "dd.s", "d..d", ".d.d", "d.dd", ".ddd", "dd.d",
        "..dd", "dddd", "s.dd", "d.ss", ".sdd", ".dss", "d..s", "s..d", ".s.d", ".d.s", "ddss", "ssdd", "s.s.",
        ".s.s"};

    private static volatile Map<Integer, byte[]> fonts;

    private VgaFonts() {
    }

    /** The font of {@code height} (8, 14 or 16) scan lines: 256 glyphs of {@code height} bytes, a copy. */
    public static byte[] font(int height) {
        byte[] f = fonts().get(height);
        if (f == null) {
            throw new IllegalArgumentException("no standard font of height " + height);
        }
        return f.clone();
    }

    private static Map<Integer, byte[]> fonts() {
        Map<Integer, byte[]> f = fonts;
        if (f == null) {
            int[][] grid = design();
            Map<Integer, byte[]> m = new HashMap<>();
            for (int h : HEIGHTS) {
                m.put(h, build(grid, h));
            }
            fonts = f = m;
        }
        return f;
    }

    // ---------------------------------------------------------------- the design

    /** The design grid of every designed glyph (null where a glyph is made, not designed). */
    static int[][] design() {
        int[][] grid = new int[256][];
        Map<String, int[]> marks = new HashMap<>();
        for (String resource : new String[] {"font-design-ascii.txt", "font-design-more.txt"}) {
            List<String> lines = readLines(resource);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                String where = resource + ":" + (i + 1);
                if (line.isBlank() || line.startsWith("# ") || line.equals("#")) {
                    continue;
                }
                String[] w = line.trim().split("\\s+");
                if (w[0].equals("mark")) {
                    marks.put(w[1], rows(w, 2, where));
                    continue;
                }
                int code = Integer.parseInt(w[0], 16);
                if (grid[code] != null) {
                    throw new IllegalStateException(where + ": glyph " + w[0] + " defined twice");
                }
                if (w.length == 3 && w[2].equals("blank")) {
                    grid[code] = new int[GRID_ROWS];
                } else if (w.length >= 3 && w[2].equals("@")) {
                    grid[code] = rows(w, 3, where);
                } else if (w.length == 5 && w[2].equals("=")) {
                    int[] base = grid[Integer.parseInt(w[3], 16)];
                    int[] mark = marks.get(w[4]);
                    if (base == null || mark == null) {
                        throw new IllegalStateException(where + ": unknown base or mark");
                    }
                    int[] g = base.clone();
                    for (int r = 0; r < GRID_ROWS; r++) {
                        if (mark[GRID_ROWS + r] != 0) {
                            g[r] = mark[r];
                        }
                    }
                    grid[code] = g;
                } else if (w.length == 2) {
                    int[] g = new int[GRID_ROWS];
                    for (int r = 0; r < GRID_ROWS; r++) {
                        if (i + 1 + r >= lines.size()) {
                            throw new IllegalStateException(where + ": glyph cut short");
                        }
                        g[r] = pattern(lines.get(i + 1 + r).trim(), where);
                    }
                    i += GRID_ROWS;
                    grid[code] = g;
                } else {
                    throw new IllegalStateException(where + ": cannot read '" + line + "'");
                }
            }
        }
        return grid;
    }

    /**
     * Rows given as {@code R:PATTERN} words from {@code from}: the first 10 entries are the rows,
     * the next 10 say which rows were given (1) so that a mark replaces only its rows.
     */
    private static int[] rows(String[] w, int from, String where) {
        int[] r = new int[2 * GRID_ROWS];
        for (int i = from; i < w.length; i++) {
            int colon = w[i].indexOf(':');
            if (colon != 1) {
                throw new IllegalStateException(where + ": bad row '" + w[i] + "'");
            }
            int row = w[i].charAt(0) - '0';
            if (row < 0 || row >= GRID_ROWS) {
                throw new IllegalStateException(where + ": bad row number in '" + w[i] + "'");
            }
            r[row] = pattern(w[i].substring(2), where);
            r[GRID_ROWS + row] = 1;
        }
        return r;
    }

    private static int pattern(String s, String where) {
        if (s.length() != 8) {
            throw new IllegalStateException(where + ": a row has 8 cells: '" + s + "'");
        }
        int bits = 0;
        for (int x = 0; x < 8; x++) {
            char c = s.charAt(x);
            if (c == '#') {
                bits |= 0x80 >> x;
            } else if (c != '.') {
                throw new IllegalStateException(where + ": '#' or '.' in '" + s + "'");
            }
        }
        return bits;
    }

    private static List<String> readLines(String resource) {
        try (InputStream in = VgaFonts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the font resource " + resource + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<String> lines = new ArrayList<>();
            for (String l; (l = r.readLine()) != null;) {
                lines.add(l);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the fonts

    private static byte[] build(int[][] grid, int h) {
        byte[] font = new byte[256 * h];
        for (int c = 0; c < 256; c++) {
            int[] g = grid[c];
            int[] lines;
            if (c >= 0xB0 && c <= 0xDF) {
                lines = made(c, h);
            } else if (c == 0x00 || c == 0xFF) {
                lines = new int[h];
            } else if (g == null) {
                continue; // 08h, 0Ah: below, from 07h and 09h
            } else {
                lines = h == 16 ? stretch(g, ROWS_16) : h == 14 ? stretch(g, ROWS_14) : fit8(g);
                if (c == 0xF4) {
                    extend(lines, false);
                } else if (c == 0xF5) {
                    extend(lines, true);
                }
            }
            for (int y = 0; y < h; y++) {
                font[c * h + y] = (byte) lines[y];
            }
        }
        for (int y = 0; y < h; y++) {
            font[0x08 * h + y] = (byte) ~font[0x07 * h + y];
            font[0x0A * h + y] = (byte) ~font[0x09 * h + y];
        }
        for (int c = 1; c < 0xFF; c++) {
            if (c != 0x20 && isBlank(font, c, h)) {
                throw new IllegalStateException(String.format("glyph %02Xh of the 8x%d font is blank", c, h));
            }
        }
        return font;
    }

    private static boolean isBlank(byte[] font, int c, int h) {
        for (int y = 0; y < h; y++) {
            if (font[c * h + y] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int[] stretch(int[] g, int[] map) {
        int[] lines = new int[map.length];
        for (int y = 0; y < map.length; y++) {
            lines[y] = map[y] < 0 ? 0 : g[map[y]];
        }
        return lines;
    }

    /** The 8-line form of a grid glyph (see the class comment). */
    static int[] fit8(int[] g) {
        int first = -1;
        int last = -1;
        for (int r = 0; r < GRID_ROWS; r++) {
            if (g[r] != 0) {
                if (first < 0) {
                    first = r;
                }
                last = r;
            }
        }
        int[] out = new int[8];
        if (first < 0) {
            return out;
        }
        List<Integer> rows = new ArrayList<>();
        for (int r = first; r <= last; r++) {
            rows.add(g[r]);
        }
        if (rows.size() <= 8) {
            int start = Math.min(Math.max(1, last - 7), first);
            for (int r = first; r <= last; r++) {
                out[r - start] = g[r];
            }
            return out;
        }
        while (rows.size() > 8) {
            rows.remove(rowToDrop(rows));
        }
        for (int i = 0; i < 8; i++) {
            out[i] = rows.get(i);
        }
        return out;
    }

    /** The middle of the longest run of equal lit rows; else the first blank row; else the middle row. */
    private static int rowToDrop(List<Integer> rows) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < rows.size();) {
            int j = i;
            while (j + 1 < rows.size() && rows.get(j + 1).equals(rows.get(i))) {
                j++;
            }
            int length = j - i + 1;
            if (rows.get(i) != 0 && length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i = j + 1;
        }
        if (bestStart >= 0) {
            return bestStart + bestLength / 2;
        }
        int blank = rows.indexOf(0);
        return blank >= 0 ? blank : rows.size() / 2;
    }

    /** Repeats the last lit line down to the bottom edge (or the first one up to the top edge). */
    private static void extend(int[] lines, boolean up) {
        if (up) {
            int first = 0;
            while (lines[first] == 0) {
                first++;
            }
            for (int y = 0; y < first; y++) {
                lines[y] = lines[first];
            }
        } else {
            int last = lines.length - 1;
            while (lines[last] == 0) {
                last--;
            }
            for (int y = last + 1; y < lines.length; y++) {
                lines[y] = lines[last];
            }
        }
    }

    /** Shades, box drawing and blocks B0h-DFh at height {@code h}. */
    static int[] made(int c, int h) {
        int[] lines = new int[h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < 8; x++) {
                boolean on = switch (c) {
                    case 0xB0 -> (y % 2 == 0 ? x % 4 == 0 : x % 4 == 2);
                    case 0xB1 -> (x + y) % 2 == 0;
                    case 0xB2 -> !(y % 2 == 0 ? x % 4 == 2 : x % 4 == 0);
                    case 0xDB -> true;
                    case 0xDC -> y >= h / 2;
                    case 0xDD -> x < 4;
                    case 0xDE -> x >= 4;
                    case 0xDF -> y < h / 2;
                    default -> false;
                };
                if (on) {
                    lines[y] |= 0x80 >> x;
                }
            }
        }
        if (c >= 0xB3 && c <= 0xDA) {
            box(lines, BOX[c - 0xB3], h);
        }
        return lines;
    }

    private static final int UP = 0;
    private static final int DOWN = 1;
    private static final int LEFT = 2;
    private static final int RIGHT = 3;

    /**
     * Draws the arms of a box-drawing character. An arm runs from its edge towards the centre
     * (column 3, line h/2); how far past the centre line it goes depends on the arms across it:
     * a single arm stops at the near line of a double crossing that goes both ways, or reaches the
     * far line of a double corner; each line of a double arm stops where it meets the arm on its
     * own side (the near line of a double, the line of a single) or, with no arm on its side, turns
     * into the arm on the other side.
     */
    private static void box(int[] lines, String arms, int h) {
        int cx = 3;
        int cy = h / 2;
        for (int a = 0; a < 4; a++) {
            char kind = arms.charAt(a);
            if (kind == '.') {
                continue;
            }
            boolean vertical = a == UP || a == DOWN;
            int sideA = vertical ? LEFT : UP; // the side towards smaller coordinates
            int sideB = vertical ? RIGHT : DOWN;
            int opposite = a ^ 1;
            if (kind == 's') {
                char ka = arms.charAt(sideA);
                char kb = arms.charAt(sideB);
                int stop;
                if (ka == 'd' && kb == 'd') {
                    stop = arms.charAt(opposite) != '.' ? 1 : -1;
                } else if (ka == 'd' || kb == 'd') {
                    stop = 1;
                } else {
                    stop = 0;
                }
                arm(lines, a, 0, stop, cx, cy, h);
            } else {
                for (int side : new int[] {-1, 1}) {
                    char own = arms.charAt(side < 0 ? sideA : sideB);
                    char other = arms.charAt(side < 0 ? sideB : sideA);
                    int stop;
                    if (own != '.') {
                        stop = own == 'd' ? -1 : 0;
                    } else if (other != '.') {
                        stop = other == 'd' ? 1 : 0;
                    } else {
                        stop = 1;
                    }
                    arm(lines, a, side, stop, cx, cy, h);
                }
            }
        }
    }

    /**
     * One line of an arm: offset -1/0/+1 across the arm from the centre line, from the arm's edge
     * to {@code stop} lines past the centre (-1: stops one short of it).
     */
    private static void arm(int[] lines, int arm, int offset, int stop, int cx, int cy, int h) {
        switch (arm) {
            case UP -> vline(lines, cx + offset, 0, cy + stop);
            case DOWN -> vline(lines, cx + offset, cy - stop, h - 1);
            case LEFT -> hline(lines, cy + offset, 0, cx + stop);
            default -> hline(lines, cy + offset, cx - stop, 7);
        }
    }

    private static void vline(int[] lines, int x, int y0, int y1) {
        for (int y = y0; y <= y1; y++) {
            lines[y] |= 0x80 >> x;
        }
    }

    private static void hline(int[] lines, int y, int x0, int x1) {
        for (int x = x0; x <= x1; x++) {
            lines[y] |= 0x80 >> x;
        }
    }

    /** The name of the raw font file of {@code height} beside the guest programs. */
    public static String fileName(int height) {
        return "vga8x" + height + ".fnt";
    }

    /**
     * Writes the raw fonts ({@code vga8x8.fnt}, {@code vga8x14.fnt}, {@code vga8x16.fnt}) into the
     * folder given (the guest programs' {@code fonts} folder), or with {@code --show HEIGHT} prints
     * a font as text.
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("--show")) {
            int h = Integer.parseInt(args[1]);
            byte[] f = font(h);
            for (int c = 0; c < 256; c++) {
                System.out.printf("%02X%n", c);
                for (int y = 0; y < h; y++) {
                    StringBuilder s = new StringBuilder();
                    for (int x = 0; x < 8; x++) {
                        s.append((f[c * h + y] & (0x80 >> x)) != 0 ? '#' : '.');
                    }
                    System.out.println(s);
                }
            }
            return;
        }
        if (args.length != 1) {
            System.err.println("usage: VgaFonts FOLDER | --show HEIGHT");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        for (int h : HEIGHTS) {
            Files.write(dir.resolve(fileName(h)), font(h));
        }
    }
}
