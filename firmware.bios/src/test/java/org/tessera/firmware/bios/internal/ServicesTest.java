package org.tessera.firmware.bios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.display.VideoModes;
import org.tessera.machine.api.storage.Drive;

class ServicesTest {

    private final FakeMachine m = new FakeMachine();
    private final List<Integer> modesSet = new ArrayList<>();
    private long now;
    private Bios bios;

    @BeforeEach
    void post() {
        VideoModes vm = new VideoModes() {
            @Override
            public boolean setMode(int mode, boolean keep) {
                modesSet.add(mode);
                return true;
            }

            @Override
            public boolean loadFont(int h, int b) {
                return true;
            }
        };
        m.cmos[0x15] = 0x80;
        m.cmos[0x16] = 0x02;
        m.cmos[0x30] = 0x00;
        m.cmos[0x31] = 0x3C;
        m.cmos[4] = 0x12;
        m.cmos[2] = 0x00;
        bios = new Bios(() -> vm, m.drives::get, () -> now, List.of('a', 'c'));
        m.drives.put("fd0", new FakeMachine.RamDrive("fd0", new Drive.Geometry(80, 2, 18)));
        bios.trap(m.guest(), Rom.TRAP_POST);
    }

    private void call(int vector, int ax) {
        m.trap(ax);
        bios.trap(m.guest(), vector);
    }

    @Test
    void postFillsVectorsDataAreaAndProgramsTheChips() {
        assertEquals(0xF000E3FE, m.read(0x13 * 4, 4));
        assertEquals(0xF000FF53, m.read(0x00, 4));
        assertEquals(0xF000EFC7, m.read(0x1E * 4, 4));
        assertEquals(640, m.r16(Bda.MEMORY_KB));
        assertEquals(0x3F8, m.r16(Bda.COM1));
        assertEquals(0x0221, m.r16(Bda.EQUIPMENT));
        assertEquals(0x1E, m.r16(Bda.KBD_HEAD));
        assertEquals(List.of(0x03), modesSet);
        assertEquals(3, m.r8(Bda.VIDEO_MODE));
        assertEquals(80, m.r16(Bda.VIDEO_COLUMNS));
        assertEquals(12L * 3600 * Bda.TICKS_PER_DAY / 86400, m.read(Bda.TICKS, 4) & 0xFFFFFFFFL);
        assertTrue(m.outs.stream().anyMatch(o -> o[0] == 0x21 && o[1] == 0x08));
        assertTrue(m.outs.stream().anyMatch(o -> o[0] == 0xA1 && o[1] == 0x70));
        assertTrue(m.outs.stream().anyMatch(o -> o[0] == 0x21 && o[1] == 0xB8));
        assertTrue(m.outs.stream().anyMatch(o -> o[0] == 0x43 && o[1] == 0x36));
        assertEquals(0x7C00, m.reg(Register.ESP));
    }

    @Test
    void teletypeWritesScrollsAndMovesTheCursor() {
        for (char c : "Hi\r\n".toCharArray()) {
            call(0x10, 0x0E00 | c);
        }
        assertEquals('H', m.r8(0xB8000));
        assertEquals('i', m.r8(0xB8002));
        assertEquals(0x0100, m.r16(Bda.CURSOR_POS));
        // to the last row, then a line feed scrolls the screen up
        m.w16(Bda.CURSOR_POS, 24 << 8);
        m.w8(0xB8000 + 2 * 80 * 24, 'Z');
        call(0x10, 0x0E0A);
        assertEquals('Z', m.r8(0xB8000 + 2 * 80 * 23));
        assertEquals(0x20, m.r8(0xB8000 + 2 * 80 * 24));
        assertEquals(24 << 8, m.r16(Bda.CURSOR_POS));
    }

    @Test
    void cursorPositionAndReadCharacter() {
        m.set(Register.EDX, 0x0510);
        call(0x10, 0x0200);
        m.set(Register.EBX, 0x0007);
        m.set(Register.ECX, 3);
        call(0x10, 0x0900 | 'x');
        assertEquals('x', m.r8(0xB8000 + 2 * (5 * 80 + 18)));
        call(0x10, 0x0800);
        assertEquals(0x0778, m.savedAx());
        call(0x10, 0x0300);
        assertEquals(0x0510, m.reg(Register.EDX) & 0xFFFF);
        call(0x10, 0x0F00);
        assertEquals(0x5003, m.savedAx());
    }

    @Test
    void diskReadByChsIntoEsBx() {
        FakeMachine.RamDrive fd = (FakeMachine.RamDrive) m.drives.get("fd0");
        long lba = fd.geometry().lba(1, 1, 3);
        fd.data[(int) lba * 512] = 0x5A;
        fd.data[(int) lba * 512 + 1023] = 0x33;
        m.set(Register.ES, 0x2000);
        m.set(Register.EBX, 0x0010);
        m.set(Register.ECX, 0x0103);
        m.set(Register.EDX, 0x0100);
        call(0x13, 0x0202);
        assertFalse(m.carry());
        assertEquals(0x0002, m.savedAx());
        assertEquals(0x5A, m.r8(0x20010));
        assertEquals(0x33, m.r8(0x20010 + 1023));
    }

    @Test
    void diskErrorsSetCarryAndStatus() {
        m.set(Register.EDX, 0x0080);
        call(0x13, 0x0201);
        assertTrue(m.carry());
        assertEquals(0x80, m.savedAx() >> 8);
        m.set(Register.EDX, 0x0000);
        m.set(Register.ECX, 0x0013); // sector 19 of 18
        call(0x13, 0x0201);
        assertTrue(m.carry());
        assertEquals(0x04, m.savedAx() >> 8);
        call(0x13, 0x0100);
        assertEquals(0x04, m.savedAx() >> 8);
        ((FakeMachine.RamDrive) m.drives.get("fd0")).readOnly = true;
        m.set(Register.ECX, 0x0001);
        call(0x13, 0x0301);
        assertEquals(0x03, m.savedAx() >> 8);
    }

    @Test
    void floppyParametersAndEddOnAHardDisk() {
        m.set(Register.EDX, 0x0000);
        call(0x13, 0x0800);
        assertFalse(m.carry());
        assertEquals(4, m.reg(Register.EBX) & 0xFF);
        assertEquals(0x4F12, m.reg(Register.ECX) & 0xFFFF);
        assertEquals(0x0101, m.reg(Register.EDX) & 0xFFFF);
        assertEquals(0xF000, m.reg(Register.ES));
        assertEquals(Rom.DISKETTE_TABLE, m.reg(Register.EDI));

        FakeMachine.RamDrive hd = new FakeMachine.RamDrive("hd0", new Drive.Geometry(20, 16, 63));
        hd.data[100 * 512 + 7] = 0x77;
        m.drives.put("hd0", hd);
        m.set(Register.EDX, 0x0080);
        m.set(Register.EBX, 0x55AA);
        call(0x13, 0x4100);
        assertEquals(0xAA55, m.reg(Register.EBX));
        // packet at 0000:0600: 16 bytes, 1 sector, to 3000:0000, LBA 100
        m.w16(0x600, 16);
        m.w16(0x602, 1);
        m.w16(0x604, 0);
        m.w16(0x606, 0x3000);
        m.write(0x608, 4, 100);
        m.write(0x60C, 4, 0);
        m.set(Register.DS, 0);
        m.set(Register.ESI, 0x600);
        call(0x13, 0x4200);
        assertFalse(m.carry());
        assertEquals(0x77, m.r8(0x30007));
        m.w16(0x700, 30);
        m.set(Register.ESI, 0x700);
        call(0x13, 0x4800);
        assertEquals(20 * 16 * 63, m.read(0x710, 4));
        m.set(Register.EDX, 0x0080);
        call(0x13, 0x0800);
        assertEquals(0x133F, m.reg(Register.ECX) & 0xFFFF);
        assertEquals(0x0F01, m.reg(Register.EDX) & 0xFFFF);
    }

    @Test
    void keyboardInterruptFillsTheBufferAndInt16WaitsForIt() {
        call(0x16, 0x0000);
        assertEquals(1, m.reg(Register.EFLAGS) & 1, "empty buffer: the stub waits and retries");
        m.inputs.put(0x60, 0x2A);  // left shift
        call(0x09, 0);
        m.inputs.put(0x60, 0x1E);  // a
        call(0x09, 0);
        m.inputs.put(0x60, 0xAA);
        call(0x09, 0);
        m.inputs.put(0x60, 0x1C);  // enter
        call(0x09, 0);
        assertTrue(m.outs.stream().anyMatch(o -> o[0] == 0x20 && o[1] == 0x20));
        call(0x16, 0x0100);
        assertEquals(0, m.savedFlags() & Guest.ZF);
        assertEquals(0x1E41, m.savedAx());
        call(0x16, 0x0000);
        assertEquals(0, m.reg(Register.EFLAGS) & 1);
        assertEquals(0x1E41, m.savedAx());
        call(0x16, 0x0000);
        assertEquals(0x1C0D, m.savedAx());
        call(0x16, 0x0100);
        assertEquals(Guest.ZF, m.savedFlags() & Guest.ZF);
    }

    @Test
    void translationOfControlAltCapsAndFunctionKeys() {
        assertEquals(0x2E03, KeyboardServices.translate(0x2E, false, 0x04)); // ctrl-c
        assertEquals(0x2D00, KeyboardServices.translate(0x2D, false, 0x08)); // alt-x
        assertEquals(0x1E41, KeyboardServices.translate(0x1E, false, 0x40)); // caps a
        assertEquals(0x0221, KeyboardServices.translate(0x02, false, 0x01)); // !
        assertEquals(0x3B00, KeyboardServices.translate(0x3B, false, 0));    // F1
        assertEquals(0x48E0, KeyboardServices.translate(0x48, true, 0));     // up arrow
        assertEquals(0x4838, KeyboardServices.translate(0x48, false, 0x20)); // keypad 8
    }

    @Test
    void timerTicksAndMidnight() {
        m.write(Bda.TICKS, 4, Bda.TICKS_PER_DAY - 1);
        call(0x08, 0);
        assertEquals(0, m.read(Bda.TICKS, 4));
        call(0x1A, 0x0000);
        assertEquals(1, m.savedAx() & 0xFF);
        assertEquals(0, m.r8(Bda.MIDNIGHT));
        m.cmos[0] = 0x56;
        m.cmos[2] = 0x34;
        m.cmos[4] = 0x12;
        call(0x1A, 0x0200);
        assertEquals(0x1234, m.reg(Register.ECX));
        assertEquals(0x5600, m.reg(Register.EDX) & 0xFF00);
    }

    @Test
    void memoryServices() {
        call(0x12, 0);
        assertEquals(640, m.savedAx());
        call(0x15, 0x8800);
        assertEquals(0x3C00, m.savedAx());
        m.set(Register.EDX, 0x534D4150);
        m.set(Register.EBX, 0);
        m.set(Register.ES, 0);
        m.set(Register.EDI, 0x800);
        call(0x15, 0xE820);
        assertFalse(m.carry());
        assertEquals(0x534D4150, m.reg(Register.EAX));
        assertEquals(0x4150, m.savedAx());
        assertEquals(0xA0000, m.read(0x808, 4));
        assertEquals(1, m.reg(Register.EBX));
        m.set(Register.EBX, 2);
        call(0x15, 0xE820);
        assertEquals(0x100000, m.read(0x800, 4));
        assertEquals(0x3C00 * 1024, m.read(0x808, 4));
        assertEquals(0, m.reg(Register.EBX));
        call(0x15, 0xC000);
        assertEquals(Rom.CONFIG_TABLE, m.reg(Register.EBX));
        call(0x15, 0x5300);
        assertTrue(m.carry());
    }

    @Test
    void waitRetriesUntilMachineTimeHasPassed() {
        m.set(Register.ECX, 0);
        m.set(Register.EDX, 1000); // 1 ms
        call(0x15, 0x8600);
        assertEquals(1, m.reg(Register.EFLAGS) & 1);
        now += 2_000_000;
        call(0x15, 0x8600);
        assertEquals(0, m.reg(Register.EFLAGS) & 1);
        assertFalse(m.carry());
    }

    @Test
    void bootLoadsTheFloppyBootSectorAndReturnsTo7C00() {
        FakeMachine.RamDrive fd = (FakeMachine.RamDrive) m.drives.get("fd0");
        fd.data[0] = (byte) 0xEB;
        call(0x19, 0);
        assertEquals(0xEB, m.r8(0x7C00));
        assertEquals(0x7C00, m.r16(0x1002));
        assertEquals(0x0000, m.r16(0x1004));
        assertEquals(0, m.reg(Register.EDX) & 0xFF);
    }

    @Test
    void hardDiskWithoutSignatureIsNotBootedAndTheMachineHalts() {
        m.drives.remove("fd0");
        m.drives.put("hd0", new FakeMachine.RamDrive("hd0", new Drive.Geometry(2, 2, 63)));
        call(0x19, 0);
        assertEquals(Rom.HALT, m.r16(0x1002));
        assertEquals(Rom.SEGMENT, m.r16(0x1004));
        assertEquals('N', m.r8(0xB8000));
        FakeMachine.RamDrive hd = (FakeMachine.RamDrive) m.drives.get("hd0");
        hd.data[510] = 0x55;
        hd.data[511] = (byte) 0xAA;
        call(0x19, 0);
        assertEquals(0x7C00, m.r16(0x1002));
        assertEquals(0x80, m.reg(Register.EDX) & 0xFF);
    }
}
