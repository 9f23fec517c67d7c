package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuCommandsTest {

    @Test
    void stepCounts() {
        assertEquals(1, CpuCommands.parseSteps());
        assertEquals(5, CpuCommands.parseSteps("5"));
        assertEquals(16, CpuCommands.parseSteps("0x10"));
        assertEquals(CpuCommands.MAX_STEPS, CpuCommands.parseSteps(String.valueOf(CpuCommands.MAX_STEPS)));
        assertEquals("N must be 1..10000 (got 0)", assertThrows(IllegalArgumentException.class,
                () -> CpuCommands.parseSteps("0")).getMessage());
        assertEquals(CpuCommands.STEP_USAGE, assertThrows(IllegalArgumentException.class,
                () -> CpuCommands.parseSteps("1", "2")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CpuCommands.parseSteps("many"));
    }

    @Test
    void listingCounts() {
        assertEquals(3, CpuCommands.parseCount("3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuCommands.parseCount("0")).getMessage()
                .startsWith("count must be 1.."));
        assertThrows(IllegalArgumentException.class, () -> CpuCommands.parseCount("100000"));
    }

    @Test
    void commandsWithoutACpuSaySo() {
        CpuCommands commands = new CpuCommands();
        assertEquals("no CPU (cpu.core is not part of this machine)",
                assertThrows(IllegalArgumentException.class, commands::registers).getMessage());
        assertEquals("no CPU (cpu.core is not part of this machine)",
                assertThrows(IllegalArgumentException.class, commands::status).getMessage());
        assertEquals("no disassembler (cpu.core is not part of this machine)",
                assertThrows(IllegalArgumentException.class, () -> commands.disassemble("0:7C00")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> commands.disassemble()).getMessage()
                .startsWith("no CPU"));
    }
}
