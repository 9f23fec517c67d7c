package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * Virtual-8086 mode (386 rules): a 32-bit IRET at CPL 0 with VM in the EFLAGS image enters it
 * with every segment loaded the real-mode way at CPL 3; an interrupt leaves it through a ring-0
 * gate with the nine-doubleword frame and null data segments, and IRET goes back; the
 * IOPL-sensitive instructions, the I/O bitmap and the user-mode paging checks.
 */
class VirtualModeTest {

    private static final int GDT = 0x1000, IDT = 0x2000, CODE = 0x3000, HANDLER = 0x3100, TSS = 0x4000,
            STACK = 0x8000, STACK0 = 0x9000, PD = 0x10000, PT = 0x11000;
    private static final int CODE16 = 0x08, DATA16 = 0x10, TSS32 = 0x18;
    /** The V86 task: CS:IP 1234:0010, SS:SP 2000:0FFE, ES/DS/FS/GS 3000/4000/5000/6000. */
    private static final int V86_CS = 0x1234, V86_IP = 0x10, V86_SS = 0x2000, V86_SP = 0x0FFE;
    private static final int V86_CODE = (V86_CS << 4) + V86_IP;

    private final RamOnlyBus bus = new RamOnlyBus(1 << 20);
    private final Cpu cpu = new Cpu(() -> 0);
    private final RegisterFile r = cpu.regs;
    private int at = CODE;

    VirtualModeTest() {
        cpu.attach(bus, null);
        cpu.setAcknowledge(() -> 0x20);
        bus.write(GDT + CODE16, 4, 0xFFFF);
        bus.write(GDT + CODE16 + 4, 4, 0x00009A00);
        bus.write(GDT + DATA16, 4, 0xFFFF);
        bus.write(GDT + DATA16 + 4, 4, 0x00009200);
        bus.write(GDT + TSS32, 4, 0x67 | TSS << 16);
        bus.write(GDT + TSS32 + 4, 4, 0x00008B00);
        bus.write(TSS + 4, 4, STACK0);
        bus.write(TSS + 8, 4, DATA16);
        bus.write(TSS + 0x66, 2, 0x68); // no I/O bitmap within the limit: every port traps
        // 32-bit interrupt gates, DPL 0: 20h (the external interrupt) to HANDLER
        bus.write(IDT + 0x20 * 8, 4, HANDLER | CODE16 << 16);
        bus.write(IDT + 0x20 * 8 + 4, 4, 0x8E00);
        r.gdtBase = GDT;
        r.gdtLimit = 0x1F;
        r.idtBase = IDT;
        r.idtLimit = 0x21 * 8 - 1;
        r.cr0 |= 1;
        r.updateChecks();
        r.loadDescriptor(RegisterFile.CS, CODE16, 0xFFFF, 0x00009B00);
        r.loadDescriptor(RegisterFile.SS, DATA16, 0xFFFF, 0x00009300);
        r.loadDescriptor(RegisterFile.DS, DATA16, 0xFFFF, 0x00009300);
        r.trSelector = TSS32;
        r.trBase = TSS;
        r.trLimit = 0x67;
        r.trAttr = 0x8B;
        r.gpr[RegisterFile.ESP] = STACK;
        r.eip = CODE;
    }

    private void code(int... bytes) {
        for (int b : bytes) {
            bus.write(at++, 1, b);
        }
    }

    private void v86Code(int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bus.write(V86_CODE + i, 1, bytes[i]);
        }
    }

    /** Runs the 32-bit IRET (already assembled at EIP) to the V86 task with {@code eflags | VM}. */
    private void enterV86(int eflags) {
        int sp = r.gpr[RegisterFile.ESP] - 36;
        int[] frame = {V86_IP, V86_CS, eflags | Flags.VM | 2, V86_SP, V86_SS, 0x3000, 0x4000, 0x5000, 0x6000};
        for (int i = 0; i < frame.length; i++) {
            bus.write(sp + 4 * i, 4, frame[i]);
        }
        r.gpr[RegisterFile.ESP] = sp;
        code(0x66, 0xCF); // iretd
        while (!r.v86()) {
            assertEquals(Cpu.Exit.LIMIT, cpu.run(1));
        }
    }

    @Test
    void iretWithVmEntersVirtual8086Mode() {
        enterV86(Flags.IF);
        assertTrue(r.v86());
        assertEquals(3, r.cpl);
        assertEquals(V86_IP, r.eip);
        assertEquals(V86_SP, r.gpr[RegisterFile.ESP]);
        int[] sel = {0x3000, V86_CS, V86_SS, 0x4000, 0x5000, 0x6000};
        for (int s = 0; s < 6; s++) {
            assertEquals(sel[s], r.selector[s], "selector " + s);
            assertEquals(sel[s] << 4, r.base[s], "base " + s);
            assertEquals(0xFFFF, r.limit[s], "limit " + s);
            assertEquals(RegisterFile.V86_ATTR, r.attr[s], "attributes " + s);
        }
        assertFalse(r.code32);
        assertFalse(r.stack32);
        assertEquals(Flags.VM | Flags.IF | 2, cpu.eflags() & (Flags.VM | Flags.IF | Flags.IOPL | 2));
    }

    @Test
    void anInterruptLeavesThroughARing0GateAndIretReturns() {
        enterV86(Flags.IF);
        v86Code(0x90);
        code(); // nothing more at CPL 0
        // the handler: mov ax, ds; mov bx, gs; iretd
        at = HANDLER;
        code(0x8C, 0xD8, 0x8C, 0xEB, 0x66, 0xCF);
        r.gpr[RegisterFile.EAX] = 0x1111;
        r.gpr[RegisterFile.EBX] = 0x2222;
        cpu.setIntr(true);
        cpu.run(1);
        cpu.setIntr(false);
        assertFalse(r.v86(), "the handler runs in protected mode");
        while (!r.v86()) {
            assertEquals(Cpu.Exit.LIMIT, cpu.run(1));
        }
        assertEquals(0, r.gpr[RegisterFile.EAX] & 0xFFFF, "the handler's DS is null");
        assertEquals(0, r.gpr[RegisterFile.EBX] & 0xFFFF, "the handler's GS is null");
        int[] frame = {V86_IP, V86_CS, Flags.VM | Flags.IF | 2, V86_SP, V86_SS, 0x3000, 0x4000, 0x5000, 0x6000};
        for (int i = 0; i < frame.length; i++) {
            assertEquals(frame[i], bus.read(STACK0 - 36 + 4 * i, 4), "frame doubleword " + i);
        }
        assertEquals(V86_IP, r.eip, "back at the interrupted instruction");
        assertEquals(3, r.cpl);
        assertEquals(0x4000 << 4, r.base[RegisterFile.DS]);
        assertEquals(0x6000, r.selector[RegisterFile.GS]);
        assertEquals(V86_SP, r.gpr[RegisterFile.ESP]);
    }

    @Test
    void theIoplSensitiveInstructionsFaultBelowIopl3() {
        enterV86(Flags.IF);
        cpu.stopOnException = true;
        int[][] sensitive = {{0xFA}, {0xFB}, {0x9C}, {0x9D}, {0xCD, 0x21}, {0xCF}, {0x66, 0xCF}};
        for (int[] insn : sensitive) {
            v86Code(insn);
            r.eip = V86_IP;
            cpu.caughtVector = -1;
            assertEquals(Cpu.Exit.STOPPED, cpu.run(1), "opcode " + Integer.toHexString(insn[0]));
            assertEquals(CpuFault.GP, cpu.caughtVector);
            assertEquals(0, cpu.caughtError);
        }
        // INT3 is not IOPL-sensitive: it goes to the IDT (vector 3 lies beyond its limit: #GP(1Ah))
        v86Code(0xCC);
        r.eip = V86_IP;
        assertEquals(Cpu.Exit.STOPPED, cpu.run(1));
        assertEquals(CpuFault.GP, cpu.caughtVector);
        assertEquals(3 * 8 + 2, cpu.caughtError);
    }

    @Test
    void withIopl3PushfHidesVmAndPopfKeepsIoplAndVm() {
        enterV86(Flags.IOPL | Flags.IF);
        // pushfd; push dword 0; popfd; pushfd
        v86Code(0x66, 0x9C, 0x66, 0x6A, 0x00, 0x66, 0x9D, 0x66, 0x9C);
        for (int i = 0; i < 4; i++) {
            assertEquals(Cpu.Exit.LIMIT, cpu.run(1));
        }
        int sp = (V86_SS << 4) + r.gpr[RegisterFile.ESP];
        assertEquals(Flags.IOPL | Flags.IF, bus.read(sp + 4, 4) & (Flags.IOPL | Flags.IF | Flags.VM | Flags.RF),
                "PUSHF: VM and RF clear");
        assertEquals(Flags.IOPL, bus.read(sp, 4) & (Flags.IOPL | Flags.IF | Flags.VM), "POPF cleared IF only");
        assertTrue(r.v86());
        assertEquals(Flags.IOPL, cpu.eflags() & Flags.IOPL);
    }

    @Test
    void ioConsultsTheBitmapWhateverIopl() {
        enterV86(Flags.IOPL);
        cpu.stopOnException = true;
        v86Code(0xE4, 0x80); // in al, 80h
        assertEquals(Cpu.Exit.STOPPED, cpu.run(1));
        assertEquals(CpuFault.GP, cpu.caughtVector);
        assertEquals(0, cpu.caughtError);
    }

    @Test
    void v86AccessesAreUserAccessesForPaging() {
        for (int i = 0; i < 1024; i++) {
            int pte = i << 12 | 7;
            if (i == 0x50) {
                pte = i << 12 | 3; // supervisor only
            }
            bus.write(PT + 4 * i, 4, pte);
        }
        bus.write(PD, 4, PT | 7);
        // mov eax, PD; mov cr3, eax; mov eax, cr0 | PG; mov cr0, eax
        code(0x66, 0xB8, PD & 0xFF, (PD >> 8) & 0xFF, PD >> 16, 0, 0x0F, 0x22, 0xD8);
        code(0x66, 0xB8, 0x11, 0, 0, 0x80, 0x0F, 0x22, 0xC0);
        for (int i = 0; i < 4; i++) {
            assertEquals(Cpu.Exit.LIMIT, cpu.run(1));
        }
        enterV86(Flags.IF);
        cpu.stopOnException = true;
        // mov ax, 5000h; mov ds, ax; mov al, [0]
        v86Code(0xB8, 0x00, 0x50, 0x8E, 0xD8, 0xA0, 0x00, 0x00);
        assertEquals(Cpu.Exit.LIMIT, cpu.run(1));
        assertEquals(Cpu.Exit.LIMIT, cpu.run(1));
        assertEquals(0x50000, r.base[RegisterFile.DS]);
        assertEquals(Cpu.Exit.STOPPED, cpu.run(1));
        assertEquals(14, cpu.caughtVector);
        assertEquals(5, cpu.caughtError, "#PF: present, read, user");
        assertEquals(0x50000, r.cr2);
    }
}
