package org.tessera.machine.api.io;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The POST code port 80h: firmware writes its progress there. The last code is kept, reads of
 * port 80h answer it, and so does this service. Thread safe.
 */
@ProviderType
public interface PostCodes {

    /** The last code written, or -1 if none was. */
    int lastCode();

    /** How many codes were written. */
    long count();
}
