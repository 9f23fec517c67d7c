package org.tessera.dev.ioports.internal.uart;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
        if (s.isEmpty() || s.equals("-") || s.equalsIgnoreCase("stdout")) {
            return new Stream(stdout);
        }
        if (s.equalsIgnoreCase("none")) {
            return None.INSTANCE;
        }
        System.Logger log = System.getLogger(SerialSink.class.getName());
        if (s.regionMatches(true, 0, "tcp:", 0, 4)) {
            int port;
            try {
                port = Integer.parseInt(s.substring(4).trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 0xFFFF) {
                log.log(Level.ERROR, who + ": sink \"" + s + "\" has no usable port number; output dropped");
                return None.INSTANCE;
            }
            try {
                return TcpSink.listen(port, who);
            } catch (IOException e) {
                log.log(Level.ERROR, who + ": cannot listen on 127.0.0.1:" + port + " (" + e + "); output dropped");
                return None.INSTANCE;
            }
        }
        try {
            Path path = Path.of(s);
            OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new File(path, new BufferedOutputStream(out, 8192), who);
        } catch (InvalidPathException | IOException | SecurityException | UnsupportedOperationException e) {
            log.log(Level.ERROR, who + ": cannot write the sink file " + s + " (" + e + "); output dropped");
            return None.INSTANCE;
        }
    }

    /** {@code none}: transmitted bytes are dropped (the line is always ready). */
    enum None implements SerialSink {
        /** The only instance. */
        INSTANCE;

        @Override
        public void write(int b) {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    /** {@code stdout}: a print stream, flushed at newlines and on close (never closed: not ours). */
    final class Stream implements SerialSink {
        private final PrintStream stream;

        Stream(PrintStream stream) {
            this.stream = stream;
        }

        @Override
        public void write(int b) {
            stream.write(b);
            if (b == '\n') {
                stream.flush();
            }
        }

        @Override
        public void close() {
            stream.flush();
        }

        @Override
        public String toString() {
            return "stdout";
        }
    }

    /** A file: buffered, flushed at newlines and on close; a write error ends writing (logged once). */
    final class File implements SerialSink {
        private final Path path;
        private final OutputStream out;
        private final String who;
        private boolean failed;

        File(Path path, OutputStream out, String who) {
            this.path = path;
            this.out = out;
            this.who = who;
        }

        @Override
        public void write(int b) {
            if (failed) {
                return;
            }
            try {
                out.write(b);
                if (b == '\n') {
                    out.flush();
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(IOException e) {
            failed = true;
            System.getLogger(SerialSink.class.getName()).log(Level.ERROR,
                    who + ": writing " + path.toAbsolutePath() + " failed; further output is dropped", e);
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                if (!failed) {
                    fail(e);
                }
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
