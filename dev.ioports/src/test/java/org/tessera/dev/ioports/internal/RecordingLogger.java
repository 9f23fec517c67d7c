package org.tessera.dev.ioports.internal;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/** A {@link System.Logger} that keeps every message as {@code LEVEL message}, for tests of what a device logs. */
public final class RecordingLogger implements System.Logger {

    private final List<String> messages = new ArrayList<>();
    private final Level threshold;

    /** Records every level. */
    public RecordingLogger() {
        this(Level.ALL);
    }

    /** Records {@code threshold} and above; {@link #isLoggable} says so. */
    public RecordingLogger(Level threshold) {
        this.threshold = threshold;
    }

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public synchronized void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (isLoggable(level)) {
            messages.add(level.getName() + " " + msg);
        }
    }

    @Override
    public synchronized void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            messages.add(level.getName() + " "
                    + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
        }
    }

    /** Everything recorded so far, in order. */
    public synchronized List<String> messages() {
        return new ArrayList<>(messages);
    }

    /** The messages recorded at {@code level}, without the level. */
    public synchronized List<String> at(Level level) {
        List<String> out = new ArrayList<>();
        String prefix = level.getName() + " ";
        for (String m : messages) {
            if (m.startsWith(prefix)) {
                out.add(m.substring(prefix.length()));
            }
        }
        return out;
    }
}
