package org.tessera.launcher.internal;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The logging policy of the command line, which owns the process: the machine's bundles log
 * through {@link System.Logger}, which the JDK sends to {@code java.util.logging}, whose default
 * prints everything from INFO up on standard error. For a command-line tool that is noise (every
 * device swap at shutdown would be reported), so the launcher shows warnings and errors, plus its
 * own INFO messages (hot reload). {@code -Dtessera.log.level=LEVEL} (a java.util.logging level:
 * ALL, FINE, INFO, WARNING, SEVERE, OFF) sets the level of everything; a logging configuration of
 * the user's own ({@code -Djava.util.logging.config.file=...}) is left alone.
 */
final class ConsoleLogging {

    /** System property choosing the level of every logger. */
    static final String LEVEL_PROPERTY = "tessera.log.level";

    /** Held for the life of the command: java.util.logging forgets the level of a collected logger. */
    private final Logger root = Logger.getLogger("");
    private final Logger launcher = Logger.getLogger("org.tessera.launcher");

    /**
     * Applies the policy.
     *
     * @param requestedLevel the value of {@value #LEVEL_PROPERTY}, or null
     * @throws UsageException if the level is not a java.util.logging level
     */
    void apply(String requestedLevel) throws UsageException {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        if (requestedLevel != null && !requestedLevel.isBlank()) {
            Level level;
            try {
                level = Level.parse(requestedLevel.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageException(LEVEL_PROPERTY + ": unknown level '" + requestedLevel
                        + "' (ALL, FINE, INFO, WARNING, SEVERE, OFF)");
            }
            setLevel(root, level);
            return;
        }
        root.setLevel(Level.WARNING);
        launcher.setLevel(Level.INFO);
    }

    private static void setLevel(Logger logger, Level level) {
        logger.setLevel(level);
        for (var handler : logger.getHandlers()) {
            handler.setLevel(level);
        }
    }
}
