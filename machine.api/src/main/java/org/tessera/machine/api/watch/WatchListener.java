package org.tessera.machine.api.watch;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives the events of a watch. Called synchronously on the writing thread (usually the CPU's,
 * in the middle of an instruction), after the write's outcome is decided: an implementation must
 * be quick, must not block and should not throw (an exception is logged and ignored). It may add
 * and cancel watches.
 */
@ConsumerType
@FunctionalInterface
public interface WatchListener {

    /** One watched write. */
    void written(WatchEvent event);
}
