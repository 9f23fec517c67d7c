package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.cpu.core.internal.PagingRig.A;
import static org.tessera.cpu.core.internal.PagingRig.D;
import static org.tessera.cpu.core.internal.PagingRig.P;
import static org.tessera.cpu.core.internal.PagingRig.RW;
import static org.tessera.cpu.core.internal.PagingRig.URW;
import static org.tessera.cpu.core.internal.PagingRig.US;
import static org.tessera.cpu.core.internal.PagingTest.assertHex;
import static org.tessera.cpu.core.internal.PagingTest.bothWays;
import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;

import org.junit.jupiter.api.Test;

/**
 * The translation cache: it keeps a translation until INVLPG or a CR3 load drops it (as the
 * hardware may, and as guests rely on being able to force), it never serves a user access from a
 * supervisor translation, it fills a write entry only through a walk that set the dirty bit, CR0.WP
 * changes drop it, and compiled code is found at its physical page whatever linear page writes it.
 * Interpreted and compiled, with identical end states.
 */
class PagingTlbTest {

    /** The PTE of linear page 10h in the identity-mapped table at 2000h, as the guest sees it. */
    static final String PTE_10 = "dword [dword 0x2040]";

    static PagingRig twoPages(int mode) {
        PagingRig g = new PagingRig(mode);
        g.map(0x10000, 0x50000, URW);
        g.poke32(0x50000, 0x50505050);
        g.poke32(0x51000, 0x51515151);
        return g;
    }

    @Test
    void invlpgDropsAStaleTranslation() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.code("mov eax, [dword 0x10000]\n"
                    + "mov " + PTE_10 + ", 0x51000 | 7\n"
                    + "mov ebx, [dword 0x10000]\n"
                    + "invlpg [dword 0x10000]\n"
                    + "mov ecx, [dword 0x10000]\n");
            g.runToEnd();
            assertHex(0x50505050, g.gpr(EAX), "before the change");
            assertHex(0x50505050, g.gpr(EBX), "changed PTE, translation still cached");
            assertHex(0x51515151, g.gpr(ECX), "after INVLPG");
            assertHex(0x51000 | URW | A, g.pte(0x10000), "new PTE after its first use");
            return g;
        });
    }

    @Test
    void invlpgDropsAStaleWritePermission() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.r.cr0 |= 0x10000;
            int at = g.code("mov dword [dword 0x10000], 1\n"
                    + "mov " + PTE_10 + ", 0x50000 | 5\n"
                    + "mov dword [dword 0x10004], 2\n"
                    + "invlpg [dword 0x10000]\n",
                    "mov dword [dword 0x10008], 3");
            g.runToPageFault(at, 0x10008, 3);
            assertHex(1, g.peek32(0x50000), "first write");
            assertHex(2, g.peek32(0x50004), "write through the cached translation");
            assertHex(0, g.peek32(0x50008), "no write after INVLPG");
            assertHex(0x50000 | P | US, g.pte(0x10000), "PTE: no bit set by the refused walk");
            return g;
        });
    }

    @Test
    void aCleanedDirtyBitIsSetAgainByTheNextWriteAfterInvlpg() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.code("mov dword [dword 0x10000], 1\n"
                    + "mov " + PTE_10 + ", 0x50000 | 7\n"
                    + "invlpg [dword 0x10000]\n"
                    + "mov eax, [dword 0x10000]\n");
            g.runToEnd();
            assertHex(0x50000 | URW | A, g.pte(0x10000), "read after cleaning: accessed, not dirty");
            g.code("mov dword [dword 0x10004], 2");
            g.runToEnd();
            assertHex(0x50000 | URW | A | D, g.pte(0x10000), "written again: dirty");
            return g;
        });
    }

    @Test
    void invlpgInAFourMegabytePageDropsAllOfIt() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.r.cr4 = 0x10;
            // PDE 2 (linear 800000h) is at 1008h; the guest changes it from C00000h to 400000h
            g.pde(2, 0x00C00000 | PagingRig.PS | URW);
            g.poke32(0xC05000, 0xC5C5C5C5);
            g.poke32(0x405000, 0x45454545);
            g.code("""
                    mov eax, [dword 0x805000]
                    mov dword [dword 0x1008], 0x00400000 | 0x87
                    mov ebx, [dword 0x805000]
                    invlpg [dword 0x800000]
                    mov ecx, [dword 0x805000]
                    """);
            g.runToEnd();
            assertHex(0xC5C5C5C5, g.gpr(EAX), "before the change");
            assertHex(0xC5C5C5C5, g.gpr(EBX), "cached");
            assertHex(0x45454545, g.gpr(ECX), "after INVLPG of another address in the 4 MiB page");
            return g;
        });
    }

    @Test
    void cr3LoadSwitchesTablesAndFlushesEvenWithTheSameValue() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            // a second directory at 80000h whose first table (81000h) maps page 10h to 51000h
            g.poke32(0x80000, 0x81000 | URW);
            for (int i = 0; i < 16; i++) {
                g.poke32(0x81000 + i * 4, i << 12 | URW);
            }
            g.poke32(0x81000 + 0x10 * 4, 0x51000 | URW);
            g.code("""
                    mov eax, [dword 0x10000]
                    mov edx, 0x80000
                    mov cr3, edx
                    mov ebx, [dword 0x10000]
                    mov edx, 0x1000
                    mov cr3, edx
                    mov ecx, [dword 0x10000]
                    """);
            g.runToEnd();
            assertHex(0x50505050, g.gpr(EAX), "first directory");
            assertHex(0x51515151, g.gpr(EBX), "second directory");
            assertHex(0x50505050, g.gpr(ECX), "first directory again");
            assertHex(0x81000 | URW | A, g.peek32(0x80000), "PDE of the second directory");

            g.code("mov " + PTE_10 + ", 0x51000 | 7\n"
                    + "mov eax, [dword 0x10000]\n"
                    + "mov edx, cr3\n"
                    + "mov cr3, edx\n"
                    + "mov ebx, [dword 0x10000]\n");
            g.runToEnd();
            assertHex(0x50505050, g.gpr(EAX), "cached translation");
            assertHex(0x51515151, g.gpr(EBX), "after reloading CR3 with the same value");
            return g;
        });
    }

    @Test
    void supervisorTranslationsNeverServeUserAccesses() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.map(0x13000, 0x61000, P | RW); // supervisor page
            g.map(0x14000, 0x62000, P | US); // read-only user page (supervisor writes pass with WP clear)
            g.code("mov eax, [dword 0x13000]\nmov dword [dword 0x14000], 0x14141414");
            g.runToEnd();
            assertHex(0x14141414, g.peek32(0x62000), "supervisor write to a read-only page, WP clear");
            g.r.cpl = 3;
            g.code("mov ebx, [dword 0x13000]");
            g.runToPageFault(PagingRig.CODE, 0x13000, 5);
            g.code("mov dword [dword 0x14000], 0x41414141");
            g.runToPageFault(PagingRig.CODE, 0x14000, 7);
            assertHex(0x14141414, g.peek32(0x62000), "no user write");
            return g;
        });
    }

    @Test
    void codeReadableAtCplZeroIsNotFetchedAtCplThree() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.map(0x5000, 0x5000, P | RW); // supervisor code page
            g.codeAt(0x5000, 0x5000, "nop\nnop\njmp $");
            g.code("jmp word 0x5000");
            g.done = 0x5002;
            g.runToEnd();
            g.r.cpl = 3;
            g.runToPageFault(0x5002, 0x5002, 5);
            return g;
        });
    }

    @Test
    void settingWriteProtectDropsSupervisorWriteEntries() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.map(0x13000, 0x61000, P | US);
            int at = g.code("""
                    mov dword [dword 0x13000], 1
                    mov eax, cr0
                    or eax, 0x10000
                    mov cr0, eax
                    """, "mov dword [dword 0x13004], 2");
            g.runToPageFault(at, 0x13004, 3);
            assertHex(1, g.peek32(0x61000), "write with WP clear");
            assertHex(0, g.peek32(0x61004), "no write with WP set");
            return g;
        });
    }

    /**
     * Code runs at linear 30000h and is written through linear 20000h, both mapped to physical
     * 7000h: the write must end the compiled block (its lines are marked at the physical page), so
     * the patched instruction runs with its new immediate.
     */
    @Test
    void codeWrittenThroughAnotherLinearPageTakesEffect() {
        bothWays(mode -> {
            PagingRig g = twoPages(mode);
            g.map(0x30000, 0x7000, URW);
            g.map(0x20000, 0x7000, URW);
            g.r.loadReal(RegisterFile.CS, 0x2900); // CS:7000h = linear 30000h
            g.code("""
                    mov eax, 0
                    mov byte [dword target - 0x7000 + 0x20001], 0x41
                    target: mov al, 0
                    mov ebx, eax
                    """);
            g.runToEnd();
            assertHex(0x41, g.gpr(EBX), "the patched immediate");
            assertEquals(-1, g.cpu.caughtVector);
            return g;
        });
    }
}
