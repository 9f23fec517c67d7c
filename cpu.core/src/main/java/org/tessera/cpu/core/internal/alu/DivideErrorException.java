package org.tessera.cpu.core.internal.alu;

/**
 * Signals a divide error (#DE) from DIV, IDIV or AAM: division by zero or a quotient that does
 * not fit the destination. Preallocated and stackless; throw {@link #INSTANCE} and let the CPU
 * turn it into exception vector 0. Nothing architectural has been changed when it is thrown.
 */
public final class DivideErrorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The single instance. */
    public static final DivideErrorException INSTANCE = new DivideErrorException();

    private DivideErrorException() {
        super("divide error", null, false, false);
    }
}
