package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @ParameterizedTest
    @CsvSource({
        "640K, 655360",
        "16M, 16777216",
        "1G, 1073741824",
        "4G, 4294967296",
        "16m, 16777216",
        "16MiB, 16777216",
        "16MB, 16777216",
        "'16 M', 16777216",
        "64KB, 65536",
        "4096, 4096",
        "1b, 1",
        "0x100000, 1048576",
        "100000h, 1048576",
        "0x10K, 16384",
    })
    void parsesSizes(String text, long expected) {
        assertEquals(expected, Numbers.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12Q", "", "  ", "M", "-1", "1.5M", "16MM", "0x", "16T"})
    void rejectsMalformedSizes(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numbers.parseSize(text));
        assertTrue(e.getMessage().contains("malformed size"), e.getMessage());
    }

    @Test
    void rejectsZeroAndOverflowingSizes() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Numbers.parseSize("0")).getMessage()
                .contains("at least one byte"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Numbers.parseSize("99999999999999G"))
                .getMessage().contains("too large"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Numbers.parseSize("99999999999999999999"))
                .getMessage().contains("too large"));
    }

    @ParameterizedTest
    @CsvSource({
        "0xF0000, 983040",
        "0XF0000, 983040",
        "F0000h, 983040",
        "0f0000H, 983040",
        "1000, 1000",
        "0, 0",
        "0xFFFFFFFF, 4294967295",
    })
    void parsesAddresses(String text, long expected) {
        assertEquals(expected, Numbers.parseAddress(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"F0000", "0x", "h", "xyz", "-5", "0xG", "12 34", ""})
    void rejectsMalformedAddresses(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Numbers.parseAddress(text));
        assertTrue(e.getMessage().startsWith("malformed address"), e.getMessage());
    }

    @Test
    void rejectsAddressesBeyondFourGiB() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Numbers.parseAddress("0x100000000"));
        assertTrue(e.getMessage().contains("4 GiB"), e.getMessage());
    }

    @Test
    void formatsForPeople() {
        assertEquals("000F0000", Numbers.hex32(0xF0000));
        assertEquals("00E9", Numbers.hex16(0xE9));
        assertEquals("640 KiB", Numbers.humanSize(640 * 1024));
        assertEquals("16 MiB", Numbers.humanSize(16L << 20));
        assertEquals("4 GiB", Numbers.humanSize(4L << 30));
        assertEquals("1536 B", Numbers.humanSize(1536));
        assertEquals("0 B", Numbers.humanSize(0));
    }
}
