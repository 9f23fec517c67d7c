package org.tessera.dev.ioports.internal.bochs;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import org.tessera.dev.ioports.internal.ConsoleSink;

/**
 * Where the firmware's lines go: the log at DEBUG (setting {@code none}, the default), or one of
 * the machine's {@link ConsoleSink}s: standard output ({@code -} or {@code stdout}) or a file.
 * Each line is prefixed with its source ({@code bios: }, {@code vgabios: }). Used under the
 * device's lock.
 */
final class FirmwareOutput {

    private final System.Logger log;
    /** Null for {@code none}. */
    private final ConsoleSink sink;

    private FirmwareOutput(System.Logger log, ConsoleSink sink) {
        this.log = log;
        this.sink = sink;
    }

    /**
     * Opens the output for an {@code output} setting. A file that cannot be written is logged as
     * an error by the sink and then gets nothing.
     */
    static FirmwareOutput open(String setting, PrintStream stdout, System.Logger log) {
        String s = setting == null ? "" : setting.trim();
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            return new FirmwareOutput(log, null);
        }
        String sinkSetting = s.equals("-") ? "stdout" : s;
        return new FirmwareOutput(log, ConsoleSink.open(sinkSetting, stdout, "firmware log"));
    }

    /** Passes one line (without its newline) from {@code source} on. */
    void line(String source, String text) {
        if (sink == null) {
            if (log.isLoggable(Level.DEBUG)) {
                log.log(Level.DEBUG, source + ": " + text);
            }
            return;
        }
        write(source);
        write(": ");
        write(text);
        sink.write('\n');
    }

    private void write(String s) {
        for (int i = 0; i < s.length(); i++) {
            sink.write(s.charAt(i) & 0xFF);
        }
    }

    /** Flushes and releases the sink. */
    void close() {
        if (sink != null) {
            sink.close();
        }
    }

    @Override
    public String toString() {
        return sink == null ? "none (DEBUG log)" : sink.toString();
    }
}
