package org.tessera.firmware.bios.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RomTest {

    private final byte[] rom = Rom.build();

    private byte[] at(int offset, int length) {
        return Arrays.copyOfRange(rom, offset, offset + length);
    }

    private static byte[] bytes(int... b) {
        byte[] r = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            r[i] = (byte) b[i];
        }
        return r;
    }

    @Test
    void int13StubTrapsAndWaitsOnCarry() {
        int s = Rom.stub(0x13);
        // push ax; mov al,13h; out E0h,al; pop ax; jc +1; iret; sti; hlt; jmp entry
        assertArrayEquals(bytes(0x50, 0xB0, 0x13, 0xE6, 0xE0, 0x58, 0x72, 0x01, 0xCF, 0xFB, 0xF4, 0xEB, 0xF3), at(s, 13));
    }

    @Test
    void int08StubCallsTheUserTimerHook() {
        int s = Rom.stub(0x08);
        assertArrayEquals(bytes(0x50, 0xB0, 0x08, 0xE6, 0xE0, 0x58, 0x72, 0x03, 0xCD, 0x1C, 0xCF, 0xFB, 0xF4, 0xEB, 0xF1),
                at(s, 15));
    }

    @Test
    void compatibleEntryPointsJumpToTheStubs() {
        for (var e : Rom.ENTRIES.entrySet()) {
            int at = e.getValue();
            assertEquals(0xE9, rom[at] & 0xFF);
            int rel = (short) ((rom[at + 1] & 0xFF) | (rom[at + 2] & 0xFF) << 8);
            assertEquals(Rom.stub(e.getKey()), (at + 3 + rel) & 0xFFFF, "INT " + Integer.toHexString(e.getKey()));
        }
    }

    @Test
    void resetVectorDateModelAndPost() {
        assertArrayEquals(bytes(0xEA, Rom.POST & 0xFF, Rom.POST >> 8, 0x00, 0xF0), at(0xFFF0, 5));
        assertEquals("01/01/26", new String(at(0xFFF5, 8), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xFC, rom[0xFFFE] & 0xFF);
        assertArrayEquals(bytes(0xB0, 0xF0, 0xE6, 0xE0, 0xFB, 0xCD, 0x19, 0xFA, 0xF4, 0xEB, 0xFD), at(Rom.POST, 11));
        assertEquals(Rom.HALT, Rom.POST + 7);
        assertEquals(0xCF, rom[Rom.DUMMY_IRET] & 0xFF);
        assertEquals(0xFC, rom[Rom.CONFIG_TABLE + 2] & 0xFF);
        assertEquals(18, rom[Rom.DISKETTE_TABLE + 4]);
    }
}
