package org.tessera.dev.ioports.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The sink to a file: created or truncated when opened, buffered, flushed on every newline and
 * when closed. A write error is logged once and ends writing to the file; the console keeps the
 * bytes in memory regardless (a serial port drops them).
 */
final class FileSink implements ConsoleSink {

    private static final System.Logger LOG = System.getLogger(FileSink.class.getName());

    private final Path path;
    private final OutputStream out;
    private final String who;
    private boolean written;
    private boolean failed;

    private FileSink(Path path, OutputStream out, String who) {
        this.path = path;
        this.out = out;
        this.who = who;
    }

    /** Opens (creates or truncates) {@code file}; on failure logs an error and returns {@link NoSink}. */
    static ConsoleSink open(String file, String who) {
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            LOG.log(Level.ERROR, who + ": sink \"" + file + "\" is not a valid file path (" + e.getMessage()
                    + "); nothing goes to a file");
            return NoSink.INSTANCE;
        }
        try {
            OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new FileSink(path, new BufferedOutputStream(out, 8192), who);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            LOG.log(Level.ERROR, who + ": cannot write the sink file " + path.toAbsolutePath() + " (" + e
                    + "); nothing goes to a file");
            return NoSink.INSTANCE;
        }
    }

    @Override
    public void write(int b) {
        if (failed) {
            return;
        }
        written = true;
        try {
            out.write(b);
            if (b == '\n') {
                out.flush();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    @Override
    public void restored(byte[] history) {
        if (written || failed) {
            return;
        }
        try {
            out.write(history);
            out.flush();
        } catch (IOException e) {
            fail(e);
        }
    }

    private void fail(IOException e) {
        failed = true;
        LOG.log(Level.ERROR, who + ": writing " + path.toAbsolutePath() + " failed; further output does not go to it", e);
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
