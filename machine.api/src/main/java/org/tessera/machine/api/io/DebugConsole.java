package org.tessera.machine.api.io;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The debug console on port E9h (the Bochs/QEMU convention): every byte the guest writes there is
 * kept and passed to the configured sink (standard output or a file). Reading port E9h answers
 * E9h, which is how guests detect it. Thread safe.
 */
@ProviderType
public interface DebugConsole {

    /** Every byte written so far, in order. */
    byte[] output();

    /** {@link #output()} as ISO-8859-1 text. */
    String text();

    /** Forgets the bytes kept so far (the sink keeps what it was given). */
    void clear();
}
