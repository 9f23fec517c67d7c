package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cpu.core.internal.PagingRig.A;
import static org.tessera.cpu.core.internal.PagingRig.D;
import static org.tessera.cpu.core.internal.PagingRig.P;
import static org.tessera.cpu.core.internal.PagingRig.PS;
import static org.tessera.cpu.core.internal.PagingRig.PT0;
import static org.tessera.cpu.core.internal.PagingRig.PT1;
import static org.tessera.cpu.core.internal.PagingRig.RW;
import static org.tessera.cpu.core.internal.PagingRig.URW;
import static org.tessera.cpu.core.internal.PagingRig.US;
import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Paging (486 rules): translation of 4 KiB and 4 MiB pages, accessed and dirty bits as the
 * hardware writes them, every kind of #PF with its error code and CR2, accesses that cross a page
 * boundary, instruction fetch across a boundary. Every scenario runs in the interpreter and with
 * the block compiler compiling everything it reaches; both runs must pass the same assertions and
 * end in the same state (registers, CR2, every byte of RAM, instruction count, the exception).
 */
class PagingTest {

    /** A value the setup puts in registers that a faulting instruction must leave alone. */
    static final String PRELUDE = "mov eax, 0x11111111\nmov ebx, 0x22222222\nmov ecx, 0x33333333\nmov edx, 0x44444444\n";

    /**
     * Runs {@code scenario} interpreted and compiled and compares the end states. The compiled
     * run must actually have compiled blocks.
     */
    static void bothWays(IntFunction<PagingRig> scenario) {
        PagingRig interpreted = scenario.apply(0);
        PagingRig compiled;
        try {
            compiled = scenario.apply(1);
        } catch (AssertionError e) {
            throw new AssertionError("with the block compiler: " + e.getMessage(), e);
        }
        assertTrue(compiled.cpu.blocksCompiled() > 0, "the compiled run compiled no block");
        assertEquals(interpreted.snapshot(), compiled.snapshot(), "the compiled run ended in another state than the interpreted one");
    }

    static void assertHex(int expected, int actual, String what) {
        assertEquals(Integer.toHexString(expected), Integer.toHexString(actual), what);
    }

    // ------------------------------------------------------------------ translation, A and D bits

    @Test
    void fourKilobytePagesTranslateAndSetAccessedAndDirtyBits() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.map(0x10000, 0x50000, URW);
            g.map(0x11000, 0x23000, URW);
            g.map(0x12000, 0x60000, URW);
            g.map(0x13000, 0x61000, URW);
            g.map(0x400000, 0x70000, URW);
            g.pde(1, PT1 | URW);
            g.poke32(0x50010, 0xCAFEBABE);
            g.poke32(0x60000, 0x600DF00D);
            g.poke32(0x10010, 0xDEADDEAD); // the identity address must not be what is read
            g.code("""
                    mov eax, [dword 0x10010]
                    mov dword [dword 0x10014], 0x55667788
                    mov dword [dword 0x11020], 0x11223344
                    mov ebx, [dword 0x12000]
                    mov dword [dword 0x400020], 0x99AABBCC
                    """);
            g.runToEnd();
            assertHex(0xCAFEBABE, g.gpr(EAX), "read through page 10h");
            assertHex(0x600DF00D, g.gpr(EBX), "read through page 12h");
            assertHex(0x55667788, g.peek32(0x50014), "write through page 10h");
            assertHex(0x11223344, g.peek32(0x23020), "write through page 11h");
            assertHex(0x99AABBCC, g.peek32(0x70020), "write through the second page table");
            assertHex(0, g.peek32(0x11020), "nothing written at the untranslated address");
            // read then written: A and D; written only: A and D; read only: A; untouched: nothing
            assertHex(0x50000 | URW | A | D, g.pte(0x10000), "PTE of page 10h");
            assertHex(0x23000 | URW | A | D, g.pte(0x11000), "PTE of page 11h");
            assertHex(0x60000 | URW | A, g.pte(0x12000), "PTE of page 12h");
            assertHex(0x61000 | URW, g.pte(0x13000), "PTE of page 13h");
            // a directory entry gets A, never D, for a 4 KiB page
            assertHex(PT1 | URW | A, g.pde(1), "PDE 1");
            assertHex(PT0 | URW | A, g.pde(0), "PDE 0");
            assertHex(0, g.pde(2), "PDE 2");
            return g;
        });
    }

    @Test
    void fourMegabytePagesWithPse() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.r.cr4 = 0x10;
            g.pde(2, 0x00C00000 | PS | URW); // linear 800000h -> physical C00000h
            g.pde(3, 0x00400000 | PS | URW); // linear C00000h -> physical 400000h
            g.pde(4, 0x00800000 | PS | URW); // never used
            g.poke32(0xC12344, 0x4D4D4D4D);
            g.code("""
                    mov eax, [dword 0x812344]
                    mov dword [dword 0xC3F000], 0x12345678
                    """);
            g.runToEnd();
            assertHex(0x4D4D4D4D, g.gpr(EAX), "read through a 4 MiB page");
            assertHex(0x12345678, g.peek32(0x43F000), "write through a 4 MiB page");
            assertHex(0x00C00000 | PS | URW | A, g.pde(2), "PDE of the page read");
            assertHex(0x00400000 | PS | URW | A | D, g.pde(3), "PDE of the page written");
            assertHex(0x00800000 | PS | URW, g.pde(4), "PDE not used");
            return g;
        });
    }

    @Test
    void withoutPseThePageSizeBitIsIgnored() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.r.cr4 = 0;
            g.pde(2, 0x00C00000 | PS | URW); // a page table at C00000h
            g.poke32(0xC00004, 0x00090000 | URW); // its entry 1: linear 801000h -> 90000h
            g.poke32(0x90008, 0x0BADCAFE);
            g.code("mov eax, [dword 0x801008]");
            g.runToEnd();
            assertHex(0x0BADCAFE, g.gpr(EAX), "read through the table");
            assertHex(0x00C00000 | PS | URW | A, g.pde(2), "PDE");
            assertHex(0x00090000 | URW | A, g.peek32(0xC00004), "PTE");
            return g;
        });
    }

    // ------------------------------------------------------------------ #PF

    /** A read or a write of a dword at {@code linear} at CPL {@code cpl}: the instruction tested. */
    static String access(boolean write, int linear) {
        return write ? "mov dword [dword " + linear + "], 0x5A5A5A5A" : "mov eax, [dword " + linear + "]";
    }

    static int error(boolean protection, boolean write, boolean user) {
        return (protection ? 1 : 0) | (write ? 2 : 0) | (user ? 4 : 0);
    }

    /** Runs one access that must fault and checks that nothing else changed. */
    static PagingRig faulting(int mode, boolean write, boolean user, int linear, int expectedError,
            java.util.function.Consumer<PagingRig> setup) {
        PagingRig g = new PagingRig(mode);
        g.map(0x10000, 0x50000, URW);
        setup.accept(g);
        g.r.cpl = user ? 3 : 0;
        int at = g.code(PRELUDE, access(write, linear));
        int[] tables = new int[0x3000 / 4];
        for (int i = 0; i < tables.length; i++) {
            tables[i] = g.peek32(PagingRig.PD + i * 4);
        }
        g.runToPageFault(at, linear, expectedError);
        assertHex(0x11111111, g.gpr(EAX), "EAX");
        assertHex(0x22222222, g.gpr(EBX), "EBX");
        assertHex(0x44444444, g.gpr(EDX), "EDX");
        for (int i = 0; i < tables.length; i++) {
            int addr = PagingRig.PD + i * 4;
            if (addr != g.pteAddress(PagingRig.CODE) && addr != PagingRig.PD) {
                assertHex(tables[i], g.peek32(addr), "page table word at " + Integer.toHexString(addr) + " after a #PF");
            }
        }
        return g;
    }

    @ParameterizedTest(name = "write={0} user={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void notPresentDirectoryEntry(boolean write, boolean user) {
        bothWays(mode -> faulting(mode, write, user, 0xC01234, error(false, write, user), g -> {
        }));
    }

    @ParameterizedTest(name = "write={0} user={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void notPresentTableEntry(boolean write, boolean user) {
        bothWays(mode -> faulting(mode, write, user, 0x13FFC, error(false, write, user), g -> g.map(0x13000, 0x61000, RW | US)));
    }

    @ParameterizedTest(name = "write={0}")
    @CsvSource({"false", "true"})
    void userAccessToSupervisorPage(boolean write) {
        bothWays(mode -> faulting(mode, write, true, 0x13010, error(true, write, true), g -> g.map(0x13000, 0x61000, P | RW)));
    }

    @ParameterizedTest(name = "write={0}")
    @CsvSource({"false", "true"})
    void userAccessThroughSupervisorDirectoryEntry(boolean write) {
        bothWays(mode -> faulting(mode, write, true, 0x400010, error(true, write, true), g -> {
            g.pde(1, PT1 | P | RW);
            g.map(0x400000, 0x70000, URW);
        }));
    }

    @Test
    void userWriteToReadOnlyPage() {
        bothWays(mode -> faulting(mode, true, true, 0x13010, 7, g -> g.map(0x13000, 0x61000, P | US)));
    }

    @Test
    void userWriteThroughReadOnlyDirectoryEntry() {
        bothWays(mode -> faulting(mode, true, true, 0x400010, 7, g -> {
            g.pde(1, PT1 | P | US);
            g.map(0x400000, 0x70000, URW);
        }));
    }

    @Test
    void supervisorWriteToReadOnlyPageFaultsOnlyWithWriteProtect() {
        bothWays(mode -> faulting(mode, true, false, 0x13010, 3, g -> {
            g.r.cr0 |= 0x10000;
            g.map(0x13000, 0x61000, P | US);
        }));
        bothWays(mode -> faulting(mode, true, false, 0x400010, 3, g -> {
            g.r.cr0 |= 0x10000;
            g.pde(1, PT1 | P | US);
            g.map(0x400000, 0x70000, URW);
        }));
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.map(0x13000, 0x61000, P | US);
            g.pde(1, PT1 | P);
            g.map(0x400000, 0x70000, P);
            g.code("mov dword [dword 0x13010], 0x01020304\nmov dword [dword 0x400010], 0x05060708");
            g.runToEnd();
            assertHex(0x01020304, g.peek32(0x61010), "supervisor write, WP clear, read-only PTE");
            assertHex(0x05060708, g.peek32(0x70010), "supervisor write, WP clear, read-only PDE and PTE");
            assertHex(0x61000 | P | US | A | D, g.pte(0x13000), "PTE");
            assertHex(0x70000 | P | A | D, g.pte(0x400000), "PTE");
            assertHex(PT1 | P | A, g.pde(1), "PDE");
            return g;
        });
    }

    @Test
    void userReadsOfReadOnlyUserPagesAndSupervisorAccessesToUserPagesAreAllowed() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.map(0x13000, 0x61000, P | US);
            g.map(0x10000, 0x50000, URW);
            g.poke32(0x61010, 0x31323334);
            g.poke32(0x50010, 0x41424344);
            g.r.cpl = 3;
            g.code("mov eax, [dword 0x13010]");
            g.runToEnd();
            assertHex(0x31323334, g.gpr(EAX), "user read of a read-only user page");
            g.r.cpl = 0;
            g.code("mov ebx, [dword 0x10010]\nmov dword [dword 0x10020], 0x7E7E7E7E");
            g.runToEnd();
            assertHex(0x41424344, g.gpr(EBX), "supervisor read of a user page");
            assertHex(0x7E7E7E7E, g.peek32(0x50020), "supervisor write to a user page");
            return g;
        });
    }

    // ------------------------------------------------------------------ crossing a page boundary

    @Test
    void crossingAccessesReachTwoDiscontiguousPages() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.map(0x10000, 0x50000, URW);
            g.map(0x11000, 0x23000, URW);
            g.code("""
                    mov dword [dword 0x10FFE], 0x11223344
                    mov eax, [dword 0x10FFE]
                    mov dword [dword 0x10FFD], 0xA1B2C3D4
                    mov ebx, [dword 0x10FFD]
                    mov dword [dword 0x10FFF], 0x55667788
                    mov ecx, [dword 0x10FFF]
                    mov word [dword 0x10FFF], 0x99AA
                    mov dx, [dword 0x10FFF]
                    """);
            g.runToEnd();
            assertHex(0x11223344, g.gpr(EAX), "dword read 2+2");
            assertHex(0xA1B2C3D4, g.gpr(EBX), "dword read 3+1");
            assertHex(0x55667788, g.gpr(ECX), "dword read 1+3");
            assertHex(0x99AA, g.gpr(EDX) & 0xFFFF, "word read 1+1");
            assertHex(0xAAC3D4, g.peek32(0x50FFC) >>> 8, "first page");
            assertHex(0x556699, g.peek32(0x23000) & 0xFFFFFF, "second page");
            assertHex(0x50000 | URW | A | D, g.pte(0x10000), "PTE 10h");
            assertHex(0x23000 | URW | A | D, g.pte(0x11000), "PTE 11h");
            return g;
        });
    }

    /**
     * A crossing access whose first or second page is missing (or refuses the access): #PF with
     * CR2 at the first byte of the access in that page, nothing written to the other page.
     */
    @ParameterizedTest(name = "write={0} missing first={1} user={2}")
    @CsvSource({"false,false,false", "false,true,false", "true,false,false", "true,true,false",
            "false,false,true", "false,true,true", "true,false,true", "true,true,true"})
    void crossingAccessWithOneMissingPage(boolean write, boolean missingFirst, boolean user) {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.fill(0x50000, 0x1000, 0x11);
            g.fill(0x23000, 0x1000, 0x22);
            if (missingFirst) {
                g.map(0x11000, 0x23000, URW);
            } else {
                g.map(0x10000, 0x50000, URW);
            }
            g.r.cpl = user ? 3 : 0;
            int at = g.code(PRELUDE, access(write, 0x10FFE));
            g.runToPageFault(at, missingFirst ? 0x10FFE : 0x11000, error(false, write, user));
            assertHex(0x11111111, g.gpr(EAX), "EAX");
            for (int i = 0; i < 0x1000; i++) {
                assertEquals((byte) (0x11 + i * 7), g.ram[0x50000 + i], "first page byte " + i);
                assertEquals((byte) (0x22 + i * 7), g.ram[0x23000 + i], "second page byte " + i);
            }
            return g;
        });
    }

    @ParameterizedTest(name = "user={0}")
    @CsvSource({"false", "true"})
    void crossingWriteToReadOnlySecondPage(boolean user) {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.r.cr0 |= 0x10000;
            g.map(0x10000, 0x50000, URW);
            g.map(0x11000, 0x23000, P | US);
            g.r.cpl = user ? 3 : 0;
            int at = g.code(PRELUDE, "mov dword [dword 0x10FFE], 0x11223344");
            g.runToPageFault(at, 0x11000, error(true, true, user));
            assertHex(0, g.peek32(0x50FFC), "first page not written");
            assertHex(0, g.peek32(0x23000), "second page not written");
            return g;
        });
    }

    /**
     * PUSH, CALL and POP whose stack access crosses from a present page into a missing one, with
     * the stack segment at linear 20000h (page 20h missing, page 21h present): ESP and EIP stay.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"'push eax', 0x1002, 0x20FFE, 2", "'push ax', 0x1001, 0x20FFF, 2", "'call word near0', 0x1001, 0x20FFF, 2",
            "'pop eax', 0x0FFE, 0x20FFE, 0", "'ret', 0x0FFF, 0x20FFF, 0"})
    void stackAccessCrossingIntoAMissingPage(String instruction, int esp, int cr2, int error) {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.map(0x21000, 0x70000, URW);
            g.r.loadReal(RegisterFile.SS, 0x2000);
            g.r.limit[RegisterFile.SS] = -1;
            int at = g.code(PRELUDE + "mov esp, " + esp + "\n", instruction + "\nnear0: nop");
            g.runToPageFault(at, cr2, error);
            assertHex(esp, g.gpr(RegisterFile.ESP), "ESP");
            assertHex(0x11111111, g.gpr(EAX), "EAX");
            assertHex(0, g.peek32(0x70000), "nothing written on the present page");
            return g;
        });
    }

    // ------------------------------------------------------------------ instruction fetch

    @ParameterizedTest(name = "user={0}")
    @CsvSource({"false", "true"})
    void fetchAcrossABoundaryIntoAMissingPage(boolean user) {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.unmap(0x6000);
            // MOV EAX, imm32 (6 bytes) from 5FFDh to 6002h, then JMP $
            g.codeAt(0x5FFD, 0x5FFD, "mov eax, 0x12345678\njmp $");
            g.r.cpl = user ? 3 : 0;
            g.code(PRELUDE + "jmp word 0x5FFD");
            g.runToPageFault(0x5FFD, 0x6000, user ? 4 : 0);
            assertHex(0x11111111, g.gpr(EAX), "EAX");
            g.map(0x6000, 0x6000, URW);
            g.done = 0x6003;
            g.runToEnd();
            assertHex(0x12345678, g.gpr(EAX), "EAX after the page is mapped");
            return g;
        });
    }

    @Test
    void userFetchFromSupervisorPage() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.map(0x5000, 0x5000, P | RW);
            g.codeAt(0x5000, 0x5000, "mov eax, 1\njmp $");
            g.r.cpl = 3;
            g.code(PRELUDE + "jmp word 0x5000");
            g.runToPageFault(0x5000, 0x5000, 5);
            return g;
        });
    }

    // ------------------------------------------------------------------ control registers

    @Test
    void pagingWithoutProtectionIsGeneralProtection() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.r.cr0 = 0x10;
            int at = g.code("mov eax, 0x80000000\n", "mov cr0, eax");
            assertEquals(Cpu.Exit.STOPPED, g.go());
            assertEquals(CpuFault.GP, g.cpu.caughtVector, "vector");
            assertEquals(0, g.cpu.caughtError, "error code");
            assertHex(at, g.r.eip, "EIP");
            assertHex(0x10, g.r.cr0, "CR0");
            return g;
        });
    }

    @Test
    void movToCr0TurnsPagingOnAndOffAndKeepsEt() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.r.cr0 = 0x10;
            g.map(0x10000, 0x50000, URW);
            g.poke32(0x50000, 0x50505050);
            g.poke32(0x10000, 0x10101010);
            g.code("""
                    mov ecx, [dword 0x10000]
                    mov eax, 0x80000001
                    mov cr0, eax
                    mov ebx, cr0
                    mov edx, [dword 0x10000]
                    mov eax, 0
                    mov cr0, eax
                    mov eax, [dword 0x10000]
                    """);
            g.runToEnd();
            assertHex(0x10101010, g.gpr(ECX), "real mode");
            assertHex(0x80000011, g.gpr(EBX), "CR0 with ET");
            assertHex(0x50505050, g.gpr(EDX), "paged");
            assertHex(0x10101010, g.gpr(EAX), "paging off again");
            return g;
        });
    }

    @Test
    void controlRegistersNeedCplZero() {
        bothWays(mode -> {
            PagingRig g = new PagingRig(mode);
            g.r.cpl = 3;
            int at = g.code("mov eax, 0x2000\n", "mov cr3, eax");
            assertEquals(Cpu.Exit.STOPPED, g.go());
            assertEquals(CpuFault.GP, g.cpu.caughtVector, "vector");
            assertEquals(0, g.cpu.caughtError, "error code");
            assertHex(at, g.r.eip, "EIP");
            assertHex(PagingRig.PD, g.r.cr3, "CR3");
            return g;
        });
    }
}
