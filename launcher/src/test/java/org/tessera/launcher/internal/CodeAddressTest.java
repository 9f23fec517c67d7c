package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CodeAddressTest {

    private final CodeAddress cs = CodeAddress.instructionPointer(0x1000, 0x10000, 0x0105);

    @Test
    void dotIsTheInstructionPointer() {
        assertSame(cs, CodeAddress.parse(".", cs));
        assertEquals(new CodeAddress(0x10000, 0x1000, 0x105), cs);
        assertThrows(IllegalArgumentException.class, () -> CodeAddress.parse(".", null));
    }

    @Test
    void segmentOffsetIsHex() {
        assertEquals(new CodeAddress(0xB8000, 0xB800, 0x10), CodeAddress.parse("B800:10", cs));
        assertEquals(new CodeAddress(0, 0, 0x7C00), CodeAddress.parse("0:7C00", null));
    }

    @Test
    void linearInsideCodeSegmentIsShownRelativeToCs() {
        assertEquals(new CodeAddress(0x10000, 0x1000, 0x200), CodeAddress.parse("0x10200", cs));
        assertEquals(new CodeAddress(0x10000, 0x1000, 0xFFFF), CodeAddress.parse("1FFFFh", cs));
    }

    @Test
    void otherLinearAddresses() {
        assertEquals(new CodeAddress(0, 0, 0x7C00), CodeAddress.parse("0x7C00", cs));
        assertEquals(new CodeAddress(0xF0000, 0xF000, 0xFFF0), CodeAddress.parse("1048560", cs));
        assertEquals(new CodeAddress(0xFFFF0000L, -1, 0xFFF0), CodeAddress.parse("0xFFFFFFF0", cs));
        assertThrows(IllegalArgumentException.class, () -> CodeAddress.parse("7C00", cs));
    }

    @Test
    void labels() {
        assertEquals("1000:0105", cs.label(0x105, 0x10105));
        assertEquals("1000:00012345", cs.label(0x12345, 0x22345));
        assertEquals("FFFFFFF0", new CodeAddress(0xFFFF0000L, -1, 0xFFF0).label(0xFFF0, 0xFFFFFFF0L));
    }
}
