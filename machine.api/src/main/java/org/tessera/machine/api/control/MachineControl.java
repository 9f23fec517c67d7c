package org.tessera.machine.api.control;

import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs a machine. Provided by the bundle that owns the CPU (one per machine); used by the
 * launcher, the Gogo commands and tests, from any thread. The machine runs on a thread of its
 * own; these methods only ask and return (except {@link #step()} and {@link #awaitStop}).
 *
 * <p>Order: {@link #start()} once after assembly (or after {@link #reset()}), then any number
 * of {@link #pause()}/{@link #resume()}/{@link #step()}. A request that does not fit the state
 * (resume while running) is ignored; status tells what happened.
 */
@ProviderType
public interface MachineControl {

    /**
     * The {@link MachineStatus#reason()} of a {@link MachineState#RUNNING} machine whose CPU has
     * halted until an interrupt comes (HLT with interrupts enabled): the guest is idle, typically
     * waiting for input or a timer.
     *
     * @since 1.1
     */
    String IDLE = "idle: halted until an interrupt";

    /** Starts executing from the reset state (or the state loaded by the launcher). */
    void start();

    /** Asks the machine to stop at the next instruction boundary; returns at once. */
    void pause();

    /** Continues a paused machine, or one stopped with a redirect that has been completed. */
    void resume();

    /**
     * Executes exactly one instruction of a paused machine and pauses again.
     *
     * @return the status afterwards
     */
    MachineStatus step();

    /** Puts the CPU and every device into their power-on state; the machine is then stopped. */
    void reset();

    /** The current status. */
    MachineStatus status();

    /**
     * Waits until the machine is not running.
     *
     * @return the status then, or the running status on timeout
     */
    MachineStatus awaitStop(long timeout, TimeUnit unit) throws InterruptedException;
}
