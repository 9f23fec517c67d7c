package org.tessera.firmware.bios.internal;

import java.util.function.Supplier;
import org.tessera.machine.api.display.VideoModes;

/**
 * INT 10h. Mode sets and font loads go to the adapter's {@link VideoModes}; everything else works on
 * video memory and the VGA's ports like a video BIOS, with the state in the BIOS data area.
 *
 * <p>Supported: AH=00h mode set, 01h cursor shape, 02h/03h cursor position, 05h active page,
 * 06h/07h scroll, 08h read character and attribute, 09h/0Ah write character, 0Ch/0Dh pixels (mode
 * 13h only), 0Eh teletype, 0Fh get mode, 10h palette (AL=00h-03h, 07h, 08h, 10h, 12h, 15h, 17h),
 * 11h font load (AL=01h/02h/04h, 11h/12h/14h; 30h answers the height and rows with no ROM font
 * pointer), 12h BL=10h, 13h write string, 1Ah display combination (VGA colour).
 * Not supported: text output in graphics modes (characters are not drawn, the cursor moves),
 * pixels outside mode 13h, user fonts (AL=00h/10h), VESA (AH=4Fh: AX=014Fh failure).
 */
final class VideoServices {

    /** Geometry of the standard modes: columns, rows, text?, memory segment, page size. */
    record ModeInfo(int columns, int rows, boolean text, int segment, int pageSize, int charHeight) {
    }

    static ModeInfo info(int mode) {
        return switch (mode) {
            case 0x00, 0x01 -> new ModeInfo(40, 25, true, 0xB800, 0x800, 16);
            case 0x02, 0x03 -> new ModeInfo(80, 25, true, 0xB800, 0x1000, 16);
            case 0x07 -> new ModeInfo(80, 25, true, 0xB000, 0x1000, 16);
            case 0x04, 0x05 -> new ModeInfo(40, 25, false, 0xB800, 0x4000, 8);
            case 0x06 -> new ModeInfo(80, 25, false, 0xB800, 0x4000, 8);
            case 0x0D -> new ModeInfo(40, 25, false, 0xA000, 0x2000, 8);
            case 0x0E -> new ModeInfo(80, 25, false, 0xA000, 0x4000, 8);
            case 0x0F, 0x10 -> new ModeInfo(80, 25, false, 0xA000, 0x8000, 14);
            case 0x11, 0x12 -> new ModeInfo(80, 30, false, 0xA000, 0xA000, 16);
            case 0x13 -> new ModeInfo(40, 25, false, 0xA000, 0x0000, 8);
            default -> null;
        };
    }

    private final Supplier<VideoModes> modes;

    VideoServices(Supplier<VideoModes> modes) {
        this.modes = modes;
    }

    void int10(Guest g) {
        int ah = g.ah();
        int al = g.al();
        switch (ah) {
            case 0x00 -> setMode(g, al & 0x7F, (al & 0x80) != 0);
            case 0x01 -> setCursorShape(g, g.ch(), g.cl());
            case 0x02 -> setCursor(g, g.bh() & 7, g.dh(), g.dl());
            case 0x03 -> {
                int page = g.bh() & 7;
                g.setCx(g.rw(Bda.CURSOR_SHAPE));
                g.setDx(g.rw(Bda.CURSOR_POS + 2 * page));
            }
            case 0x05 -> setPage(g, al & 7);
            case 0x06, 0x07 -> scroll(g, ah == 0x06, al, g.bh(), g.ch(), g.cl(), g.dh(), g.dl());
            case 0x08 -> {
                int page = g.bh() & 7;
                int pos = g.rw(Bda.CURSOR_POS + 2 * page);
                ModeInfo m = current(g);
                if (m != null && m.text()) {
                    g.setAx(g.rw(cell(g, m, page, pos >> 8, pos & 0xFF)));
                } else {
                    g.setAx(0);
                }
            }
            case 0x09, 0x0A -> writeChars(g, g.bh() & 7, al, g.bl(), g.cx(), ah == 0x09);
            case 0x0C -> pixel(g, true);
            case 0x0D -> pixel(g, false);
            case 0x0E -> teletype(g, al, -1);
            case 0x0F -> {
                g.setAx(g.rb(Bda.VIDEO_COLUMNS) << 8 | g.rb(Bda.VIDEO_MODE));
                g.setBh(g.rb(Bda.VIDEO_PAGE));
            }
            case 0x10 -> palette(g, al);
            case 0x11 -> font(g, al);
            case 0x12 -> {
                if (g.bl() == 0x10) {
                    g.setBx(0x0003);   // colour, 256 KiB
                    g.setCx(0x0009);   // feature bits 0, switches 9
                }
            }
            case 0x13 -> writeString(g);
            case 0x1A -> {
                if (al == 0x00) {
                    g.setAl(0x1A);
                    g.setBx(0x0008);
                } else if (al == 0x01) {
                    g.setAl(0x1A);
                }
            }
            case 0x4F -> g.setAx(0x014F);
            default -> {
                // unsupported: registers unchanged
            }
        }
    }

    // ------------------------------------------------------------------ modes

    /** Sets a mode and the BDA; also POST's way to mode 03h. */
    void setMode(Guest g, int mode, boolean keepMemory) {
        ModeInfo m = info(mode);
        if (m == null) {
            return;
        }
        VideoModes vm = modes.get();
        if (vm != null) {
            if (!vm.setMode(mode, keepMemory)) {
                return;
            }
        } else if (m.text() && !keepMemory) {
            long base = (long) m.segment() << 4;
            for (int i = 0; i < 0x8000; i += 2) {
                g.ww(base + i, 0x0720);
            }
        }
        g.wb(Bda.VIDEO_MODE, mode);
        g.ww(Bda.VIDEO_COLUMNS, m.columns());
        g.ww(Bda.VIDEO_PAGE_SIZE, m.pageSize());
        g.ww(Bda.VIDEO_PAGE_OFFSET, 0);
        for (int p = 0; p < 8; p++) {
            g.ww(Bda.CURSOR_POS + 2 * p, 0);
        }
        g.wb(Bda.VIDEO_PAGE, 0);
        g.ww(Bda.CRTC_PORT, mode == 0x07 || mode == 0x0F ? 0x3B4 : 0x3D4);
        g.wb(Bda.VIDEO_ROWS, m.rows() - 1);
        g.ww(Bda.CHAR_HEIGHT, m.charHeight());
        g.wb(Bda.VIDEO_INFO, 0x60 | (keepMemory ? 0x80 : 0));
        g.wb(Bda.VIDEO_SWITCHES, 0xF9);
        g.wb(Bda.VGA_FLAGS, 0x51);
        if (m.text()) {
            setCursorShape(g, 0x06, 0x07);
        }
        updateCursor(g);
    }

    ModeInfo current(Guest g) {
        return info(g.rb(Bda.VIDEO_MODE));
    }

    private int crtc(Guest g) {
        int p = g.rw(Bda.CRTC_PORT);
        return p == 0x3B4 ? 0x3B4 : 0x3D4;
    }

    private void crtcWrite(Guest g, int index, int v) {
        int port = crtc(g);
        g.out(port, index);
        g.out(port + 1, v);
    }

    // ------------------------------------------------------------------ cursor and pages

    /** CGA-style start and end lines (0-7) are scaled to the character height. */
    void setCursorShape(Guest g, int start, int end) {
        g.ww(Bda.CURSOR_SHAPE, (start & 0xFF) << 8 | (end & 0xFF));
        if ((start & 0x20) != 0) {
            crtcWrite(g, 0x0A, 0x20);
            return;
        }
        int h = g.rw(Bda.CHAR_HEIGHT);
        int s = start & 0x1F;
        int e = end & 0x1F;
        if (h > 8 && s < 8 && e < 8) {
            s = s * h / 8;
            e = Math.min(h - 1, e * h / 8);
        }
        crtcWrite(g, 0x0A, s);
        crtcWrite(g, 0x0B, e);
    }

    void setCursor(Guest g, int page, int row, int col) {
        g.ww(Bda.CURSOR_POS + 2 * page, (row & 0xFF) << 8 | (col & 0xFF));
        if (page == g.rb(Bda.VIDEO_PAGE)) {
            updateCursor(g);
        }
    }

    private void updateCursor(Guest g) {
        int page = g.rb(Bda.VIDEO_PAGE);
        int pos = g.rw(Bda.CURSOR_POS + 2 * page);
        int cols = g.rw(Bda.VIDEO_COLUMNS);
        int loc = (g.rw(Bda.VIDEO_PAGE_OFFSET) >> 1) + (pos >> 8) * cols + (pos & 0xFF);
        crtcWrite(g, 0x0E, loc >> 8);
        crtcWrite(g, 0x0F, loc);
    }

    private void setPage(Guest g, int page) {
        ModeInfo m = current(g);
        if (m == null) {
            return;
        }
        int offset = page * m.pageSize();
        g.wb(Bda.VIDEO_PAGE, page);
        g.ww(Bda.VIDEO_PAGE_OFFSET, offset);
        int start = m.text() ? offset >> 1 : offset;
        crtcWrite(g, 0x0C, start >> 8);
        crtcWrite(g, 0x0D, start);
        updateCursor(g);
    }

    // ------------------------------------------------------------------ text

    /** The address of the character cell at row, col of text page {@code page}. */
    private long cell(Guest g, ModeInfo m, int page, int row, int col) {
        return ((long) m.segment() << 4) + page * m.pageSize() + 2L * (row * g.rw(Bda.VIDEO_COLUMNS) + col);
    }

    private int rows(Guest g) {
        return g.rb(Bda.VIDEO_ROWS) + 1;
    }

    void scroll(Guest g, boolean up, int lines, int attr, int top, int left, int bottom, int right) {
        ModeInfo m = current(g);
        if (m == null || !m.text()) {
            return;
        }
        int cols = g.rw(Bda.VIDEO_COLUMNS);
        bottom = Math.min(bottom, rows(g) - 1);
        right = Math.min(right, cols - 1);
        if (top > bottom || left > right) {
            return;
        }
        int height = bottom - top + 1;
        if (lines == 0 || lines > height) {
            lines = height;
        }
        int page = g.rb(Bda.VIDEO_PAGE);
        int blank = (attr & 0xFF) << 8 | 0x20;
        for (int i = 0; i < height; i++) {
            int row = up ? top + i : bottom - i;
            int from = up ? row + lines : row - lines;
            boolean copy = up ? from <= bottom : from >= top;
            for (int col = left; col <= right; col++) {
                int v = copy ? g.rw(cell(g, m, page, from, col)) : blank;
                g.ww(cell(g, m, page, row, col), v);
            }
        }
    }

    private void writeChars(Guest g, int page, int ch, int attr, int count, boolean withAttr) {
        ModeInfo m = current(g);
        if (m == null || !m.text()) {
            return;
        }
        int pos = g.rw(Bda.CURSOR_POS + 2 * page);
        int cols = g.rw(Bda.VIDEO_COLUMNS);
        int index = (pos >> 8) * cols + (pos & 0xFF);
        int limit = cols * rows(g);
        long base = cell(g, m, page, 0, 0);
        for (int i = 0; i < count && index + i < limit; i++) {
            long a = base + 2L * (index + i);
            g.wb(a, ch);
            if (withAttr) {
                g.wb(a + 1, attr);
            }
        }
    }

    /** Teletype output on the active page; {@code attr} -1 keeps the cell's attribute. */
    void teletype(Guest g, int ch, int attr) {
        int page = g.rb(Bda.VIDEO_PAGE);
        ModeInfo m = current(g);
        if (m == null) {
            return;
        }
        int pos = g.rw(Bda.CURSOR_POS + 2 * page);
        int row = pos >> 8;
        int col = pos & 0xFF;
        int cols = g.rw(Bda.VIDEO_COLUMNS);
        int rows = rows(g);
        switch (ch) {
            case 0x07 -> {
                return;
            }
            case 0x08 -> {
                if (col > 0) {
                    col--;
                }
            }
            case 0x0D -> col = 0;
            case 0x0A -> row++;
            default -> {
                if (m.text()) {
                    long a = cell(g, m, page, row, col);
                    g.wb(a, ch);
                    if (attr >= 0) {
                        g.wb(a + 1, attr);
                    }
                }
                col++;
                if (col >= cols) {
                    col = 0;
                    row++;
                }
            }
        }
        if (row >= rows) {
            row = rows - 1;
            int fill = m.text() ? g.rb(cell(g, m, page, row, col) + 1) : 0;
            scroll(g, true, 1, fill, 0, 0, rows - 1, cols - 1);
        }
        setCursor(g, page, row, col);
    }

    private void writeString(Guest g) {
        int mode = g.al();
        int page = g.bh() & 7;
        int attr = g.bl();
        int count = g.cx();
        long s = Guest.linear(g.es(), g.bp());
        int saved = g.rw(Bda.CURSOR_POS + 2 * page);
        int activePage = g.rb(Bda.VIDEO_PAGE);
        // write through the teletype on the requested page
        g.wb(Bda.VIDEO_PAGE, page);
        setCursor(g, page, g.dh(), g.dl());
        for (int i = 0; i < count; i++) {
            int ch = g.rb(s++);
            int a = attr;
            if ((mode & 2) != 0) {
                a = g.rb(s++);
            }
            teletype(g, ch, ch == 7 || ch == 8 || ch == 10 || ch == 13 ? -1 : a);
        }
        g.wb(Bda.VIDEO_PAGE, activePage);
        if ((mode & 1) == 0) {
            g.ww(Bda.CURSOR_POS + 2 * page, saved);
        }
        updateCursor(g);
    }

    // ------------------------------------------------------------------ pixels, palette, fonts

    private void pixel(Guest g, boolean write) {
        if (g.rb(Bda.VIDEO_MODE) != 0x13) {
            return;
        }
        int x = g.cx();
        int y = g.dx();
        if (x >= 320 || y >= 200) {
            return;
        }
        long a = 0xA0000L + y * 320L + x;
        if (write) {
            int al = g.al();
            g.wb(a, (al & 0x80) != 0 ? g.rb(a) ^ (al & 0x7F) : al);
        } else {
            g.setAl(g.rb(a));
        }
    }

    private void attr(Guest g, int index, int v) {
        g.in(crtc(g) + 6);
        g.out(0x3C0, index);
        g.out(0x3C0, v);
        g.out(0x3C0, 0x20);
    }

    private int attrRead(Guest g, int index) {
        g.in(crtc(g) + 6);
        g.out(0x3C0, index);
        int v = g.in(0x3C1);
        g.in(crtc(g) + 6);
        g.out(0x3C0, 0x20);
        return v;
    }

    private void palette(Guest g, int al) {
        switch (al) {
            case 0x00 -> attr(g, g.bl() & 0x0F, g.bh());
            case 0x01 -> attr(g, 0x11, g.bh());
            case 0x02 -> {
                long p = Guest.linear(g.es(), g.dx());
                for (int i = 0; i < 16; i++) {
                    attr(g, i, g.rb(p + i));
                }
                attr(g, 0x11, g.rb(p + 16));
            }
            case 0x03 -> {
                int mc = attrRead(g, 0x10);
                attr(g, 0x10, g.bl() == 0 ? mc & ~0x08 : mc | 0x08);
            }
            case 0x07 -> g.setBh(attrRead(g, g.bl() & 0x1F));
            case 0x08 -> g.setBh(attrRead(g, 0x11));
            case 0x10 -> {
                g.out(0x3C8, g.bl());
                g.out(0x3C9, g.dh());
                g.out(0x3C9, g.ch());
                g.out(0x3C9, g.cl());
            }
            case 0x12 -> {
                long p = Guest.linear(g.es(), g.dx());
                g.out(0x3C8, g.bl());
                for (int i = 0; i < g.cx() * 3; i++) {
                    g.out(0x3C9, g.rb(p + i));
                }
            }
            case 0x15 -> {
                g.out(0x3C7, g.bl());
                int r = g.in(0x3C9);
                int gr = g.in(0x3C9);
                int b = g.in(0x3C9);
                g.setDx((g.dx() & 0xFF) | r << 8);
                g.setCx(gr << 8 | b);
            }
            case 0x17 -> {
                long p = Guest.linear(g.es(), g.dx());
                g.out(0x3C7, g.bl());
                for (int i = 0; i < g.cx() * 3; i++) {
                    g.wb(p + i, g.in(0x3C9));
                }
            }
            default -> {
                // unsupported subfunction
            }
        }
    }

    private void font(Guest g, int al) {
        int height = switch (al & 0x0F) {
            case 0x01 -> 14;
            case 0x02 -> 8;
            case 0x04 -> 16;
            default -> 0;
        };
        if (al == 0x30) {
            g.setCx(g.rw(Bda.CHAR_HEIGHT));
            g.setDl(g.rb(Bda.VIDEO_ROWS));
            g.set(org.tessera.machine.api.cpu.Register.ES, 0);
            g.set16(org.tessera.machine.api.cpu.Register.EBP, 0);
            return;
        }
        VideoModes vm = modes.get();
        if (height == 0 || (al & 0xE0) != 0 || vm == null) {
            return;
        }
        vm.loadFont(height, g.bl() & 7);
        if ((al & 0x10) != 0) {
            // the text mode is recalculated for the new height: max scan line, rows, cursor
            int port = crtc(g);
            g.out(port, 0x09);
            int msl = g.in(port + 1);
            g.out(port + 1, (msl & 0xE0) | (height - 1));
            g.out(port, 0x12);
            int vde = g.in(port + 1);
            g.out(port, 0x07);
            int ov = g.in(port + 1);
            int lines = (vde | (ov & 0x02) << 7 | (ov & 0x40) << 3) + 1;
            int rows = lines / height;
            g.wb(Bda.VIDEO_ROWS, rows - 1);
            g.ww(Bda.CHAR_HEIGHT, height);
            g.ww(Bda.VIDEO_PAGE_SIZE, ((rows * g.rw(Bda.VIDEO_COLUMNS) * 2) + 0xFF) & ~0xFF);
            g.out(port, 0x0A);
            g.out(port + 1, height - 2);
            g.out(port, 0x0B);
            g.out(port + 1, height - 1);
        }
    }
}
