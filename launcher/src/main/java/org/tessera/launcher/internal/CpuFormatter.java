package org.tessera.launcher.internal;

import java.util.Locale;
import java.util.function.ToIntFunction;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Disassembly.Instruction;
import org.tessera.machine.api.cpu.Register;

/**
 * The text of the CPU's state, shared by the {@code run} report and the Gogo commands so that
 * both read the same:
 * <pre>
 * EAX=00000000 ECX=00000000 EDX=00000000 EBX=00000000
 * ESP=0000FFFE EBP=00000000 ESI=00000000 EDI=00000000
 * EIP=00000107 EFLAGS=00000046 [of df if tf sf ZF af PF cf]
 * CS=1000 SS=1000 DS=1000 ES=1000 FS=0000 GS=0000
 * </pre>
 * The flags are named in the bracket, upper case when set; IOPL, NT, RF, VM, AC and ID are
 * added only when they are not zero. An instruction line is its address, its bytes and its text:
 * {@code 1000:0100  B4 0E                 mov ah,0Eh}.
 */
final class CpuFormatter {

    /** The arithmetic and control flags shown always, with their bit numbers. */
    private static final String[] FLAG_NAMES = {"of", "df", "if", "tf", "sf", "zf", "af", "pf", "cf"};
    private static final int[] FLAG_BITS = {11, 10, 9, 8, 7, 6, 4, 2, 0};
    /** The system flags shown only when set. */
    private static final String[] SYSTEM_NAMES = {"NT", "RF", "VM", "AC", "ID"};
    private static final int[] SYSTEM_BITS = {14, 16, 17, 18, 21};
    private static final int IOPL_SHIFT = 12;

    /** Width of the bytes column of an instruction line: six bytes. */
    private static final int BYTES_COLUMN = 6 * 3 - 1;

    /**
     * The registers, four lines each ending with a newline.
     *
     * @param registers reads a register (segment registers: the selector)
     */
    String registers(ToIntFunction<Register> registers) {
        StringBuilder sb = new StringBuilder();
        line(sb, registers, Register.EAX, Register.ECX, Register.EDX, Register.EBX);
        line(sb, registers, Register.ESP, Register.EBP, Register.ESI, Register.EDI);
        int eflags = registers.applyAsInt(Register.EFLAGS);
        sb.append("EIP=").append(hex8(registers.applyAsInt(Register.EIP)))
                .append(" EFLAGS=").append(hex8(eflags)).append(' ').append(flags(eflags)).append('\n');
        Register[] segments = {Register.CS, Register.SS, Register.DS, Register.ES, Register.FS, Register.GS};
        for (int i = 0; i < segments.length; i++) {
            sb.append(i == 0 ? "" : " ").append(segments[i].name()).append('=')
                    .append(String.format(Locale.ROOT, "%04X", registers.applyAsInt(segments[i]) & 0xFFFF));
        }
        return sb.append('\n').toString();
    }

    private static void line(StringBuilder sb, ToIntFunction<Register> registers, Register... names) {
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : " ").append(names[i].name()).append('=').append(hex8(registers.applyAsInt(names[i])));
        }
        sb.append('\n');
    }

    /**
     * The flags in words: {@code [of df IF tf sf ZF af PF cf]}, upper case when set, then
     * {@code IOPL=n} and the system flags that are set.
     */
    String flags(int eflags) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < FLAG_NAMES.length; i++) {
            boolean set = (eflags >>> FLAG_BITS[i] & 1) != 0;
            sb.append(i == 0 ? "" : " ").append(set ? FLAG_NAMES[i].toUpperCase(Locale.ROOT) : FLAG_NAMES[i]);
        }
        int iopl = eflags >>> IOPL_SHIFT & 3;
        if (iopl != 0) {
            sb.append(" IOPL=").append(iopl);
        }
        for (int i = 0; i < SYSTEM_NAMES.length; i++) {
            if ((eflags >>> SYSTEM_BITS[i] & 1) != 0) {
                sb.append(' ').append(SYSTEM_NAMES[i]);
            }
        }
        return sb.append(']').toString();
    }

    /** One instruction: {@code ADDRESS  BYTES  TEXT}, without a line end. */
    String instruction(String address, Instruction instruction) {
        String bytes = instruction.hexBytes();
        if (instruction.bytes().length < instruction.length()) {
            bytes = bytes + (bytes.isEmpty() ? "??" : " ??");
        }
        StringBuilder sb = new StringBuilder(address).append("  ").append(bytes);
        for (int pad = BYTES_COLUMN - bytes.length(); pad > 0; pad--) {
            sb.append(' ');
        }
        return sb.append("  ").append(instruction.text()).toString();
    }

    /** A state in words: {@code halted}, {@code shut down}, {@code waiting for a device}... */
    String state(MachineState state) {
        return switch (state) {
            case STOPPED -> "stopped";
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case REDIRECT -> "waiting for a device";
            case HALTED -> "halted";
            case SHUTDOWN -> "shut down";
        };
    }

    /**
     * The first line of a report: {@code machine halted: HLT with interrupts disabled at ...}.
     *
     * @param status the machine's status
     * @param cause what stopped it when the machine does not know (a time limit, Ctrl-C), or
     *     null; the machine's own reason follows in parentheses
     */
    String stopLine(MachineStatus status, String cause) {
        String reason = status.reason() == null ? "" : status.reason().strip();
        StringBuilder sb = new StringBuilder("machine ").append(state(status.state()));
        if (cause != null) {
            sb.append(": ").append(cause);
            if (!reason.isEmpty()) {
                sb.append(" (").append(reason).append(')');
            }
        } else if (!reason.isEmpty()) {
            sb.append(": ").append(reason);
        }
        return sb.toString();
    }

    /**
     * The speed of a run: {@code 1000000 instructions in 0.250 s (4.00 MIPS)}.
     *
     * @param instructions guest instructions retired in the run
     * @param nanos wall time of the run
     */
    String speed(long instructions, long nanos) {
        double seconds = nanos / 1e9;
        double mips = nanos <= 0 ? 0 : instructions * 1e3 / nanos;
        return String.format(Locale.ROOT, "%d instruction%s in %.3f s (%.2f MIPS)", instructions,
                instructions == 1 ? "" : "s", seconds, mips);
    }

    private static String hex8(int value) {
        return String.format(Locale.ROOT, "%08X", value);
    }
}
