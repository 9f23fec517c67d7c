package org.tessera.dev.pci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;

/** The PIIX3's ISA bridge and IDE functions, alone and found on the bus as a BIOS finds them. */
class Piix3Test {

    @Test
    void isaBridgeIdentityAndRegisters() {
        Piix3 isa = new Piix3();
        assertEquals(0x7000_8086, isa.configRead(0x00, 4));
        assertEquals(0x0601_0000, isa.configRead(0x08, 4), "class 060100h, revision 00h");
        assertEquals(0x80, isa.configRead(0x0E, 1), "multi-function");
        assertEquals(0x0200_0007, isa.configRead(0x04, 4));
        isa.configWrite(0x04, 2, 0);
        assertEquals(0x0007, isa.configRead(0x04, 2), "I/O, memory and master hardwired on");
        isa.configWrite(0x04, 2, 0xFFFF);
        assertEquals(0x000F, isa.configRead(0x04, 2), "special cycles writable");
        assertEquals(0x8080_8080, isa.configRead(Piix3.PIRQRC, 4), "PIRQ routing disabled at reset");
        // rombios32 routes PIRQA-D to IRQ 11, 9, 11, 9 (pci_irqs)
        for (int i = 0; i < 4; i++) {
            isa.configWrite(Piix3.PIRQRC + i, 1, i % 2 == 0 ? 11 : 9);
        }
        assertEquals(0x090B_090B, isa.configRead(Piix3.PIRQRC, 4));
        isa.configWrite(Piix3.PIRQRC, 4, 0xFFFF_FFFF);
        assertEquals(0x8F8F_8F8F, isa.configRead(Piix3.PIRQRC, 4), "bits 6-4 reserved");
        assertEquals(0x02, isa.configRead(Piix3.TOM, 1));
        isa.configWrite(Piix3.TOM, 1, 0xFF);
        assertEquals(0xFE, isa.configRead(Piix3.TOM, 1));
        assertEquals(0x0003, isa.configRead(Piix3.XBCS, 2));
        assertEquals(0x8080, isa.configRead(Piix3.MBIRQ0, 2));
        isa.configWrite(Piix3.APICBASE, 1, 0xFF);
        assertEquals(0x7F, isa.configRead(Piix3.APICBASE, 1));
        isa.configWrite(0x10, 4, -1);
        assertEquals(0, isa.configRead(0x10, 4), "no BARs");
    }

    @Test
    void isaBridgeStatusClearsOnWritingOne() {
        Piix3 isa = new Piix3();
        synchronized (isa) {
            isa.config.setStatus(0x3000);
        }
        assertEquals(0x3200, isa.configRead(0x06, 2));
        isa.configWrite(0x04, 4, 0x2000_0000);
        assertEquals(0x1200, isa.configRead(0x06, 2));
    }

    @Test
    void ideIdentityAndBusMasterBar() {
        Piix3Ide ide = new Piix3Ide();
        assertEquals(0x7010_8086, ide.configRead(0x00, 4));
        assertEquals(0x0101_8000, ide.configRead(0x08, 4), "class 010180h: legacy IDE, bus master capable");
        assertEquals(0x00, ide.configRead(0x0E, 1));
        assertEquals(0x0000_0001, ide.configRead(Piix3Ide.BMIBA, 4));
        ide.configWrite(Piix3Ide.BMIBA, 4, 0xFFFF_FFFF);
        int sizing = ide.configRead(Piix3Ide.BMIBA, 4);
        assertEquals(0xFFFF_FFF1, sizing);
        assertEquals(16, ~(sizing & ~0xF) + 1, "rombios32's size computation");
        ide.configWrite(Piix3Ide.BMIBA, 4, 0xC000);
        assertEquals(0xC001, ide.configRead(Piix3Ide.BMIBA, 4));
        for (int bar : new int[] {0x10, 0x14, 0x18, 0x1C, 0x24, 0x30}) {
            ide.configWrite(bar, 4, 0xFFFF_FFFF);
            assertEquals(0, ide.configRead(bar, 4), "legacy mode: BAR " + Integer.toHexString(bar) + " reads 0");
        }
        assertEquals(0, ide.configRead(0x3C, 2), "no interrupt pin");
    }

    @Test
    void ideCommandAndTiming() {
        Piix3Ide ide = new Piix3Ide();
        assertEquals(0x0280_0000, ide.configRead(0x04, 4));
        ide.configWrite(0x04, 2, 0xFFFF);
        assertEquals(0x0005, ide.configRead(0x04, 2), "I/O space and bus master enable only");
        ide.configWrite(0x0D, 1, 0xFF);
        assertEquals(0xF0, ide.configRead(0x0D, 1));
        // rombios32 and SeaBIOS: enable both channels' decode
        ide.configWrite(Piix3Ide.IDETIM, 2, Piix3Ide.IDETIM_DECODE);
        ide.configWrite(Piix3Ide.IDETIM + 2, 2, Piix3Ide.IDETIM_DECODE);
        assertEquals(0x8000_8000, ide.configRead(Piix3Ide.IDETIM, 4));
        ide.configWrite(Piix3Ide.IDETIM, 4, 0xFFFF_FFFF);
        assertEquals(0xF3FF_F3FF, ide.configRead(Piix3Ide.IDETIM, 4), "bits 11-10 reserved");
        ide.configWrite(Piix3Ide.SIDETIM, 1, 0xA5);
        assertEquals(0xA5, ide.configRead(Piix3Ide.SIDETIM, 1));
    }

    @Test
    void ideStateMovesAcrossInstances() {
        Piix3Ide ide = new Piix3Ide();
        ide.configWrite(Piix3Ide.BMIBA, 4, 0xC040);
        ide.configWrite(0x04, 2, 0x0005);
        DeviceState s = ide.saveState();
        Piix3Ide next = new Piix3Ide();
        next.restoreState(s);
        assertEquals(0xC041, next.configRead(Piix3Ide.BMIBA, 4));
        assertEquals(0x0005, next.configRead(0x04, 2));
        assertThrows(IllegalArgumentException.class, () -> next.restoreState(new Piix3().saveState()));
    }

    @Test
    void aBiosScanFindsTheChipset() {
        PciHost host = new PciHost();
        host.addFunction(new I440fx(new FakeBus()), PciHostTest.props(0, 0, I440fx.DEVICE_ID, 0));
        host.addFunction(new Piix3(), PciHostTest.props(1, 0, Piix3.DEVICE_ID, 0));
        host.addFunction(new Piix3Ide(), PciHostTest.props(1, 1, Piix3Ide.DEVICE_ID, 0));
        List<String> found = new ArrayList<>();
        for (int dev = 0; dev < 32; dev++) {
            for (int fn = 0; fn < 8; fn++) {
                host.out(0xCF8, 4, PciHostTest.address(dev, fn, 0));
                int id = host.in(0xCFC, 4);
                if ((id & 0xFFFF) == 0xFFFF) {
                    if (fn == 0) {
                        break;
                    }
                    continue;
                }
                host.out(0xCF8, 4, PciHostTest.address(dev, fn, 0x08));
                int classRev = host.in(0xCFC, 4);
                found.add(String.format("%02x.%d %08x %06x", dev, fn, id, classRev >>> 8));
                host.out(0xCF8, 4, PciHostTest.address(dev, fn, 0x0C));
                if (fn == 0 && (host.in(0xCFE, 1) & 0x80) == 0) {
                    break;
                }
            }
        }
        assertEquals(List.of("00.0 12378086 060000", "01.0 70008086 060100", "01.1 70108086 010180"), found);
        // rombios32's installation check compares the host bridge's ID dword
        host.out(0xCF8, 4, 0x8000_0000);
        assertEquals(0x1237_8086, host.in(0xCFC, 4));
    }
}
