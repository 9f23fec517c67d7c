package org.tessera.dev.ioports.internal;

import java.lang.System.Logger.Level;
import org.osgi.service.component.annotations.Component;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.io.PostCodes;

/**
 * The POST code port 80h: keeps the last byte written and how many were written. Reading the
 * port answers the last code (FFh before any). Its state moves to a new instance on a hot swap.
 */
@Component(service = {PortHandler.class, PostCodes.class},
        property = {
            PortHandler.PORT_BASE + ":Integer=128",
            PortHandler.PORT_COUNT + ":Integer=1",
            PortHandler.PORT_NAME + "=post",
            StatefulDevice.DEVICE_ID + "=" + PostCodeComponent.DEVICE_ID
        })
public final class PostCodeComponent implements PortHandler, PostCodes, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "post";
    /** The port. */
    static final int PORT = 0x80;
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;
    /** State field: the last code, -1 if none. */
    static final String STATE_CODE = "code";
    /** State field: the number of codes written. */
    static final String STATE_COUNT = "count";

    private static final System.Logger LOG = System.getLogger(PostCodeComponent.class.getName());

    /** Guarded by this: the last code, or -1. */
    private int last = -1;
    /** Guarded by this. */
    private long count;

    /** Constructor for Declarative Services. */
    public PostCodeComponent() {
    }

    /** Answers the last code in the low byte; bytes above (other ports) read as all ones. */
    @Override
    public synchronized int in(int port, int size) {
        int code = last < 0 ? 0xFF : last;
        return size >= 4 ? code | 0xFFFFFF00 : (int) ((code | 0xFFFFFF00L) & PortSlot.mask(size));
    }

    /** Takes the low byte (the byte at port 80h). */
    @Override
    public void out(int port, int size, int value) {
        int code = value & 0xFF;
        long n;
        synchronized (this) {
            last = code;
            n = ++count;
        }
        if (LOG.isLoggable(Level.TRACE)) {
            LOG.log(Level.TRACE, "POST code " + Integer.toHexString(code) + " (#" + n + ")");
        }
    }

    @Override
    public synchronized int lastCode() {
        return last;
    }

    @Override
    public synchronized long count() {
        return count;
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, STATE_VERSION).field(STATE_CODE, last).field(STATE_COUNT, count).build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        long code = state.field(STATE_CODE);
        long n = state.field(STATE_COUNT);
        if (code < -1 || code > 0xFF || n < 0) {
            throw new IllegalArgumentException("POST state out of range: " + state);
        }
        last = (int) code;
        count = n;
    }
}
