package org.tessera.dev.ioports.internal.kbc;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import org.tessera.machine.api.device.DeviceState;

/**
 * A PS/2 (MF2) keyboard: its command set as the host sees it through the 8042, scan code sets 1
 * and 2, and its 16-byte output buffer. Typematic repeat is not generated (the rate is accepted
 * and kept). Not thread safe: {@link KbcComponent} serialises every call.
 */
final class Ps2Keyboard {

    static final int ACK = 0xFA;
    static final int RESEND = 0xFE;
    static final int BAT_OK = 0xAA;
    static final int ECHO = 0xEE;
    static final int CAPACITY = 16;
    static final int DEFAULT_TYPEMATIC = 0x2B;

    private static final System.Logger LOG = System.getLogger(Ps2Keyboard.class.getName());

    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private int set = 2;
    private boolean scanning = true;
    private int leds;
    private int typematic = DEFAULT_TYPEMATIC;
    /** The command waiting for its argument byte, or -1. */
    private int pending = -1;
    /** The last byte handed to the controller (for Resend). */
    private int lastSent = -1;
    /** Whether the buffer overflowed and the overflow code is waiting at its end. */
    private boolean overflowed;
    private long dropped;

    /** Whether a byte is waiting for the controller. */
    boolean hasByte() {
        return !queue.isEmpty();
    }

    /** Hands the next byte to the controller. */
    int take() {
        int b = queue.removeFirst();
        lastSent = b;
        if (queue.isEmpty()) {
            overflowed = false;
        }
        return b;
    }

    /** Free room in the buffer. */
    int room() {
        return CAPACITY - queue.size();
    }

    /** Whether keys are being scanned (not disabled by F5h, not waiting for an argument). */
    boolean scanning() {
        return scanning && pending < 0;
    }

    int scanCodeSet() {
        return set;
    }

    int leds() {
        return leds;
    }

    int typematic() {
        return typematic;
    }

    long dropped() {
        return dropped;
    }

    /**
     * A key event: its bytes in the current set join the buffer if they fit leaving room for the
     * overflow code; otherwise the event is dropped and the overflow code (00h in set 2, FFh in
     * set 1) ends the buffer once. Ignored while scanning is disabled.
     *
     * @return whether the key's bytes were queued
     */
    boolean key(int code, boolean pressed) {
        if (!scanning()) {
            return false;
        }
        byte[] bytes = ScanCodes.sequence(code, pressed, set);
        if (overflowed || queue.size() + bytes.length > CAPACITY - 1) {
            dropped++;
            if (!overflowed) {
                overflowed = true;
                queue.addLast(set == 1 ? 0xFF : 0x00);
                LOG.log(Level.DEBUG, "keyboard buffer overflow; key events are dropped until the guest reads");
            }
            return false;
        }
        for (byte b : bytes) {
            queue.addLast(b & 0xFF);
        }
        return true;
    }

    /** A byte from the host (port 60h through the 8042). */
    void receive(int b) {
        b &= 0xFF;
        if (pending >= 0) {
            int command = pending;
            pending = -1;
            if (b < 0x80) {
                argument(command, b);
                return;
            }
            // not an argument: a new command
        }
        switch (b) {
            case 0xED, 0xF0, 0xF3 -> {
                reply(ACK);
                pending = b;
            }
            case 0xEE -> reply(ECHO);
            case 0xF2 -> {
                reply(ACK);
                reply(0xAB);
                reply(0x83);
            }
            case 0xF4 -> {
                queue.clear();
                overflowed = false;
                scanning = true;
                reply(ACK);
            }
            case 0xF5 -> {
                defaults();
                scanning = false;
                reply(ACK);
            }
            case 0xF6 -> {
                defaults();
                scanning = true;
                reply(ACK);
            }
            case 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD -> reply(ACK); // set 3 key types: accepted, no effect
            case 0xFE -> {
                if (lastSent >= 0) {
                    queue.addLast(lastSent);
                }
            }
            case 0xFF -> {
                defaults();
                set = 2;
                leds = 0;
                scanning = true;
                reply(ACK);
                reply(BAT_OK);
            }
            default -> reply(RESEND);
        }
    }

    private void argument(int command, int b) {
        switch (command) {
            case 0xED -> {
                leds = b & 0x07;
                reply(ACK);
            }
            case 0xF3 -> {
                typematic = b & 0x7F;
                reply(ACK);
            }
            case 0xF0 -> {
                if (b == 0) {
                    reply(ACK);
                    reply(set);
                } else if (b == 1 || b == 2) {
                    queue.clear();
                    overflowed = false;
                    set = b;
                    reply(ACK);
                } else {
                    reply(RESEND);
                }
            }
            default -> throw new IllegalStateException("no argument for " + Integer.toHexString(command));
        }
    }

    private void defaults() {
        queue.clear();
        overflowed = false;
        typematic = DEFAULT_TYPEMATIC;
    }

    private void reply(int b) {
        queue.addLast(b);
    }

    // ---------------------------------------------------------------- state

    byte[] queued() {
        byte[] bytes = new byte[queue.size()];
        int i = 0;
        for (int b : queue) {
            bytes[i++] = (byte) b;
        }
        return bytes;
    }

    void save(DeviceState.Builder b) {
        b.blob("kbd.buffer", queued())
                .field("kbd.set", set)
                .field("kbd.scanning", scanning ? 1 : 0)
                .field("kbd.leds", leds)
                .field("kbd.typematic", typematic)
                .field("kbd.pending", pending)
                .field("kbd.lastSent", lastSent)
                .field("kbd.overflowed", overflowed ? 1 : 0);
    }

    void restore(DeviceState state) {
        int s = (int) state.field("kbd.set");
        byte[] bytes = state.blob("kbd.buffer");
        if (s != 1 && s != 2 || bytes.length > CAPACITY + 4) {
            throw new IllegalArgumentException("keyboard state out of range: " + state);
        }
        set = s;
        scanning = state.field("kbd.scanning") != 0;
        leds = (int) state.field("kbd.leds") & 0x07;
        typematic = (int) state.field("kbd.typematic") & 0x7F;
        pending = (int) state.field("kbd.pending");
        lastSent = (int) state.field("kbd.lastSent");
        overflowed = state.field("kbd.overflowed") != 0;
        queue.clear();
        for (byte x : bytes) {
            queue.addLast(x & 0xFF);
        }
    }
}
