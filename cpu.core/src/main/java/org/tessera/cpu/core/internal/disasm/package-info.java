/**
 * Tessera's own x86 disassembler (private to the CPU bundle), used by the Gogo
 * {@code disassemble} command and for instruction traces. It depends on nothing but the JDK.
 *
 * <p>Roles of the classes:
 * <ul>
 * <li>{@link org.tessera.cpu.core.internal.disasm.Disassembler}: the entry point, and the
 * description of the text format;</li>
 * <li>{@link org.tessera.cpu.core.internal.disasm.ByteSource}: where the bytes come from;</li>
 * <li>{@link org.tessera.cpu.core.internal.disasm.OpcodeTables}: the one-byte, two-byte and
 * ModR/M group maps of the 8086 .. 486 integer instructions, as compact text specifications;</li>
 * <li>{@link org.tessera.cpu.core.internal.disasm.Decoder}: prefixes, ModR/M and SIB, operands,
 * the x87 escapes and number formatting for one instruction.</li>
 * </ul>
 */
package org.tessera.cpu.core.internal.disasm;
