package org.tessera.cpu.core.internal.disasm;

/**
 * Tessera's x86 disassembler: turns the bytes of one 8086 .. 486 integer instruction (plus the x87
 * escapes) into Intel-syntax text, for the Gogo {@code disassemble} command and for instruction
 * traces.
 *
 * <h2>Text format</h2>
 * The format follows the disassembly in the hardware-generated 80286 test vectors
 * ({@code NAME} chunks of the {@code .MOO} files), so that those names can serve as an oracle:
 * <ul>
 * <li>lower-case mnemonics; operands separated by {@code ","} without a space
 *     ({@code add [bx+0Eh],bl});</li>
 * <li>numbers 0..9 in decimal, larger ones in upper-case hex with an {@code h} suffix and a
 *     leading {@code 0} when they start with a letter ({@code 0Eh}, {@code 0FFFFh}); immediates are
 *     printed unsigned at the operand size, so sign-extended imm8 forms show as {@code 0FFD6h};</li>
 * <li>memory operands as {@code [base+index*scale+disp]} with a signed displacement
 *     ({@code [bp+si-2]}), a zero displacement omitted, and a direct address unsigned
 *     ({@code [0A324h]}); a segment override that differs from the operand's default segment (SS
 *     for BP/EBP/ESP bases, DS otherwise) is shown inside the brackets ({@code [es:bx+si]}), a
 *     redundant one is not shown;</li>
 * <li>a size keyword ({@code byte}, {@code word}, {@code dword}, {@code qword}, {@code tword},
 *     {@code far}; NASM style, without {@code ptr}) only when no register operand implies the size
 *     ({@code not byte [bp+30h]}, {@code call word [di]}, {@code call far [di]},
 *     {@code rol byte [si],cl}), and always on MOVZX/MOVSX sources;</li>
 * <li>relative branches show the absolute target, {@code address + length + displacement}, masked
 *     to 16 bits (32 with a 32-bit operand size), as four (eight) hex digits unless below ten:
 *     {@code jo short 0FF89h}, {@code je short 5}, {@code call 480Fh}; short jumps (Jcc rel8,
 *     {@code EB}) carry {@code short}; far pointers as {@code jmp 1234h:5678h};</li>
 * <li>prefix words in the order segment, {@code lock}, {@code rep}/{@code repe}/{@code repne},
 *     {@code o16}/{@code o32}, {@code a16}/{@code a32}: a segment override appears as a word only on
 *     string instructions that read DS:SI, and XLAT ({@code cs lodsw}); REP is spelt {@code repe}
 *     on CMPS/SCAS; {@code o16}/{@code o32} only when a 66h prefix changes an operand size the text
 *     would not show (PUSH/POP of a segment register, PUSH imm, RET, ENTER, LEAVE);
 *     {@code a16}/{@code a32} only when a 67h prefix changes the address size of an instruction
 *     without memory operand (string instructions, XLAT, LOOPcc);</li>
 * <li>size-dependent mnemonics: {@code cwde}, {@code cdq}, {@code pushad}, {@code movsd},
 *     {@code iretd}, ... with a 32-bit operand size; {@code jecxz} with a 32-bit address size;
 *     {@code int3} for CC, {@code int1} for F1, {@code salc} for D6, {@code xlatb};
 *     {@code aam}/{@code aad} without operand for the base 10;</li>
 * <li>x87 escapes D8..DF with their real 8087/287/387 mnemonics (the non-waiting {@code fn}
 *     forms for the control instructions): memory forms with a size keyword
 *     ({@code fadd dword [bx+si]}, {@code fild qword [bp-8]}, {@code fldenv [bx]}); D8/D9/DD
 *     register forms with one operand meaning ST0 op ST(i) ({@code fadd st2}, {@code fld st3}),
 *     where {@code fcom}, {@code fcomp}, {@code fucom}, {@code fucomp} and {@code fxch} drop their
 *     default {@code st1}; DC/DE register forms with both operands ({@code fsubr st2,st0},
 *     {@code faddp st1,st0}); {@code fcompp}, {@code fucompp}, {@code fnstsw ax}.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Never throws. Bytes that are not a valid instruction (an undefined opcode or group member, a
 * register operand where only memory is allowed such as {@code lea ax,bx} or {@code les ax,bx},
 * a segment register number above 5, more than 14 prefixes) give {@code db 0xNN} for the first
 * byte with length 1, so that a caller can resynchronise on the next byte. An instruction cut
 * short, because the byte source answers {@code -1} (or throws) or the array ends, gives
 * {@code (bad)} with the number of bytes that could be read (at least 1, so that a caller's
 * loop always advances).
 *
 * <p>Instances hold no state and are thread-safe.
 */
public final class Disassembler {

    /** Creates a disassembler. */
    public Disassembler() {
    }

    /**
     * Disassembles the instruction at {@code address}.
     *
     * @param code where to read the bytes from; addresses {@code address}, {@code address+1}, ...
     * @param address the address of the first byte; it is also the instruction's offset in its
     *     code segment, from which relative branch targets are computed
     * @param operand32 the default operand size is 32 bits (a 32-bit code segment); a 66h prefix
     *     toggles it
     * @param address32 the default address size is 32 bits; a 67h prefix toggles it
     * @param out receives the text, without a line end
     * @return the length of the instruction in bytes, 1..15 (see the class comment for
     *     undecodable and truncated bytes)
     */
    public int disassemble(ByteSource code, long address, boolean operand32, boolean address32,
            StringBuilder out) {
        return new Decoder(code, address, operand32, address32).decode(out);
    }

    /**
     * Disassembles the instruction at {@code bytes[offset]} of an array, using {@code address}
     * for branch targets.
     *
     * @param bytes the code; bytes beyond its end count as unreadable
     * @param offset index of the instruction's first byte
     * @param address the instruction's offset in its code segment
     * @param operand32 the default operand size is 32 bits
     * @param address32 the default address size is 32 bits
     * @param out receives the text
     * @return the length of the instruction in bytes
     */
    public int disassemble(byte[] bytes, int offset, long address, boolean operand32,
            boolean address32, StringBuilder out) {
        ByteSource source = a -> {
            long i = offset + (a - address);
            return i >= 0 && i < bytes.length ? bytes[(int) i] & 0xFF : -1;
        };
        return disassemble(source, address, operand32, address32, out);
    }

    /**
     * Disassembles the instruction at {@code bytes[offset]}; branch targets are computed as if
     * the array started at offset 0 of the code segment (the instruction's address is
     * {@code offset}).
     *
     * @param bytes the code; bytes beyond its end count as unreadable
     * @param offset index of the instruction's first byte
     * @param operand32 the default operand size is 32 bits
     * @param address32 the default address size is 32 bits
     * @return the text of the instruction
     */
    public String disassemble(byte[] bytes, int offset, boolean operand32, boolean address32) {
        StringBuilder sb = new StringBuilder();
        disassemble(bytes, offset, offset, operand32, address32, sb);
        return sb.toString();
    }
}
