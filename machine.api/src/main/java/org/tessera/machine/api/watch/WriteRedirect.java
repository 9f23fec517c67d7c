package org.tessera.machine.api.watch;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Completes the writes of a {@link WritePolicy#REDIRECT} watch, for example into a shadow copy.
 *
 * <p>For each piece the bus calls {@link #redirect}; the implementation does what it wants with
 * the write ({@link RedirectedWrite#store} puts a value into the memory underneath the watch) and
 * calls {@link RedirectedWrite#complete()} exactly once, before returning or later from any
 * thread. Until then the writing instruction is suspended (the CPU's {@code REDIRECT} exit) and
 * resumes without repeating anything it has done.
 */
@ConsumerType
@FunctionalInterface
public interface WriteRedirect {

    /**
     * Takes one write.
     *
     * @return true if {@code write} was completed before returning
     */
    boolean redirect(RedirectedWrite write);
}
