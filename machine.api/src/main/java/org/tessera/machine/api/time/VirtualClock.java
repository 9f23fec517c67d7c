package org.tessera.machine.api.time;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The machine's time: nanoseconds of guest time since an arbitrary origin. It is monotonic (never
 * goes back, also not across a machine reset) and advances with guest execution, not with the
 * host's wall clock: a paused machine's time stands still, and the same guest run sees the same
 * times. How executed instructions map to nanoseconds is the provider's choice (documented
 * there). Thread safe; cheap enough to call on every device access.
 */
@ProviderType
public interface VirtualClock {

    /** The machine time now, in nanoseconds. */
    long nanos();
}
