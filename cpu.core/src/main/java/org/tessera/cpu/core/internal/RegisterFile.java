package org.tessera.cpu.core.internal;

/**
 * The architectural registers: the eight general registers (in encoding order EAX, ECX, EDX,
 * EBX, ESP, EBP, ESI, EDI), EIP, the segment registers with their hidden base and limit (in
 * encoding order ES, CS, SS, DS, FS, GS), the non-arithmetic EFLAGS bits (the arithmetic ones are
 * kept lazily elsewhere) and the control registers.
 */
final class RegisterFile {

    static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    /**
     * Scratch descriptor caches (not architectural): a control transfer loads the new SS and CS
     * here first, checks and pushes through them, and copies them into SS and CS when it commits.
     */
    static final int NEW_SS = 6, NEW_CS = 7;
    static final int SLOTS = 8;

    /** Access-rights bits of {@link #attr}: the descriptor's access byte and its flags nibble. */
    static final int A_ACCESSED = 0x01, A_RW = 0x02, A_DC = 0x04, A_CODE = 0x08, A_S = 0x10, A_P = 0x80,
            A_DB = 0x4000, A_G = 0x8000;
    /** Attributes of a segment loaded in real mode: present, DPL 0, read/write data, accessed. */
    static final int REAL_ATTR = A_P | A_S | A_RW | A_ACCESSED;
    /** Attributes of every segment in virtual-8086 mode: present, DPL 3, read/write data, accessed. */
    static final int V86_ATTR = A_P | 0x60 | A_S | A_RW | A_ACCESSED;
    /** EFLAGS.VM. */
    private static final int VM = 0x20000;

    final int[] gpr = new int[8];
    int eip;
    final int[] selector = new int[SLOTS];
    final int[] base = new int[SLOTS];
    /** The limit expanded by G (the largest valid offset of an expand-up segment). */
    final int[] limit = new int[SLOTS];
    /**
     * Hidden access rights: bits 0-7 the access byte (type, S, DPL, P), bits 12-15 AVL, 0, D/B, G;
     * 0 for a segment register holding a null selector in protected mode.
     */
    final int[] attr = new int[SLOTS];
    /**
     * Precomputed segment checks: an access of bytes {@code off..end} is allowed for reading when
     * {@code rdLo <= off} and {@code end <= rdHi} (unsigned), for writing likewise with wrLo/wrHi.
     * Expand-down segments, unreadable code, read-only data and null selectors are all expressed
     * as (possibly empty) ranges, so the access path compares twice. In real mode both ranges are
     * 0..limit.
     */
    final int[] rdLo = new int[SLOTS];
    final int[] rdHi = new int[SLOTS];
    final int[] wrLo = new int[SLOTS];
    final int[] wrHi = new int[SLOTS];
    /** LDTR and TR: selector and hidden base, limit, attributes. */
    int ldtrSelector, ldtrBase, ldtrLimit, ldtrAttr;
    int trSelector, trBase, trLimit, trAttr;
    /** EFLAGS bits other than the six arithmetic flags (bit 1 always set). */
    int flagsOther = 2;
    /** Current privilege level: 0 in real mode, the DPL of CS's descriptor in protected mode, 3 in virtual-8086 mode. */
    int cpl;
    /** Code segment default size is 32 bits (CS.D). */
    boolean code32;
    /** Stack segment uses ESP (SS.B). */
    boolean stack32;
    /** Interrupt descriptor table register (in real mode: the vector table). */
    /**
     * Set when GDTR, IDTR, LDTR, TR, CR0, CR3 or CR4 is loaded; the CPU tells its listener at the
     * end of the instruction and clears it.
     */
    boolean systemChanged;
    int idtBase;
    int idtLimit = 0x3FF;
    int gdtBase;
    int gdtLimit = 0xFFFF;
    int cr0 = 0x10;
    int cr2;
    int cr3;
    int cr4;
    /** Debug registers DR0-DR7 as written (DR4/DR5 are DR6/DR7, see {@link DebugUnit}). */
    final int[] dr = new int[8];

    /** Power-on state: real mode, CS:IP = F000:FFF0 (base FFFF0000 on a 386). */
    void reset() {
        java.util.Arrays.fill(gpr, 0);
        java.util.Arrays.fill(dr, 0);
        gpr[EDX] = 0x0308; // family 3 stepping 8: what a 386 leaves in DX after reset
        for (int s = 0; s < SLOTS; s++) {
            selector[s] = 0;
            base[s] = 0;
            limit[s] = 0xFFFF;
            attr[s] = REAL_ATTR;
        }
        ldtrSelector = ldtrBase = trSelector = trBase = 0;
        ldtrLimit = trLimit = 0xFFFF;
        ldtrAttr = 0x82;
        trAttr = 0x8B;
        selector[CS] = 0xF000;
        base[CS] = 0xFFFF0000;
        eip = 0xFFF0;
        flagsOther = 2;
        cpl = 0;
        code32 = false;
        stack32 = false;
        idtBase = 0;
        idtLimit = 0x3FF;
        gdtBase = 0;
        gdtLimit = 0xFFFF;
        systemChanged = true;
        cr0 = 0x10;
        cr2 = 0;
        cr3 = 0;
        cr4 = 0;
        updateChecks();
    }

    int reg8(int r) {
        return r < 4 ? gpr[r] & 0xFF : (gpr[r - 4] >>> 8) & 0xFF;
    }

    void setReg8(int r, int v) {
        if (r < 4) {
            gpr[r] = (gpr[r] & 0xFFFFFF00) | (v & 0xFF);
        } else {
            gpr[r - 4] = (gpr[r - 4] & 0xFFFF00FF) | ((v & 0xFF) << 8);
        }
    }

    int reg16(int r) {
        return gpr[r] & 0xFFFF;
    }

    void setReg16(int r, int v) {
        gpr[r] = (gpr[r] & 0xFFFF0000) | (v & 0xFFFF);
    }

    /**
     * Loads a segment register the real-mode way: base = selector * 16, limit and access rights
     * unchanged.
     */
    void loadReal(int seg, int value) {
        selector[seg] = value & 0xFFFF;
        base[seg] = (value & 0xFFFF) << 4;
    }

    boolean protectedMode() {
        return (cr0 & 1) != 0;
    }

    /** Virtual-8086 mode: PE = 1 and EFLAGS.VM = 1. */
    boolean v86() {
        return (flagsOther & VM) != 0 && (cr0 & 1) != 0;
    }

    /** Protected mode with descriptors: PE = 1 and VM = 0 (segment loads check descriptors). */
    boolean segmented() {
        return (cr0 & 1) != 0 && (flagsOther & VM) == 0;
    }

    /**
     * Loads slot {@code seg} the virtual-8086 way: base = selector * 16, limit FFFF, a writable
     * data segment at DPL 3. For CS the CPL becomes 3 and the code 16-bit; for SS the stack 16-bit.
     */
    void loadV86(int seg, int value) {
        selector[seg] = value & 0xFFFF;
        base[seg] = (value & 0xFFFF) << 4;
        limit[seg] = 0xFFFF;
        attr[seg] = V86_ATTR;
        updateChecks(seg);
        if (seg == CS) {
            cpl = 3;
            code32 = false;
        } else if (seg == SS) {
            stack32 = false;
        }
    }

    /**
     * Loads slot {@code seg} from a descriptor (its low and high doubleword) in protected mode.
     * For CS this sets the CPL to the selector's RPL (the caller passes the RPL it must have) and
     * code32; for SS stack32.
     */
    void loadDescriptor(int seg, int sel, int lo, int hi) {
        selector[seg] = sel & 0xFFFF;
        base[seg] = descriptorBase(lo, hi);
        limit[seg] = descriptorLimit(lo, hi);
        attr[seg] = (hi >>> 8) & 0xF0FF;
        updateChecks(seg);
        if (seg == CS) {
            cpl = sel & 3;
            code32 = (attr[CS] & A_DB) != 0;
        } else if (seg == SS) {
            stack32 = (attr[SS] & A_DB) != 0;
        }
    }

    /** Loads a null selector into a data segment register (protected mode): every access faults. */
    void loadNull(int seg, int sel) {
        selector[seg] = sel & 0xFFFF;
        attr[seg] = 0;
        updateChecks(seg);
    }

    /** Copies a descriptor cache slot (a scratch slot into CS or SS when a transfer commits). */
    void copySegment(int from, int to) {
        selector[to] = selector[from];
        base[to] = base[from];
        limit[to] = limit[from];
        attr[to] = attr[from];
        rdLo[to] = rdLo[from];
        rdHi[to] = rdHi[from];
        wrLo[to] = wrLo[from];
        wrHi[to] = wrHi[from];
        if (to == CS) {
            cpl = selector[CS] & 3;
            code32 = (attr[CS] & A_DB) != 0;
        } else if (to == SS) {
            stack32 = (attr[SS] & A_DB) != 0;
        }
    }

    static int descriptorBase(int lo, int hi) {
        return (lo >>> 16) | (hi & 0xFF) << 16 | (hi & 0xFF000000);
    }

    static int descriptorLimit(int lo, int hi) {
        int l = (lo & 0xFFFF) | (hi & 0xF0000);
        return (hi & 0x800000) != 0 ? l << 12 | 0xFFF : l;
    }

    /** Recomputes the checks of every segment register (after CR0.PE changed). */
    void updateChecks() {
        for (int s = 0; s < SLOTS; s++) {
            updateChecks(s);
        }
    }

    /** Recomputes the precomputed checks of one slot from its limit and attributes. */
    void updateChecks(int seg) {
        int a = attr[seg];
        int lo = 0, hi = limit[seg];
        boolean read = true, write = true;
        if (protectedMode()) {
            if ((a & A_P) == 0 || (a & A_S) == 0) {
                read = write = false;
            } else if ((a & A_CODE) != 0) {
                read = (a & A_RW) != 0;
                write = false;
            } else {
                write = (a & A_RW) != 0;
                if ((a & A_DC) != 0) {
                    lo = limit[seg] + 1;
                    hi = (a & A_DB) != 0 ? -1 : 0xFFFF;
                    if (Integer.compareUnsigned(lo, hi) > 0 || limit[seg] == -1) {
                        read = write = false;
                    }
                }
            }
        }
        rdLo[seg] = read ? lo : -1;
        rdHi[seg] = read ? hi : 0;
        wrLo[seg] = write ? lo : -1;
        wrHi[seg] = write ? hi : 0;
    }
}
