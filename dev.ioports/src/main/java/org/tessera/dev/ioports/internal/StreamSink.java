package org.tessera.dev.ioports.internal;

import java.io.PrintStream;

/**
 * The sink {@code stdout}: writes to a {@link PrintStream} (standard output, or one a test
 * injects), flushing on every newline. Closing only flushes; the stream is not ours.
 */
final class StreamSink implements ConsoleSink {

    private final PrintStream stream;

    StreamSink(PrintStream stream) {
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
