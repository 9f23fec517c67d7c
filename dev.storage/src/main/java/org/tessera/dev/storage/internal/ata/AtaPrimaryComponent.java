package org.tessera.dev.storage.internal.ata;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.storage.Drive;

/** The primary ATA channel: ports 1F0h-1F7h and 3F6h, IRQ14, master hd0 and slave hd1. */
@Component(service = PortHandler.class,
        property = {
            PortHandler.PORT_LIST + ":Integer=496",
            PortHandler.PORT_LIST + ":Integer=497",
            PortHandler.PORT_LIST + ":Integer=498",
            PortHandler.PORT_LIST + ":Integer=499",
            PortHandler.PORT_LIST + ":Integer=500",
            PortHandler.PORT_LIST + ":Integer=501",
            PortHandler.PORT_LIST + ":Integer=502",
            PortHandler.PORT_LIST + ":Integer=503",
            PortHandler.PORT_LIST + ":Integer=1014",
            PortHandler.PORT_NAME + "=ata0",
            StatefulDevice.DEVICE_ID + "=ata0"
        })
public final class AtaPrimaryComponent extends AtaPorts {

    /** A primary channel with nothing attached yet. */
    public AtaPrimaryComponent() {
        super("ata0", 0x1F0, 0x3F6, 14, "hd0", "hd1");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetIrqLines")
    void setIrqLines(IrqLines lines) {
        bindIrq(lines);
    }

    void unsetIrqLines(IrqLines lines) {
        unbindIrq(lines);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDrive",
            target = "(|(" + Drive.UNIT + "=hd0)(" + Drive.UNIT + "=hd1))")
    void addDrive(Drive drive) {
        bindDrive(drive);
    }

    void removeDrive(Drive drive) {
        unbindDrive(drive);
    }
}
