package org.tessera.cpu.core.internal;

import java.util.List;

/**
 * One case of {@link HostDifferentialTest}: a NASM instruction sequence ({@code bits 32}, no
 * labels outside its own {@link #label} prefix) and the state it starts from. Both the native run
 * and Tessera start with {@link #regs} (ESP is {@link HostDifferentialGenerator#STACK_TOP}), the
 * arithmetic flags and DF of {@link #flags}, the 256 bytes of {@link #data} at
 * {@link HostDifferentialGenerator#DATA} and zeros in the 256 bytes of flag captures after it.
 *
 * @param group the instruction group
 * @param index the case's number in the whole suite (its labels are {@code c<index>_...})
 * @param body the instructions, one per line
 * @param regs EAX..EDI at the start
 * @param flags EFLAGS at the start (arithmetic flags, DF, bit 1)
 * @param data the data area at the start
 * @param compareMask the EFLAGS bits compared at the end: CF PF AF ZF SF OF DF minus those the
 *        manuals leave undefined after the sequence
 * @param captures what each flag capture slot (dword at CAP + 4 * i) follows, and its mask
 */
record HostDifferentialCase(HostDifferentialGenerator.Group group, int index, String body, int[] regs, int flags,
        byte[] data, int compareMask, List<String> captures) {

    String label() {
        return "c" + index;
    }
}
