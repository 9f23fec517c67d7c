package org.tessera.dev.storage.internal.image;

/** A drive configuration or image that cannot be used; the message says why, for the log. */
final class DriveImageException extends Exception {

    private static final long serialVersionUID = 1L;

    DriveImageException(String message) {
        super(message);
    }

    DriveImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
