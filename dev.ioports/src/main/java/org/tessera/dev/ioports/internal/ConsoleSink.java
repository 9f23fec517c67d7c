package org.tessera.dev.ioports.internal;

import java.io.PrintStream;

/**
 * Where a character device of the machine (the debug console, a serial port) passes the bytes
 * the guest writes: standard output, a file, or nowhere. Implementations are used under the
 * device's lock. Public within this private package tree so that the chips in its subpackages
 * share it.
 */
public interface ConsoleSink {

    /** Passes one byte on; flushes at least on a newline. */
    void write(int b);

    /**
     * Called after a hot swap with the bytes the previous instance kept; a sink that started
     * empty at activation (a truncated file) writes them, so it stays complete.
     */
    default void restored(byte[] history) {
    }

    /** Flushes, and releases what the sink opened. */
    void close();

    /**
     * Opens the sink for a {@code sink} setting: {@code stdout} (also when empty or null),
     * {@code none}, or a file path. A file that cannot be written is logged as an error and
     * gives the sink {@code none}.
     */
    static ConsoleSink open(String setting, PrintStream stdout) {
        return open(setting, stdout, "debug console");
    }

    /** {@link #open(String, PrintStream)} for the device {@code who} (named in its log messages). */
    static ConsoleSink open(String setting, PrintStream stdout, String who) {
        String s = setting == null ? "" : setting.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("stdout")) {
            return new StreamSink(stdout);
        }
        if (s.equalsIgnoreCase("none")) {
            return NoSink.INSTANCE;
        }
        return FileSink.open(s, who);
    }
}
