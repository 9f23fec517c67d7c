package org.tessera.guest.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the structures lie: real mode, protected mode, paging with 4 KiB and 4 MiB pages, A20. */
class StructureFinderTest {

    private final FakeMemory memory = new FakeMemory();
    private final StructureFinder finder = new StructureFinder(memory);

    private List<String> find(Regs regs) {
        return finder.find(regs.get()).stream().map(Region::toString).toList();
    }

    @Test
    void realModeHasTheInterruptVectorTableOnly() {
        assertEquals(List.of("ivt 0x00000000-0x000003ff"), find(Regs.reset()));
        // even with descriptor tables loaded before the switch to protected mode
        assertEquals(List.of("ivt 0x00000000-0x000003ff"), find(Regs.reset().gdt(0x5000, 0x17).ldt(8, 0x9000, 0xF)));
    }

    @Test
    void protectedModeWithoutPagingTakesTheBasesAsPhysical() {
        Regs pm = Regs.reset().cr0(Regs.PE).gdt(0x5000, 0x17).idt(0x46000, 0x7FF);
        assertEquals(List.of("gdt 0x00005000-0x00005017", "idt 0x00046000-0x000467ff"), find(pm));
        Regs tasks = pm.ldt(0x18, 0x7000, 0x27).tss(0x20, 0x8000, 0x67);
        assertEquals(List.of("gdt 0x00005000-0x00005017", "idt 0x00046000-0x000467ff", "ldt 0x00007000-0x00007027",
                "tss 0x00008000-0x00008067"), find(tasks));
        // a null selector means none, whatever the hidden base says
        assertEquals(find(pm), find(tasks.ldt(0, 0x7000, 0x27).tss(0, 0x8000, 0x67)));
    }

    @Test
    void pagingTranslatesEachPageAndFindsTheTables() {
        int pd = 0x10000;
        memory.write32(pd, 0x11000 | 0x7); // 0-4 MiB: table at 11000
        memory.write32(pd + 4, 0x0080_0000 | 0x83); // 4-8 MiB: a 4 MiB page at 8 MiB
        memory.write32(pd + 8, 0x12000 | 0x3); // 8-12 MiB: table at 12000
        memory.write32(pd + 12, 0x13000); // not present
        memory.write32(pd + 16, 0x11000 | 0x1); // a second entry with the same table
        // the GDT at linear 1FF0..200F runs over two pages mapped far apart: 5000 then 3000
        memory.write32(0x11000 + 4, 0x5000 | 1);
        memory.write32(0x11000 + 8, 0x3000 | 1);
        // the LDT's second page is not mapped
        memory.write32(0x11000 + 0x10 * 4, 0x20000 | 1);
        Regs paged = Regs.reset().cr0(Regs.PE | Regs.PG).cr3(pd | 0x18).cr4(Regs.PSE)
                .gdt(0x1FF0, 0x1F)
                .idt(0x40_0800, 0x7FF)
                .ldt(0x28, 0x10F00, 0x1FF)
                .tss(0x30, 0x80_2000, 0x67);
        memory.write32(0x12000 + 2 * 4, 0x30000 | 1); // TSS at linear 802000
        assertEquals(List.of(
                "gdt 0x00005ff0-0x00005fff", "gdt 0x00003000-0x0000300f",
                "idt 0x00800800-0x00800fff",
                "ldt 0x00020f00-0x00020fff",
                "tss 0x00030000-0x00030067",
                "page-directory 0x00010000-0x00010fff",
                "page-table 0x00011000-0x00011fff", "page-table 0x00012000-0x00012fff"), find(paged));

        // without CR4.PSE the PS bit means nothing: the entry points to a table at 800000
        List<String> noPse = find(paged.cr4(0));
        assertEquals("page-table 0x00800000-0x00800fff", noPse.get(noPse.size() - 2));
    }

    @Test
    void physicalRunsOfAdjacentPagesMerge() {
        int pd = 0x10000;
        memory.write32(pd, 0x11000 | 1);
        memory.write32(0x11000 + 4, 0x7000 | 1);
        memory.write32(0x11000 + 8, 0x8000 | 1);
        Regs paged = Regs.reset().cr0(Regs.PE | Regs.PG).cr3(pd).gdt(0x1800, 0xFFF).idt(0x1000, 0);
        assertEquals(List.of("gdt 0x00007800-0x000087ff", "idt 0x00007000-0x00007000",
                "page-directory 0x00010000-0x00010fff", "page-table 0x00011000-0x00011fff"), find(paged));
    }

    @Test
    void aClosedA20GateClearsAddressBit20() {
        Regs pm = Regs.reset().cr0(Regs.PE).gdt(0x10_0010, 0xF).idt(0xF_FFF0, 0x1F).a20(false);
        // the IDT runs from FFFF0 to 10000F: its second page wraps to 0
        assertEquals(List.of("gdt 0x00000010-0x0000001f", "idt 0x000ffff0-0x000fffff", "idt 0x00000000-0x0000000f"),
                find(pm));
        assertEquals(List.of("gdt 0x00100010-0x0010001f", "idt 0x000ffff0-0x0010000f"), find(pm.a20(true)));

        // CR3 and the tables are physical addresses too
        memory.write32(0x10000, 0x11000 | 1);
        memory.write32(0x11000, 0x13_5000 | 1); // linear page 0 -> 135000, i.e. 35000 with A20 closed
        Regs paged = pm.cr0(Regs.PE | Regs.PG).cr3(0x11_0000).gdt(0x100, 7).idt(0x200, 7);
        assertEquals(List.of("gdt 0x00035100-0x00035107", "idt 0x00035200-0x00035207",
                "page-directory 0x00010000-0x00010fff", "page-table 0x00011000-0x00011fff"), find(paged));
    }
}
