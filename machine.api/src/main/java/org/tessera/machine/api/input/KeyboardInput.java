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

    /**
     * Types {@code text} on a US keyboard: each character as the keys that make it (with Shift
     * where needed), pressed and released; {@code \r} or {@code \n} is Enter, {@code \t} Tab,
     * {@code \b} Backspace, {@code \u001b} Escape.
     *
     * @return the number of characters typed (stops at the first character no key makes)
     */
    int type(CharSequence text);
}
