package org.tessera.cpu.core.internal;

/**
 * Thrown inside an instruction when one of its accesses went to a device that answers later:
 * unwinds the instruction (which has changed nothing architectural yet) so that the execution loop
 * can return a REDIRECT exit. Preallocated, without a stack trace.
 */
final class Suspended extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Suspended() {
        super("instruction suspended on a pending access", null, false, false);
    }
}
