package org.tessera.dev.ioports.internal.fwcfg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.dev.ioports.internal.RecordingLogger;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

/** The fw_cfg interface: fixed items byte by byte, the file directory, selection, files from the configuration. */
class FwCfgTest {

    private final RecordingLogger log = new RecordingLogger();

    @TempDir
    Path dir;

    /** A memory bus that only knows its regions. */
    record FakeBus(List<RegionInfo> regions) implements MemoryBus {
        @Override
        public int read(long address, int size) {
            throw new AssertionError();
        }

        @Override
        public void write(long address, int size, int value) {
            throw new AssertionError();
        }

        @Override
        public int readModifyWrite(long address, int size, IntUnaryOperator update) {
            throw new AssertionError();
        }

        @Override
        public BusAccess newAccess() {
            throw new AssertionError();
        }

        @Override
        public MemoryView view() {
            throw new AssertionError();
        }

        @Override
        public void retire(String deviceId) {
            // no devices here
        }

        @Override
        public void remap() {
            throw new AssertionError();
        }

        @Override
        public BusCounters counters() {
            throw new AssertionError();
        }
    }

    private FwCfgComponent device(String[] files, String[] strings, long ramSize) {
        FwCfgComponent d = new FwCfgComponent(log);
        d.activate(new FwCfgConfig() {
            @Override
            public String[] files() {
                return files;
            }

            @Override
            public String[] strings() {
                return strings;
            }

            @Override
            public long ramSize() {
                return ramSize;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return FwCfgConfig.class;
            }
        });
        return d;
    }

    private FwCfgComponent device() {
        return device(new String[0], new String[0], -1);
    }

    private static void select(FwCfgComponent d, int key) {
        d.out(FwCfgComponent.SELECTOR, 2, key);
    }

    private static byte[] read(FwCfgComponent d, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) d.in(FwCfgComponent.DATA, 1);
        }
        return b;
    }

    private static byte[] item(FwCfgComponent d, int key, int n) {
        select(d, key);
        return read(d, n);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static RegionInfo region(long base, long size, String name, String kind) {
        return new RegionInfo(base, size, 0, name, name, "test", kind, true);
    }

    @Test
    void signatureIsSelectedAtPowerOn() {
        FwCfgComponent d = device();
        assertArrayEquals("QEMU".getBytes(StandardCharsets.US_ASCII), read(d, 4));
        assertArrayEquals(new byte[3], read(d, 3), "past the end: zeros");
    }

    @Test
    void signatureAndIdByteByByte() {
        FwCfgComponent d = device();
        assertArrayEquals(bytes('Q', 'E', 'M', 'U', 0), item(d, 0x0000, 5));
        assertArrayEquals(bytes(1, 0, 0, 0, 0), item(d, 0x0001, 5), "traditional interface, no DMA bit");
        assertArrayEquals(new byte[17], item(d, 0x0002, 17), "a zero UUID");
    }

    @Test
    void smallFixedItems() {
        FwCfgComponent d = device();
        assertArrayEquals(bytes(0, 0, 0), item(d, 0x0004, 3), "nographic 0");
        assertArrayEquals(bytes(1, 0, 0), item(d, 0x0005, 3), "one CPU");
        assertArrayEquals(bytes(0, 0, 0), item(d, 0x000E, 3), "no boot menu");
        assertArrayEquals(bytes(1, 0, 0), item(d, 0x000F, 3), "max one CPU");
    }

    @Test
    void ramSizeFromTheConfiguration() {
        FwCfgComponent d = device(new String[0], new String[0], 0x1_2345_6789L);
        d.setMemoryBus(new FakeBus(List.of(region(0, 16 << 20, "ram", "ram"))));
        assertArrayEquals(bytes(0x89, 0x67, 0x45, 0x23, 0x01, 0, 0, 0, 0), item(d, 0x0003, 9));
    }

    @Test
    void ramSizeFromTheMemoryBusRegionNamedRam() {
        FwCfgComponent d = device();
        assertArrayEquals(new byte[8], item(d, 0x0003, 8), "no bus: 0");
        FakeBus bus = new FakeBus(List.of(region(0, 32L << 20, "ram", "ram"),
                region(0xE0000000L, 16L << 20, "vga.lfb", "ram"), region(0xF0000, 0x10000, "bios", "rom")));
        d.setMemoryBus(bus);
        assertArrayEquals(bytes(0, 0, 0, 2, 0, 0, 0, 0), item(d, 0x0003, 8), "32 MiB; the VGA's LFB is not RAM size");
        d.unsetMemoryBus(bus);
        d.setMemoryBus(new FakeBus(List.of(region(0, 0xC0000000L, "ram", "ram"))));
        assertArrayEquals(bytes(0, 0, 0, 0xC0, 0, 0, 0, 0), item(d, 0x0003, 8), "looked up when selected");
    }

    @Test
    void fileDirectoryLayoutByteByByte() throws IOException {
        Path rom = dir.resolve("vgabios.bin");
        Files.write(rom, bytes(0x55, 0xAA, 0x40, 0xE9, 0x00));
        FwCfgComponent d = device(new String[] {"vgaroms/vgabios.bin=" + rom},
                new String[] {"bootorder=/isa/fdc@03f0/floppy@0\\n"}, -1);

        select(d, 0x0019);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(bytes(0, 0, 0, 2));
        // "bootorder" sorts first: key 0020h
        expected.writeBytes(bytes(0, 0, 0, 23, 0x00, 0x20, 0, 0));
        expected.writeBytes(padded("bootorder"));
        expected.writeBytes(bytes(0, 0, 0, 5, 0x00, 0x21, 0, 0));
        expected.writeBytes(padded("vgaroms/vgabios.bin"));
        assertArrayEquals(expected.toByteArray(), read(d, 4 + 2 * 64));
        assertArrayEquals(new byte[4], read(d, 4), "past the end: zeros");

        assertArrayEquals("/isa/fdc@03f0/floppy@0\n".getBytes(StandardCharsets.US_ASCII), item(d, 0x0020, 23));
        assertArrayEquals(bytes(0x55, 0xAA, 0x40, 0xE9, 0x00, 0), item(d, 0x0021, 6));
        assertArrayEquals(new byte[4], item(d, 0x0022, 4), "no third file");
    }

    private static byte[] padded(String name) {
        byte[] b = new byte[56];
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(n, 0, b, 0, n.length);
        return b;
    }

    @Test
    void emptyDirectoryIsACountOfZero() {
        FwCfgComponent d = device();
        assertArrayEquals(new byte[8], item(d, 0x0019, 8));
    }

    @Test
    void directoryDoesNotDependOnTheOrderGiven() {
        String[] a = {"opt/b=two", "opt/a=one", "etc/x=three"};
        String[] b = {"etc/x=three", "opt/a=one", "opt/b=two"};
        byte[] first = item(device(new String[0], a, -1), 0x0019, 4 + 3 * 64);
        byte[] second = item(device(new String[0], b, -1), 0x0019, 4 + 3 * 64);
        assertArrayEquals(first, second);
        assertEquals(List.of("etc/x", "opt/a", "opt/b"), device(new String[0], a, -1).items().names());
    }

    @Test
    void selectingResetsTheOffset() {
        FwCfgComponent d = device();
        select(d, 0);
        assertArrayEquals(bytes('Q', 'E'), read(d, 2));
        select(d, 0);
        assertArrayEquals(bytes('Q', 'E', 'M', 'U'), read(d, 4));
        select(d, 1);
        select(d, 0);
        assertEquals('Q', d.in(FwCfgComponent.DATA, 1));
    }

    @Test
    void readingPastTheEndAnswersZerosAndStays() {
        FwCfgComponent d = device();
        select(d, 0x0005);
        assertArrayEquals(bytes(1, 0), read(d, 2));
        for (int i = 0; i < 1000; i++) {
            assertEquals(0, d.in(FwCfgComponent.DATA, 1));
        }
        assertEquals(2, d.saveState().field("offset"), "the offset stops at the end");
    }

    @Test
    void keysWithoutAnItemReadZerosAndTheWriteBitIsIgnored() {
        FwCfgComponent d = device();
        assertArrayEquals(new byte[8], item(d, 0x0006, 8));
        assertArrayEquals(new byte[8], item(d, 0x000D, 8), "NUMA: none");
        assertArrayEquals(new byte[4], item(d, 0x8000, 4), "ACPI tables: none");
        assertArrayEquals(new byte[4], item(d, 0x8001, 4), "SMBIOS: none");
        assertArrayEquals(new byte[4], item(d, 0x8003, 4), "e820 reservations: none");
        assertArrayEquals(new byte[4], item(d, 0x3FFF, 4));
        assertArrayEquals(bytes('Q', 'E', 'M', 'U'), item(d, 0x4000, 4), "bit 14 is the write flag");
    }

    @Test
    void dataWritesAndByteSelectorWritesAreIgnored() {
        FwCfgComponent d = device();
        select(d, 0x0001);
        d.out(FwCfgComponent.DATA, 1, 0x42);
        d.out(FwCfgComponent.SELECTOR, 1, 0x00);
        assertArrayEquals(bytes(1, 0, 0, 0), read(d, 4));
    }

    @Test
    void selectorPortReadsDataAndWordReadsTakeTwoBytes() {
        FwCfgComponent d = device();
        select(d, 0);
        assertEquals('Q', d.in(FwCfgComponent.SELECTOR, 1), "as QEMU: both ports read data");
        assertEquals('M' << 8 | 'E', d.in(FwCfgComponent.DATA, 2));
        assertEquals('U', d.in(FwCfgComponent.DATA, 2), "then 0 past the end");
    }

    @Test
    void missingFileIsAnErrorNamingItAndLeftOut() {
        Path missing = dir.resolve("no-such.rom");
        FwCfgComponent d = device(new String[] {"vgaroms/missing.bin=" + missing}, new String[] {"opt/x=y"}, -1);
        List<String> errors = log.at(Level.ERROR);
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("vgaroms/missing.bin") && errors.get(0).contains(missing.toString()),
                errors.get(0));
        assertEquals(List.of("opt/x"), d.items().names());
        assertArrayEquals(bytes(0, 0, 0, 1), item(d, 0x0019, 4));
    }

    @Test
    void unusableEntriesAreErrorsAndLeftOut() throws IOException {
        Path file = dir.resolve("a.bin");
        Files.write(file, bytes(1, 2, 3));
        FwCfgComponent d = device(
                new String[] {"no equals sign", "=" + file, "x".repeat(56) + "=" + file, "opt/dir=" + dir,
                    "opt/a=" + file, "opt/dup=" + file},
                new String[] {"opt/a=again", "also no equals", "opt/dup=later", "x".repeat(55) + "=ok"}, -1);
        assertEquals(List.of("opt/a", "opt/dup", "x".repeat(55)), d.items().names());
        List<String> errors = log.at(Level.ERROR);
        assertEquals(7, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("opt/dir") && e.contains("not a regular file")));
        assertTrue(errors.stream().anyMatch(e -> e.contains("opt/a") && e.contains("more than once")));
        assertArrayEquals(bytes(1, 2, 3), item(d, 0x0020, 3), "the first opt/a is kept");
    }

    @Test
    void stringsUnescapeNewlinesAndBackslashes() {
        assertEquals("a\nb\\c\\x\\", FwCfgFiles.unescape("a\\nb\\\\c\\x\\"));
        FwCfgComponent d = device(new String[0], new String[] {"opt/t=é=1"}, -1);
        assertArrayEquals("é=1".getBytes(StandardCharsets.UTF_8), item(d, 0x0020, 4),
                "UTF-8, split at the first =, no NUL");
    }

    @Test
    void nullListsFromConfigurationAreEmpty() {
        FwCfgComponent d = device(null, null, -1);
        assertEquals(List.of(), d.items().names());
        assertEquals(List.of(), log.at(Level.ERROR));
    }

    /** What SeaBIOS's paravirt.c reads at boot on the port interface, in its order. */
    @Test
    void seaBiosBootReadsAnswerAsAQemuWithoutThoseItems() throws IOException {
        Path rom = dir.resolve("vgabios.bin");
        Files.write(rom, new byte[1024]);
        FwCfgComponent d = device(new String[] {"vgaroms/vgabios.bin=" + rom}, new String[0], -1);
        d.setMemoryBus(new FakeBus(List.of(region(0, 64L << 20, "ram", "ram"))));
        // qemu_cfg_detect: signature, then the ID for the DMA bit
        assertArrayEquals("QEMU".getBytes(StandardCharsets.US_ASCII), item(d, 0x0000, 4));
        assertEquals(0, item(d, 0x0001, 4)[0] & 2, "no DMA: SeaBIOS stays on the ports");
        // qemu_early_e820: walks the directory for etc/e820 and falls back to the CMOS
        byte[] count = item(d, 0x0019, 4);
        assertArrayEquals(bytes(0, 0, 0, 1), count);
        byte[] entry = read(d, 64);
        assertEquals("vgaroms/vgabios.bin", new String(entry, 8, 19, StandardCharsets.US_ASCII));
        assertEquals(0, entry[8 + 19], "NUL terminated");
        // qemu_cfg_legacy: NUMA count, ACPI table count, SMBIOS entry count: none
        assertArrayEquals(new byte[8], item(d, 0x000D, 8));
        assertArrayEquals(new byte[2], item(d, 0x8000, 2));
        assertArrayEquals(new byte[2], item(d, 0x8001, 2));
        // romfiles etc/show-boot-menu, etc/irq0-override, etc/max-cpus
        assertArrayEquals(bytes(0, 0), item(d, 0x000E, 2));
        assertArrayEquals(bytes(0), item(d, 0x8002, 1));
        assertArrayEquals(bytes(1, 0), item(d, 0x000F, 2));
        // qemu_cfg_e820 reservations, nographic, CPU count
        assertArrayEquals(new byte[4], item(d, 0x8003, 4));
        assertArrayEquals(bytes(0, 0), item(d, 0x0004, 2));
        assertArrayEquals(bytes(1, 0), item(d, 0x0005, 2));
        // romfile_loadfile("vgaroms/vgabios.bin") by its key
        assertArrayEquals(new byte[1024], item(d, 0x0020, 1024));
        assertArrayEquals(bytes(0, 0, 0, 4, 0, 0, 0, 0), item(d, 0x0003, 8), "64 MiB");
    }

    @Test
    void stateMovesTheSelectionAndOffset() {
        String[] strings = {"opt/s=abcdef"};
        FwCfgComponent d = device(new String[0], strings, -1);
        select(d, 0x0020);
        read(d, 3);
        DeviceState state = d.saveState();
        FwCfgComponent e = device(new String[0], strings, -1);
        e.restoreState(state);
        assertArrayEquals(bytes('d', 'e', 'f', 0), read(e, 4));

        FwCfgComponent shorter = device(new String[0], new String[] {"opt/s=ab"}, -1);
        shorter.restoreState(state);
        assertEquals(0, shorter.in(FwCfgComponent.DATA, 1), "an offset beyond a shorter item is its end");
    }

    @Test
    void restoreRejectsForeignAndOutOfRangeStates() {
        FwCfgComponent d = device();
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(DeviceState.builder("cmos", 1).build()));
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(DeviceState.builder(FwCfgComponent.DEVICE_ID,
                FwCfgComponent.STATE_VERSION).field("selector", 0x10000).field("offset", 0).build()));
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(DeviceState.builder(FwCfgComponent.DEVICE_ID,
                FwCfgComponent.STATE_VERSION).field("selector", 0).field("offset", -1).build()));
    }

    @Test
    void reconfiguringKeepsTheSelection() {
        FwCfgComponent d = device(new String[0], new String[] {"opt/s=abc"}, -1);
        select(d, 0x0020);
        assertEquals('a', d.in(FwCfgComponent.DATA, 1));
        d.configure(new String[0], new String[] {"opt/s=xyz"}, -1);
        assertArrayEquals(bytes('y', 'z', 0), read(d, 3));
    }
}
