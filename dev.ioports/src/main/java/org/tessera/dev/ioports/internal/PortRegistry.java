package org.tessera.dev.ioports.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/**
 * The bound port handlers and the hot-swap protocol. Every change (bind, unbind, property
 * update) recompiles the {@link PortTable} and publishes it through the {@link PortDispatcher};
 * changes are serialised by this object's monitor, which the IN/OUT path never takes.
 *
 * <p>Swap: when a handler with a {@code device.id} that is a {@link StatefulDevice} goes away
 * (and no other live handler has that id), its slot saves the handler's state once in-flight
 * accesses are done and stays in the table as swapping; accesses to it wait. When a handler with
 * the same id arrives, it gets the saved state before it is published, the table is published
 * with the new slot in place of the old one, and only then is the old slot killed, which sends
 * the waiting accesses to the new handler. A replacement that arrives after the timeout still
 * gets the state.
 *
 * <p>Ordering rule: a slot is always killed after a table without it was published, so that an
 * access that finds a dead slot and looks again never finds it a second time.
 */
final class PortRegistry {

    private static final System.Logger LOG = System.getLogger(PortRegistry.class.getName());

    private final PortDispatcher dispatcher;
    /** Live slots by service id. Guarded by this. */
    private final Map<Long, PortSlot> bound = new HashMap<>();
    /** Swapping slots by device id. Guarded by this. */
    private final Map<String, PortSlot> swapping = new HashMap<>();
    /** Guarded by this. */
    private long swapTimeoutNanos;
    /** Guarded by this: set once the bus is deactivated. */
    private boolean closed;

    PortRegistry(PortDispatcher dispatcher, long swapTimeoutMillis) {
        this.dispatcher = dispatcher;
        setSwapTimeout(swapTimeoutMillis);
    }

    /** How long an access waits for a swapped device's replacement (negative counts as 0). */
    synchronized void setSwapTimeout(long millis) {
        swapTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
    }

    /** Binds a handler (or rebinds it if its service id is already bound). */
    synchronized void add(PortHandler handler, HandlerProperties properties) {
        if (closed) {
            LOG.log(Level.DEBUG, () -> "IO bus closed; ignoring " + properties);
            return;
        }
        PortSlot slot = new PortSlot(handler, properties);
        PortSlot previous = bound.put(properties.serviceId(), slot);
        PortSlot swapped = properties.deviceId() == null ? null : swapping.remove(properties.deviceId());
        if (swapped != null) {
            restore(slot, swapped);
        }
        dispatcher.publish(compile());
        if (previous != null) {
            previous.kill();
        }
        if (swapped != null) {
            swapped.kill();
            LOG.log(Level.INFO, () -> "port device " + properties.deviceId() + " swapped in: " + properties);
        } else {
            LOG.log(Level.DEBUG, () -> "port handler bound: " + properties);
        }
    }

    /** Rebinds a handler whose service properties changed. */
    synchronized void update(PortHandler handler, HandlerProperties properties) {
        if (!bound.containsKey(properties.serviceId())) {
            LOG.log(Level.DEBUG, () -> "update of an unbound port handler treated as a bind: " + properties);
        }
        add(handler, properties);
    }

    /** Unbinds the handler with service id {@code serviceId}: swaps it out or removes it. */
    synchronized void remove(long serviceId) {
        PortSlot slot = bound.remove(serviceId);
        if (slot == null) {
            return;
        }
        String deviceId = slot.properties.deviceId();
        if (!closed && deviceId != null && slot.handler instanceof StatefulDevice device
                && !hasLiveDevice(deviceId)) {
            PortSlot stale = swapping.remove(deviceId);
            if (slot.beginSwap(device, swapTimeoutNanos)) {
                swapping.put(deviceId, slot);
                if (stale != null) {
                    dispatcher.publish(compile());
                    stale.kill();
                }
                LOG.log(Level.INFO, () -> "port device " + deviceId + " swapping out, state saved: " + slot);
                return;
            }
            if (stale != null) {
                swapping.put(deviceId, stale);
            }
        }
        dispatcher.publish(compile());
        slot.kill();
        LOG.log(Level.DEBUG, () -> "port handler unbound: " + slot);
    }

    /** Drops every handler and wakes every waiting access (the bus is going away). */
    synchronized void close() {
        closed = true;
        List<PortSlot> all = new ArrayList<>(bound.values());
        all.addAll(swapping.values());
        bound.clear();
        swapping.clear();
        dispatcher.publish(PortTable.empty());
        for (PortSlot slot : all) {
            slot.kill();
        }
    }

    private boolean hasLiveDevice(String deviceId) {
        for (PortSlot other : bound.values()) {
            if (deviceId.equals(other.properties.deviceId())) {
                return true;
            }
        }
        return false;
    }

    /** Gives the swapped-out device's state to its replacement before anything can reach it. */
    private static void restore(PortSlot replacement, PortSlot swapped) {
        DeviceState state = swapped.savedState();
        if (state == null) {
            LOG.log(Level.WARNING, () -> "no saved state for " + replacement + "; it keeps its reset state");
            return;
        }
        if (!(replacement.handler instanceof StatefulDevice device)) {
            LOG.log(Level.WARNING, () -> "replacement " + replacement
                    + " is not a StatefulDevice; the saved state is dropped");
            return;
        }
        try {
            device.restoreState(state);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "replacement " + replacement + " refused the saved state " + state
                    + "; it continues from its reset state", e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "restoreState() of " + replacement + " failed; it continues as it is", t);
        }
    }

    private PortTable compile() {
        List<PortSlot> slots = new ArrayList<>(bound.values());
        slots.addAll(swapping.values());
        return PortTable.compile(slots);
    }
}
