package org.tessera.dev.ioports.internal;

/** The sink {@code none}: the debug console only keeps the bytes in memory. */
enum NoSink implements ConsoleSink {
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
