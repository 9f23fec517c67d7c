package org.tessera.firmware.bios.internal;

import org.tessera.machine.api.input.KeyboardInput;

/**
 * INT 09h (IRQ1) and INT 16h. INT 09h reads a set-1 scan code from port 60h, keeps the shift, Ctrl,
 * Alt and lock states in 40:17h/18h, translates make codes for a US keyboard to an ASCII/scan code
 * pair in the ring buffer at 40:1Eh (head 40:1Ah, tail 40:1Ch, bounds 40:80h/82h), and sends the EOI.
 * Keys of the E0h group (arrows, the editing block, keypad Enter and /) are stored with E0h as
 * their ASCII byte; INT 16h AH=00h/01h turns that into 00h as on an 84-key keyboard.
 *
 * <p>INT 16h: AH=00h/10h wait for a key (the stub halts until an interrupt and traps again, the CPU
 * thread is never blocked), 01h/11h check, 02h/12h shift flags, 05h store a key, 03h accepted and
 * ignored. Not supported: INT 15h AH=4Fh is not called, Ctrl-Alt-Del, Pause, SysRq, Print Screen,
 * the keyboard LEDs.
 */
final class KeyboardServices {

    // US layout, scan codes 00h-39h: unshifted and shifted characters ("\0": none)
    private static final String NORMAL =
            "\0\u001b1234567890-=\b\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
    private static final String SHIFTED =
            "\0\u001b!@#$%^&*()_+\b\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";
    private static final String KEYPAD = "789-456+1230.";

    void int09(Guest g) {
        int code = g.in(0x60);
        process(g, code);
        g.out(0x20, 0x20);
    }

    void process(Guest g, int code) {
        int f3 = g.rb(Bda.KBD_FLAGS3);
        if (code == 0xE0 || code == 0xE1) {
            g.wb(Bda.KBD_FLAGS3, f3 | (code == 0xE0 ? 0x02 : 0x01));
            return;
        }
        boolean e0 = (f3 & 0x02) != 0;
        g.wb(Bda.KBD_FLAGS3, f3 & ~0x03);
        if ((f3 & 0x01) != 0) {
            return; // the Pause sequence: ignored
        }
        boolean release = (code & 0x80) != 0;
        int scan = code & 0x7F;
        int f1 = g.rb(Bda.KBD_FLAGS);
        int f2 = g.rb(Bda.KBD_FLAGS2);
        switch (scan) {
            case 0x2A, 0x36 -> {
                if (e0) {
                    return; // fake shifts around the E0 keys
                }
                int bit = scan == 0x2A ? 0x02 : 0x01;
                g.wb(Bda.KBD_FLAGS, release ? f1 & ~bit : f1 | bit);
                return;
            }
            case 0x1D -> {
                g.wb(Bda.KBD_FLAGS, release ? f1 & ~0x04 : f1 | 0x04);
                if (!e0) {
                    g.wb(Bda.KBD_FLAGS2, release ? f2 & ~0x01 : f2 | 0x01);
                }
                return;
            }
            case 0x38 -> {
                g.wb(Bda.KBD_FLAGS, release ? f1 & ~0x08 : f1 | 0x08);
                if (!e0) {
                    g.wb(Bda.KBD_FLAGS2, release ? f2 & ~0x02 : f2 | 0x02);
                }
                return;
            }
            case 0x3A, 0x45, 0x46 -> {
                int held = scan == 0x3A ? 0x40 : scan == 0x45 ? 0x20 : 0x10;
                if (release) {
                    g.wb(Bda.KBD_FLAGS2, f2 & ~held);
                } else if ((f2 & held) == 0) {
                    g.wb(Bda.KBD_FLAGS2, f2 | held);
                    g.wb(Bda.KBD_FLAGS, f1 ^ held);
                }
                return;
            }
            default -> {
            }
        }
        if (release) {
            return;
        }
        int key = translate(scan, e0, f1);
        if (key >= 0) {
            store(g, key);
        }
    }

    /** The buffer word (scan code high, ASCII low) of a make code, or -1. */
    static int translate(int scan, boolean e0, int flags) {
        boolean shift = (flags & 0x03) != 0;
        boolean ctrl = (flags & 0x04) != 0;
        boolean alt = (flags & 0x08) != 0;
        boolean caps = (flags & 0x40) != 0;
        boolean num = (flags & 0x20) != 0;
        if (e0) {
            if (scan == 0x1C) {
                return 0xE000 | (ctrl ? 0x0A : 0x0D);
            }
            if (scan == 0x35) {
                return 0xE02F;
            }
            if (scan >= 0x47 && scan <= 0x53 && KEYPAD.charAt(scan - 0x47) != '-' && KEYPAD.charAt(scan - 0x47) != '+'
                    && scan != 0x4C) {
                return scan << 8 | 0xE0;
            }
            return -1;
        }
        if (scan >= 0x3B && scan <= 0x44) {
            int base = alt ? 0x68 : ctrl ? 0x5E : shift ? 0x54 : 0x3B;
            return (base + scan - 0x3B) << 8;
        }
        if (scan == 0x57 || scan == 0x58) {
            int base = alt ? 0x8B : ctrl ? 0x89 : shift ? 0x87 : 0x85;
            return (base + scan - 0x57) << 8;
        }
        if (scan >= 0x47 && scan <= 0x53) {
            char c = KEYPAD.charAt(scan - 0x47);
            if (c == '-' || c == '+') {
                return scan << 8 | c;
            }
            if (num != shift && !alt && !ctrl) {
                return scan << 8 | c;
            }
            return scan << 8;
        }
        if (scan >= NORMAL.length()) {
            return -1;
        }
        char c = NORMAL.charAt(scan);
        if (c == 0) {
            return -1;
        }
        if (alt) {
            return scan == 0x39 ? 0x3920 : scan << 8;
        }
        if (ctrl) {
            if (c >= 'a' && c <= 'z') {
                return scan << 8 | (c - 'a' + 1);
            }
            return switch (c) {
                case '[' -> scan << 8 | 0x1B;
                case '\\' -> scan << 8 | 0x1C;
                case ']' -> scan << 8 | 0x1D;
                case '\r' -> scan << 8 | 0x0A;
                case '\b' -> scan << 8 | 0x7F;
                case ' ', '\u001b' -> scan << 8 | c;
                default -> -1;
            };
        }
        boolean letter = c >= 'a' && c <= 'z';
        boolean upper = letter ? shift != caps : shift;
        char out = upper ? SHIFTED.charAt(scan) : c;
        if (shift && c == '\t') {
            return 0x0F00;
        }
        return scan << 8 | out;
    }

    /** Puts a key into the ring buffer; false if it is full. */
    static boolean store(Guest g, int key) {
        int start = g.rw(Bda.KBD_START);
        int end = g.rw(Bda.KBD_END);
        int tail = g.rw(Bda.KBD_TAIL);
        int next = tail + 2 >= end ? start : tail + 2;
        if (next == g.rw(Bda.KBD_HEAD)) {
            return false;
        }
        g.ww(Bda.BASE + tail, key);
        g.ww(Bda.KBD_TAIL, next);
        return true;
    }

    /** Types text when the guest waits for a key. */
    final Typist typist = new Typist();

    void int16(Guest g) {
        int ah = g.ah();
        int head = g.rw(Bda.KBD_HEAD);
        boolean empty = head == g.rw(Bda.KBD_TAIL);
        switch (ah) {
            case 0x00, 0x10 -> {
                // an empty buffer: the guest waits for a key, a typed one comes now (keyboard, IRQ1)
                typist.read(empty);
                if (empty) {
                    g.retry();
                    return;
                }
                int key = g.rw(Bda.BASE + head);
                int next = head + 2 >= g.rw(Bda.KBD_END) ? g.rw(Bda.KBD_START) : head + 2;
                g.ww(Bda.KBD_HEAD, next);
                g.setAx(ah == 0x00 ? basic(key) : key);
            }
            case 0x01, 0x11 -> {
                // a guest polling an empty keyboard over and over (a DOS prompt) waits for a key
                typist.check(empty);
                g.zero(empty);
                if (!empty) {
                    int key = g.rw(Bda.BASE + head);
                    g.setAx(ah == 0x01 ? basic(key) : key);
                }
            }
            case 0x02 -> g.setAl(g.rb(Bda.KBD_FLAGS));
            case 0x12 -> {
                int f2 = g.rb(Bda.KBD_FLAGS2);
                g.setAx((f2 & 0x73) << 8 | (g.rb(Bda.KBD_FLAGS) & 0x04) << 6 | g.rb(Bda.KBD_FLAGS));
            }
            case 0x05 -> g.setAl(store(g, g.cx()) ? 0 : 1);
            default -> {
                // 03h typematic and others: accepted, nothing to do
            }
        }
    }

    private static int basic(int key) {
        return (key & 0xFF) == 0xE0 && (key >> 8) != 0 ? key & 0xFF00 : key;
    }
}
