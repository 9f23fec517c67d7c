package org.tessera.dev.ioports.internal.uart;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import org.tessera.dev.ioports.internal.ConsoleSink;

/**
 * The host side of a serial port: where the bytes the guest sends go and, for {@code tcp:PORT},
 * where received bytes come from. {@link #write} is called with the UART's lock held and must not
 * block for long.
 */
interface SerialSink {

    /** Connects the sink to the UART it serves (a socket sink starts listening). */
    default void start(Uart16550 uart) {
    }

    /** Passes one transmitted byte on. */
    void write(int b);

    /** Flushes everything written and releases what the sink opened. */
    void close();

    /**
     * Opens the sink for a {@code sink} setting: {@code stdout} (also {@code -}, empty or null),
     * {@code none}, {@code tcp:PORT}, or a file path (created or truncated). A sink that cannot be
     * opened is logged as an error and gives {@code none}.
     */
    static SerialSink open(String setting, PrintStream stdout, String who) {
        String s = setting == null ? "" : setting.trim();
        if (s.regionMatches(true, 0, "tcp:", 0, 4)) {
            System.Logger log = System.getLogger(SerialSink.class.getName());
            int port;
            try {
                port = Integer.parseInt(s.substring(4).trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 0xFFFF) {
                log.log(Level.ERROR, who + ": sink \"" + s + "\" has no usable port number; output dropped");
                return NONE;
            }
            try {
                return TcpSink.listen(port, who);
            } catch (IOException e) {
                log.log(Level.ERROR, who + ": cannot listen on 127.0.0.1:" + port + " (" + e + "); output dropped");
                return NONE;
            }
        }
        // stdout, none and files are the machine's character sinks, shared with the debug console
        return new Console(ConsoleSink.open(s.equals("-") ? "stdout" : s, stdout, who));
    }

    /** {@code none}: transmitted bytes are dropped (the line is always ready). */
    SerialSink NONE = new Console(ConsoleSink.open("none", System.out, "serial"));

    /** One of the machine's {@link ConsoleSink}s (stdout, none, a file) as a serial line's host side. */
    final class Console implements SerialSink {
        private final ConsoleSink sink;

        Console(ConsoleSink sink) {
            this.sink = sink;
        }

        @Override
        public void write(int b) {
            sink.write(b);
        }

        @Override
        public void close() {
            sink.close();
        }

        @Override
        public String toString() {
            return sink.toString();
        }
    }
}
