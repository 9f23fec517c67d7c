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
     * @return the interrupt vector 0-255, or -1 if there is nothing to acknowledge (the CPU then
     *     takes nothing). A controller that models the hardware's spurious interrupt (a request
     *     that went away before the acknowledge, as the 8259A answers it) returns that vector.
     */
    int acknowledge();
}
