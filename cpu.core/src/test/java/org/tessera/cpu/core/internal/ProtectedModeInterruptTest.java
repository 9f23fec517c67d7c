package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * External interrupts in protected mode: delivered through the IDT, and benign whatever their
 * vector — an interrupt on vector 13 whose gate leads to a segment that is not present raises
 * #NP (with EXT set in its error code), not a double fault; #GP raised while delivering #GP is
 * one.
 */
class ProtectedModeInterruptTest {

    private static final int GDT = 0x1000, IDT = 0x2000, CODE = 0x3000, NP_HANDLER = 0x3100, DF_HANDLER = 0x3200,
            IRQ_HANDLER = 0x3300, STACK = 0x8000;
    private static final int CODE16 = 0x08, DATA16 = 0x10, ABSENT = 0x18;

    private final RamOnlyBus bus = new RamOnlyBus(1 << 20);
    private final Cpu cpu = new Cpu(() -> 0);
    private int vector;

    ProtectedModeInterruptTest() {
        cpu.attach(bus, null);
        cpu.setAcknowledge(() -> vector);
        descriptor(CODE16, 0x00009A00, 0xFFFF);
        descriptor(DATA16, 0x00009200, 0xFFFF);
        descriptor(ABSENT, 0x00001A00, 0xFFFF);
        gate(8, CODE16, DF_HANDLER);
        gate(11, CODE16, NP_HANDLER);
        gate(13, ABSENT, 0);
        gate(0x20, CODE16, IRQ_HANDLER);
        for (int at : new int[] {CODE, NP_HANDLER, DF_HANDLER, IRQ_HANDLER}) {
            bus.write(at, 1, 0xF4); // hlt
        }
        RegisterFile r = cpu.regs;
        r.gdtBase = GDT;
        r.gdtLimit = 0x1F;
        r.idtBase = IDT;
        r.idtLimit = 0x21 * 8 - 1;
        r.cr0 |= 1;
        r.updateChecks();
        r.loadDescriptor(RegisterFile.CS, CODE16, 0xFFFF, 0x00009B00);
        r.loadDescriptor(RegisterFile.SS, DATA16, 0xFFFF, 0x00009300);
        r.loadDescriptor(RegisterFile.DS, DATA16, 0xFFFF, 0x00009300);
        r.gpr[RegisterFile.ESP] = STACK;
        r.eip = CODE;
        cpu.flags.set(Flags.IF, Flags.IF);
    }

    /** A descriptor of base 0: {@code high} holds the access byte and flags, {@code limit} 16 bits. */
    private void descriptor(int sel, int high, int limit) {
        bus.write(GDT + sel, 4, limit);
        bus.write(GDT + sel + 4, 4, high);
    }

    /** A 16-bit interrupt gate, DPL 0, present. */
    private void gate(int v, int sel, int offset) {
        bus.write(IDT + v * 8, 4, offset | sel << 16);
        bus.write(IDT + v * 8 + 4, 4, 0x8600);
    }

    /** Takes the interrupt, then runs the handler's first instruction (HLT). */
    private void interrupt(int v) {
        vector = v;
        cpu.setIntr(true);
        cpu.run(1);
        cpu.setIntr(false);
    }

    @Test
    void anExternalInterruptGoesThroughItsGate() {
        interrupt(0x20);
        assertEquals(IRQ_HANDLER + 1, cpu.regs.eip, "the handler ran (its HLT)");
        assertEquals(CODE, bus.read(STACK - 6, 2), "the interrupted IP");
        assertEquals(CODE16, bus.read(STACK - 4, 2), "CS");
        assertEquals(0, cpu.eflags() & Flags.IF, "an interrupt gate clears IF");
    }

    @Test
    void anExternalInterruptOnVector13IsBenign() {
        interrupt(13);
        assertEquals(NP_HANDLER + 1, cpu.regs.eip, "#NP is delivered, not #DF (its handler's HLT ran)");
        assertEquals(ABSENT | 1, bus.read(STACK - 8, 2), "error code: the selector with EXT");
        assertEquals(CODE, bus.read(STACK - 6, 2), "the interrupted IP");
    }

    @Test
    void aFaultOnVector13WhileDeliveringTheSameIsADoubleFault() {
        // the #GP gate leads to a missing segment: #NP while delivering #GP (both contributory)
        bus.write(CODE, 1, 0x8E); // mov es, [bx] with a selector beyond the GDT
        bus.write(CODE + 1, 1, 0x07);
        cpu.regs.gpr[RegisterFile.EBX] = 0x500;
        bus.write(0x500, 2, 0x0100);
        cpu.flags.set(0, Flags.IF);
        cpu.run(1);
        assertEquals(DF_HANDLER, cpu.regs.eip, "#DF");
        assertEquals(0, bus.read(STACK - 8, 2), "#DF pushes 0");
    }
}
