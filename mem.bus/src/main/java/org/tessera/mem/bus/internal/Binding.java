package org.tessera.mem.bus.internal;

import java.util.Map;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * One bound region handler service with the properties the bus reads from it.
 *
 * @param handler the service object
 * @param base first physical address
 * @param size size in bytes
 * @param priority overlap priority
 * @param ranking service ranking (tie breaker)
 * @param serviceId service id (tie breaker: the older wins)
 * @param name display name
 * @param deviceId device id, or null
 * @param owner symbolic name of the registering bundle
 */
record Binding(RegionHandler handler, long base, long size, int priority, int ranking, long serviceId,
        String name, String deviceId, String owner) {

    /** Highest physical address + 1. */
    static final long SPACE = 1L << 32;

    /**
     * Reads a binding from service properties.
     *
     * @throws IllegalArgumentException if base or size are missing, malformed or out of range
     */
    static Binding of(RegionHandler handler, Map<String, ?> props, String owner) {
        long base = number(props, RegionHandler.REGION_BASE, -1);
        long size = number(props, RegionHandler.REGION_SIZE, -1);
        if (base < 0 || size <= 0 || base + size > SPACE) {
            throw new IllegalArgumentException("region handler " + handler.getClass().getName() + " from " + owner
                    + " has no valid " + RegionHandler.REGION_BASE + "/" + RegionHandler.REGION_SIZE
                    + " (base=" + props.get(RegionHandler.REGION_BASE) + ", size=" + props.get(RegionHandler.REGION_SIZE) + ")");
        }
        int priority = (int) number(props, RegionHandler.REGION_PRIORITY, 0);
        int ranking = (int) number(props, "service.ranking", 0);
        long serviceId = number(props, "service.id", 0);
        Object id = props.get(StatefulDevice.DEVICE_ID);
        String deviceId = id == null ? null : id.toString();
        Object n = props.get(RegionHandler.REGION_NAME);
        String name = n != null ? n.toString() : deviceId != null ? deviceId : handler.getClass().getName();
        return new Binding(handler, base, size, priority, ranking, serviceId, name, deviceId, owner);
    }

    private static long number(Map<String, ?> props, String key, long fallback) {
        Object v = props.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number num) {
            return num.longValue();
        }
        try {
            return Long.decode(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not a number: " + v, e);
        }
    }
}
