package org.tessera.launcher.internal;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Disassembly;
import org.tessera.machine.api.cpu.Disassembly.Instruction;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;

/**
 * The Gogo commands of scope {@code tessera} that drive the CPU: {@code registers},
 * {@code step}, {@code disassemble}, {@code run}, {@code pause}, {@code resume} and
 * {@code status}. Like {@link TesseraCommands}, each returns its text or throws an
 * {@link IllegalArgumentException} whose message tells the user what is wrong.
 *
 * <p>The CPU's services are dynamic, optional references: on a machine without a CPU the
 * commands say so, and a CPU bundle replaced by hot reload is picked up at once. Code is
 * disassembled as 16-bit code: the CPU runs real mode only.
 */
@Component(service = CpuCommands.class, property = {
    "osgi.command.scope=tessera",
    "osgi.command.function=registers",
    "osgi.command.function=step",
    "osgi.command.function=disassemble",
    "osgi.command.function=run",
    "osgi.command.function=pause",
    "osgi.command.function=resume",
    "osgi.command.function=status"
})
public final class CpuCommands {

    /** Instructions {@code disassemble} lists when no count is given. */
    static final int DEFAULT_LISTING = 10;
    /** The most instructions one {@code step} executes. */
    static final int MAX_STEPS = 10_000;

    static final String STEP_USAGE = "usage: step [N]";
    static final String DISASSEMBLE_USAGE = "usage: disassemble [ADDR] [COUNT]; ADDR is SEG:OFF (hex), a linear"
            + " address (0x7C00, 7C00h or decimal) or . for CS:EIP";

    private static final long PAUSE_WAIT_MILLIS = 5000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MachineControl control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Processor processor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Disassembly disassembly;

    private final CpuFormatter formatter = new CpuFormatter();

    /** @return the registers, as in the report of {@code run} */
    @Descriptor("the CPU's registers (a recent picture while the machine runs)")
    public String registers() {
        Processor cpu = requireProcessor();
        MachineControl machine = control;
        String text = formatter.registers(cpu::register);
        if (machine != null && running(machine.status())) {
            text = text + "(the machine is running: a recent picture; 'pause' stops it)\n";
        }
        return trim(text);
    }

    /** @return each instruction executed, then the registers */
    @Descriptor("single-step N instructions (default 1) of a paused machine, showing each, then the registers")
    public String step(@Descriptor("[N]") String... args) {
        int n = parseSteps(args);
        MachineControl machine = requireControl();
        Processor cpu = requireProcessor();
        if (running(machine.status())) {
            throw new IllegalArgumentException("the machine is running: 'pause' it first");
        }
        StringBuilder sb = new StringBuilder();
        MachineStatus status = machine.status();
        for (int i = 0; i < n; i++) {
            CodeAddress here = instructionPointer(cpu);
            sb.append(listing(here, 1).get(0)).append('\n');
            long before = status.instructions();
            status = machine.step();
            if (status.state() == MachineState.HALTED || status.state() == MachineState.SHUTDOWN
                    || status.instructions() == before) {
                sb.append(formatter.stopLine(status, null)).append('\n');
                break;
            }
        }
        sb.append(formatter.registers(cpu::register));
        return trim(sb.toString());
    }

    /** @return the listing */
    @Descriptor("disassemble COUNT instructions (default 10) at ADDR (SEG:OFF, a linear address, or . for CS:EIP, the default)")
    public String disassemble(@Descriptor("[ADDR] [COUNT]") String... args) {
        if (args.length > 2) {
            throw new IllegalArgumentException(DISASSEMBLE_USAGE);
        }
        Processor cpu = processor;
        CodeAddress here = cpu == null ? null : instructionPointer(cpu);
        CodeAddress start;
        if (args.length == 0) {
            if (here == null) {
                throw new IllegalArgumentException("no CPU (cpu.core is not part of this machine): give ADDR; "
                        + DISASSEMBLE_USAGE);
            }
            start = here;
        } else {
            start = CodeAddress.parse(args[0], here);
        }
        int count = args.length > 1 ? parseCount(args[1]) : DEFAULT_LISTING;
        return String.join("\n", listing(start, count));
    }

    /** @return what happened */
    @Descriptor("start the machine, or continue it when paused")
    public String run() {
        MachineControl machine = requireControl();
        MachineStatus status = machine.status();
        switch (status.state()) {
            case STOPPED -> machine.start();
            case PAUSED -> machine.resume();
            case RUNNING, REDIRECT -> {
                return "the machine is running already";
            }
            default -> {
                return formatter.stopLine(status, null) + " ('registers' shows where; it cannot go on)";
            }
        }
        return "machine running ('pause' stops it)";
    }

    /** @return where the machine paused */
    @Descriptor("pause the machine at the next instruction boundary")
    public String pause() throws InterruptedException {
        MachineControl machine = requireControl();
        MachineStatus status = machine.status();
        if (!running(status)) {
            return "the machine is not running: " + formatter.stopLine(status, null);
        }
        machine.pause();
        status = machine.awaitStop(PAUSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return formatter.stopLine(status, null);
    }

    /** @return what happened */
    @Descriptor("continue a paused machine")
    public String resume() {
        MachineControl machine = requireControl();
        MachineStatus status = machine.status();
        if (status.state() != MachineState.PAUSED) {
            return "the machine is not paused: " + formatter.stopLine(status, null)
                    + (status.state() == MachineState.STOPPED ? " ('run' starts it)" : "");
        }
        machine.resume();
        return "machine running ('pause' stops it)";
    }

    /** @return the machine's state, instruction count and CPU model */
    @Descriptor("the machine's state, its instruction count and the CPU model")
    public String status() {
        MachineControl machine = requireControl();
        MachineStatus status = machine.status();
        Processor cpu = processor;
        return formatter.stopLine(status, null) + "\ninstructions: " + status.instructions()
                + (cpu == null ? "" : "\nCPU: " + cpu.model());
    }

    /** The lines of a listing: label, bytes, text. */
    private List<String> listing(CodeAddress start, int count) {
        Disassembly d = disassembly;
        if (d == null) {
            throw new IllegalArgumentException("no disassembler (cpu.core is not part of this machine)");
        }
        return d.disassemble(start.base(), start.offset(), false, count).stream()
                .map(i -> line(start, i)).toList();
    }

    private String line(CodeAddress start, Instruction i) {
        return formatter.instruction(start.label(i.offset(), i.linearAddress()), i);
    }

    private static CodeAddress instructionPointer(Processor cpu) {
        return CodeAddress.instructionPointer(cpu.register(Register.CS), cpu.segmentBase(Register.CS),
                cpu.register(Register.EIP));
    }

    /** {@code step [N]}: 1 to {@value #MAX_STEPS}, default 1. */
    static int parseSteps(String... args) {
        if (args.length > 1) {
            throw new IllegalArgumentException(STEP_USAGE);
        }
        if (args.length == 0) {
            return 1;
        }
        long n = Numbers.parseNumber(args[0], "count");
        if (n < 1 || n > MAX_STEPS) {
            throw new IllegalArgumentException("N must be 1.." + MAX_STEPS + " (got " + args[0] + ")");
        }
        return (int) n;
    }

    /** The COUNT of {@code disassemble}: 1 to {@link Disassembly#MAX_COUNT}. */
    static int parseCount(String text) {
        long n = Numbers.parseNumber(text, "count");
        if (n < 1 || n > Disassembly.MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + Disassembly.MAX_COUNT + " (got " + text + ")");
        }
        return (int) n;
    }

    private MachineControl requireControl() {
        MachineControl machine = control;
        if (machine == null) {
            throw new IllegalArgumentException("no CPU (cpu.core is not part of this machine)");
        }
        return machine;
    }

    private Processor requireProcessor() {
        Processor cpu = processor;
        if (cpu == null) {
            throw new IllegalArgumentException("no CPU (cpu.core is not part of this machine)");
        }
        return cpu;
    }

    private static boolean running(MachineStatus status) {
        return status.state() == MachineState.RUNNING || status.state() == MachineState.REDIRECT;
    }

    private static String trim(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
