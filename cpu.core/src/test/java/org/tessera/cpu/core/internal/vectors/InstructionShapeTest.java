package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InstructionShapeTest {

    private static InstructionShape decode(int... bytes) {
        return InstructionShape.decode(i -> i < bytes.length ? bytes[i] : -1);
    }

    @Test
    void lengths() {
        assertEquals(3, decode(0x00, 0x5F, 0x0E).length()); // add [bx+0Eh],bl
        assertEquals(1, decode(0x90).length());
        assertEquals(2, decode(0x04, 0x01).length());
        assertEquals(3, decode(0x05, 0x01, 0x02).length());
        assertEquals(4, decode(0x81, 0xC0, 0x34, 0x12).length()); // add ax,1234h
        assertEquals(6, decode(0x81, 0x06, 0x00, 0x10, 0x34, 0x12).length()); // add word [1000h],1234h
        assertEquals(4, decode(0x83, 0x46, 0x02, 0x01).length()); // add word [bp+2],1
        assertEquals(3, decode(0xF6, 0xC0, 0x0F).length()); // test al,0Fh
        assertEquals(2, decode(0xF6, 0xF0).length()); // div al
        assertEquals(4, decode(0xF7, 0xC0, 0x01, 0x00).length()); // test ax,1
        assertEquals(4, decode(0xF7, 0xB4, 0x00, 0x10).length()); // div word [si+1000h]
        assertEquals(5, decode(0x9A, 1, 2, 3, 4).length());
        assertEquals(4, decode(0xC8, 1, 2, 3).length());
        assertEquals(3, decode(0xA1, 0xFF, 0xFF).length());
        assertEquals(2, decode(0xCD, 0x21).length());
        assertEquals(4, decode(0x69, 0xC0, 1, 2).length()); // imul ax,ax,imm16
        assertEquals(2, decode(0xD8, 0xC1).length());
    }

    @Test
    void prefixesAndTheOverrideThatCounts() {
        InstructionShape s = decode(0x2E, 0xF0, 0x3E, 0x26, 0xF3, 0xA5);
        assertEquals(5, s.prefixCount());
        assertTrue(s.lock());
        assertTrue(s.repeat());
        assertEquals(MooTest.ES, s.segmentOverride());
        assertEquals(0xA5, s.opcode());
        assertEquals(-1, s.modrm());
        assertEquals(6, s.length());
        InstructionShape plain = decode(0x90);
        assertFalse(plain.lock());
        assertEquals(-1, plain.segmentOverride());
    }

    @Test
    void elevenBytesWithFivePrefixes() {
        // 2E 3E 26 3E 26 C7 B9 disp16 imm16: mov word [es:bx+di+disp],imm - 11 bytes
        assertEquals(11, decode(0x2E, 0x3E, 0x26, 0x3E, 0x26, 0xC7, 0xB9, 0, 0, 0, 0).length());
    }

    @Test
    void unknownBytesGiveUnknownLength() {
        assertEquals(-1, decode(0x2E).length());
        assertEquals(-1, decode(0x8B).length());
        assertEquals(-1, decode(0x0F, 0xA2).length());
        assertEquals(0x0F, decode(0x0F, 0xA2).opcode());
        assertEquals(-1, decode(0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26, 0x26,
                0x26, 0x26, 0x90).opcode());
    }

    @Test
    void effectiveAddresses() {
        int[] regs = new int[MooTest.REGISTER_COUNT];
        regs[MooTest.BX] = 0x1000;
        regs[MooTest.BP] = 0xFFF0;
        regs[MooTest.SI] = 0x0010;
        regs[MooTest.DI] = 0x0020;
        InstructionShape bxDisp8 = decode(0x00, 0x5F, 0x0E);
        assertEquals(0x100E, bxDisp8.memoryOffset(regs));
        assertEquals(MooTest.DS, bxDisp8.memorySegment());
        InstructionShape bpSi = decode(0x8B, 0x02);
        assertEquals(0x0000, bpSi.memoryOffset(regs)); // wraps within 16 bits
        assertEquals(MooTest.SS, bpSi.memorySegment());
        InstructionShape bpNegative = decode(0x8B, 0x46, 0xF0);
        assertEquals(0xFFE0, bpNegative.memoryOffset(regs));
        assertEquals(MooTest.SS, bpNegative.memorySegment());
        InstructionShape direct = decode(0x8B, 0x06, 0xFF, 0xFF);
        assertEquals(0xFFFF, direct.memoryOffset(regs));
        assertEquals(MooTest.DS, direct.memorySegment());
        InstructionShape overridden = decode(0x3E, 0x8B, 0x03);
        assertEquals(MooTest.DS, overridden.memorySegment());
        assertEquals(0x0010, overridden.memoryOffset(regs));
        assertFalse(decode(0x8B, 0xC0).hasMemoryOperand());
        assertEquals(0, decode(0x8B, 0xC0).reg());
        assertEquals(-1, decode(0x90).reg());
    }

    @Test
    void bytesPastTheRecordedOnesComeFromMemory() {
        // the recorded bytes stop at the F4 the generator placed; the instruction goes on in memory
        MooTest t = MooBuilder.spec(0x2E, 0x3E, 0x26, 0x3E, 0x26, 0xC7, 0xB9, 0xF4).ram(0x10108, 0xDA)
                .ram(0x10109, 0xFD).ram(0x1010A, 0x5F).build();
        assertEquals(11, InstructionShape.of(t).length());
        MooTest cut = MooBuilder.spec(0x2E, 0x3E, 0x26, 0x3E, 0x26, 0xC7).build();
        assertEquals(-1, InstructionShape.of(cut).length());
    }
}
