package org.tessera.machine.api.input;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Keys from the host into the machine's keyboard, provided by the keyboard device (the PS/2
 * keyboard behind the 8042). Keys are named by their IBM PC scan code of set 1 (make code 01h-58h,
 * E0h-prefixed keys as E0xxh), whatever set the keyboard is told to use. Thread safe; keys queue
 * in the keyboard's buffer as on the hardware (a full buffer drops keys and says so).
 */
@ProviderType
public interface KeyboardInput {

    /** Presses ({@code pressed}) or releases the key with set-1 make code {@code code}. */
    void key(int code, boolean pressed);

    /** First character of the named keys {@link #type} takes (U+E000-U+EFFF, private use). */
    char NAMED_KEY = '\uE000';
    /** In a named key: the key's make code has the E0h prefix. */
    int EXTENDED = 0x100;
    /** In a named key: Shift is held around the key. */
    int SHIFT = 0x200;
    /** In a named key: Ctrl is held around the key. */
    int CTRL = 0x400;
    /** In a named key: Alt is held around the key. */
    int ALT = 0x800;

    /**
     * The character that stands for a key in {@link #type}: a key without a character of its own
     * (F1-F12, the arrows, Home...) or one with modifiers held (Ctrl-C, Alt-X).
     *
     * @param code the set-1 make code, E0h-prefixed keys as E0xxh
     * @param modifiers {@link #SHIFT}, {@link #CTRL} and {@link #ALT}, or 0
     */
    static char namedKey(int code, int modifiers) {
        int extended = (code & 0xFF00) == 0xE000 ? EXTENDED : 0;
        if ((code & 0xFF00) != 0 && extended == 0 || (code & 0x80) != 0 || (modifiers & ~(SHIFT | CTRL | ALT)) != 0) {
            throw new IllegalArgumentException("not a key with modifiers: " + Integer.toHexString(code) + ", "
                    + Integer.toHexString(modifiers));
        }
        return (char) (NAMED_KEY + (code & 0x7F | extended | modifiers));
    }

    /**
     * Types {@code text} on a US keyboard: each character as the keys that make it (with Shift
     * where needed), pressed and released; {@code \r} or {@code \n} is Enter, {@code \t} Tab,
     * {@code \b} Backspace, {@code \u001b} Escape; a character of {@link #namedKey} presses its
     * modifiers, then the key, and releases them in reverse.
     *
     * @return the number of characters typed (stops at the first character no key makes)
     */
    int type(CharSequence text);
}
