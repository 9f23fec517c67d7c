package org.tessera.machine.api.device;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device whose state can move to another instance of the same device: implemented by the
 * service object of a region or port handler that has the {@link #DEVICE_ID} property.
 *
 * <p>When a handler with a device id goes away (its bundle is stopped or updated), the bus that
 * bound it calls {@link #saveState()} while the old instance is still active and no access is in
 * flight on it; when a handler with the same device id arrives, the bus calls
 * {@link #restoreState(DeviceState)} on it before the first access reaches it. Both are called
 * on a framework thread with the device quiescent; neither overlaps with an access.
 */
@ConsumerType
public interface StatefulDevice {

    /**
     * Service property naming the modelled device instance ({@code String}, e.g. {@code "vga"},
     * {@code "uart.com1"}); two services with the same id are the same hardware.
     */
    String DEVICE_ID = "device.id";

    /** The state of the modelled hardware now. */
    DeviceState saveState();

    /**
     * Takes over a state saved by this or an earlier implementation of the same device.
     *
     * @throws IllegalArgumentException if the record is of another device or of a format
     *     version this implementation cannot read; the device then keeps its reset state
     */
    void restoreState(DeviceState state);
}
