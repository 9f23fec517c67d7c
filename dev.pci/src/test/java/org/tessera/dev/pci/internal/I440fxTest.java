package org.tessera.dev.pci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The i440FX: its registers, and the PAM modes end to end on a fake bus holding RAM (priority 0),
 * a VGA BIOS option ROM at C0000h (32 KiB, priority 5) and the BIOS at F0000h (priority 20), both
 * marked as firmware.
 */
class I440fxTest {

    private FakeBus bus;
    private FakeBus.Memory ram;
    private FakeBus.Memory bios;
    private FakeBus.Memory vgaBios;
    private I440fx nb;

    static Map<String, Object> region(long base, long size, int priority, boolean firmware) {
        Map<String, Object> p = new HashMap<>();
        p.put(RegionHandler.REGION_BASE, base);
        p.put(RegionHandler.REGION_SIZE, size);
        p.put(RegionHandler.REGION_PRIORITY, priority);
        if (firmware) {
            p.put(RegionHandler.REGION_FIRMWARE, true);
        }
        return p;
    }

    static int biosByte(int offset) {
        return offset * 7 + 3 & 0xFF;
    }

    static int vgaByte(int offset) {
        return (offset ^ 0x55) + (offset >>> 8) & 0xFF;
    }

    @BeforeEach
    void machine() {
        bus = new FakeBus();
        ram = new FakeBus.Memory(0x100000, true, false);
        bus.add(ram, region(0, 0x100000, 0, false));
        bios = new FakeBus.Memory(0x10000, false, false);
        for (int i = 0; i < bios.bytes.length; i++) {
            bios.bytes[i] = (byte) biosByte(i);
        }
        Map<String, Object> biosProps = region(0xF0000, 0x10000, 20, true);
        bus.add(bios, biosProps);
        vgaBios = new FakeBus.Memory(0x8000, false, false);
        for (int i = 0; i < vgaBios.bytes.length; i++) {
            vgaBios.bytes[i] = (byte) vgaByte(i);
        }
        Map<String, Object> vgaProps = region(0xC0000, 0x8000, 5, true);
        bus.add(vgaBios, vgaProps);
        nb = bridge(bus);
        nb.addFirmware(bios, biosProps);
        nb.addFirmware(vgaBios, vgaProps);
        // RAM holds something recognisable too
        for (int i = 0xC0000; i < 0x100000; i++) {
            ram.bytes[i] = (byte) 0xEE;
        }
    }

    static I440fx bridge(FakeBus bus) {
        I440fx nb = new I440fx(bus);
        nb.setBus(bus);
        return nb;
    }

    private void pam(int register, int value) {
        nb.configWrite(register, 1, value);
    }

    @Test
    void identityAndResetValues() {
        assertEquals(0x1237_8086, nb.configRead(0x00, 4));
        assertEquals(0x0280_0006, nb.configRead(0x04, 4), "status 0280h, command 0006h");
        assertEquals(0x0600_0002, nb.configRead(0x08, 4), "class 060000h, revision 02h");
        assertEquals(0x00, nb.configRead(0x0E, 1), "header type 0, single function");
        assertEquals(0, nb.configRead(0x58, 4) >>> 8, "PAM0-2 are 00h");
        assertEquals(0, nb.configRead(0x5C, 4), "PAM3-6 are 00h");
        assertEquals(0x0101_0101, nb.configRead(0x60, 4), "DRB0-3");
        assertEquals(0x02, nb.configRead(I440fx.SMRAM, 1));
        nb.configWrite(0x00, 4, 0);
        nb.configWrite(0x04, 2, 0xFFFF);
        assertEquals(0x1237_8086, nb.configRead(0x00, 4));
        assertEquals(0x0146, nb.configRead(0x04, 2), "memory and master hardwired, SERR# and PERR# writable");
        nb.configWrite(0x10, 4, -1);
        assertEquals(0, nb.configRead(0x10, 4), "no BARs");
        nb.configWrite(0x60, 4, 0x1008_0402);
        assertEquals(0x1008_0402, nb.configRead(0x60, 4), "DRBs read back");
    }

    @Test
    void pamReservedBitsReadZero() {
        pam(0x59, 0xFF);
        assertEquals(0x30, nb.configRead(0x59, 1), "PAM0 low nibble is reserved");
        pam(0x5A, 0xFF);
        assertEquals(0x33, nb.configRead(0x5A, 1), "bits 7-6 and 3-2 reserved");
        pam(0x59, 0x0F);
        assertEquals(0x00, nb.configRead(0x59, 1));
    }

    @Test
    void atPowerOnNothingIsShadowed() {
        assertEquals(3, bus.regions.size(), "no segment registered");
        assertEquals(biosByte(0xFFF0), bus.read(0xFFFF0, 1));
        assertEquals(vgaByte(0x10), bus.read(0xC0010, 1));
        assertEquals(0xEE, bus.read(0xD0000, 1), "RAM below where nothing else is");
    }

    @Test
    void mode11ReadsAndWritesShadowRamDirectly() {
        pam(0x59, 0x30);
        FakeBus.Region r = bus.owner(0xF8000);
        assertSame(nb.segment(0), r.handler);
        assertTrue(r.direct != null && r.writable, "directly mapped, writable: the fast path");
        assertEquals(0, bus.read(0xF8000, 4), "shadow RAM is zero at power on");
        bus.write(0xFFFF0, 4, 0x1234_5678);
        assertEquals(0x1234_5678, bus.read(0xFFFF0, 4));
        assertEquals(biosByte(0xFFF0), bios.bytes[0xFFF0] & 0xFF, "the ROM is untouched");
        assertEquals(0xEE, ram.bytes[0xFFFF0] & 0xFF, "so is the RAM below");
        assertEquals(0, bus.handlerReads + bus.handlerWrites);
        assertEquals(0, bus.remaps, "registering the segment needs no remap");
    }

    @Test
    void mode01ReadsShadowRamAndDropsWrites() {
        pam(0x59, 0x30);
        bus.write(0xF0000, 4, 0xCAFE_BABE);
        pam(0x59, 0x10);
        assertEquals(1, bus.remaps, "11 -> 01 changes the direct mapping: one remap");
        FakeBus.Region r = bus.owner(0xF0000);
        assertSame(nb.segment(0), r.handler);
        assertTrue(r.direct != null && !r.writable, "directly mapped, read-only");
        bus.write(0xF0000, 4, 0x1111_1111);
        assertEquals(0xCAFE_BABE, bus.read(0xF0000, 4), "write dropped, shadow read");
        assertEquals(biosByte(0), bios.bytes[0] & 0xFF);
        // the handler's own path agrees with the mapping
        nb.segment(0).write(0, 4, 0x2222_2222);
        assertEquals(0xCAFE_BABE, nb.segment(0).read(0, 4));
    }

    @Test
    void mode10ReadsTheRomAndWritesShadowRam() {
        pam(0x59, 0x20);
        FakeBus.Region r = bus.owner(0xF0000);
        assertSame(nb.segment(0), r.handler);
        assertNull(r.direct, "every access goes to the handler");
        assertEquals(biosByte(0x1234), bus.read(0xF1234, 1), "reads reach the ROM below");
        // the classic shadowing loop: read each byte (from ROM), write it back (to RAM)
        for (long a = 0xF0000; a < 0x100000; a += 4) {
            bus.write(a, 4, bus.read(a, 4));
        }
        bus.write(0xF0010, 1, 0x99);
        assertEquals(biosByte(0x10), bus.read(0xF0010, 1), "reads still see the ROM");
        pam(0x59, 0x10);
        bios.bytes[0x20] = 0; // the ROM changes; the shadow must not
        assertEquals(0x99, bus.read(0xF0010, 1));
        assertEquals(biosByte(0x20), bus.read(0xF0020, 1));
        assertEquals(biosByte(0xFFFF), bus.read(0xFFFFF, 1));
        assertEquals(biosByte(0x8000), nb.segment(0).ram[0x8000] & 0xFF);
    }

    @Test
    void mode00UnmapsAndKeepsTheContents() {
        pam(0x59, 0x30);
        bus.write(0xF0000, 2, 0xBEEF);
        pam(0x59, 0x00);
        assertSame(bios, bus.owner(0xF0000).handler, "the ROM shows through");
        assertNull(bus.regionOf(nb.segment(0)));
        assertEquals(biosByte(0) | biosByte(1) << 8, bus.read(0xF0000, 2));
        bus.write(0xF0000, 2, 0);
        pam(0x59, 0x10);
        assertEquals(0xBEEF, bus.read(0xF0000, 2), "contents survive mode changes");
    }

    @Test
    void bochsBiosShadowSequence() {
        // rombios32 bios_shadow_init: PAM0 &= CFh, copy the BIOS to RAM, PAM0 |= 30h, copy it back
        pam(0x59, nb.configRead(0x59, 1) & 0xCF);
        for (int i = 0; i < 0x10000; i += 4) {
            bus.write(0x10000 + i, 4, bus.read(0xF0000 + i, 4));
        }
        pam(0x59, nb.configRead(0x59, 1) | 0x30);
        for (int i = 0; i < 0x10000; i += 4) {
            bus.write(0xF0000 + i, 4, bus.read(0x10000 + i, 4));
        }
        bus.write(0xFE000, 4, 0x5050_5050); // a table written while writable
        pam(0x59, 0x10); // bios_lock_shadow_ram
        bus.write(0xFE000, 4, 0);
        assertEquals(0x5050_5050, bus.read(0xFE000, 4));
        assertEquals(biosByte(0xFFF0), bus.read(0xFFFF0, 1));
        assertEquals(biosByte(0x1FFF), bus.read(0xF1FFF, 1));
    }

    @Test
    void everyNibbleMapsItsOwnSegment() {
        for (int i = 0; i < 6; i++) {
            for (int high = 0; high < 2; high++) {
                long base = 0xC0000 + i * 0x8000L + high * 0x4000L;
                ShadowSegment seg = nb.segment(1 + 2 * i + high);
                assertEquals(base, seg.base);
                assertEquals(0x4000, seg.ram.length);
                pam(0x5A + i, high == 0 ? 0x03 : 0x30);
                assertSame(seg, bus.owner(base).handler, String.format("%05x", base));
                assertSame(seg, bus.owner(base + 0x3FFF).handler);
                assertEquals(4, bus.regions.size(), "only that segment is mapped");
                bus.write(base + 0x100, 1, 0x40 + i * 2 + high);
                pam(0x5A + i, 0);
                assertEquals(3, bus.regions.size());
            }
        }
        nb.configWrite(0x5A, 2, 0x1111);
        nb.configWrite(0x5C, 4, 0x1111_1111);
        for (int s = 1; s < I440fx.SEGMENTS; s++) {
            assertEquals(0x40 + s - 1, bus.read(nb.segment(s).base + 0x100, 1));
        }
        assertEquals(0xFF & biosByte(0x100), bus.read(0xF0100, 1), "F0000h untouched by PAM1-6");
    }

    @Test
    void lowAndHighNibblesAreIndependent() {
        pam(0x5A, 0x31); // C0000h read-only, C4000h read-write
        bus.write(0xC0000, 1, 0x77);
        bus.write(0xC4000, 1, 0x88);
        assertEquals(0x00, bus.read(0xC0000, 1), "write dropped, shadow (not the VGA BIOS) read");
        assertEquals(0x88, bus.read(0xC4000, 1));
        pam(0x5A, 0x12); // C0000h write-only, C4000h read-only
        assertEquals(vgaByte(0), bus.read(0xC0000, 1), "reads go to the option ROM");
        bus.write(0xC0000, 1, 0x66);
        bus.write(0xC4000, 1, 0x55);
        assertEquals(0x88, bus.read(0xC4000, 1));
        pam(0x5A, 0x02); // C4000h mode 10 now: its reads reach the second half of the option ROM
        assertEquals(vgaByte(0x4001), bus.read(0xC4001, 1));
        pam(0x5A, 0x01);
        assertEquals(0x66, bus.read(0xC0000, 1));
        assertSame(vgaBios, bus.owner(0xC4000).handler);
    }

    @Test
    void mode10WithoutFirmwareReadsAllOnes() {
        pam(0x5C, 0x02); // D0000h: no ROM there, only RAM below
        assertEquals(0xFF, bus.read(0xD0000, 1));
        assertEquals(0xFFFF_FFFF, nb.segment(5).read(0x10, 4));
        bus.write(0xD0000, 1, 0x12);
        pam(0x5C, 0x01);
        assertEquals(0x12, bus.read(0xD0000, 1));
    }

    @Test
    void seaBiosDwordReadModifyWriteKeepsDramt() {
        // make_bios_readonly_intel: read the dwords at 58h and 5Ch, change the PAM bytes, write them back
        nb.configWrite(0x58, 1, 0x34);
        int low = nb.configRead(0x58, 4);
        int high = nb.configRead(0x5C, 4);
        low = low & 0xFF | 0x10 << 8 | 0x11 << 16 | 0x31 << 24;
        high = 0x3333_3311;
        int remaps = bus.remaps;
        nb.configWrite(0x58, 4, low);
        nb.configWrite(0x5C, 4, high);
        assertEquals(0x3111_1034, nb.configRead(0x58, 4));
        assertEquals(0x3333_3311, nb.configRead(0x5C, 4));
        assertEquals(3 + I440fx.SEGMENTS, bus.regions.size());
        assertEquals(remaps, bus.remaps, "from 00 every segment is registered, no remap needed");
        // a later write changes seven segments between mapped modes: one remap for the write
        nb.configWrite(0x5C, 4, 0x1111_3333);
        assertEquals(remaps + 1, bus.remaps);
    }

    @Test
    void smramLockFreezesTheRegister() {
        nb.configWrite(I440fx.SMRAM, 1, I440fx.SMRAM_D_OPEN | I440fx.SMRAM_G_SMRAME | 0x07);
        assertEquals(0x4A, nb.configRead(I440fx.SMRAM, 1), "bits 2-0 read 010b (A0000h)");
        nb.configWrite(I440fx.SMRAM, 1, 0x80 | I440fx.SMRAM_D_CLS);
        assertEquals(0x22, nb.configRead(I440fx.SMRAM, 1), "bit 7 reserved; unlocked, everything else follows");
        nb.configWrite(I440fx.SMRAM, 1, I440fx.SMRAM_D_OPEN | I440fx.SMRAM_D_LCK | I440fx.SMRAM_G_SMRAME);
        assertEquals(0x1A, nb.configRead(I440fx.SMRAM, 1), "D_LCK clears D_OPEN");
        nb.configWrite(I440fx.SMRAM, 1, I440fx.SMRAM_D_OPEN | I440fx.SMRAM_D_CLS);
        assertEquals(0x3A, nb.configRead(I440fx.SMRAM, 1), "only D_CLS still writable");
        nb.configWrite(I440fx.SMRAM, 1, 0);
        assertEquals(0x1A, nb.configRead(I440fx.SMRAM, 1));
        nb.configWrite(0x70, 4, 0xFFFF_FFFF);
        assertEquals(0x3A, nb.configRead(I440fx.SMRAM, 1), "also within a dword write");
    }

    @Test
    void stateCarriesRegistersShadowRamAndMapping() {
        pam(0x59, 0x30);
        pam(0x5F, 0x13); // E8000h read-write, EC000h read-only
        bus.write(0xF0000, 4, 0xDEAD_BEEF);
        bus.write(0xE8000, 4, 0x0BAD_F00D);
        nb.segment(12).ram[5] = 0x42;
        pam(0x59, 0x10);
        nb.configWrite(0x60, 1, 0x20);
        DeviceState state = nb.saveState();
        assertEquals(I440fx.SHADOW_SIZE, state.blob("shadow").length);

        FakeBus other = new FakeBus();
        other.add(bios, region(0xF0000, 0x10000, 20, true));
        I440fx next = bridge(other);
        next.restoreState(state);
        assertEquals(0x10, next.configRead(0x59, 1));
        assertEquals(0x13, next.configRead(0x5F, 1));
        assertEquals(0x20, next.configRead(0x60, 1));
        assertEquals(0xDEAD_BEEF, other.read(0xF0000, 4));
        assertEquals(0x0BAD_F00D, other.read(0xE8000, 4));
        assertEquals(0x42, other.read(0xEC005, 1));
        FakeBus.Region f = other.owner(0xF0000);
        assertSame(next.segment(0), f.handler);
        assertFalse(f.writable);
        assertTrue(other.owner(0xE8000).writable);
        assertNull(other.regionOf(next.segment(1)), "segments in mode 00 stay unmapped");

        assertThrows(IllegalArgumentException.class, () -> next.restoreState(DeviceState.builder("i440fx", 1)
                .blob("config", new byte[256]).blob("shadow", new byte[100]).build()));
        assertThrows(IllegalArgumentException.class, () -> next.restoreState(DeviceState.builder("piix3.isa", 1).build()));
        assertEquals(0x10, next.configRead(0x59, 1), "a refused record changes nothing");
    }

    @Test
    void deactivationWithdrawsEverySegment() {
        nb.configWrite(0x58, 4, 0x3333_3000);
        nb.configWrite(0x5C, 4, 0x3333_3333);
        assertEquals(3 + I440fx.SEGMENTS, bus.regions.size());
        nb.deactivate();
        assertEquals(3, bus.regions.size());
        assertNotNull(bus.owner(0xF0000));
        assertSame(bios, bus.owner(0xF0000).handler);
    }
}
