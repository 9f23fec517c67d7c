package org.tessera.dev.pci.internal;

import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.pci.PciFunction;

/**
 * A function that is all configuration registers: reads and writes go to its {@link ConfigSpace}
 * under the object's monitor, and its state is the 256 bytes (format 1: the array
 * {@code config}).
 */
abstract class SimpleFunction implements PciFunction, StatefulDevice {

    /** The format of the saved state. */
    static final int STATE_VERSION = 1;

    /** Guarded by this. */
    protected final ConfigSpace config;
    private final String deviceId;

    /**
     * @param deviceId the device id of the saved state (also the service's {@code device.id})
     * @param config the sealed configuration space
     */
    SimpleFunction(String deviceId, ConfigSpace config) {
        this.deviceId = deviceId;
        this.config = config;
    }

    @Override
    public synchronized int configRead(int offset, int size) {
        return config.read(offset, size);
    }

    @Override
    public synchronized void configWrite(int offset, int size, int value) {
        config.write(offset, size, value);
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(deviceId, STATE_VERSION).blob("config", config.save()).build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(deviceId, STATE_VERSION, STATE_VERSION);
        config.load(state.blob("config"));
    }

    @Override
    public String toString() {
        return deviceId;
    }
}
