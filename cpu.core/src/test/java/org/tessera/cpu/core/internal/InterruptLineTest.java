package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * The INTR line: an interrupt is taken between instructions while IF is set, with the vector
 * from the acknowledge cycle, but not in the one-instruction shadow after STI, MOV SS or POP SS.
 */
class InterruptLineTest {

    private static final int CODE = 0x7C00;
    private static final int HANDLER = 0x0600;

    private final RamOnlyBus bus = new RamOnlyBus(1 << 20);
    private final Cpu cpu = new Cpu(() -> 0);
    private int acknowledged;

    InterruptLineTest() {
        cpu.attach(bus, null);
        cpu.setAcknowledge(() -> {
            acknowledged++;
            return 0x20;
        });
        // vector 20h -> 0000:0600, where the handler halts
        bus.write(0x20 * 4, 4, HANDLER);
        bus.write(HANDLER, 1, 0xF4);
        cpu.regs.loadReal(RegisterFile.CS, 0);
        cpu.regs.loadReal(RegisterFile.SS, 0);
        cpu.regs.gpr[RegisterFile.ESP] = 0x7000;
        cpu.regs.eip = CODE;
    }

    private void code(int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bus.write(CODE + i, 1, bytes[i]);
        }
    }

    /** Runs until the handler's HLT and returns the IP the interrupt pushed. */
    private int pushedIp() {
        cpu.setIntr(true);
        for (int i = 0; i < 10 && !cpu.halted(); i++) {
            cpu.run(1);
        }
        assertEquals(HANDLER + 1, cpu.regs.eip, "the handler ran");
        assertEquals(1, acknowledged, "one acknowledge cycle");
        return bus.read(0x7000 - 6, 2);
    }

    @Test
    void anInterruptIsTakenAtTheNextBoundaryWhenIfIsSet() {
        cpu.flags.set(Flags.IF, Flags.IF);
        code(0x90, 0x90, 0xF4); // nop; nop; hlt
        assertEquals(CODE, pushedIp());
        assertEquals(0, cpu.eflags() & Flags.IF, "IF is cleared in the handler");
    }

    @Test
    void nothingIsTakenWhileIfIsClear() {
        code(0x90, 0x90, 0xF4);
        cpu.setIntr(true);
        assertEquals(Cpu.Exit.HALT, cpu.run(10));
        assertEquals(CODE + 3, cpu.regs.eip);
        assertEquals(0, acknowledged);
    }

    @Test
    void stiDelaysTheInterruptByOneInstruction() {
        code(0xFB, 0x90, 0x90, 0xF4); // sti; nop; nop; hlt
        assertEquals(CODE + 2, pushedIp(), "taken after the instruction that follows STI");
    }

    @Test
    void movSsDelaysTheInterruptByOneInstruction() {
        cpu.flags.set(Flags.IF, Flags.IF);
        cpu.setIntr(false);
        code(0x8E, 0xD0, 0x90, 0x90, 0xF4); // mov ss,ax; nop; nop; hlt
        cpu.run(1); // MOV SS alone, with the line still low
        assertEquals(CODE + 2, cpu.regs.eip);
        // the line rises inside the shadow: the NOP after MOV SS still runs first
        assertEquals(CODE + 3, pushedIp(), "taken after the instruction that follows MOV SS");
    }

    @Test
    void popSsDelaysTheInterruptByOneInstruction() {
        cpu.flags.set(Flags.IF, Flags.IF);
        bus.write(0x7000, 2, 0);
        code(0x17, 0x90, 0x90, 0xF4); // pop ss; nop; nop; hlt
        cpu.run(1); // POP SS alone, with the line still low
        assertEquals(CODE + 1, cpu.regs.eip);
        int sp = cpu.regs.gpr[RegisterFile.ESP] & 0xFFFF;
        cpu.setIntr(true);
        for (int i = 0; i < 10 && !cpu.halted(); i++) {
            cpu.run(1);
        }
        assertEquals(CODE + 2, bus.read(sp - 6, 2), "taken after the instruction that follows POP SS");
    }

    @Test
    void aSpuriousInterruptTakesNothing() {
        cpu.setAcknowledge(() -> -1);
        cpu.flags.set(Flags.IF, Flags.IF);
        code(0x90, 0xF4);
        cpu.setIntr(true);
        assertEquals(Cpu.Exit.IDLE, cpu.run(10));
        assertEquals(CODE + 2, cpu.regs.eip);
    }
}
