package org.tessera.cpu.core.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.time.VirtualClock;

/**
 * The machine's {@link VirtualClock}: time derived from the instructions the CPU has retired, at
 * a nominal {@value #NANOS_PER_INSTRUCTION} ns per instruction (a 100 MIPS machine), whatever
 * the host's speed. The interpreter counts every instruction as it retires; a compiled block
 * counts its instructions when it ends (at most 64), so time advances in steps of at most that
 * much while compiled code runs. A halted or paused CPU's time stands still.
 *
 * <p>Monotonic across a machine reset: when the processor's count starts again from 0, the
 * clock continues from where it was.
 */
@Component(service = VirtualClock.class)
public final class InstructionClock implements VirtualClock {

    /** Nanoseconds of machine time per retired instruction. */
    static final long NANOS_PER_INSTRUCTION = 10;

    private final Processor processor;
    /** Guarded by this: the processor's count at the last call. */
    private long lastCount;
    /** Guarded by this: instructions counted so far, across resets. */
    private long total;

    /** @param processor the CPU whose retired instructions make the time */
    @Activate
    public InstructionClock(@Reference Processor processor) {
        this.processor = processor;
        this.lastCount = processor.instructions();
    }

    @Override
    public synchronized long nanos() {
        long count = processor.instructions();
        total += count >= lastCount ? count - lastCount : count;
        lastCount = count;
        return total * NANOS_PER_INSTRUCTION;
    }
}
