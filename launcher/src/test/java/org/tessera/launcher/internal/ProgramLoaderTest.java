package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.memory.RegionInfo;

class ProgramLoaderTest {

    @TempDir
    Path dir;

    private final ProgramLoader loader = new ProgramLoader();

    private static RegionInfo region(long base, long size, int priority, String kind) {
        return new RegionInfo(base, size, priority, kind + "@" + Long.toHexString(base), null, "test", kind, true);
    }

    @Test
    void loadStartsAtSegmentOffsetWithTheStackAtTheTop() {
        Map<Register, Integer> regs = ProgramLoader.startRegisters(BootImage.load(Path.of("/p.bin"), new RealModeAddress(0x1000, 0x100)));
        assertEquals(0x1000, regs.get(Register.CS));
        assertEquals(0x1000, regs.get(Register.DS));
        assertEquals(0x1000, regs.get(Register.ES));
        assertEquals(0x1000, regs.get(Register.SS));
        assertEquals(0, regs.get(Register.FS));
        assertEquals(0, regs.get(Register.GS));
        assertEquals(0x100, regs.get(Register.EIP));
        assertEquals(0xFFFE, regs.get(Register.ESP));
        assertEquals(0, regs.get(Register.EAX));
        assertEquals(0x0002, regs.get(Register.EFLAGS));
        assertFalse(regs.containsKey(Register.CR0), "control registers keep their reset values");
    }

    @Test
    void floppyBootsAt7C00WithDriveZero() {
        Map<Register, Integer> regs = ProgramLoader.startRegisters(BootImage.floppy(Path.of("/f.img")));
        assertEquals(0, regs.get(Register.CS));
        assertEquals(0, regs.get(Register.SS));
        assertEquals(0x7C00, regs.get(Register.EIP));
        assertEquals(0x7C00, regs.get(Register.ESP));
        assertEquals(0, regs.get(Register.EDX) & 0xFF, "DL = 0, the first floppy drive");
    }

    @Test
    void readsOnlyTheBootSectorOfAFloppy() throws Exception {
        byte[] disk = new byte[1474560];
        disk[0] = (byte) 0xEB;
        disk[510] = 0x55;
        disk[511] = (byte) 0xAA;
        disk[512] = 1;
        Path img = Files.write(dir.resolve("disk.img"), disk);
        byte[] sector = loader.read(BootImage.floppy(img));
        assertEquals(512, sector.length);
        assertEquals((byte) 0xEB, sector[0]);
        assertTrue(ProgramLoader.hasBootSignature(sector));
        assertFalse(ProgramLoader.hasBootSignature(new byte[512]));
    }

    @Test
    void aFileThatChangedSinceParsingIsAUsageError() throws IOException {
        Path img = Files.write(dir.resolve("short.img"), new byte[100]);
        assertEquals("floppy image " + img + " is truncated: 100 bytes, less than the 512-byte boot sector",
                assertThrows(UsageException.class, () -> loader.read(BootImage.floppy(img))).getMessage());
        Path gone = dir.resolve("gone.bin");
        assertTrue(assertThrows(UsageException.class,
                () -> loader.read(BootImage.load(gone, new RealModeAddress(0, 0)))).getMessage().startsWith("cannot read"));
    }

    @Test
    void readsTheWholeProgram() throws Exception {
        byte[] program = {(byte) 0xFA, (byte) 0xF4};
        Path bin = Files.write(dir.resolve("p.bin"), program);
        assertArrayEquals(program, loader.read(BootImage.load(bin, new RealModeAddress(0x1000, 0x100))));
    }

    @Test
    void theDemoShipsInsideTheLauncherAndHalts() throws Exception {
        byte[] demo = loader.read(BootImage.demo());
        assertTrue(demo.length > 16 && demo.length < 4096, "size " + demo.length);
        boolean cliHlt = false;
        for (int i = 0; i + 1 < demo.length; i++) {
            cliHlt |= demo[i] == (byte) 0xFA && demo[i + 1] == (byte) 0xF4;
        }
        assertTrue(cliHlt, "the demo ends with CLI; HLT");
        assertTrue(new String(demo, java.nio.charset.StandardCharsets.ISO_8859_1).contains("Tessera"));
    }

    @Test
    void programsMustLieInRam() {
        List<RegionInfo> pc = List.of(region(0, 0xA0000, 0, "ram"), region(0xA0000, 0x20000, 0, "mmio"),
                region(0xF0000, 0x10000, 20, "rom"), region(0x100000, 0xF00000, 0, "ram"),
                region(0xE0000, 0x30000, 0, "ram"));
        assertNull(ProgramLoader.firstNonRam(pc, 0x7C00, 512));
        assertNull(ProgramLoader.firstNonRam(pc, 0x9FF00, 0x100));
        assertEquals(0xA0000L, ProgramLoader.firstNonRam(pc, 0x9FF00, 0x101));
        assertNull(ProgramLoader.firstNonRam(pc, 0xE0000, 0x10000));
        assertEquals(0xF0000L, ProgramLoader.firstNonRam(pc, 0xEFFFF, 2), "the ROM wins over the RAM below it");
        assertNull(ProgramLoader.firstNonRam(pc, 0x100000, 0xFFF0));
        assertEquals(0x1000L, ProgramLoader.firstNonRam(List.of(region(0, 0x1000, 0, "ram")), 0xFFF, 2));
        assertEquals(0x5000L, ProgramLoader.firstNonRam(List.of(), 0x5000, 1));
        RegionInfo swapping = new RegionInfo(0, 0x10000, 0, "ram", null, "test", "ram", false);
        assertEquals(0x100L, ProgramLoader.firstNonRam(List.of(swapping), 0x100, 1));
    }
}
