package org.tessera.machine.api.memory;

/**
 * One region of the memory map, as bound by the bus.
 *
 * @param base first physical address
 * @param size size in bytes
 * @param priority priority where regions overlap (higher wins)
 * @param name the region's name ({@link RegionHandler#REGION_NAME}, or the handler's class)
 * @param deviceId the {@code device.id} property, or null
 * @param owner symbolic name of the bundle that registered the handler
 * @param kind how the bus serves it: {@code "ram"}, {@code "rom"} or {@code "mmio"}
 * @param available false while the device is being swapped and no handler is bound
 */
public record RegionInfo(long base, long size, int priority, String name, String deviceId, String owner,
        String kind, boolean available) {

    /** One past the last address. */
    public long end() {
        return base + size;
    }
}
