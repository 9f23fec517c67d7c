package org.tessera.launcher.internal;

/**
 * The machine could not be assembled or run: a service did not appear in time, a configuration
 * could not be written. The launcher prints the message as one line and exits with status
 * {@value MainCommand#EXIT_FAILURE}.
 */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong, in one line */
    LaunchException(String message) {
        super(message, null, false, false);
    }

    /**
     * @param message what went wrong, in one line
     * @param cause the underlying failure (logged, not printed)
     */
    LaunchException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
