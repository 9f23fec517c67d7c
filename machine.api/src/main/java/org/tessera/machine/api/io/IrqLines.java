package org.tessera.machine.api.io;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The ISA interrupt request lines IRQ0-IRQ15, provided by the interrupt controller (the 8259A pair
 * of {@code dev.ioports}); devices drive their line from any thread.
 *
 * <p>A line is a wire: {@link #raise} sets it high, {@link #lower} low. The controller decides what
 * a level means from its own programming: an edge-triggered input (the PC default; ELCR bit clear)
 * requests an interrupt on a low-to-high transition, a level-triggered one while it is high. A
 * device that signals an event with a pulse on an edge-triggered line calls {@link #pulse}.
 * Requests on IRQ2 arrive as IRQ9 on the PC (the cascade).
 */
@ProviderType
public interface IrqLines {

    /** Sets line {@code irq} (0-15) high. */
    void raise(int irq);

    /** Sets line {@code irq} (0-15) low. */
    void lower(int irq);

    /** A low-high-low pulse: one edge on an edge-triggered line. */
    default void pulse(int irq) {
        lower(irq);
        raise(irq);
        lower(irq);
    }

    /** Whether line {@code irq} is high now. */
    boolean isRaised(int irq);
}
