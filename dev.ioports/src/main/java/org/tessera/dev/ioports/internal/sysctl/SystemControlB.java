package org.tessera.dev.ioports.internal.sysctl;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.dev.ioports.internal.pit.Timer2;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.time.VirtualClock;

/**
 * System control port B, port 61h. Writes: bit 0 timer 2 gate, bit 1 speaker data, bits 2-3
 * parity and IOCHK check enables (kept and read back). Reads: those bits, bit 4 the refresh
 * toggle (flips every 15 us of machine time), bit 5 timer 2's OUT, bits 6-7 (parity error,
 * IOCHK) 0. The timer is the PIT's counter 2 ({@link Timer2}, this bundle's own service); while
 * it is absent OUT reads 0, and the gate is handed over when it comes.
 */
@Component(service = PortHandler.class,
        property = {
            PortHandler.PORT_BASE + ":Integer=97",
            PortHandler.PORT_COUNT + ":Integer=1",
            PortHandler.PORT_NAME + "=sysctl.b",
            StatefulDevice.DEVICE_ID + "=" + SystemControlB.DEVICE_ID
        })
public final class SystemControlB implements PortHandler, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "port61";
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;
    /** Nanoseconds between refresh toggles. */
    static final long REFRESH_NANOS = 15_000;
    /** The bits that are written and read back. */
    static final int KEPT = 0x0F;

    private volatile Timer2 timer;
    private volatile VirtualClock clock;
    /** Guarded by this: bits 0-3 as written. */
    private int value;

    /** Constructor for Declarative Services. */
    public SystemControlB() {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTimer")
    synchronized void setTimer(Timer2 t) {
        timer = t;
        t.setGate2((value & 1) != 0);
    }

    synchronized void unsetTimer(Timer2 t) {
        if (timer == t) {
            timer = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetClock")
    void setClock(VirtualClock c) {
        clock = c;
    }

    void unsetClock(VirtualClock c) {
        if (clock == c) {
            clock = null;
        }
    }

    @Override
    public int in(int port, int size) {
        int v;
        synchronized (this) {
            v = value;
        }
        VirtualClock c = clock;
        long nanos = c != null ? c.nanos() : System.nanoTime();
        if ((Math.floorDiv(nanos, REFRESH_NANOS) & 1) != 0) {
            v |= 0x10;
        }
        Timer2 t = timer;
        if (t != null && t.out2()) {
            v |= 0x20;
        }
        return v;
    }

    @Override
    public synchronized void out(int port, int size, int v) {
        value = v & KEPT;
        Timer2 t = timer;
        if (t != null) {
            t.setGate2((v & 1) != 0);
        }
    }

    /** Whether the speaker data bit is set (with the gate: the PC speaker sounds counter 2's OUT). */
    synchronized boolean speakerData() {
        return (value & 2) != 0;
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, STATE_VERSION).field("value", value).build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        long v = state.field("value");
        if (v < 0 || v > KEPT) {
            throw new IllegalArgumentException("port 61h state out of range: " + state);
        }
        value = (int) v;
        Timer2 t = timer;
        if (t != null) {
            t.setGate2((value & 1) != 0);
        }
    }
}
