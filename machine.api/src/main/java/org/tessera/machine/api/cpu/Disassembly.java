package org.tessera.machine.api.cpu;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The CPU bundle's disassembler as a service: turns guest code into Intel-syntax text, for the
 * Gogo {@code disassemble} and {@code step} commands and other tools. Provided by
 * {@code cpu.core}, whose disassembler defines the text format (lower-case mnemonics, operands
 * separated by {@code ","}, hex numbers with an {@code h} suffix: {@code mov ah,0Eh}).
 *
 * <p>The bytes are read from the memory that the bus maps directly (RAM and ROM); memory-mapped
 * devices are never read, as reading a device can change it, and neither is unmapped memory. An
 * instruction that runs into such memory is reported as {@code (bad)}; bytes that are no
 * instruction give {@code db 0xNN} with length 1. Reading guest memory while the machine runs
 * gives a recent picture. Thread safe.
 */
@ProviderType
public interface Disassembly {

    /** The most instructions one call lists. */
    int MAX_COUNT = 4096;

    /**
     * Disassembles {@code count} consecutive instructions of a code segment.
     *
     * @param segmentBase the linear base address of the code segment (in real mode the selector
     *     times 16)
     * @param offset the offset of the first instruction in the segment; relative branch targets
     *     are shown as offsets in the same segment
     * @param code32 true for a 32-bit code segment (default operand and address size 32 bits);
     *     false for 16-bit code, whose offsets wrap at 64 KiB
     * @param count how many instructions, 1 to {@value #MAX_COUNT}
     * @return the instructions in address order
     * @throws IllegalArgumentException if {@code count} is out of range
     */
    List<Instruction> disassemble(long segmentBase, long offset, boolean code32, int count);

    /**
     * One disassembled instruction.
     *
     * @param linearAddress the linear address of its first byte (below 2<sup>32</sup>)
     * @param offset its offset in the code segment
     * @param length its length in bytes, 1 to 15
     * @param bytes the bytes of the instruction that could be read: all {@code length} of them,
     *     or fewer when the instruction runs into memory that cannot be read
     * @param text the instruction in Intel syntax, without a line end
     */
    record Instruction(long linearAddress, long offset, int length, byte[] bytes, String text) {

        /** Checks the components and copies the bytes. */
        public Instruction {
            if (length < 1 || length > 15) {
                throw new IllegalArgumentException("instruction length " + length + " is not 1..15");
            }
            bytes = bytes.clone();
            if (bytes.length > length) {
                throw new IllegalArgumentException(bytes.length + " bytes for an instruction of " + length);
            }
            Objects.requireNonNull(text, "text");
        }

        /** @return a copy of the bytes that could be read */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** @return the bytes as upper-case hex pairs separated by spaces ({@code "B4 0E"}) */
        public String hexBytes() {
            return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
        }

        /** Equal when every component is, the bytes compared by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Instruction i && linearAddress == i.linearAddress && offset == i.offset
                    && length == i.length && Arrays.equals(bytes, i.bytes) && text.equals(i.text);
        }

        @Override
        public int hashCode() {
            return Objects.hash(linearAddress, offset, length, Arrays.hashCode(bytes), text);
        }

        @Override
        public String toString() {
            return String.format("%08X  %s  %s", linearAddress, hexBytes(), text);
        }
    }
}
