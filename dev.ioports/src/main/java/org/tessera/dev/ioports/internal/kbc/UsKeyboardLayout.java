package org.tessera.dev.ioports.internal.kbc;

/** The keys that type a character on a US keyboard: a set-1 make code and whether Shift is held. */
final class UsKeyboardLayout {

    /** Left Shift. */
    static final int SHIFT = 0x2A;

    private static final String UNSHIFTED_ROW = "1234567890-=";
    private static final String SHIFTED_ROW = "!@#$%^&*()_+";
    private static final String LETTERS_TOP = "qwertyuiop";
    private static final String LETTERS_MIDDLE = "asdfghjkl";
    private static final String LETTERS_BOTTOM = "zxcvbnm";

    private UsKeyboardLayout() {
    }

    /** Set-1 make code in the low byte, bit 8 set for Shift; -1 if no key makes {@code c}. */
    static int keyFor(char c) {
        int i;
        if ((i = UNSHIFTED_ROW.indexOf(c)) >= 0) {
            return 0x02 + i;
        }
        if ((i = SHIFTED_ROW.indexOf(c)) >= 0) {
            return 0x100 | (0x02 + i);
        }
        char lower = Character.toLowerCase(c);
        boolean upper = c != lower && c < 0x80;
        int shift = upper ? 0x100 : 0;
        if (c < 0x80) {
            if ((i = LETTERS_TOP.indexOf(lower)) >= 0) {
                return shift | (0x10 + i);
            }
            if ((i = LETTERS_MIDDLE.indexOf(lower)) >= 0) {
                return shift | (0x1E + i);
            }
            if ((i = LETTERS_BOTTOM.indexOf(lower)) >= 0) {
                return shift | (0x2C + i);
            }
        }
        return switch (c) {
            case '\r', '\n' -> 0x1C;
            case '\t' -> 0x0F;
            case '\b' -> 0x0E;
            case '\u001b' -> 0x01;
            case ' ' -> 0x39;
            case '[' -> 0x1A;
            case '{' -> 0x11A;
            case ']' -> 0x1B;
            case '}' -> 0x11B;
            case ';' -> 0x27;
            case ':' -> 0x127;
            case '\'' -> 0x28;
            case '"' -> 0x128;
            case '`' -> 0x29;
            case '~' -> 0x129;
            case '\\' -> 0x2B;
            case '|' -> 0x12B;
            case ',' -> 0x33;
            case '<' -> 0x133;
            case '.' -> 0x34;
            case '>' -> 0x134;
            case '/' -> 0x35;
            case '?' -> 0x135;
            default -> -1;
        };
    }
}
