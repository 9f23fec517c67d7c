package org.tessera.dev.ioports.internal.sysctl;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.cpu.A20Gate;
import org.tessera.machine.api.cpu.ResetLine;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/**
 * System control port A, port 92h ("fast A20 and reset"). Bit 1 opens the A20 gate (through
 * {@link A20Gate}; reads answer the gate's state, whoever set it); a 0-to-1 transition of bit 0
 * pulses the CPU's {@link ResetLine}. The other bits (bit 3 the CMOS lock, bits 6-7 the disk
 * activity lights) are kept and read back. Both services are optional: without a gate bit 1
 * reads back as written.
 */
@Component(service = PortHandler.class,
        property = {
            PortHandler.PORT_BASE + ":Integer=146",
            PortHandler.PORT_COUNT + ":Integer=1",
            PortHandler.PORT_NAME + "=sysctl.a",
            StatefulDevice.DEVICE_ID + "=" + SystemControlA.DEVICE_ID
        })
public final class SystemControlA implements PortHandler, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "port92";
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;

    private volatile A20Gate a20;
    private volatile ResetLine reset;
    /** Guarded by this: the byte as last written. */
    private int value;

    /** Constructor for Declarative Services. */
    public SystemControlA() {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetA20")
    void setA20(A20Gate gate) {
        a20 = gate;
    }

    void unsetA20(A20Gate gate) {
        if (a20 == gate) {
            a20 = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetReset")
    void setReset(ResetLine line) {
        reset = line;
    }

    void unsetReset(ResetLine line) {
        if (reset == line) {
            reset = null;
        }
    }

    @Override
    public int in(int port, int size) {
        int v;
        synchronized (this) {
            v = value;
        }
        A20Gate g = a20;
        if (g != null) {
            v = g.isOpen() ? v | 2 : v & ~2;
        }
        return v;
    }

    @Override
    public void out(int port, int size, int v) {
        v &= 0xFF;
        boolean pulse;
        synchronized (this) {
            pulse = (value & 1) == 0 && (v & 1) != 0;
            value = v;
        }
        A20Gate g = a20;
        if (g != null) {
            g.setOpen((v & 2) != 0);
        }
        ResetLine r = reset;
        if (pulse && r != null) {
            r.pulse();
        }
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, STATE_VERSION).field("value", value).build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        long v = state.field("value");
        if (v < 0 || v > 0xFF) {
            throw new IllegalArgumentException("port 92h state out of range: " + state);
        }
        value = (int) v;
    }
}
