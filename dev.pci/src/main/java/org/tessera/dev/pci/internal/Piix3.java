package org.tessera.dev.pci.internal;

import org.osgi.service.component.annotations.Component;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.pci.PciFunction;

/**
 * The 82371SB PIIX3's PCI-to-ISA bridge, device 1 function 0: vendor 8086h, device 7000h,
 * class 060100h (ISA bridge), header type 80h (multi-function: the IDE controller is function 1,
 * {@link Piix3Ide}).
 *
 * <p>Its registers are kept and read back with the datasheet's reset values and writable bits;
 * none of them changes the machine here (the ISA devices, their interrupts and the ELCR live
 * elsewhere): command 0007h (I/O, memory and bus master hardwired on; special cycle enable
 * writable), status 0200h (target and master aborts and SERR# write-1-to-clear), ISA I/O
 * recovery timer (4Ch, 4Dh), X-bus chip select XBCS (4Eh, 0003h), PIRQ route control PIRQRC[A-D]
 * (60h-63h, 80h: routing disabled; bit 7 and the IRQ number in bits 3-0 writable), top of memory
 * TOM (69h, 02h), miscellaneous status MSTAT (6Ah), motherboard IRQ routing MBIRQ0/1 (70h/71h,
 * 80h), motherboard DMA MBDMA0/1 (76h/77h, 04h), programmable chip select PCSC (78h, 0002h),
 * APIC base APICBASE (80h), deterministic latency DLC (82h) and the SMI registers A0h-AFh.
 */
@Component(service = PciFunction.class,
        property = {
            PciFunction.PCI_DEVICE + ":Integer=1",
            PciFunction.PCI_FUNCTION + ":Integer=0",
            StatefulDevice.DEVICE_ID + "=" + Piix3.DEVICE_ID
        })
public final class Piix3 extends SimpleFunction {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "piix3.isa";

    /** PIRQRC[A]; B-D follow. */
    static final int PIRQRC = 0x60;
    static final int XBCS = 0x4E;
    static final int TOM = 0x69;
    static final int MBIRQ0 = 0x70;
    static final int APICBASE = 0x80;

    /** Constructor for Declarative Services. */
    public Piix3() {
        super(DEVICE_ID, space());
    }

    private static ConfigSpace space() {
        ConfigSpace s = new ConfigSpace(0x8086, 0x7000, 0x00, 0x060100, ConfigSpace.MULTI_FUNCTION)
                .command(ConfigSpace.COMMAND_IO | ConfigSpace.COMMAND_MEMORY | ConfigSpace.COMMAND_MASTER, 0x0008)
                .status(ConfigSpace.STATUS_DEVSEL_MEDIUM, 0x7800)
                .register(0x4C, 1, 0x4D, 0x7F) // IORT
                .register(XBCS, 2, 0x0003, 0x07FF);
        for (int r = PIRQRC; r < PIRQRC + 4; r++) {
            s.register(r, 1, 0x80, 0x8F);
        }
        return s.register(TOM, 1, 0x02, 0xFE)
                .register(0x6A, 2, 0x0000, 0x0087) // MSTAT
                .register(MBIRQ0, 1, 0x80, 0xEF)
                .register(MBIRQ0 + 1, 1, 0x80, 0xCF)
                .register(0x76, 1, 0x04, 0x87) // MBDMA0
                .register(0x77, 1, 0x04, 0x87) // MBDMA1
                .register(0x78, 2, 0x0002, 0xFFFF) // PCSC
                .register(APICBASE, 1, 0x00, 0x7F)
                .register(0x82, 1, 0x00, 0x0F) // DLC
                .register(0xA0, 1, 0x08, 0x1F) // SMICNTL
                .register(0xA2, 2, 0x0000, 0x00FF) // SMIEN
                .register(0xA4, 4, 0x0000_0000, 0xC000_F8FF) // SEE
                .register(0xA8, 1, 0x0F, 0xFF) // FTMR
                .register(0xAA, 2, 0x0000, 0x01FF) // SMIREQ
                .register(0xAC, 1, 0x00, 0xFF) // CTLTMR
                .register(0xAE, 1, 0x00, 0xFF) // CTLTMRH
                .seal();
    }

    @Override
    public String toString() {
        return "PIIX3 ISA bridge";
    }
}
