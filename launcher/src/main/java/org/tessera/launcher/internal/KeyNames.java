package org.tessera.launcher.internal;

import java.util.Locale;
import java.util.Map;
import org.tessera.machine.api.input.KeyboardInput;

/**
 * The key names of {@code --type}'s {@code \{NAME}}: keys without a character of their own and keys
 * with modifiers held, as the characters {@link KeyboardInput#namedKey} makes for the keyboard. A
 * name is a key ({@code F1}-{@code F12}, {@code Up}, {@code Down}, {@code Left}, {@code Right},
 * {@code Home}, {@code End}, {@code PgUp}, {@code PgDn}, {@code Ins}, {@code Del}, {@code Esc},
 * {@code Enter}, {@code Tab}, {@code Backspace}, {@code Space}, or a letter or digit) after any of
 * {@code Ctrl-}, {@code Alt-}, {@code Shift-}; case does not matter: {@code \{F8}},
 * {@code \{Ctrl-C}}, {@code \{Alt-F4}}, {@code \{shift-tab}}.
 */
final class KeyNames {

    /** Set-1 make codes of the named keys (E0h-prefixed keys as E0xxh). */
    private static final Map<String, Integer> KEYS = Map.ofEntries(
            Map.entry("f1", 0x3B), Map.entry("f2", 0x3C), Map.entry("f3", 0x3D), Map.entry("f4", 0x3E),
            Map.entry("f5", 0x3F), Map.entry("f6", 0x40), Map.entry("f7", 0x41), Map.entry("f8", 0x42),
            Map.entry("f9", 0x43), Map.entry("f10", 0x44), Map.entry("f11", 0x57), Map.entry("f12", 0x58),
            Map.entry("up", 0xE048), Map.entry("down", 0xE050), Map.entry("left", 0xE04B), Map.entry("right", 0xE04D),
            Map.entry("home", 0xE047), Map.entry("end", 0xE04F), Map.entry("pgup", 0xE049), Map.entry("pgdn", 0xE051),
            Map.entry("ins", 0xE052), Map.entry("del", 0xE053), Map.entry("esc", 0x01), Map.entry("enter", 0x1C),
            Map.entry("tab", 0x0F), Map.entry("backspace", 0x0E), Map.entry("space", 0x39));
    /** Make codes of the letters a-z and the digits 0-9 (top row). */
    private static final String LETTERS = "qwertyuiop....asdfghjkl.....zxcvbnm";

    private KeyNames() {
    }

    /**
     * The character for {@code name} (the text between the braces).
     *
     * @throws UsageException for a name no key has
     */
    static char key(String name) throws UsageException {
        String rest = name.strip().toLowerCase(Locale.ROOT);
        int modifiers = 0;
        while (true) {
            if (rest.startsWith("ctrl-")) {
                modifiers |= KeyboardInput.CTRL;
            } else if (rest.startsWith("alt-")) {
                modifiers |= KeyboardInput.ALT;
            } else if (rest.startsWith("shift-")) {
                modifiers |= KeyboardInput.SHIFT;
            } else {
                break;
            }
            rest = rest.substring(rest.indexOf('-') + 1);
        }
        Integer code = KEYS.get(rest);
        if (code == null && rest.length() == 1) {
            char c = rest.charAt(0);
            int i = LETTERS.indexOf(c);
            if (c >= 'a' && c <= 'z' && i >= 0) {
                code = 0x10 + i;
            } else if (c >= '1' && c <= '9') {
                code = 0x02 + (c - '1');
            } else if (c == '0') {
                code = 0x0B;
            }
        }
        if (code == null) {
            throw new UsageException("--type: no key is named '" + name + "' (F1-F12, Up, Down, Left, Right, Home, End, "
                    + "PgUp, PgDn, Ins, Del, Esc, Enter, Tab, Backspace, Space, a letter or a digit, after any of Ctrl-, "
                    + "Alt-, Shift-)");
        }
        return KeyboardInput.namedKey(code, modifiers);
    }
}
