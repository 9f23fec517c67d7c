package org.tessera.mem.bus.internal;

import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.RegionHandler;

/** A memory-like device for tests: records every call and keeps its bytes. */
class RecordingDevice implements RegionHandler, StatefulDevice {

    final byte[] bytes;
    final int sizes;
    final List<String> calls = new ArrayList<>();
    final String id;

    RecordingDevice(String id, int length, int sizes) {
        this.id = id;
        this.bytes = new byte[length];
        this.sizes = sizes;
    }

    @Override
    public int accessSizes() {
        return sizes;
    }

    @Override
    public synchronized int read(long offset, int size) {
        calls.add("R" + size + "@" + Long.toHexString(offset));
        return Pieces.readLE(bytes, (int) offset, size);
    }

    @Override
    public synchronized void write(long offset, int size, int value) {
        calls.add("W" + size + "@" + Long.toHexString(offset) + "=" + Integer.toHexString(value));
        Pieces.writeLE(bytes, (int) offset, size, value);
    }

    synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(id, 1).blob("bytes", bytes).field("calls", calls.size()).build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(id, 1, 1);
        byte[] b = state.blob("bytes");
        System.arraycopy(b, 0, bytes, 0, b.length);
    }
}
