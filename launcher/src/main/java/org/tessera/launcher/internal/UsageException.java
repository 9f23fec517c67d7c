package org.tessera.launcher.internal;

/**
 * The command line is wrong: an unknown command or option, a missing or malformed value, a
 * missing file, or a feature the assembled machine does not have. The launcher prints the
 * message as one line and exits with status {@value MainCommand#EXIT_USAGE}.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, in one line, without a trailing period */
    UsageException(String message) {
        super(message, null, false, false);
    }
}
