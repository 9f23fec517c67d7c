package org.tessera.firmware.bios.internal;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import org.tessera.machine.api.input.KeyboardInput;

/**
 * Types text on the machine's keyboard one character at a time, each when the guest waits for a
 * key: what a person at the keyboard does, so that nothing the guest does before it asks for input
 * (a DOS kernel draining the keyboard at boot, a Ctrl-C check while it prints) takes the keys. The
 * guest waits when it reads a key through INT 16h (AH=00h/10h) with the BIOS's keyboard buffer
 * empty, when DOS calls its idle interrupt (INT 28h, while it waits for console input) with the
 * buffer empty, or when it checks for a key (AH=01h/11h) {@value #POLLS_BEFORE_TYPING} times in a
 * row with the buffer empty and no other BIOS service (output, disks, serial) in between. (A guest
 * that polls with a timeout at boot, as DOS kernels do for F5/F8, looks like one waiting at a
 * prompt and takes a key typed then.) The keys take the
 * hardware's path (scan codes, IRQ1, the BIOS's INT 09h), so this works the same whichever BIOS
 * answers INT 16h: the built-in one tells it from its service, real firmware through the CPU's
 * software interrupt announcements.
 */
final class Typist {

    private static final System.Logger LOG = System.getLogger(Typist.class.getName());
    /** Consecutive checks of an empty keyboard that count as waiting for a key. */
    static final int POLLS_BEFORE_TYPING = 50;

    /** Guarded by this: text still to type. */
    private final StringBuilder typeAhead = new StringBuilder();
    /** The keyboard the text goes through; answers null while there is none. */
    private volatile Supplier<KeyboardInput> keyboard = () -> null;
    /** Empty checks in a row (CPU thread). */
    private int emptyPolls;

    /** Where typed keys go. */
    void setKeyboard(Supplier<KeyboardInput> keyboard) {
        this.keyboard = keyboard;
    }

    /** Adds {@code text} to what is still to be typed. */
    synchronized void add(String text) {
        typeAhead.append(text);
    }

    /** Whether text is still to be typed. */
    synchronized boolean pending() {
        return typeAhead.length() > 0;
    }

    /** The guest reads a key (INT 16h AH=00h/10h); {@code empty}: the buffer holds none. */
    void read(boolean empty) {
        emptyPolls = 0;
        if (empty) {
            typeNext();
        }
    }

    /** DOS waits for console input (INT 28h); {@code empty}: the buffer holds no key. */
    void dosIdle(boolean empty) {
        emptyPolls = 0;
        if (empty) {
            typeNext();
        }
    }

    /** The guest checks for a key (INT 16h AH=01h/11h); {@code empty}: the buffer holds none. */
    void check(boolean empty) {
        if (!empty) {
            emptyPolls = 0;
        } else if (++emptyPolls >= POLLS_BEFORE_TYPING) {
            emptyPolls = 0;
            typeNext();
        }
    }

    /** The guest used another BIOS service: it is busy, its keyboard checks do not count as waiting. */
    void otherService() {
        emptyPolls = 0;
    }

    /** The next character into the keyboard, if there is one and a keyboard. */
    private synchronized void typeNext() {
        KeyboardInput k = keyboard.get();
        if (typeAhead.length() == 0 || k == null) {
            return;
        }
        if (k.type(typeAhead.substring(0, 1)) == 0) {
            LOG.log(Level.WARNING, "no key types ''{0}''; the rest is not typed", typeAhead.charAt(0));
            typeAhead.setLength(0);
            return;
        }
        typeAhead.deleteCharAt(0);
    }
}
