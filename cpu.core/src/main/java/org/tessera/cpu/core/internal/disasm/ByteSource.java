package org.tessera.cpu.core.internal.disasm;

/**
 * Where the {@link Disassembler} reads instruction bytes from: guest memory, a code buffer, a
 * trace ring.
 *
 * <p>Implementations must not throw; an address that cannot be read (outside the buffer, an
 * unmapped page, a bus error) answers {@code -1}, and the disassembler then reports the
 * instruction as truncated.
 */
@FunctionalInterface
public interface ByteSource {

    /**
     * Reads one byte.
     *
     * @param address the address of the byte, in whatever address space the caller passed to
     *     {@link Disassembler#disassemble(ByteSource, long, boolean, boolean, StringBuilder)}
     *     (the instruction's own address plus 0, 1, 2, ...)
     * @return the byte as an unsigned value 0..255, or {@code -1} if it cannot be read
     */
    int byteAt(long address);
}
