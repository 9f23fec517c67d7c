package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The CPU's INTR pin, driven by an interrupt controller from any thread. While the line is
 * asserted and EFLAGS.IF is set, the CPU takes the interrupt at the next instruction boundary
 * (not in the shadow of STI or MOV/POP SS): it asks the {@link InterruptAcknowledge} service for
 * the vector (the INTA cycle) and enters the handler. Provided by {@code cpu.core}.
 */
@ProviderType
public interface InterruptLine {

    /** Asserts ({@code true}) or deasserts the line; level triggered. */
    void setAsserted(boolean asserted);

    /** Whether the line is asserted now. */
    boolean isAsserted();
}
