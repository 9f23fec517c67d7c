package org.tessera.dev.ioports.internal.pit;

/**
 * Counter 2 of the PIT as port 61h sees it: its GATE (bit 0) and its OUT (bit 5). An internal
 * service of this bundle, provided by {@link PitComponent}.
 */
public interface Timer2 {

    /** Sets counter 2's GATE input. */
    void setGate2(boolean high);

    /** Counter 2's OUT pin now. */
    boolean out2();
}
