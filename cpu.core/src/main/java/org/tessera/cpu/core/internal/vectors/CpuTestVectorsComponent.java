package org.tessera.cpu.core.internal.vectors;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;
import org.tessera.machine.api.diagnostics.CpuTestVectors;

/**
 * The bundle's {@link CpuTestVectors} service: runs test files with {@link VectorRunner} on
 * fresh CPU models from {@link VectorMachines#create()}, files in parallel on the available
 * processors, with the {@link Known286Differences} filter. The report gets one line per file,
 * its first failures indented below it, and the skipped tests by reason at the end.
 */
@Component(service = CpuTestVectors.class)
public final class CpuTestVectorsComponent implements CpuTestVectors {

    private final Supplier<VectorMachine> machines;
    private final int threads;

    /** The DS constructor: the bundle's CPU model, one thread per processor. */
    public CpuTestVectorsComponent() {
        this(VectorMachines::create, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param machines where machines come from
     * @param threads files run in parallel
     */
    CpuTestVectorsComponent(Supplier<VectorMachine> machines, int threads) {
        this.machines = machines;
        this.threads = Math.max(1, threads);
    }

    @Override
    public Summary run(List<Path> paths, PrintStream report) throws IOException {
        List<Path> files = VectorRunner.testFiles(paths);
        // fail at once, before any file is read, when there is no CPU model
        machines.get();
        VectorRunner runner = new VectorRunner(machines, VectorRunner.Options.defaults().withThreads(threads));
        VectorRunner.Summary summary = runner.run(files, file -> print(file, report));
        summary.skippedBy().forEach((reason, count) -> report.println("skipped " + count + ": " + describe(reason)));
        report.flush();
        return new Summary(summary.passed(), summary.failed(), summary.skipped(), summary.unreadable());
    }

    private static void print(VectorRunner.FileResult file, PrintStream report) {
        report.println(file.line());
        for (VectorRunner.Failure f : file.failures()) {
            report.println("    FAIL " + f);
        }
        if (file.failed() > file.failures().size()) {
            report.println("    ... " + (file.failed() - file.failures().size()) + " more failures");
        }
        report.flush();
    }

    /** A skip key in words. */
    static String describe(String reason) {
        if (VectorRunner.REVOKED.equals(reason)) {
            return "revoked (listed in " + VectorRunner.REVOCATION_LIST + ")";
        }
        try {
            return Known286Differences.Difference.valueOf(reason).reason();
        } catch (IllegalArgumentException unknown) {
            return reason;
        }
    }
}
