package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RealModeAddressTest {

    @ParameterizedTest
    @CsvSource({
        "1000:0100, 4096, 256",
        "0:7C00, 0, 31744",
        "0x1000:0x100, 4096, 256",
        "1000h:100h, 4096, 256",
        "ffff:ffff, 65535, 65535",
        "' B800:0 ', 47104, 0",
        "00001000:0100, 4096, 256"
    })
    void parsesHexSegmentAndOffset(String text, int segment, int offset) {
        RealModeAddress a = RealModeAddress.parse(text);
        assertEquals(segment, a.segment());
        assertEquals(offset, a.offset());
    }

    @Test
    void linearAddressAndText() {
        assertEquals(0x10100, new RealModeAddress(0x1000, 0x0100).linear());
        assertEquals(0x7C00, new RealModeAddress(0, 0x7C00).linear());
        assertEquals(0x10FFEF, new RealModeAddress(0xFFFF, 0xFFFF).linear());
        assertEquals(RealModeAddress.END, new RealModeAddress(0xFFFF, 0xFFFF).linear() + 1);
        assertEquals("1000:0100", new RealModeAddress(0x1000, 0x100).toString());
        assertEquals("0000:7C00", RealModeAddress.parse("0:7c00").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1000", "1000:", ":0100", "1000:0100:2", "10 00:0100", "x:1", "0x:1", "-1:0",
        "1000:01G0", "0x10h:0"})
    void rejectsMalformed(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealModeAddress.parse(text));
        assertEquals("malformed address '" + text + "' (use SEG:OFF in hex, e.g. 1000:0100)", e.getMessage());
    }

    @Test
    void rejectsPartsBeyond16Bits() {
        assertEquals("segment of '10000:0' is beyond FFFF",
                assertThrows(IllegalArgumentException.class, () -> RealModeAddress.parse("10000:0")).getMessage());
        assertEquals("offset of '0:123456789ABCDEF' is beyond FFFF",
                assertThrows(IllegalArgumentException.class, () -> RealModeAddress.parse("0:123456789ABCDEF")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RealModeAddress(0x10000, 0));
        assertThrows(IllegalArgumentException.class, () -> new RealModeAddress(0, -1));
    }

    @Test
    void recognizesTheShape() {
        assertTrue(RealModeAddress.looksLikeSegOff("1000:0100"));
        assertTrue(RealModeAddress.looksLikeSegOff("bad:"));
        assertFalse(RealModeAddress.looksLikeSegOff("0x7C00"));
        assertFalse(RealModeAddress.looksLikeSegOff(null));
    }
}
