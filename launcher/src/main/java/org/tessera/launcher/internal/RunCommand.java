package org.tessera.launcher.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.tessera.launcher.internal.MachineConfigurator.AssemblyCheck;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The {@code run} and {@code shell} commands: configure the machine, wait until it is
 * assembled, print its maps, run it if it has a CPU, and open the shell if asked.
 *
 * <p>Assembly: the configurations are written first (see {@link MachineConfigurator}), then the
 * command waits, bounded by the assembly timeout, for the memory bus and for every configured
 * part to show up. A part that no component of the machine declares (the IO bus on the
 * memory-only machine, the CPU before cpu.core exists) is reported as absent at once; one that
 * is declared but does not come up in time is an error.
 */
final class RunCommand {

    /** What {@code run} says when the machine has no CPU. */
    static final String NO_CPU = "no CPU is installed: the machine was assembled but cannot execute"
            + " (cpu.core is not part of this machine)";

    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final ComponentCatalog catalog;
    private final PrintStream out;
    private final Duration timeout;
    private final MapFormatter formatter = new MapFormatter();

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
    int execute(LaunchOptions options) throws UsageException, LaunchException, InterruptedException {
        try (MachineServices services = new MachineServices(context)) {
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
            int status = operate(options, cpu);
            out.flush();
            return status;
        }
    }

    /** Refuses, before anything is changed, what the machine cannot do. */
    private void checkAvailable(LaunchOptions options, MachineServices services) throws UsageException {
        if (options.shell() && context.getServiceReference(ConsoleShell.PROCESSOR) == null) {
            throw new UsageException("this machine has no Gogo runtime, so it has no shell");
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
    private int operate(LaunchOptions options, MachineControl cpu) throws LaunchException, InterruptedException {
        if (cpu == null) {
            out.println(NO_CPU);
            if (options.shell()) {
                shell();
            } else if (options.hotDir() != null) {
                out.println("(hot reload ends with the run; add --shell to keep the machine up)");
            }
            return MainCommand.EXIT_OK;
        }
        if (options.shell()) {
            cpu.start();
            out.println("machine started");
            shell();
            return stop(cpu);
        }
        return runToStop(cpu);
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

    /** Starts the machine and waits, without a bound, until it stops for good. */
    private int runToStop(MachineControl cpu) throws InterruptedException {
        cpu.start();
        MachineStatus status = cpu.status();
        while (true) {
            status = cpu.awaitStop(1, TimeUnit.SECONDS);
            if (status.state() == MachineState.REDIRECT) {
                // an access is pending at a device that completes it and resumes the machine
                Thread.sleep(10);
                continue;
            }
            if (status.state() != MachineState.RUNNING) {
                break;
            }
        }
        printStatus(status);
        return MainCommand.EXIT_OK;
    }

    /** Pauses a running machine after the shell and reports where it stopped. */
    private int stop(MachineControl cpu) throws InterruptedException {
        MachineStatus status = cpu.status();
        if (status.state() == MachineState.RUNNING || status.state() == MachineState.REDIRECT) {
            cpu.pause();
            status = cpu.awaitStop(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        printStatus(status);
        return status.state() == MachineState.RUNNING ? MainCommand.EXIT_FAILURE : MainCommand.EXIT_OK;
    }

    private void printStatus(MachineStatus status) {
        String reason = status.reason() == null || status.reason().isBlank() ? "" : ": " + status.reason();
        out.println("machine " + status.state().name().toLowerCase(java.util.Locale.ROOT) + " after "
                + status.instructions() + " instructions" + reason);
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
