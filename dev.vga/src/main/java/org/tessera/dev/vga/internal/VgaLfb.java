package org.tessera.dev.vga.internal;

import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The Bochs VBE linear framebuffer: all of video memory as plain bytes, little-endian, from
 * index 0 of {@link VgaHardware#vram}. Being plain memory, it offers the array for direct
 * mapping, always. It is a device of its own ({@value #DEVICE_ID}) with an empty state, so that
 * accesses during a hot swap wait for the new instance instead of hitting open bus; the memory
 * itself travels in the VGA's record.
 */
final class VgaLfb implements RegionHandler, StatefulDevice {

    static final String DEVICE_ID = "vga.lfb";

    private final VgaHardware hw;

    VgaLfb(VgaHardware hw) {
        this.hw = hw;
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD | DWORD;
    }

    @Override
    public boolean readsAreSideEffectFree() {
        return true;
    }

    @Override
    public byte[] directMemory() {
        return hw.vram;
    }

    @Override
    public boolean directWritable() {
        return true;
    }

    @Override
    public int read(long offset, int size) {
        synchronized (hw) {
            byte[] m = hw.vram;
            int o = (int) offset;
            int v = 0;
            for (int i = 0; i < size && o + i < m.length; i++) {
                v |= (m[o + i] & 0xFF) << (i << 3);
            }
            return v;
        }
    }

    @Override
    public void write(long offset, int size, int value) {
        synchronized (hw) {
            byte[] m = hw.vram;
            int o = (int) offset;
            for (int i = 0; i < size && o + i < m.length; i++) {
                m[o + i] = (byte) (value >>> (i << 3));
            }
        }
    }

    @Override
    public DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, 1).build();
    }

    @Override
    public void restoreState(DeviceState state) {
        state.require(DEVICE_ID, 1, 1);
    }
}
