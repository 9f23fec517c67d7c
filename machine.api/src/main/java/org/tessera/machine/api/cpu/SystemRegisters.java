package org.tessera.machine.api.cpu;

/**
 * The CPU's system registers: where the guest keeps its descriptor tables, task state and page
 * tables. Bases are linear addresses, as the CPU holds them (with paging on they go through the
 * page tables); LDTR and TR come with their hidden base and limit.
 *
 * @param cr0 CR0 (PE bit 0, PG bit 31)
 * @param cr3 CR3 (the page directory's physical address in bits 31..12)
 * @param cr4 CR4 (PSE bit 4)
 * @param gdtBase GDTR base
 * @param gdtLimit GDTR limit
 * @param idtBase IDTR base (in real mode: the interrupt vector table's)
 * @param idtLimit IDTR limit
 * @param ldtr the LDTR selector (0: no LDT)
 * @param ldtBase the LDT's base
 * @param ldtLimit the LDT's limit
 * @param tr the TR selector (0: no task loaded)
 * @param tssBase the current TSS's base
 * @param tssLimit the current TSS's limit
 * @param a20 whether the A20 gate is open (closed: address bit 20 is forced to 0)
 */
public record SystemRegisters(int cr0, int cr3, int cr4, int gdtBase, int gdtLimit, int idtBase, int idtLimit,
        int ldtr, int ldtBase, int ldtLimit, int tr, int tssBase, int tssLimit, boolean a20) {

    /** CR0.PE: protected mode. */
    public boolean protectedMode() {
        return (cr0 & 1) != 0;
    }

    /** CR0.PG with PE: paging on. */
    public boolean paging() {
        return (cr0 & 0x8000_0001) == 0x8000_0001;
    }

    /** CR4.PSE: 4 MiB pages allowed. */
    public boolean largePages() {
        return (cr4 & 0x10) != 0;
    }
}
