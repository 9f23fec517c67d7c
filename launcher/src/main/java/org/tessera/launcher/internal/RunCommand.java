package org.tessera.launcher.internal;

import java.util.concurrent.TimeUnit;

import java.io.IOException;

import java.nio.file.Path;

import java.nio.file.Files;

import java.nio.charset.StandardCharsets;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.tessera.launcher.internal.MachineConfigurator.AssemblyCheck;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.input.KeyboardInput;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The {@code run} and {@code shell} commands: configure the machine, wait until it is
 * assembled, print its maps, load the program and run it if the machine has a CPU, and open the
 * shell if asked.
 *
 * <p>Assembly: the configurations are written first (see {@link MachineConfigurator}), then the
 * command waits, bounded by the assembly timeout, for the memory bus and for every configured
 * part to show up. A part that no component of the machine declares (the IO bus or the CPU on
 * the memory-only machine) is reported as absent at once; one that is declared but does not come
 * up in time is an error.
 *
 * <p>Running: the CPU runs a program given on the command line ({@code --demo}, {@code --load},
 * {@code --floppy}), put in memory by {@link ProgramLoader}, or starts at its reset vector so
 * that the built-in BIOS boots the disks ({@code --fda}, {@code --hda}...). {@code run} with
 * neither boots the built-in demo disk ({@link DemoDisk}) with COM1 on standard output; the
 * shell then says that there is nothing to boot. {@link CpuRun} runs it to the end and
 * reports.
 */
final class RunCommand {

    /** What {@code run} says when the machine has no CPU. */
    static final String NO_CPU = "no CPU is installed: the machine was assembled but cannot execute"
            + " (cpu.core is not part of this machine)";

    /**
     * What {@code shell} (and {@code run --shell}) says when the machine has a CPU but no program
     * or disk was given; also {@code run} on a machine without drives.
     */
    static final String NOTHING_TO_BOOT = "nothing to boot: no program or disk was given (--demo, --load FILE@SEG:OFF,"
            + " --floppy IMG, --fda IMG or --hda IMG; see --help)";

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ComponentCatalog catalog;
    private final PrintStream out;
    private final Duration timeout;
    private final MapFormatter formatter = new MapFormatter();
    /** Whether the run boots the built-in demo disk ({@link DemoDisk}). */
    private boolean demoDisk;

    /**
     * @param context the launcher's bundle context
     * @param configAdmin the machine's Configuration Admin, or null
     * @param catalog what the machine's components declare
     * @param out where the maps and messages go
     * @param timeout the bound of every wait for the machine's services
     */
    RunCommand(BundleContext context, ConfigurationAdmin configAdmin, ComponentCatalog catalog, PrintStream out,
            Duration timeout) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.catalog = catalog;
        this.out = out;
        this.timeout = timeout;
    }

    /**
     * Runs the command.
     *
     * @return the exit status
     */
    int execute(LaunchOptions requested) throws UsageException, LaunchException, InterruptedException {
        try (MachineServices services = new MachineServices(context)) {
            Path demoFloppy = null;
            try {
                LaunchOptions options = requested;
                if (bootsDemoDisk(options, services)) {
                    demoFloppy = DemoDisk.writeFloppy();
                    options = DemoDisk.boot(options, demoFloppy);
                }
                return execute(options, services);
            } finally {
                DemoDisk.delete(demoFloppy);
            }
        }
    }

    /**
     * Whether this run boots the built-in demo disk: {@code run} (without {@code --shell}) with
     * no program and no disk, on a machine with a CPU, drives and Configuration Admin.
     */
    private boolean bootsDemoDisk(LaunchOptions options, MachineServices services) {
        demoDisk = options.command() == LaunchOptions.Command.RUN && !options.shell() && options.image() == null
                && !options.disks().any() && configAdmin != null
                && (services.machineControl() != null || !catalog.providersOf(MachineControl.class.getName()).isEmpty())
                && catalog.takesConfiguration(MachineConfigurator.DRIVE_FACTORY);
        return demoDisk;
    }

    private int execute(LaunchOptions options, MachineServices services)
            throws UsageException, LaunchException, InterruptedException {
        checkAvailable(options, services);
        if (options.hotDir() != null) {
            new HotFolder(context, configAdmin, timeout).enable(options.hotDir());
            out.println("hot reload: watching " + options.hotDir()
                    + " (a jar whose Bundle-SymbolicName is installed replaces that bundle)");
        }
        List<AssemblyCheck> checks = new MachineConfigurator(configAdmin).apply(options);
        awaitMemoryBus(services);
        awaitAll(services, checks);
        IoBus io = awaitOptional(services::ioBus, IoBus.class.getName(), "the IO bus");
        describe(options, services.memoryBus(), io);
        MachineControl cpu = awaitOptional(services::machineControl, MachineControl.class.getName(), "the CPU");
        DisplayWindow window = openWindow(options, services, cpu);
        try {
            int status = operate(options, services, cpu);
            screenshot(options, services);
            textScreen(options, services);
            if (window != null) {
                out.println("the window shows the final screen; close it to end");
                out.flush();
                window.awaitClosed();
            }
            out.flush();
            return status;
        } finally {
            if (window != null) {
                window.close();
            }
        }
    }

    /**
     * {@code --display window}: opens the window showing the screen live, if this JVM has a
     * desktop (else says so and runs headless). Closing it pauses the machine, which ends a run.
     */
    private DisplayWindow openWindow(LaunchOptions options, MachineServices services, MachineControl cpu)
            throws LaunchException, InterruptedException {
        if (options.display() != LaunchOptions.DisplayMode.WINDOW) {
            return null;
        }
        if (!DisplayWindow.available()) {
            out.println("--display window: no desktop to show a window on (headless Java), running without one");
            return null;
        }
        awaitDisplay(services);
        return DisplayWindow.open(services::display, "Tessera", () -> {
            out.println("display window closed: pausing the machine");
            if (cpu != null) {
                cpu.pause();
            }
        });
    }

    /** {@code --screenshot FILE}: writes the final frame once the run has ended. */
    private void screenshot(LaunchOptions options, MachineServices services)
            throws LaunchException, InterruptedException {
        if (options.screenshot() == null) {
            return;
        }
        Display display = awaitDisplay(services);
        try {
            out.println(DisplayCommands.write(display, options.screenshot()));
        } catch (IllegalArgumentException e) {
            throw new LaunchException(e.getMessage(), e.getCause());
        }
    }

    /** {@code --text-screen FILE}: writes the final text screen as UTF-8 once the run has ended. */
    private void textScreen(LaunchOptions options, MachineServices services)
            throws LaunchException, InterruptedException {
        Path file = options.interaction().textScreen();
        if (file == null) {
            return;
        }
        var screen = awaitDisplay(services).textScreen();
        if (screen.isEmpty()) {
            out.println("--text-screen: the display is not in a text mode; nothing written to " + file);
            return;
        }
        try {
            Files.writeString(file, ScreenText.of(screen.get()), StandardCharsets.UTF_8);
            out.println("text screen written to " + file);
        } catch (IOException e) {
            throw new LaunchException("--text-screen: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code --until TEXT}: true once TEXT is on the text screen or in the COM1 output file; the
     * run looks a few times a second.
     */
    private java.util.function.BooleanSupplier until(LaunchOptions options, MachineServices services) {
        String text = options.interaction().until();
        if (text == null) {
            return null;
        }
        Path serialFile = options.serial() == null || options.serial().equals("stdout") || options.serial().equals("none")
                || options.serial().startsWith("tcp:") ? null : Path.of(options.serial());
        return () -> {
            Display display = services.display();
            if (display != null) {
                var screen = display.textScreen();
                if (screen.isPresent() && ScreenText.of(screen.get()).contains(text)) {
                    return true;
                }
            }
            try {
                return serialFile != null && Files.isRegularFile(serialFile)
                        && Files.readString(serialFile, StandardCharsets.ISO_8859_1).contains(text);
            } catch (IOException e) {
                return false;
            }
        };
    }

    private Display awaitDisplay(MachineServices services) throws LaunchException, InterruptedException {
        Display display = awaitOptional(services::display, Display.class.getName(), "the display");
        if (display == null) {
            throw new LaunchException("this machine has no display (dev.vga is not part of it)");
        }
        return display;
    }

    /** Refuses, before anything is changed, what the machine cannot do. */
    private void checkAvailable(LaunchOptions options, MachineServices services) throws UsageException {
        if (options.shell() && context.getServiceReference(ConsoleShell.PROCESSOR) == null) {
            throw new UsageException("this machine has no Gogo runtime, so it has no shell");
        }
        if (options.needsCpu() && services.machineControl() == null
                && catalog.providersOf(MachineControl.class.getName()).isEmpty()) {
            throw new UsageException(options.cpuOption() + " needs a CPU, and this machine has none"
                    + " (cpu.core is not part of it)");
        }
        if (options.needsDisplay() && services.display() == null
                && catalog.providersOf(Display.class.getName()).isEmpty()) {
            throw new UsageException((options.screenshot() != null ? "--screenshot" : "--display window")
                    + " needs a display, and this machine has none (dev.vga is not part of it)");
        }
        if (options.debugcon() != null && services.debugConsole() == null
                && catalog.providersOf(DebugConsole.class.getName()).isEmpty()) {
            throw new UsageException("--debugcon is not available: this machine has no debug console"
                    + " (dev.ioports is not part of it)");
        }
    }

    /** {@code run} prints the maps; {@code shell} sums them up in one line. */
    private void describe(LaunchOptions options, MemoryBus bus, IoBus io) {
        if (options.command() == LaunchOptions.Command.RUN) {
            out.print(formatter.memoryMap(bus.regions()));
            out.print(io != null ? formatter.portMap(io.ports())
                    : "port map: no IO bus (dev.ioports is not part of this machine)\n");
            return;
        }
        int regions = bus.regions().size();
        int ranges = io == null ? 0 : io.ports().size();
        out.println("machine assembled: " + regions + (regions == 1 ? " memory region, " : " memory regions, ")
                + (io == null ? "no IO bus" : ranges + (ranges == 1 ? " port range" : " port ranges"))
                + " ('memmap' and 'ports' show them)");
    }

    /** Runs the machine, or says why it cannot, and opens the shell if asked. */
    private int operate(LaunchOptions options, MachineServices services, MachineControl cpu)
            throws UsageException, LaunchException, InterruptedException {
        if (cpu == null) {
            out.println(NO_CPU);
            if (options.shell()) {
                shell();
            } else if (options.hotDir() != null) {
                out.println("(hot reload ends with the run; add --shell to keep the machine up)");
            }
            return MainCommand.EXIT_OK;
        }
        Processor processor = awaitOptional(services::processor, Processor.class.getName(), "the CPU's registers");
        if (processor == null) {
            throw new LaunchException("the CPU offers machine control but not its registers (Processor)");
        }
        CpuRun run = new CpuRun(cpu, processor, out, STOP_WAIT, () -> endGuestLine(options, services));
        run.stopWhen(until(options, services), options.interaction().until());
        run.machineTime(services::machineNanos);
        if (options.image() == null && (options.disks().any() || options.disks().firmware())) {
            // the drives have their images: the CPU starts at its reset vector and the BIOS boots
            cpu.reset();
            if (demoDisk) {
                out.println(DemoDisk.BOOTING);
            }
            out.println("booting: the CPU starts at F000:FFF0"
                    + (options.disks().firmware() ? " in " + options.disks().bios().getFileName() : "")
                    + (options.disks().any() ? " with " + String.join(", ", options.disks().images().keySet()) : "")
                    + (options.disks().snapshot() ? " (snapshot: the image files stay unchanged)" : ""));
            // --type goes to the BIOS (tessera.bios type): a key each time the guest waits for one
            if (options.shell()) {
                run.begin();
                cpu.start();
                shell();
                return run.end();
            }
            out.println(runningLine(options));
            out.flush();
            return run.run(options.maxTime());
        }
        if (options.image() == null) {
            out.println(NOTHING_TO_BOOT);
            if (!options.shell()) {
                return MainCommand.EXIT_OK;
            }
            out.println("(the CPU waits at its reset state; 'step' and 'run' in the shell start it)");
            run.begin();
            shell();
            return cpu.status().state() == MachineState.STOPPED ? MainCommand.EXIT_OK : run.end();
        }
        for (String line : new ProgramLoader().load(options.image(), services.memoryBus(), processor)) {
            out.println(line);
        }
        if (options.shell()) {
            run.begin();
            cpu.start();
            out.println("machine started ('pause', 'registers', 'step' and 'resume' in the shell)");
            shell();
            return run.end();
        }
        type(options, services);
        out.println(runningLine(options));
        out.flush();
        return run.run(options.maxTime());
    }

    /**
     * {@code --type}: the keys go into the keyboard's queue once the guest first waits for input
     * (its CPU idles until an interrupt, as a BIOS's keyboard wait or a DOS prompt does), or after
     * {@value #TYPE_AT_LATEST_MS} ms of wall time if it never idles; the keyboard then hands them
     * to the guest as it reads them. Keys typed earlier would be taken by whatever reads the
     * keyboard during boot (DOS kernels drain it looking for F5/F8).
     */
    private void type(LaunchOptions options, MachineServices services) throws LaunchException, InterruptedException {
        String text = options.interaction().typed();
        if (text == null) {
            return;
        }
        KeyboardInput keyboard = awaitOptional(services::keyboard, KeyboardInput.class.getName(), "the keyboard");
        if (keyboard == null) {
            throw new LaunchException("--type: this machine has no keyboard (no KeyboardInput service)");
        }
        MachineControl control = services.machineControl();
        Thread typist = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TYPE_AT_LATEST_MS);
            while (System.nanoTime() < deadline && !(control != null && MachineControl.IDLE.equals(control.status().reason()))) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
            int typed = keyboard.type(text);
            if (typed < text.length()) {
                out.println("--type: typed " + typed + " of " + text.length() + " characters; no key makes '"
                        + text.charAt(typed) + "' on a US keyboard");
            }
        }, "tessera-type");
        typist.setDaemon(true);
        typist.start();
    }

    /** {@code --type} types at the latest this long after the start when the guest never idles. */
    static final long TYPE_AT_LATEST_MS = 2000;

    /** {@code running (at most 1000 instructions, 2 s; Ctrl-C stops it)}. */
    static String runningLine(LaunchOptions options) {
        StringBuilder limits = new StringBuilder();
        if (options.maxInstructions().isPresent()) {
            long n = options.maxInstructions().getAsLong();
            limits.append("at most ").append(n).append(n == 1 ? " instruction" : " instructions");
        }
        if (options.maxTime() != null) {
            limits.append(limits.length() == 0 ? "at most " : ", ")
                    .append(BigDecimal.valueOf(options.maxTime().toNanos(), 9).stripTrailingZeros().toPlainString())
                    .append(" s");
        }
        return "running (" + (limits.length() == 0 ? "" : limits + "; ") + "Ctrl-C stops it)";
    }

    /**
     * Ends the guest's last line on the console before the report, when the debug console
     * writes to standard output and the guest's output does not end with a newline.
     */
    private void endGuestLine(LaunchOptions options, MachineServices services) {
        String sink = options.debugcon();
        if (sink != null && !ArgumentParser.SINK_STDOUT.equals(sink)) {
            return;
        }
        DebugConsole console;
        try {
            console = services.debugConsole();
        } catch (IllegalStateException frameworkStopping) {
            return;
        }
        if (console == null) {
            return;
        }
        byte[] written = console.output();
        if (written.length > 0 && written[written.length - 1] != '\n') {
            out.println();
        }
    }

    private void awaitMemoryBus(MachineServices services) throws LaunchException, InterruptedException {
        if (services.memoryBus() != null) {
            return;
        }
        if (catalog.providersOf(MemoryBus.class.getName()).isEmpty()) {
            throw new LaunchException("this machine has no memory bus (mem.bus is not part of it)");
        }
        if (!MachineServices.waitUntil(() -> services.memoryBus() != null, timeout)) {
            throw new LaunchException("the memory bus did not appear within " + seconds() + " (see the log above)");
        }
    }

    private void awaitAll(MachineServices services, List<AssemblyCheck> checks)
            throws LaunchException, InterruptedException {
        List<String> failures = new ArrayList<>();
        boolean met = MachineServices.waitUntil(() -> {
            if (checks.stream().allMatch(c -> c.met().test(services))) {
                return true;
            }
            failures.addAll(catalog.activationFailures());
            return !failures.isEmpty();
        }, timeout);
        if (!failures.isEmpty()) {
            throw new LaunchException("the machine could not be assembled: " + String.join("; ", failures));
        }
        if (met) {
            return;
        }
        List<String> missing = new ArrayList<>();
        for (AssemblyCheck c : checks) {
            if (!c.met().test(services)) {
                missing.add(c.description());
            }
        }
        throw new LaunchException("the machine was not assembled within " + seconds() + ": still waiting for "
                + String.join("; ", missing) + " (see the log above for the cause)");
    }

    /**
     * A part the machine may lack: there now, or declared by a component (then waited for), or
     * absent (null).
     */
    private <T> T awaitOptional(java.util.function.Supplier<T> lookup, String type, String what)
            throws LaunchException, InterruptedException {
        T service = lookup.get();
        if (service != null) {
            return service;
        }
        List<String> providers = catalog.providersOf(type);
        if (providers.isEmpty()) {
            return null;
        }
        if (!MachineServices.waitUntil(() -> lookup.get() != null, timeout)) {
            throw new LaunchException(what + " is declared by " + String.join(", ", providers)
                    + " but did not appear within " + seconds());
        }
        return lookup.get();
    }

    private void shell() throws LaunchException {
        out.println("Gogo shell: 'help' lists the commands, 'exit' or end of input leaves");
        out.flush();
        try {
            new ConsoleShell(context).run();
        } catch (NoClassDefFoundError e) {
            throw new LaunchException("the Gogo runtime is not wired to the launcher, so there is no shell", e);
        }
    }

    private String seconds() {
        return timeout.toSeconds() + " s";
    }
}
