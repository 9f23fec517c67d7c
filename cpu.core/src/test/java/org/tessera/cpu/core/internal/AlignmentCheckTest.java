package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * The 486 alignment check (#AC, vector 17, error code 0): only with CR0.AM and EFLAGS.AC set and
 * at CPL 3, for misaligned word and doubleword data accesses, before the access is made; byte
 * accesses, aligned accesses and supervisor code are never checked. Interpreted and compiled.
 */
class AlignmentCheckTest {

    private static final int AC_VECTOR = 17;

    private static PagingRig rig(int compiler, boolean am, boolean ac, int cpl) {
        PagingRig g = new PagingRig(compiler);
        g.r.cr0 |= am ? AccessPath.CR0_AM : 0;
        g.cpu.flags.setBit(Flags.AC, ac);
        g.r.cpl = cpl;
        return g;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void misalignedWordAndDoublewordAtCpl3Fault(int compiler) {
        PagingRig g = rig(compiler, true, true, 3);
        g.poke32(0x8000, 0x11223344);
        int at = g.code("mov bx, 0x8000\nmov al, [bx+1]\nmov ax, [bx+2]\nmov eax, [bx+4]\nmov word [bx+8], 5", "mov ax, [bx+1]");
        assertEquals(Cpu.Exit.STOPPED, g.go());
        assertEquals(AC_VECTOR, g.cpu.caughtVector);
        assertEquals(0, g.cpu.caughtError);
        assertEquals(Integer.toHexString(at), Integer.toHexString(g.r.eip), "EIP at the faulting instruction");
        assertEquals(0, g.gpr(RegisterFile.EAX), "EAX still holds the aligned doubleword load (0), not the faulting load");

        PagingRig w = rig(compiler, true, true, 3);
        w.poke32(0x8000, 0);
        int store = w.code("mov bx, 0x8000", "mov dword [bx+2], 0xAABBCCDD");
        assertEquals(Cpu.Exit.STOPPED, w.go());
        assertEquals(AC_VECTOR, w.cpu.caughtVector);
        assertEquals(Integer.toHexString(store), Integer.toHexString(w.r.eip));
        assertEquals(0, w.peek32(0x8000), "nothing written");
        assertEquals(0, w.peek32(0x8004), "nothing written");

        PagingRig s = rig(compiler, true, true, 3);
        int push = s.code("mov sp, 0x8FFF", "push ax");
        assertEquals(Cpu.Exit.STOPPED, s.go());
        assertEquals(AC_VECTOR, s.cpu.caughtVector, "a push to a misaligned stack is checked too");
        assertEquals(Integer.toHexString(push), Integer.toHexString(s.r.eip));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void noCheckWithoutAmOrAcOrBelowCpl3(int compiler) {
        for (PagingRig g : new PagingRig[] {rig(compiler, false, true, 3), rig(compiler, true, false, 3),
            rig(compiler, true, true, 0)}) {
            g.poke32(0x8000, 0x11223344);
            g.poke32(0x8004, 0x55667788);
            g.code("mov bx, 0x8000\nmov ax, [bx+1]\nmov ecx, [bx+3]\nmov word [bx+9], 0x1234");
            g.runToEnd();
            assertEquals(0x2233, g.gpr(RegisterFile.EAX) & 0xFFFF);
            assertEquals(0x66778811, g.gpr(RegisterFile.ECX));
            assertEquals(0x1234, g.peek8(0x8009) | g.peek8(0x800A) << 8);
        }
    }
}
