package org.tessera.dev.storage.internal.fdc;

import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.IsaDma;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.storage.Drive;

/**
 * The floppy disk controller ({@link Fdc82077}) at ports 3F0h-3F5h and 3F7h (3F6h is the ATA
 * channel's), IRQ6, DMA channel 2, with the {@link Drive}s of units fd0 and fd1. The interrupt
 * lines and the DMA controller are optional (without DMA a data command ends with an overrun). A
 * new drive service for a unit is a diskette change. The state moves to a new instance on a hot
 * swap. Thread safe.
 */
@Component(service = PortHandler.class,
        property = {
            PortHandler.PORT_LIST + ":Integer=1008",
            PortHandler.PORT_LIST + ":Integer=1009",
            PortHandler.PORT_LIST + ":Integer=1010",
            PortHandler.PORT_LIST + ":Integer=1011",
            PortHandler.PORT_LIST + ":Integer=1012",
            PortHandler.PORT_LIST + ":Integer=1013",
            PortHandler.PORT_LIST + ":Integer=1015",
            PortHandler.PORT_NAME + "=fdc",
            StatefulDevice.DEVICE_ID + "=" + FdcComponent.DEVICE_ID
        })
public final class FdcComponent implements PortHandler, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "fdc";
    static final int BASE = 0x3F0;
    static final int IRQ = 6;
    private static final String[] UNITS = {"fd0", "fd1"};

    private final Fdc82077 fdc = new Fdc82077(this::wire);
    private volatile IrqLines irqLines;
    /** Guarded by this. */
    private final List<List<Drive>> bound = List.of(new ArrayList<>(), new ArrayList<>());
    /** Guarded by this. */
    private final List<IsaDma> dmas = new ArrayList<>();

    private void wire(boolean high) {
        IrqLines lines = irqLines;
        if (lines != null) {
            if (high) {
                lines.raise(IRQ);
            } else {
                lines.lower(IRQ);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetIrqLines")
    synchronized void setIrqLines(IrqLines lines) {
        irqLines = lines;
        if (fdc.lineHigh()) {
            lines.raise(IRQ);
        }
    }

    synchronized void unsetIrqLines(IrqLines lines) {
        if (irqLines == lines) {
            irqLines = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetDma")
    synchronized void setDma(IsaDma dma) {
        dmas.add(dma);
        fdc.setDma(dma);
    }

    synchronized void unsetDma(IsaDma dma) {
        dmas.remove(dma);
        fdc.setDma(dmas.isEmpty() ? null : dmas.get(dmas.size() - 1));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDrive",
            target = "(|(" + Drive.UNIT + "=fd0)(" + Drive.UNIT + "=fd1))")
    synchronized void addDrive(Drive drive) {
        for (int i = 0; i < 2; i++) {
            if (UNITS[i].equals(drive.unit())) {
                bound.get(i).add(drive);
                fdc.setDrive(i, drive);
            }
        }
    }

    synchronized void removeDrive(Drive drive) {
        for (int i = 0; i < 2; i++) {
            List<Drive> l = bound.get(i);
            if (l.remove(drive)) {
                fdc.setDrive(i, l.isEmpty() ? null : l.get(l.size() - 1));
            }
        }
    }

    /** The chip (for tests). */
    Fdc82077 fdc() {
        return fdc;
    }

    @Override
    public synchronized int in(int port, int size) {
        return fdc.read(port - BASE);
    }

    @Override
    public synchronized void out(int port, int size, int value) {
        fdc.write(port - BASE, value);
    }

    @Override
    public synchronized DeviceState saveState() {
        DeviceState.Builder b = DeviceState.builder(DEVICE_ID, 1);
        fdc.save(b);
        return b.build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, 1, 1);
        fdc.restore(state);
    }
}
