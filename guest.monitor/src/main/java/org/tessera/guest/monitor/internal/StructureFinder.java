package org.tessera.guest.monitor.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tessera.machine.api.cpu.SystemRegisters;

/**
 * Works out where the guest's system structures lie in physical memory from the CPU's system
 * registers, reading the guest's page tables itself (it never sets accessed or dirty bits).
 *
 * <ul>
 * <li>Real mode: the interrupt vector table, 0 to 3FFh ({@value #IVT}).</li>
 * <li>Protected mode: the GDT (GDTR), the IDT (IDTR), the LDT (LDTR's hidden base and limit,
 * when LDTR is not 0), the current TSS (TR's, when TR is not 0). Their bases are linear: with
 * paging on each page of the range is translated, unmapped pages are left out and runs of
 * physically adjacent pages are merged, so a structure may be several regions.</li>
 * <li>Paging on: the page directory (CR3, 4 KiB) and every page table a present directory
 * entry points to (not for 4 MiB pages, which have none), each table once.</li>
 * </ul>
 *
 * With the A20 gate closed, address bit 20 of every physical address is 0. A structure's range is
 * capped at {@value #MAX_STRUCTURE} bytes (an LDT or TSS limit may in theory reach 4 GiB).
 */
final class StructureFinder {

    static final String GDT = "gdt";
    static final String IDT = "idt";
    static final String LDT = "ldt";
    static final String TSS = "tss";
    static final String PAGE_DIRECTORY = "page-directory";
    static final String PAGE_TABLE = "page-table";
    static final String IVT = "ivt";
    /** Every structure name, in the order {@link #find} reports them. */
    static final List<String> NAMES = List.of(GDT, IDT, LDT, TSS, PAGE_DIRECTORY, PAGE_TABLE, IVT);

    /** The largest structure followed, in bytes. */
    static final long MAX_STRUCTURE = 0x2_0000;
    private static final long PAGE = 0x1000;
    private static final long FOUR_GIB = 0x1_0000_0000L;
    private static final long A20_MASK = ~(1L << 20);
    private static final int PRESENT = 1;
    private static final int PAGE_SIZE_BIT = 0x80;

    private final PhysicalReader memory;

    StructureFinder(PhysicalReader memory) {
        this.memory = memory;
    }

    /** The structures' regions: GDT, IDT, LDT, TSS, page directory, page tables, IVT order. */
    List<Region> find(SystemRegisters regs) {
        List<Region> out = new ArrayList<>();
        if (!regs.protectedMode()) {
            out.add(new Region(IVT, 0, 0x400));
            return out;
        }
        Walker walker = new Walker(regs);
        linear(out, walker, GDT, regs.gdtBase(), regs.gdtLimit());
        linear(out, walker, IDT, regs.idtBase(), regs.idtLimit());
        if ((regs.ldtr() & 0xFFFC) != 0) {
            linear(out, walker, LDT, regs.ldtBase(), regs.ldtLimit());
        }
        if ((regs.tr() & 0xFFFC) != 0) {
            linear(out, walker, TSS, regs.tssBase(), regs.tssLimit());
        }
        if (regs.paging()) {
            long directory = walker.directory;
            out.add(new Region(PAGE_DIRECTORY, directory, PAGE));
            Set<Long> tables = new LinkedHashSet<>();
            for (int i = 0; i < 1024; i++) {
                int pde = memory.read(directory + 4L * i, 4);
                if ((pde & PRESENT) == 0 || ((pde & PAGE_SIZE_BIT) != 0 && regs.largePages())) {
                    continue;
                }
                tables.add(walker.physical(pde & 0xFFFF_F000L));
            }
            for (long table : tables) {
                out.add(new Region(PAGE_TABLE, table, PAGE));
            }
        }
        return out;
    }

    /** Adds the physical regions of the linear range base..base+limit. */
    private void linear(List<Region> out, Walker walker, String name, int base, int limit) {
        long size = Math.min((limit & 0xFFFF_FFFFL) + 1, MAX_STRUCTURE);
        long linear = base & 0xFFFF_FFFFL;
        long runBase = -1;
        long runSize = 0;
        while (size > 0) {
            long chunk = Math.min(size, PAGE - (linear & (PAGE - 1)));
            long physical = walker.translate(linear);
            if (physical >= 0 && runBase >= 0 && runBase + runSize == physical) {
                runSize += chunk;
            } else {
                if (runBase >= 0) {
                    out.add(new Region(name, runBase, runSize));
                }
                runBase = physical;
                runSize = physical >= 0 ? chunk : 0;
            }
            size -= chunk;
            linear = (linear + chunk) & (FOUR_GIB - 1);
        }
        if (runBase >= 0) {
            out.add(new Region(name, runBase, runSize));
        }
    }

    /** Translates linear addresses as the CPU does, without touching accessed or dirty bits. */
    private final class Walker {
        private final boolean paging;
        private final boolean large;
        private final boolean a20;
        final long directory;

        Walker(SystemRegisters regs) {
            paging = regs.paging();
            large = regs.largePages();
            a20 = regs.a20();
            directory = physical(regs.cr3() & 0xFFFF_F000L);
        }

        /** The physical address the A20 gate lets through. */
        long physical(long address) {
            return a20 ? address : address & A20_MASK;
        }

        /** The physical address of a linear one, or -1 if its page is not present. */
        long translate(long linear) {
            if (!paging) {
                return physical(linear);
            }
            int pde = memory.read(directory + 4 * (linear >>> 22), 4);
            if ((pde & PRESENT) == 0) {
                return -1;
            }
            if ((pde & PAGE_SIZE_BIT) != 0 && large) {
                return physical((pde & 0xFFC0_0000L) | (linear & 0x3F_FFFFL));
            }
            long table = physical(pde & 0xFFFF_F000L);
            int pte = memory.read(table + 4 * ((linear >>> 12) & 0x3FF), 4);
            if ((pte & PRESENT) == 0) {
                return -1;
            }
            return physical((pte & 0xFFFF_F000L) | (linear & 0xFFF));
        }
    }

    /** {@code 0x} and eight lower-case hex digits. */
    static String hex(long value) {
        return "0x" + String.format("%08x", value & 0xFFFF_FFFFL);
    }
}
