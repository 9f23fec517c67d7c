package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cpu.core.internal.PagingRig.URW;
import static org.tessera.cpu.core.internal.PagingTest.assertHex;
import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Page-crossing accesses whose two linear pages map to physically discontiguous pages, one RAM and
 * one a device that answers later: the access goes as one journaled piece per page, the device
 * sees each of its pieces exactly once although the instruction runs again after every
 * suspension, and the instruction's result is as if the memory were RAM.
 */
class PagingRedirectTest {

    static final int DEVICE_PAGE = 0x60;

    private static List<String> log(RedirectTestBus bus) {
        return bus.log().stream().map(Object::toString).collect(Collectors.toList());
    }

    /** Runs the snippet instruction by instruction through the redirect driver. */
    private static RedirectDriver run(PagingRig g, int instructions) {
        RedirectDriver driver = new RedirectDriver(g.cpu);
        for (int i = 0; i < instructions; i++) {
            driver.runInstruction(4);
        }
        assertHex(g.done, g.r.eip, "EIP at the end");
        assertEquals(-1, g.cpu.caughtVector, "exception");
        assertEquals(List.of(), driver.restoreViolations, "registers after a REDIRECT exit");
        return driver;
    }

    @ParameterizedTest
    @EnumSource(value = RedirectTestBus.Mode.class, names = {"IMMEDIATE", "LATER"})
    void deviceSecond(RedirectTestBus.Mode mode) {
        RedirectTestBus bus = new RedirectTestBus(mode).map(DEVICE_PAGE, 1, RedirectTestBus.Kind.DEVICE);
        PagingRig g = new PagingRig(0, bus, bus.ram());
        g.map(0x10000, 0x50000, URW);
        g.map(0x11000, DEVICE_PAGE << 12, URW);
        g.code("""
                mov dword [dword 0x10FFE], 0x11223344
                mov eax, [dword 0x10FFE]
                mov dword [dword 0x10FFF], 0xA1B2C3D4
                mov ebx, [dword 0x10FFF]
                """);
        RedirectDriver driver = run(g, 4);
        assertHex(0x11223344, g.gpr(EAX), "EAX");
        assertHex(0xA1B2C3D4, g.gpr(EBX), "EBX");
        assertHex(0xD444, g.peek32(0x50FFC) >>> 16, "RAM page");
        // the 3 bytes on the device page go as an aligned word and a byte
        assertEquals(List.of("W2@60000=1122", "R2@60000=1122", "W2@60000=b2c3", "W1@60002=a1", "R2@60000=b2c3",
                "R1@60002=a1"), log(bus));
        if (mode == RedirectTestBus.Mode.LATER) {
            assertEquals(6, driver.redirects, "one REDIRECT per device piece");
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedirectTestBus.Mode.class, names = {"IMMEDIATE", "LATER"})
    void deviceFirst(RedirectTestBus.Mode mode) {
        RedirectTestBus bus = new RedirectTestBus(mode).map(DEVICE_PAGE, 1, RedirectTestBus.Kind.DEVICE);
        PagingRig g = new PagingRig(0, bus, bus.ram());
        g.map(0x10000, DEVICE_PAGE << 12, URW);
        g.map(0x11000, 0x23000, URW);
        g.code("""
                mov dword [dword 0x10FFE], 0x11223344
                mov eax, [dword 0x10FFE]
                """);
        RedirectDriver driver = run(g, 2);
        assertHex(0x11223344, g.gpr(EAX), "EAX");
        assertHex(0x1122, g.peek32(0x23000) & 0xFFFF, "RAM page");
        assertEquals(List.of("W2@60ffe=3344", "R2@60ffe=3344"), log(bus));
        if (mode == RedirectTestBus.Mode.LATER) {
            assertEquals(2, driver.redirects, "one REDIRECT per device piece");
        }
        assertTrue(g.cpu.mem.walks > 0, "page walks were made");
    }
}
