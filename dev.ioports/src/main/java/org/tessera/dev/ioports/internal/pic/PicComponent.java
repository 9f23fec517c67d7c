package org.tessera.dev.ioports.internal.pic;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.cpu.InterruptAcknowledge;
import org.tessera.machine.api.cpu.InterruptLine;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;

/**
 * The 8259A pair as a component: the port handler of 20h-21h, A0h-A1h and the ELCR at
 * 4D0h-4D1h, the {@link IrqLines} devices drive and the {@link InterruptAcknowledge} the CPU
 * calls. It drives the CPU's {@link InterruptLine} whenever the master's INT pin changes (and
 * sets it to the pin's level when a line service arrives). The model is {@link PicPair}.
 */
@Component(service = {PortHandler.class, IrqLines.class, InterruptAcknowledge.class},
        property = {
            PortHandler.PORT_LIST + ":Integer=32",
            PortHandler.PORT_LIST + ":Integer=33",
            PortHandler.PORT_LIST + ":Integer=160",
            PortHandler.PORT_LIST + ":Integer=161",
            PortHandler.PORT_LIST + ":Integer=1232",
            PortHandler.PORT_LIST + ":Integer=1233",
            PortHandler.PORT_NAME + "=pic",
            StatefulDevice.DEVICE_ID + "=" + PicComponent.DEVICE_ID
        })
public final class PicComponent implements PortHandler, IrqLines, InterruptAcknowledge, StatefulDevice {

    /** The device id, also of the saved state. */
    public static final String DEVICE_ID = "pic";

    private final PicPair pair = new PicPair();
    /** Serializes driving the INTR pin so that the last call always sets the latest level. */
    private final Object driveLock = new Object();
    private volatile InterruptLine line;
    /** Guarded by driveLock: the level last given to the line, null if none was. */
    private Boolean driven;

    /** Constructor for Declarative Services. */
    public PicComponent() {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetInterruptLine")
    void setInterruptLine(InterruptLine intr) {
        synchronized (driveLock) {
            line = intr;
            driven = null;
        }
        drive();
    }

    void unsetInterruptLine(InterruptLine intr) {
        synchronized (driveLock) {
            if (line == intr) {
                line = null;
                driven = null;
            }
        }
    }

    /** Gives the master's INT pin to the CPU if it changed. */
    private void drive() {
        synchronized (driveLock) {
            InterruptLine l = line;
            if (l == null) {
                return;
            }
            boolean level = pair.output();
            if (driven == null || driven != level) {
                driven = level;
                l.setAsserted(level);
            }
        }
    }

    /** The model (for tests and the PIT). */
    PicPair pair() {
        return pair;
    }

    // ------------------------------------------------------------------ ports

    @Override
    public int in(int port, int size) {
        int v = switch (port) {
            case 0x20, 0x21 -> pair.read(false, port & 1);
            case 0xA0, 0xA1 -> pair.read(true, port & 1);
            case 0x4D0, 0x4D1 -> pair.readElcr(port & 1);
            default -> 0xFF;
        };
        drive(); // a poll acknowledges
        return v;
    }

    @Override
    public void out(int port, int size, int value) {
        switch (port) {
            case 0x20, 0x21 -> pair.write(false, port & 1, value);
            case 0xA0, 0xA1 -> pair.write(true, port & 1, value);
            case 0x4D0, 0x4D1 -> pair.writeElcr(port & 1, value);
            default -> {
                return;
            }
        }
        drive();
    }

    // ------------------------------------------------------------------ lines and INTA

    @Override
    public void raise(int irq) {
        pair.setLine(irq, true);
        drive();
    }

    @Override
    public void lower(int irq) {
        pair.setLine(irq, false);
        drive();
    }

    @Override
    public boolean isRaised(int irq) {
        return pair.isLineHigh(irq);
    }

    @Override
    public int acknowledge() {
        int vector = pair.acknowledge();
        drive();
        return vector;
    }

    // ------------------------------------------------------------------ state

    @Override
    public DeviceState saveState() {
        return pair.save(DeviceState.builder(DEVICE_ID, PicPair.STATE_VERSION)).build();
    }

    @Override
    public void restoreState(DeviceState state) {
        state.require(DEVICE_ID, PicPair.STATE_VERSION, PicPair.STATE_VERSION);
        pair.restore(state);
        drive();
    }
}
