package org.tessera.dev.ioports.internal;

import java.io.PrintStream;

/**
 * Where the debug console passes the bytes the guest writes: standard output, a file, or
 * nowhere. Implementations are used under the console's lock.
 */
interface ConsoleSink {

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
        String s = setting == null ? "" : setting.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("stdout")) {
            return new StreamSink(stdout);
        }
        if (s.equalsIgnoreCase("none")) {
            return NoSink.INSTANCE;
        }
        return FileSink.open(s);
    }
}
