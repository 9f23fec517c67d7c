package org.tessera.mem.bus.internal;

import java.util.HashMap;
import java.util.Map;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.RegionHandler;

/** Builds service properties and binds handlers to a bus without a framework. */
final class BusFixture {

    private static long nextServiceId = 1;

    private BusFixture() {
    }

    static Map<String, Object> props(long base, long size, int priority, String deviceId) {
        Map<String, Object> p = new HashMap<>();
        p.put(RegionHandler.REGION_BASE, base);
        p.put(RegionHandler.REGION_SIZE, size);
        p.put(RegionHandler.REGION_PRIORITY, priority);
        p.put("service.id", nextServiceId++);
        if (deviceId != null) {
            p.put(StatefulDevice.DEVICE_ID, deviceId);
        }
        return p;
    }

    static void bind(PhysicalBus bus, RegionHandler h, long base, long size, int priority, String deviceId) {
        bus.bind(h, props(base, size, priority, deviceId), "test");
    }
}
