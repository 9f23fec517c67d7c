package org.tessera.launcher.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.tessera.machine.api.diagnostics.CpuTestVectors;

/**
 * The {@code cputest PATH...} command: finds the machine's {@link CpuTestVectors} service (the
 * CPU bundle provides it), lets it run the files and folders with its report on the console,
 * and ends with the line {@code N passed, N failed, N skipped}.
 *
 * <p>The service is there, or declared by a component and waited for (bounded by the assembly
 * timeout), or absent: then the command says so at once. Exit status: {@value
 * MainCommand#EXIT_OK} nothing failed, {@value MainCommand#EXIT_FAILURE} a test failed, a file
 * could not be read, or there is no test runner, {@value MainCommand#EXIT_USAGE} a bad path.
 */
final class CpuTestCommand {

    /** What {@code cputest} says when the machine has no test runner. */
    static final String NO_RUNNER = "no CPU test runner: cpu.core is not part of this machine";

    private final BundleContext context;
    private final ComponentCatalog catalog;
    private final PrintStream out;
    private final Duration timeout;

    /**
     * @param context the launcher's bundle context (null only in tests that pass the lookup)
     * @param catalog what the machine's components declare
     * @param out where the report goes
     * @param timeout the bound of the wait for the service
     */
    CpuTestCommand(BundleContext context, ComponentCatalog catalog, PrintStream out, Duration timeout) {
        this.context = context;
        this.catalog = catalog;
        this.out = out;
        this.timeout = timeout;
    }

    /**
     * Runs the command against the framework's service.
     *
     * @param paths the test files and folders
     * @return the exit status
     */
    int execute(List<Path> paths) throws UsageException, LaunchException, InterruptedException {
        ServiceTracker<CpuTestVectors, CpuTestVectors> tracker = new ServiceTracker<>(context, CpuTestVectors.class, null);
        tracker.open();
        try {
            return execute(paths, tracker::getService, () -> catalog.providersOf(CpuTestVectors.class.getName()));
        } finally {
            tracker.close();
        }
    }

    /**
     * Runs the command.
     *
     * @param paths the test files and folders
     * @param service the service now, or null
     * @param providers the bundles that declare a component providing it
     * @return the exit status
     */
    int execute(List<Path> paths, Supplier<CpuTestVectors> service, Supplier<List<String>> providers)
            throws UsageException, LaunchException, InterruptedException {
        CpuTestVectors runner = service.get();
        if (runner == null) {
            List<String> declaredBy = providers.get();
            if (declaredBy.isEmpty()) {
                throw new LaunchException(NO_RUNNER);
            }
            if (!MachineServices.waitUntil(() -> service.get() != null, timeout)) {
                throw new LaunchException("the CPU test runner is declared by " + String.join(", ", declaredBy)
                        + " but did not appear within " + timeout.toSeconds() + " s");
            }
            runner = service.get();
        }
        CpuTestVectors.Summary summary;
        try {
            summary = runner.run(paths, out);
        } catch (IOException e) {
            out.flush();
            throw new UsageException("cputest: " + e.getMessage());
        } catch (UnsupportedOperationException e) {
            out.flush();
            throw new LaunchException("cputest: " + e.getMessage());
        }
        if (summary.unreadableFiles() > 0) {
            out.println(summary.unreadableFiles() + (summary.unreadableFiles() == 1 ? " test file" : " test files")
                    + " could not be read");
        }
        out.println(summary.line());
        out.flush();
        return summary.succeeded() ? MainCommand.EXIT_OK : MainCommand.EXIT_FAILURE;
    }
}
