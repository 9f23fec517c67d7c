package org.tessera.dev.pci.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.pci.PciFunction;

/**
 * The bound {@link PciFunction} services of bus 0 and their states across swaps.
 *
 * <p>Every change compiles an immutable array indexed by {@code device * 8 + function} and
 * publishes it with one volatile write; the configuration cycle path reads nothing else. Where
 * two services claim one address the higher {@code service.ranking} wins, then the older
 * service.
 *
 * <p>Swap: when a function with a {@code device.id} that is a {@link StatefulDevice} goes away
 * (and no other bound function has that id), its state is saved once the table without it is
 * published; the next function with that id gets the state before it is published. The saved
 * states are also part of the host's own record ({@link #saveAll}, {@link #restoreAll}), so
 * that they survive the host itself being replaced with its bundle.
 */
final class FunctionTable {

    private static final System.Logger LOG = System.getLogger(FunctionTable.class.getName());

    /** Addresses on bus 0: 32 devices of 8 functions. */
    static final int SLOTS = 256;

    /** Prefix of a function's entries in the host's record: {@code fn:ID} is its format, {@code fn:ID:NAME} its data. */
    private static final String PREFIX = "fn:";

    private static final Comparator<Bound> PRECEDENCE = Comparator.<Bound>comparingInt(b -> b.ranking)
            .thenComparing(b -> b.serviceId, Comparator.reverseOrder());

    /** The published table; replaced whole, never modified. */
    private volatile PciFunction[] table = new PciFunction[SLOTS];

    /** Bound services by service id. Guarded by this. */
    private final Map<Long, Bound> bound = new HashMap<>();
    /** States of stateful functions that went away, by device id. Guarded by this. */
    private final Map<String, DeviceState> saved = new HashMap<>();

    /** The function at {@code device * 8 + function}, or null. Allocates nothing. */
    PciFunction at(int slot) {
        return table[slot];
    }

    /** Binds a function service with its properties; one with a wrong address is ignored. */
    synchronized void add(PciFunction f, Map<String, ?> props) {
        Bound b = Bound.of(f, props);
        if (b == null) {
            return;
        }
        bound.put(b.serviceId, b);
        if (b.deviceId != null && f instanceof StatefulDevice sd) {
            DeviceState s = saved.remove(b.deviceId);
            if (s != null) {
                restore(sd, s, b);
            }
        }
        publish();
        LOG.log(Level.DEBUG, () -> "PCI function bound: " + b);
    }

    /** The properties of a bound function changed (it moved): compiles again, its state stays. */
    synchronized void update(PciFunction f, Map<String, ?> props) {
        Bound b = Bound.of(f, props);
        if (b == null) {
            bound.remove(serviceId(props));
        } else {
            bound.put(b.serviceId, b);
        }
        publish();
    }

    /** Unbinds a function service: takes it out of the table, then keeps its state if it has a device id. */
    synchronized void remove(PciFunction f, Map<String, ?> props) {
        Bound b = bound.remove(serviceId(props));
        if (b == null) {
            return;
        }
        publish();
        if (b.deviceId != null && f instanceof StatefulDevice sd && !hasLive(b.deviceId)) {
            try {
                saved.put(b.deviceId, sd.saveState());
                LOG.log(Level.DEBUG, () -> "PCI function " + b + " left, state saved");
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "saveState() of PCI function " + b + " failed; its successor starts from reset", e);
            }
        }
    }

    private boolean hasLive(String deviceId) {
        for (Bound other : bound.values()) {
            if (deviceId.equals(other.deviceId)) {
                return true;
            }
        }
        return false;
    }

    private void publish() {
        List<Bound> ordered = new ArrayList<>(bound.values());
        ordered.sort(PRECEDENCE);
        PciFunction[] next = new PciFunction[SLOTS];
        for (Bound b : ordered) {
            next[b.slot] = b.function;
        }
        table = next;
    }

    /**
     * Adds the states of the stateful functions, bound or gone, to the host's record: for a
     * function with device id ID, the field {@code fn:ID} holds its record's format and its
     * fields and arrays appear as {@code fn:ID:NAME}.
     */
    synchronized void saveAll(DeviceState.Builder into) {
        Map<String, DeviceState> all = new HashMap<>(saved);
        for (Bound b : bound.values()) {
            if (b.deviceId != null && b.function instanceof StatefulDevice sd) {
                try {
                    all.put(b.deviceId, sd.saveState());
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "saveState() of PCI function " + b + " failed; it is not in the host's record", e);
                }
            }
        }
        for (Map.Entry<String, DeviceState> e : all.entrySet()) {
            String p = PREFIX + e.getKey();
            DeviceState s = e.getValue();
            into.field(p, s.formatVersion());
            s.fields().forEach((name, value) -> into.field(p + ':' + name, value));
            for (String name : s.blobNames()) {
                into.blob(p + ':' + name, s.blob(name));
            }
        }
    }

    /**
     * Takes the function states out of a host record made by {@link #saveAll}: a bound function
     * with the device id gets its state now, the others when they arrive.
     */
    synchronized void restoreAll(DeviceState record) {
        Map<String, DeviceState.Builder> builders = new HashMap<>();
        for (Map.Entry<String, Long> e : record.fields().entrySet()) {
            String key = e.getKey();
            if (key.startsWith(PREFIX) && key.indexOf(':', PREFIX.length()) < 0) {
                String id = key.substring(PREFIX.length());
                builders.put(id, DeviceState.builder(id, e.getValue().intValue()));
            }
        }
        for (Map.Entry<String, Long> e : record.fields().entrySet()) {
            DeviceState.Builder b = owner(builders, e.getKey());
            if (b != null) {
                b.field(name(e.getKey()), e.getValue());
            }
        }
        for (String key : record.blobNames()) {
            DeviceState.Builder b = owner(builders, key);
            if (b != null) {
                b.blob(name(key), record.blob(key));
            }
        }
        for (Map.Entry<String, DeviceState.Builder> e : builders.entrySet()) {
            DeviceState s = e.getValue().build();
            Bound live = null;
            for (Bound b : bound.values()) {
                if (e.getKey().equals(b.deviceId) && b.function instanceof StatefulDevice) {
                    live = b;
                }
            }
            if (live != null) {
                restore((StatefulDevice) live.function, s, live);
            } else {
                saved.put(e.getKey(), s);
            }
        }
    }

    /** The builder of the function whose entry {@code fn:ID:NAME} is, or null for another key. */
    private static DeviceState.Builder owner(Map<String, DeviceState.Builder> builders, String key) {
        if (!key.startsWith(PREFIX)) {
            return null;
        }
        int colon = key.indexOf(':', PREFIX.length());
        return colon < 0 ? null : builders.get(key.substring(PREFIX.length(), colon));
    }

    private static String name(String key) {
        return key.substring(key.indexOf(':', PREFIX.length()) + 1);
    }

    private static void restore(StatefulDevice sd, DeviceState s, Bound b) {
        try {
            sd.restoreState(s);
            LOG.log(Level.INFO, () -> "PCI function " + b + " took over the state of its predecessor");
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "PCI function " + b + " refused the saved state " + s + "; it keeps its reset state", e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "restoreState() of PCI function " + b + " failed", e);
        }
    }

    private static long serviceId(Map<String, ?> props) {
        return props.get("service.id") instanceof Number n ? n.longValue() : 0;
    }

    /** One bound service. */
    private record Bound(PciFunction function, int slot, int ranking, long serviceId, String deviceId) {

        /** Reads the properties; logs and answers null for a wrong address. */
        static Bound of(PciFunction f, Map<String, ?> props) {
            Object dev = props.get(PciFunction.PCI_DEVICE);
            Object fn = props.get(PciFunction.PCI_FUNCTION);
            if (!(dev instanceof Integer d) || !(fn instanceof Integer n) || d < 0 || d > 31 || n < 0 || n > 7) {
                LOG.log(Level.ERROR, "ignoring PCI function " + f + ": " + PciFunction.PCI_DEVICE + "=" + dev + ", "
                        + PciFunction.PCI_FUNCTION + "=" + fn + " (Integers 0-31 and 0-7 required)");
                return null;
            }
            int ranking = props.get("service.ranking") instanceof Integer r ? r : 0;
            Object id = props.get(StatefulDevice.DEVICE_ID);
            return new Bound(f, d << 3 | n, ranking, FunctionTable.serviceId(props), id == null ? null : id.toString());
        }

        @Override
        public String toString() {
            return String.format("%02x.%d %s", slot >>> 3, slot & 7, deviceId != null ? deviceId : function);
        }
    }
}
