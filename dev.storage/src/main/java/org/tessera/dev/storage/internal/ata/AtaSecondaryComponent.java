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

/** The secondary ATA channel: ports 170h-177h and 376h, IRQ15, master hd2 and slave hd3. */
@Component(service = PortHandler.class,
        property = {
            PortHandler.PORT_LIST + ":Integer=368",
            PortHandler.PORT_LIST + ":Integer=369",
            PortHandler.PORT_LIST + ":Integer=370",
            PortHandler.PORT_LIST + ":Integer=371",
            PortHandler.PORT_LIST + ":Integer=372",
            PortHandler.PORT_LIST + ":Integer=373",
            PortHandler.PORT_LIST + ":Integer=374",
            PortHandler.PORT_LIST + ":Integer=375",
            PortHandler.PORT_LIST + ":Integer=886",
            PortHandler.PORT_NAME + "=ata1",
            StatefulDevice.DEVICE_ID + "=ata1"
        })
public final class AtaSecondaryComponent extends AtaPorts {

    /** A secondary channel with nothing attached yet. */
    public AtaSecondaryComponent() {
        super("ata1", 0x170, 0x376, 15, "hd2", "hd3");
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
            target = "(|(" + Drive.UNIT + "=hd2)(" + Drive.UNIT + "=hd3))")
    void addDrive(Drive drive) {
        bindDrive(drive);
    }

    void removeDrive(Drive drive) {
        unbindDrive(drive);
    }
}
