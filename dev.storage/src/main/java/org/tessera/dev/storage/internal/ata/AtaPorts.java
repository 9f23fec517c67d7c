package org.tessera.dev.storage.internal.ata;

import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.storage.Drive;

/**
 * An ATA channel on its ports: the command block at {@code base}..{@code base+7}, the control
 * block (alternate status / device control) at {@code control}, its interrupt on {@code irq}, and
 * its master and slave from the {@link Drive}s of two units. The data register takes 16- and
 * 32-bit accesses (a 32-bit one moves two words); other registers are bytes. Thread safe.
 */
class AtaPorts implements PortHandler, StatefulDevice {

    private final String deviceId;
    private final int base;
    private final int controlPort;
    private final int irq;
    private final String[] units;
    private final AtaChannel channel;
    private volatile IrqLines irqLines;
    /** Guarded by this: drives bound per device, the last one in use. */
    private final List<List<Drive>> bound = List.of(new ArrayList<>(), new ArrayList<>());

    AtaPorts(String deviceId, int base, int controlPort, int irq, String master, String slave) {
        this.deviceId = deviceId;
        this.base = base;
        this.controlPort = controlPort;
        this.irq = irq;
        this.units = new String[] {master, slave};
        this.channel = new AtaChannel(deviceId, this::wire);
    }

    private void wire(boolean high) {
        IrqLines lines = irqLines;
        if (lines != null) {
            if (high) {
                lines.raise(irq);
            } else {
                lines.lower(irq);
            }
        }
    }

    final void bindIrq(IrqLines lines) {
        synchronized (this) {
            irqLines = lines;
            if (channel.lineHigh()) {
                lines.raise(irq);
            }
        }
    }

    final void unbindIrq(IrqLines lines) {
        synchronized (this) {
            if (irqLines == lines) {
                irqLines = null;
            }
        }
    }

    final synchronized void bindDrive(Drive drive) {
        for (int i = 0; i < 2; i++) {
            if (units[i].equals(drive.unit())) {
                bound.get(i).add(drive);
                channel.setDrive(i, drive);
            }
        }
    }

    final synchronized void unbindDrive(Drive drive) {
        for (int i = 0; i < 2; i++) {
            List<Drive> l = bound.get(i);
            if (l.remove(drive)) {
                channel.setDrive(i, l.isEmpty() ? null : l.get(l.size() - 1));
            }
        }
    }

    /** The channel (for tests). */
    final AtaChannel channel() {
        return channel;
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD | DWORD;
    }

    @Override
    public synchronized int in(int port, int size) {
        if (port == base) {
            if (size == DWORD) {
                int lo = channel.readData();
                return lo | channel.readData() << 16;
            }
            int w = channel.readData();
            return size == WORD ? w : w & 0xFF;
        }
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= inByte(port + i) << 8 * i;
        }
        return v;
    }

    private int inByte(int port) {
        if (port == controlPort) {
            return channel.readAltStatus();
        }
        if (port > base && port < base + 8) {
            return channel.read(port - base);
        }
        return 0xFF;
    }

    @Override
    public synchronized void out(int port, int size, int value) {
        if (port == base) {
            if (size == DWORD) {
                channel.writeData(value & 0xFFFF);
                channel.writeData(value >>> 16 & 0xFFFF);
            } else if (size == WORD) {
                channel.writeData(value & 0xFFFF);
            } else {
                channel.write(0, value);
            }
            return;
        }
        for (int i = 0; i < size; i++) {
            int p = port + i;
            int b = value >>> 8 * i & 0xFF;
            if (p == controlPort) {
                channel.writeControl(b);
            } else if (p > base && p < base + 8) {
                channel.write(p - base, b);
            }
        }
    }

    @Override
    public synchronized DeviceState saveState() {
        DeviceState.Builder b = DeviceState.builder(deviceId, 1);
        channel.save(b);
        return b.build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(deviceId, 1, 1);
        channel.restore(state);
    }
}
