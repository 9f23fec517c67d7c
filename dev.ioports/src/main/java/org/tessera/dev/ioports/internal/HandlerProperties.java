package org.tessera.dev.ioports.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/**
 * The service properties of one bound {@link PortHandler}, parsed once at bind time: the ports
 * it claims, its precedence (priority, service ranking, service id), and the names shown in the
 * port map. Immutable.
 *
 * @param serviceId {@code service.id}
 * @param ranking {@code service.ranking} (0 when absent or not an {@code Integer})
 * @param priority {@link PortHandler#PORT_PRIORITY} (0 when absent)
 * @param ports the claimed ports, each 0-FFFFh (never shared with callers)
 * @param name the name for port maps
 * @param deviceId {@link StatefulDevice#DEVICE_ID}, or null
 * @param owner symbolic name of the registering bundle
 */
record HandlerProperties(long serviceId, int ranking, int priority, int[] ports, String name, String deviceId,
        String owner) {

    /** {@code service.id}. */
    static final String SERVICE_ID = "service.id";
    /** {@code service.ranking}. */
    static final String SERVICE_RANKING = "service.ranking";
    /** {@code component.name}, used as a name when nothing better is given. */
    static final String COMPONENT_NAME = "component.name";

    /** The number of ports in the IO address space. */
    static final int PORT_SPACE = 0x10000;

    /**
     * Parses the properties of a port handler service.
     *
     * @throws IllegalArgumentException if {@code service.id} is missing or the port claim is
     *     malformed (no base and no list, a port outside 0-FFFFh, a negative count)
     */
    static HandlerProperties parse(Map<String, ?> props, String owner) {
        Object sid = props.get(SERVICE_ID);
        if (!(sid instanceof Number)) {
            throw new IllegalArgumentException("no " + SERVICE_ID + " property");
        }
        Object rankingValue = props.get(SERVICE_RANKING);
        int ranking = rankingValue instanceof Integer i ? i : 0;
        Object priorityValue = props.get(PortHandler.PORT_PRIORITY);
        int priority = priorityValue == null ? 0 : toInt(priorityValue, PortHandler.PORT_PRIORITY);
        String deviceId = string(props.get(StatefulDevice.DEVICE_ID));
        String name = string(props.get(PortHandler.PORT_NAME));
        if (name == null) {
            name = deviceId != null ? deviceId : string(props.get(COMPONENT_NAME));
        }
        if (name == null) {
            name = "service " + sid;
        }
        return new HandlerProperties(((Number) sid).longValue(), ranking, priority, parsePorts(props), name,
                deviceId, owner == null ? "unknown" : owner);
    }

    @Override
    public String toString() {
        return name + " (service " + serviceId + ", " + ports.length + " ports, priority " + priority + ", owner "
                + owner + (deviceId == null ? "" : ", device.id " + deviceId) + ")";
    }

    /** The claimed ports, from {@link PortHandler#PORT_LIST} or base and count. */
    static int[] parsePorts(Map<String, ?> props) {
        Object list = props.get(PortHandler.PORT_LIST);
        if (list != null) {
            return portList(list);
        }
        Object base = props.get(PortHandler.PORT_BASE);
        if (base == null) {
            throw new IllegalArgumentException("neither " + PortHandler.PORT_LIST + " nor " + PortHandler.PORT_BASE);
        }
        int first = port(base, PortHandler.PORT_BASE);
        Object countValue = props.get(PortHandler.PORT_COUNT);
        int count = countValue == null ? 1 : toInt(countValue, PortHandler.PORT_COUNT);
        if (count < 0) {
            throw new IllegalArgumentException(PortHandler.PORT_COUNT + " is negative: " + count);
        }
        if ((long) first + count > PORT_SPACE) {
            throw new IllegalArgumentException("ports " + hex(first) + "+" + count + " go beyond FFFFh");
        }
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = first + i;
        }
        return ports;
    }

    private static int[] portList(Object list) {
        if (list instanceof int[] a) {
            int[] ports = a.clone();
            for (int p : ports) {
                checkPort(p);
            }
            return ports;
        }
        if (list instanceof long[] a) {
            int[] ports = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                ports[i] = port(a[i], PortHandler.PORT_LIST);
            }
            return ports;
        }
        if (list instanceof short[] a) {
            int[] ports = new int[a.length];
            for (int i = 0; i < a.length; i++) {
                ports[i] = Short.toUnsignedInt(a[i]);
            }
            return ports;
        }
        if (list instanceof Object[] a) {
            return portList(Arrays.asList(a));
        }
        if (list instanceof Collection<?> c) {
            int[] ports = new int[c.size()];
            int i = 0;
            for (Object o : c) {
                ports[i++] = port(o, PortHandler.PORT_LIST);
            }
            return ports;
        }
        if (list instanceof String s && s.indexOf(',') >= 0) {
            return portList(Arrays.asList(s.split(",")));
        }
        return new int[] {port(list, PortHandler.PORT_LIST)};
    }

    private static int port(Object value, String property) {
        return checkPort(toLong(value, property));
    }

    private static int checkPort(long p) {
        if (p < 0 || p >= PORT_SPACE) {
            throw new IllegalArgumentException("port " + p + " is outside 0-FFFFh");
        }
        return (int) p;
    }

    private static int toInt(Object value, String property) {
        long v = toLong(value, property);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(property + " out of range: " + value);
        }
        return (int) v;
    }

    private static long toLong(Object value, String property) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s) {
            try {
                return Long.decode(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(property + " is not a number: " + s, e);
            }
        }
        throw new IllegalArgumentException(property + " has an unusable type: "
                + (value == null ? "null" : value.getClass().getName()));
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    /** A port as four hex digits and "h". */
    static String hex(int port) {
        return String.format("%04Xh", port);
    }
}
