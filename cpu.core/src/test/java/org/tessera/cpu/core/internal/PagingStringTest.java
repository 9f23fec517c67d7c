package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.cpu.core.internal.PagingRig.URW;
import static org.tessera.cpu.core.internal.PagingTest.assertHex;
import static org.tessera.cpu.core.internal.PagingTest.bothWays;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDI;
import static org.tessera.cpu.core.internal.RegisterFile.ESI;

import org.junit.jupiter.api.Test;

/**
 * REP string instructions that reach a missing page stop at the faulting element: ECX, ESI and EDI
 * count the elements done, EIP stays at the instruction, CR2 is the first byte of the element in
 * the missing page, and an element that crosses into the page writes nothing. Once the page is
 * mapped, running on from EIP finishes the job. Interpreted and compiled (the block compiler leaves
 * REP to the interpreter; the code around it is compiled).
 */
class PagingStringTest {

    static PagingRig rig(int mode) {
        PagingRig g = new PagingRig(mode);
        g.map(0x10000, 0x50000, URW);
        g.map(0x11000, 0x51000, URW);
        g.map(0x12000, 0x60000, URW);
        g.fill(0x50000, 0x1000, 0x01);
        g.fill(0x51000, 0x1000, 0x02);
        return g;
    }

    /** Byte {@code i} of the source at linear 10F00h. */
    static byte source(PagingRig g, int i) {
        int linear = 0x10F00 + i;
        int phys = (linear < 0x11000 ? 0x50000 : 0x51000) + (linear & 0xFFF);
        return g.ram[phys];
    }

    @Test
    void repMovsbStopsAtTheMissingDestinationPageAndCompletesAfterMapping() {
        bothWays(mode -> {
            PagingRig g = rig(mode);
            int at = g.code("mov esi, 0x10F00\nmov edi, 0x12F80\nmov ecx, 0x200\ncld\n", "a32 rep movsb");
            g.runToPageFault(at, 0x13000, 2);
            assertHex(0x180, g.gpr(ECX), "ECX at the fault");
            assertHex(0x10F80, g.gpr(ESI), "ESI at the fault");
            assertHex(0x13000, g.gpr(EDI), "EDI at the fault");
            for (int i = 0; i < 0x80; i++) {
                assertEquals(source(g, i), g.ram[0x60F80 + i], "byte " + i + " copied before the fault");
            }
            g.map(0x13000, 0x31000, URW);
            g.runToEnd();
            assertHex(0, g.gpr(ECX), "ECX at the end");
            assertHex(0x11100, g.gpr(ESI), "ESI at the end");
            assertHex(0x13180, g.gpr(EDI), "EDI at the end");
            for (int i = 0x80; i < 0x200; i++) {
                assertEquals(source(g, i), g.ram[0x31000 + i - 0x80], "byte " + i + " copied after mapping");
            }
            return g;
        });
    }

    @Test
    void repMovsbStopsAtTheMissingSourcePage() {
        bothWays(mode -> {
            PagingRig g = rig(mode);
            g.unmap(0x11000);
            int at = g.code("mov esi, 0x10FC0\nmov edi, 0x12000\nmov ecx, 0x100\ncld\n", "a32 rep movsb");
            g.runToPageFault(at, 0x11000, 0);
            assertHex(0xC0, g.gpr(ECX), "ECX");
            assertHex(0x11000, g.gpr(ESI), "ESI");
            assertHex(0x12040, g.gpr(EDI), "EDI");
            assertHex(0, g.peek32(0x60040), "nothing stored for the faulting element");
            return g;
        });
    }

    @Test
    void repStosbStopsAtTheMissingPage() {
        bothWays(mode -> {
            PagingRig g = rig(mode);
            int at = g.code("mov edi, 0x12FF0\nmov ecx, 0x40\nmov al, 0x5A\ncld\n", "a32 rep stosb");
            g.runToPageFault(at, 0x13000, 2);
            assertHex(0x30, g.gpr(ECX), "ECX");
            assertHex(0x13000, g.gpr(EDI), "EDI");
            assertHex(0x5A5A5A5A, g.peek32(0x60FFC), "stored before the fault");
            g.map(0x13000, 0x31000, URW);
            g.runToEnd();
            assertHex(0, g.gpr(ECX), "ECX at the end");
            assertHex(0x13030, g.gpr(EDI), "EDI at the end");
            assertHex(0x5A5A5A5A, g.peek32(0x3102C), "the last element");
            assertHex(0, g.peek32(0x31030), "nothing beyond");
            return g;
        });
    }

    @Test
    void repStosdElementCrossingIntoTheMissingPageWritesNothing() {
        bothWays(mode -> {
            PagingRig g = rig(mode);
            int at = g.code("mov edi, 0x12FF6\nmov ecx, 4\nmov eax, 0xA5A5A5A5\ncld\n", "a32 rep stosd");
            g.runToPageFault(at, 0x13000, 2);
            assertHex(2, g.gpr(ECX), "ECX");
            assertHex(0x12FFE, g.gpr(EDI), "EDI");
            assertHex(0xA5A5A5A5, g.peek32(0x60FF6), "element 0");
            assertHex(0xA5A5A5A5, g.peek32(0x60FFA), "element 1");
            assertHex(0, g.ram[0x60FFE] | g.ram[0x60FFF], "no partial element 2");
            g.map(0x13000, 0x31000, URW);
            g.runToEnd();
            assertHex(0, g.gpr(ECX), "ECX at the end");
            assertHex(0x13006, g.gpr(EDI), "EDI at the end");
            assertHex(0xA5A5, g.peek32(0x60FFC) >>> 16, "element 2, first page");
            assertHex(0xA5A5A5A5, g.peek32(0x31002), "element 3");
            assertHex(0xA5A5, g.peek32(0x31000) & 0xFFFF, "element 2, second page");
            return g;
        });
    }
}
