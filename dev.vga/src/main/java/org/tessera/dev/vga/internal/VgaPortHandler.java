package org.tessera.dev.vga.internal;

import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/**
 * The VGA's IO ports as a {@link PortHandler} service of device {@value VgaDevice#DEVICE_ID}:
 * 01CE/01CF (Bochs VBE; 01D0 is claimed so that a word access to 01CF reaches the device whole),
 * 3B4/3B5/3BA, 3C0-3CF, 3D4/3D5/3DA. It hands every call to the {@link VgaDevice}, state
 * included: the IO bus saves and restores the same record as the memory bus (see
 * {@link VgaDevice} for the order that makes the newest record arrive first).
 */
final class VgaPortHandler implements PortHandler, StatefulDevice {

    /** The claimed ports. */
    static final int[] PORTS = {0x1CE, 0x1CF, 0x1D0, 0x3B4, 0x3B5, 0x3BA, 0x3C0, 0x3C1, 0x3C2, 0x3C3, 0x3C4, 0x3C5,
        0x3C6, 0x3C7, 0x3C8, 0x3C9, 0x3CA, 0x3CB, 0x3CC, 0x3CD, 0x3CE, 0x3CF, 0x3D4, 0x3D5, 0x3DA};

    private final VgaDevice device;

    VgaPortHandler(VgaDevice device) {
        this.device = device;
    }

    /** Bytes and words: a word at an index/data pair is index then data; at 01CE/01CF one VBE access. */
    @Override
    public int accessSizes() {
        return BYTE | WORD;
    }

    @Override
    public int in(int port, int size) {
        return device.in(port, size);
    }

    @Override
    public void out(int port, int size, int value) {
        device.out(port, size, value);
    }

    @Override
    public DeviceState saveState() {
        return device.saveState();
    }

    @Override
    public void restoreState(DeviceState state) {
        device.restoreState(state);
    }

    @Override
    public String toString() {
        return "VGA ports";
    }
}
