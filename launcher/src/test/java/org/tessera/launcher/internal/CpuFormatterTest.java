package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Disassembly.Instruction;
import org.tessera.machine.api.cpu.Register;

class CpuFormatterTest {

    private final CpuFormatter formatter = new CpuFormatter();

    @Test
    void registersInFourLines() {
        Map<Register, Integer> regs = new EnumMap<>(Register.class);
        for (Register r : Register.values()) {
            regs.put(r, 0);
        }
        regs.put(Register.EAX, 0x1234);
        regs.put(Register.EDI, 0xFFFFFFFF);
        regs.put(Register.ESP, 0xFFFE);
        regs.put(Register.EIP, 0x0111);
        regs.put(Register.EFLAGS, 0x0046);
        regs.put(Register.CS, 0x1000);
        regs.put(Register.SS, 0x2000);
        regs.put(Register.DS, 0x3000);
        regs.put(Register.ES, 0x4000);
        regs.put(Register.FS, 0xB800);
        regs.put(Register.GS, 0xFFFF);
        assertEquals("""
                EAX=00001234 ECX=00000000 EDX=00000000 EBX=00000000
                ESP=0000FFFE EBP=00000000 ESI=00000000 EDI=FFFFFFFF
                EIP=00000111 EFLAGS=00000046 [of df if tf sf ZF af PF cf]
                CS=1000 SS=2000 DS=3000 ES=4000 FS=B800 GS=FFFF
                """, formatter.registers(regs::get));
    }

    @Test
    void flagLetters() {
        assertEquals("[of df if tf sf zf af pf cf]", formatter.flags(0x0002));
        assertEquals("[OF DF IF TF SF ZF AF PF CF]", formatter.flags(0x0FD7));
        assertEquals("[of df IF tf sf zf af pf CF]", formatter.flags(0x0203));
        assertEquals("[of df if tf sf zf af pf cf IOPL=3 NT]", formatter.flags(0x7002));
        assertEquals("[of df if tf sf zf af pf cf RF VM AC ID]", formatter.flags(0x00270002));
    }

    @Test
    void instructionLines() {
        Instruction mov = new Instruction(0x10100, 0x100, 2, new byte[] {(byte) 0xB4, 0x0E}, "mov ah,0Eh");
        assertEquals("1000:0100  B4 0E              mov ah,0Eh", formatter.instruction("1000:0100", mov));
        Instruction cut = new Instruction(0x9FFFF, 0xFFFF, 1, new byte[0], "(bad)");
        assertEquals("9000:FFFF  ??                 (bad)", formatter.instruction("9000:FFFF", cut));
        Instruction partly = new Instruction(0x9FFFE, 0xFFFE, 2, new byte[] {(byte) 0xB8}, "(bad)");
        assertEquals("9000:FFFE  B8 ??              (bad)", formatter.instruction("9000:FFFE", partly));
        byte[] seven = {0x66, 0x67, (byte) 0xC7, 0x00, 1, 2, 3};
        Instruction longer = new Instruction(0, 0, 7, seven, "x");
        assertEquals("0000:0000  66 67 C7 00 01 02 03  x", formatter.instruction("0000:0000", longer));
    }

    @Test
    void stopLines() {
        assertEquals("machine halted: HLT with interrupts disabled at 1000:0111",
                formatter.stopLine(new MachineStatus(MachineState.HALTED, 37, "HLT with interrupts disabled at 1000:0111"), null));
        assertEquals("machine paused: time limit of 1 s reached (paused at 1000:0100)",
                formatter.stopLine(new MachineStatus(MachineState.PAUSED, 9, "paused at 1000:0100"), "time limit of 1 s reached"));
        assertEquals("machine shut down: triple fault",
                formatter.stopLine(new MachineStatus(MachineState.SHUTDOWN, 2, "triple fault"), null));
        assertEquals("machine running", formatter.stopLine(new MachineStatus(MachineState.RUNNING, 2, ""), null));
        assertEquals("machine waiting for a device", formatter.stopLine(new MachineStatus(MachineState.REDIRECT, 2, null), null));
    }

    @Test
    void speed() {
        assertEquals("1000000 instructions in 0.250 s (4.00 MIPS)", formatter.speed(1_000_000, 250_000_000));
        assertEquals("1 instruction in 0.000 s (10.00 MIPS)", formatter.speed(1, 100));
        assertEquals("0 instructions in 0.000 s (0.00 MIPS)", formatter.speed(0, 0));
    }
}
