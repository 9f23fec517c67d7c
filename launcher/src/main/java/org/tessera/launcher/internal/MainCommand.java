package org.tessera.launcher.internal;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The command line, run on the JVM's main thread.
 *
 * <p>The bnd launcher (the main class of the exported jar) starts the framework and every bundle,
 * then registers a service of type {@code Object} with the property
 * {@value #ARGUMENTS} (a {@code String[]}: the command line), and then waits for a service of
 * type {@code Callable} (or {@code Runnable}) with the property {@code main.thread=true}; it
 * calls that service on the main thread and exits with the {@code Integer} it returns. This
 * component is that service. Its mandatory reference to the arguments makes it appear only
 * after the launcher has started all the bundles.
 *
 * <p>In a framework that has a main program of its own (an OSGi container, or the integration
 * tests' tester) the framework property {@value #MAIN_PROPERTY}{@code =off} keeps this command
 * from offering itself: the launcher bundle then only contributes its Gogo commands and hot
 * reload. That is why the component registers its service itself rather than declaring it.
 *
 * <p>Exit status: {@value #EXIT_OK} done, {@value #EXIT_FAILURE} the machine could not be
 * assembled or run, {@value #EXIT_USAGE} a bad command line. Errors are one line on standard
 * error; details go to the log.
 */
@Component(service = {})
public final class MainCommand implements Callable<Integer> {

    /** Framework property: {@code off} keeps the command line from taking the main thread. */
    static final String MAIN_PROPERTY = "tessera.main";

    /** Service property of the bnd launcher's service: the command line. */
    static final String ARGUMENTS = "launcher.arguments";
    /** Framework or system property: seconds to wait for the machine's services. */
    static final String TIMEOUT_PROPERTY = "tessera.assembly.timeout";
    /** Default of {@value #TIMEOUT_PROPERTY}. */
    static final long DEFAULT_TIMEOUT_SECONDS = 10;

    /** Exit status: done. */
    static final int EXIT_OK = 0;
    /** Exit status: the machine could not be assembled or run. */
    static final int EXIT_FAILURE = 1;
    /** Exit status: bad command line. */
    static final int EXIT_USAGE = 2;

    private static final System.Logger LOG = System.getLogger(MainCommand.class.getName());

    private final BundleContext context;
    private final List<String> arguments;
    private final ConfigurationAdmin configAdmin;
    private final ServiceComponentRuntime componentRuntime;
    private final ConsoleLogging logging = new ConsoleLogging();
    private ServiceRegistration<?> registration;

    /**
     * @param context the launcher's bundle context
     * @param launcher the service properties of the bnd launcher's service (the arguments)
     * @param configAdmin the machine's Configuration Admin, or null if it has none
     * @param componentRuntime the DS runtime, or null
     */
    @Activate
    public MainCommand(BundleContext context,
            @Reference(service = Object.class, target = "(" + ARGUMENTS + "=*)") Map<String, Object> launcher,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) ConfigurationAdmin configAdmin,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) ServiceComponentRuntime componentRuntime) {
        this.context = context;
        this.arguments = argumentsOf(launcher.get(ARGUMENTS));
        this.configAdmin = configAdmin;
        this.componentRuntime = componentRuntime;
        if (!"off".equalsIgnoreCase(context.getProperty(MAIN_PROPERTY))) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("main.thread", Boolean.TRUE);
            registration = context.registerService(Callable.class, this, props);
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
            registration = null;
        }
    }

    /** The launcher passes a {@code String[]}; anything else counts as no arguments. */
    static List<String> argumentsOf(Object value) {
        if (value instanceof String[] array) {
            return List.copyOf(Arrays.asList(array));
        }
        return List.of();
    }

    /**
     * Runs the command line.
     *
     * @return the exit status
     */
    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            logging.apply(context.getProperty(ConsoleLogging.LEVEL_PROPERTY));
            LaunchOptions options = new ArgumentParser().parse(arguments);
            if (options.command() == LaunchOptions.Command.HELP) {
                out.print(HelpText.text());
                out.flush();
                return EXIT_OK;
            }
            if (options.command() == LaunchOptions.Command.CPUTEST) {
                return new CpuTestCommand(context, new ComponentCatalog(componentRuntime), out, timeout())
                        .execute(options.testPaths());
            }
            RunCommand run = new RunCommand(context, configAdmin, new ComponentCatalog(componentRuntime), out, timeout());
            return run.execute(options);
        } catch (UsageException e) {
            err.println("tessera: " + e.getMessage());
            return EXIT_USAGE;
        } catch (LaunchException e) {
            if (e.getCause() != null) {
                LOG.log(Level.DEBUG, e.getMessage(), e.getCause());
            }
            err.println("tessera: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tessera: interrupted");
            return EXIT_FAILURE;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.ERROR, "unexpected failure", e);
            err.println("tessera: unexpected failure: " + e);
            return EXIT_FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private Duration timeout() throws UsageException {
        String value = context.getProperty(TIMEOUT_PROPERTY);
        if (value == null || value.isBlank()) {
            return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
        }
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new UsageException(TIMEOUT_PROPERTY + " must be a whole number of seconds, at least 1 (got '" + value + "')");
        }
    }
}
