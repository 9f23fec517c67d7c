package org.tessera.machine.api.io;

/**
 * A run of consecutive ports owned by one handler, as bound by the IO bus.
 *
 * @param first first port
 * @param last last port (inclusive)
 * @param name the handler's name
 * @param deviceId the {@code device.id} property, or null
 * @param owner symbolic name of the bundle that registered the handler
 */
public record PortRangeInfo(int first, int last, String name, String deviceId, String owner) {
}
