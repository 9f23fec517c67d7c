package org.tessera.firmware.bios.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where {@link FirmwareImages} maps a system BIOS and a VGA BIOS, and which sizes it refuses. */
class FirmwareImagesTest {

    private static final Path FILE = Path.of("bios.bin");
    private static final int KIB = 1024;

    /** An image whose bytes tell where they came from: byte i is (i * 7 + i / 65536) & FFh. */
    private static byte[] image(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + (i >>> 16));
        }
        return b;
    }

    private static FirmwareImages.Mapping named(List<FirmwareImages.Mapping> mappings, String name) {
        return mappings.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void a64KibBiosEndsAt1MibAndAt4Gib() {
        byte[] image = image(64 * KIB);
        List<FirmwareImages.Mapping> m = FirmwareImages.biosMappings(image, FILE);
        assertEquals(2, m.size());
        FirmwareImages.Mapping low = named(m, "bios");
        FirmwareImages.Mapping high = named(m, "bios.high");
        assertEquals(0xF0000L, low.base());
        assertArrayEquals(image, low.bytes());
        assertEquals(0xFFFF0000L, high.base());
        assertArrayEquals(image, high.bytes());
        assertTrue(low.shadowable(), "the low alias is firmware a chipset may shadow");
        assertFalse(high.shadowable());
        assertEquals(FirmwareImages.BIOS_PRIORITY, low.priority());
        assertEquals(FirmwareImages.BIOS_PRIORITY, high.priority());
    }

    @Test
    void a128KibBiosStartsAtE0000AndAtFffe0000() {
        byte[] image = image(128 * KIB);
        List<FirmwareImages.Mapping> m = FirmwareImages.biosMappings(image, FILE);
        assertEquals(0xE0000L, named(m, "bios").base());
        assertArrayEquals(image, named(m, "bios").bytes());
        assertEquals(0xFFFE0000L, named(m, "bios.high").base());
        assertArrayEquals(image, named(m, "bios.high").bytes());
    }

    @Test
    void a256KibBiosShowsItsLast128KibBelow1Mib() {
        byte[] image = image(256 * KIB);
        List<FirmwareImages.Mapping> m = FirmwareImages.biosMappings(image, FILE);
        FirmwareImages.Mapping low = named(m, "bios");
        assertEquals(0xE0000L, low.base());
        assertArrayEquals(Arrays.copyOfRange(image, 128 * KIB, 256 * KIB), low.bytes(), "the last 128 KiB");
        assertEquals(low.base() + low.bytes().length, 0x100000L, "the alias ends at 1 MiB");
        FirmwareImages.Mapping high = named(m, "bios.high");
        assertEquals(0xFFFC0000L, high.base());
        assertArrayEquals(image, high.bytes(), "all of it below 4 GiB");
        // the reset vector is the same byte in both
        assertEquals(high.bytes()[high.bytes().length - 16], low.bytes()[low.bytes().length - 16]);
    }

    @Test
    void biosSizesThatAreNotWhole64KibUpTo16MibAreRefused() {
        assertNull(FirmwareImages.biosSizeProblem(64 * KIB));
        assertNull(FirmwareImages.biosSizeProblem(128 * KIB));
        assertNull(FirmwareImages.biosSizeProblem(256 * KIB));
        assertNull(FirmwareImages.biosSizeProblem(16 << 20));
        assertEquals("the image is empty", FirmwareImages.biosSizeProblem(0));
        for (long size : new long[] {1, 32 * KIB, 64 * KIB - 1, 64 * KIB + 1, 100_000, (16 << 20) + 64 * KIB}) {
            String problem = FirmwareImages.biosSizeProblem(size);
            assertTrue(problem != null && problem.startsWith(size + " bytes is not a whole number of 64 KiB"),
                    size + ": " + problem);
        }
    }

    @Test
    void aBiosOfAWrongSizeIsNotMapped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirmwareImages.biosMappings(image(96 * KIB), FILE));
        assertTrue(e.getMessage().startsWith("BIOS image bios.bin: 98304 bytes is not a whole number of 64 KiB"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FirmwareImages.biosMappings(new byte[0], FILE));
        assertEquals("BIOS image bios.bin: the image is empty", e.getMessage());
    }

    @Test
    void aVgaBiosIsMappedAtC0000PaddedTo512BytesWithFf() {
        byte[] image = image(32 * KIB + 100);
        FirmwareImages.Mapping m = FirmwareImages.vgaBiosMapping(image, Path.of("vgabios.bin"));
        assertEquals("vgabios", m.name());
        assertEquals(0xC0000L, m.base());
        assertEquals(32 * KIB + 512, m.bytes().length);
        assertArrayEquals(image, Arrays.copyOf(m.bytes(), image.length));
        for (int i = image.length; i < m.bytes().length; i++) {
            assertEquals((byte) 0xFF, m.bytes()[i], "padding at " + i);
        }
        assertTrue(m.shadowable());
        assertEquals(FirmwareImages.OPTION_ROM_PRIORITY, m.priority());
    }

    @Test
    void aVgaBiosOfWhole512BytesIsMappedAsItIs() {
        byte[] image = image(36 * KIB);
        FirmwareImages.Mapping m = FirmwareImages.vgaBiosMapping(image, Path.of("vgabios.bin"));
        assertArrayEquals(image, m.bytes());
        assertEquals(512, FirmwareImages.vgaBiosMapping(new byte[] {0x55}, Path.of("v")).bytes().length);
    }

    @Test
    void vgaBiosSizesAboveTheOptionRomSpaceOrEmptyAreRefused() {
        assertNull(FirmwareImages.vgaBiosSizeProblem(1));
        assertNull(FirmwareImages.vgaBiosSizeProblem(128 * KIB));
        assertEquals("the image is empty", FirmwareImages.vgaBiosSizeProblem(0));
        assertEquals("131073 bytes does not fit in the option ROM space C0000h-DFFFFh (128 KiB)",
                FirmwareImages.vgaBiosSizeProblem(128 * KIB + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirmwareImages.vgaBiosMapping(new byte[0], Path.of("vgabios.bin")));
        assertEquals("VGA BIOS image vgabios.bin: the image is empty", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FirmwareImages.vgaBiosMapping(new byte[256 * KIB], Path.of("vgabios.bin")));
    }

    @Test
    void theImageGivenIsNotChangedByThePadding() {
        byte[] image = image(1000);
        byte[] copy = image.clone();
        FirmwareImages.Mapping m = FirmwareImages.vgaBiosMapping(image, Path.of("v"));
        assertArrayEquals(copy, image);
        assertFalse(m.bytes() == image, "a copy is mapped");
    }
}
