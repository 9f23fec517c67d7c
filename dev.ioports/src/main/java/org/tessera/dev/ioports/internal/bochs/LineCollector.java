package org.tessera.dev.ioports.internal.bochs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The characters one firmware (the system BIOS or the VGA BIOS) writes to its info and debug
 * ports, collected into lines as Bochs does: a line ends at a newline (not included), a carriage
 * return is dropped, and a line that reaches {@link #LIMIT} bytes is passed on as it is. Also
 * keeps the Bochs "panic flag": set by a zero written to the firmware's second panic port, it
 * makes the next complete line a panic message. Not thread safe; the component locks.
 */
final class LineCollector {

    /** Longest line kept before it is passed on unfinished. */
    static final int LIMIT = 512;

    /** Receives complete lines. */
    interface Lines {
        /** A line, without its newline; {@code panic} if the panic flag was set. */
        void line(LineCollector source, String text, boolean panic);
    }

    private final String name;
    private final byte[] buffer = new byte[LIMIT];
    private int length;
    private boolean panicFlag;

    /** A collector for the firmware called {@code name} in messages ({@code bios}, {@code vgabios}). */
    LineCollector(String name) {
        this.name = name;
    }

    /** The firmware's name in messages. */
    String name() {
        return name;
    }

    /** Takes one character; a completed line goes to {@code lines}. */
    void put(int b, Lines lines) {
        b &= 0xFF;
        if (b == '\n') {
            emit(lines);
        } else if (b != '\r') {
            buffer[length++] = (byte) b;
            if (length == LIMIT) {
                emit(lines);
            }
        }
    }

    private void emit(Lines lines) {
        String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        boolean panic = panicFlag;
        length = 0;
        panicFlag = false;
        lines.line(this, text, panic);
    }

    /** Whether part of a line is waiting for its end. */
    boolean hasPartialLine() {
        return length > 0;
    }

    /** The unfinished line, which is forgotten (a panic port takes it as its message). */
    String takePartialLine() {
        String text = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        length = 0;
        panicFlag = false;
        return text;
    }

    /** Marks the next complete line as a panic message. */
    void setPanicFlag() {
        panicFlag = true;
    }

    /** Whether the next complete line is a panic message. */
    boolean panicFlag() {
        return panicFlag;
    }

    /** The unfinished line's bytes (state). */
    byte[] partial() {
        return Arrays.copyOf(buffer, length);
    }

    /** Restores an unfinished line and the panic flag (state). */
    void restore(byte[] partial, boolean panic) {
        if (partial.length >= LIMIT) {
            throw new IllegalArgumentException(name + ": unfinished line of " + partial.length + " bytes, at most "
                    + (LIMIT - 1) + " expected");
        }
        System.arraycopy(partial, 0, buffer, 0, partial.length);
        length = partial.length;
        panicFlag = panic;
    }
}
