package org.tessera.dev.ioports.internal.pit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The 8254 at ports 40h-43h as a component. Time is the {@link VirtualClock}'s (the host's
 * {@code System.nanoTime} while none is bound; a change of clock is rebased so that the PIT's
 * time never jumps). Counter 0's OUT drives IRQ0 through {@link IrqLines}: once counter 0 is
 * programmed, the line follows OUT, and a {@link VirtualTimers} task is scheduled for the next
 * OUT change (re-armed from the task), so that a periodic mode gives an edge per period at the
 * right machine time. Counter 2's GATE and OUT are offered to port 61h as {@link Timer2}. Thread
 * safe: everything holds the component's lock; the lock is never held while waiting on others
 * (IrqLines calls go to the PIC, which never calls back).
 */
@Component(service = {PortHandler.class, Timer2.class},
        property = {
            PortHandler.PORT_BASE + ":Integer=64",
            PortHandler.PORT_COUNT + ":Integer=4",
            PortHandler.PORT_NAME + "=pit",
            StatefulDevice.DEVICE_ID + "=" + PitComponent.DEVICE_ID
        })
public final class PitComponent implements PortHandler, Timer2, StatefulDevice {

    /** The device id, also of the saved state. */
    public static final String DEVICE_ID = "pit";
    /** At most this many missed OUT changes are replayed on IRQ0 by one late task. */
    static final int MAX_REPLAY = 4;

    private final Pit8254 pit = new Pit8254();
    private final MachineTime time = new MachineTime();

    /** Guarded by this. */
    private IrqLines irqs;
    /** Guarded by this. */
    private VirtualTimers timers;
    /** Guarded by this: the task for counter 0's next OUT change, or null. */
    private VirtualTimers.Scheduled scheduled;
    /** Guarded by this: bumped whenever {@link #scheduled} is replaced, so a stale task does nothing. */
    private long generation;
    /** Guarded by this: the level last given to IRQ0, or null if the line was not driven. */
    private Boolean irq0;

    /** Constructor for Declarative Services. */
    public PitComponent() {
    }

    // ------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetClock")
    void setClock(VirtualClock clock) {
        synchronized (this) {
            time.use(clock);
        }
        update(1);
    }

    synchronized void unsetClock(VirtualClock clock) {
        time.drop(clock);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTimers")
    synchronized void setTimers(VirtualTimers t) {
        timers = t;
        update(1);
    }

    synchronized void unsetTimers(VirtualTimers t) {
        if (timers == t) {
            cancel();
            timers = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetIrqLines")
    synchronized void setIrqLines(IrqLines lines) {
        irqs = lines;
        irq0 = null;
        update(1);
    }

    synchronized void unsetIrqLines(IrqLines lines) {
        if (irqs == lines) {
            cancel();
            irqs = null;
            irq0 = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        cancel();
    }

    // ------------------------------------------------------------------ ports

    @Override
    public synchronized int in(int port, int size) {
        return pit.read(port - 0x40, now());
    }

    @Override
    public synchronized void out(int port, int size, int value) {
        update(pit.write(port - 0x40, value, now()));
    }

    @Override
    public synchronized void setGate2(boolean high) {
        long k = now();
        pit.counters[2].setGate(k, high);
    }

    @Override
    public synchronized boolean out2() {
        return pit.counters[2].out(now());
    }

    /** The PIT's time now, in input-clock ticks. */
    private long now() {
        return Pit8254.ticks(time.nanos());
    }

    // ------------------------------------------------------------------ IRQ0

    /** After counters in {@code changed} (a mask) changed: drives IRQ0 and re-arms its task. */
    private synchronized void update(int changed) {
        if ((changed & 1) == 0) {
            return;
        }
        cancel();
        PitCounter c0 = pit.counters[0];
        if (irqs == null || !c0.programmed) {
            return;
        }
        long k = now();
        drive(c0.out(k));
        arm(c0.nextChange(k));
    }

    private void cancel() {
        generation++;
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
        }
    }

    private void arm(long tick) {
        if (tick < 0 || timers == null || irqs == null) {
            return;
        }
        long gen = generation;
        scheduled = timers.schedule(time.toSource(Pit8254.nanos(tick)), () -> fire(gen, tick));
    }

    /** The task for counter 0's OUT change at {@code tick}: replays the changes up to now on IRQ0. */
    private synchronized void fire(long gen, long tick) {
        if (gen != generation || irqs == null) {
            return;
        }
        scheduled = null;
        PitCounter c0 = pit.counters[0];
        long k = now();
        long t = Math.max(tick, c0.running ? c0.load : tick);
        for (int i = 0; i < MAX_REPLAY && t >= 0 && t <= k; i++) {
            drive(c0.out(t));
            t = c0.nextChange(t);
        }
        if (t >= 0 && t <= k) {
            drive(c0.out(k));
            t = c0.nextChange(k);
        }
        arm(t);
    }

    private void drive(boolean level) {
        if (irq0 != null && irq0 == level) {
            return;
        }
        irq0 = level;
        if (level) {
            irqs.raise(0);
        } else {
            irqs.lower(0);
        }
    }

    // ------------------------------------------------------------------ state

    @Override
    public synchronized DeviceState saveState() {
        return pit.save(DeviceState.builder(DEVICE_ID, Pit8254.STATE_VERSION), now()).build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, Pit8254.STATE_VERSION, Pit8254.STATE_VERSION);
        pit.restore(state);
        update(1);
    }

    /** The model (for tests). */
    Pit8254 pit() {
        return pit;
    }
}
