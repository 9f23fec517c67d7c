package org.tessera.cpu.core.internal.vectors;

import java.util.List;

/**
 * A whole MOO file: its header, its {@code META} chunk and its tests.
 *
 * @param source where it was read from (the file name as given), for messages
 * @param cpu the CPU named in the {@code MOO } header, e.g. {@code C286}
 * @param opcode the opcode from {@code META}, -1 if the file has no {@code META} chunk (for
 *     {@code 0F xx} opcodes the two bytes, e.g. {@code 0x0FA2})
 * @param mnemonic the mnemonic from {@code META} without padding, empty if none
 * @param tests the tests in file order
 */
public record MooFile(String source, String cpu, int opcode, String mnemonic, List<MooTest> tests) {

    /** Copies the list. */
    public MooFile {
        tests = List.copyOf(tests);
    }
}
