package org.tessera.dev.pci.internal;

import org.osgi.service.component.annotations.Component;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.pci.PciFunction;

/**
 * The PIIX3's IDE controller, device 1 function 1: vendor 8086h, device 7010h, class 010180h
 * (IDE, both channels in legacy mode, bus master capable), header type 00h.
 *
 * <p>Only what firmware needs to find and configure it: the command register (I/O space and
 * bus master enable writable, reset 0000h), status 0280h (aborts write-1-to-clear), the latency
 * timer (bits 7-4), BAR4 (BMIBA, the bus master interface: I/O, 16 bytes; writing FFFFFFFFh
 * reads back FFFFFFF1h, so a sizing BIOS computes 16), the IDE timing registers IDETIM (40h
 * primary, 42h secondary, bit 15 the decode enable) and SIDETIM (44h). BARs 0-3 are legacy mode
 * and read 0, as does the expansion ROM BAR; there is no interrupt pin (IRQ 14 and 15 are wired).
 *
 * <p>The ATA channels are the legacy ones of {@code dev.storage} at 1F0h/3F6h and 170h/376h,
 * always decoded: neither the I/O enable nor the IDETIM decode bits turn them off here. There is
 * no bus master DMA behind BAR4.
 */
@Component(service = PciFunction.class,
        property = {
            PciFunction.PCI_DEVICE + ":Integer=1",
            PciFunction.PCI_FUNCTION + ":Integer=1",
            StatefulDevice.DEVICE_ID + "=" + Piix3Ide.DEVICE_ID
        })
public final class Piix3Ide extends SimpleFunction {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "piix3.ide";

    /** BAR4, the bus master interface base address. */
    static final int BMIBA = 0x20;
    /** IDETIM of the primary channel; the secondary's is at 42h. */
    static final int IDETIM = 0x40;
    /** IDETIM bit 15: the channel's legacy ports are decoded. */
    static final int IDETIM_DECODE = 0x8000;
    /** Slave IDE timing. */
    static final int SIDETIM = 0x44;

    /** Constructor for Declarative Services. */
    public Piix3Ide() {
        super(DEVICE_ID, space());
    }

    private static ConfigSpace space() {
        return new ConfigSpace(0x8086, 0x7010, 0x00, 0x010180, 0x00)
                .command(0x0000, ConfigSpace.COMMAND_IO | ConfigSpace.COMMAND_MASTER)
                .status(ConfigSpace.STATUS_DEVSEL_MEDIUM | ConfigSpace.STATUS_FAST_B2B, 0x3800)
                .register(ConfigSpace.LATENCY_TIMER, 1, 0, 0xF0)
                .ioBar(4, 16)
                .register(IDETIM, 2, 0x0000, 0xF3FF)
                .register(IDETIM + 2, 2, 0x0000, 0xF3FF)
                .register(SIDETIM, 1, 0x00, 0xFF)
                .seal();
    }

    @Override
    public String toString() {
        return "PIIX3 IDE";
    }
}
