package org.tessera.machine.api.cpu;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The INTA cycle, answered by the interrupt controller that drives the {@link InterruptLine}.
 * Called by the CPU on its own thread when it takes an external interrupt.
 */
@ConsumerType
public interface InterruptAcknowledge {

    /**
     * Acknowledges the highest-priority pending request.
     *
     * @return the interrupt vector 0-255, or -1 if the request went away (a spurious interrupt:
     *     the CPU then takes nothing)
     */
    int acknowledge();
}
