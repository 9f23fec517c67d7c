package org.tessera.machine.api.diagnostics;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs CPU test vectors: files of single-instruction tests (the MOO format of the
 * SingleStepTests suites, gzipped or not) against a fresh instance of the machine's CPU model,
 * outside any running machine. Provided by the bundle that owns the CPU; used by the launcher's
 * {@code cputest} command and by tools, from any thread.
 *
 * <p>Each test loads registers and memory, executes one instruction followed by {@code HLT},
 * and compares registers and memory with the expected state. Tests that document a behaviour
 * the provider's CPU model legitimately does not share (for example 80286 quirks on an 80386)
 * are counted as skipped, not failed.
 */
@ProviderType
public interface CpuTestVectors {

    /**
     * Runs every test file named in {@code paths}; a folder stands for the test files directly
     * in it (in name order). Writes to {@code report}, as it goes, one line per file and the
     * first failures of each file; the caller prints the totals from the returned summary.
     *
     * @param paths files and folders of test files
     * @param report where the per-file lines and failures go
     * @return the totals
     * @throws IOException if a path does not exist or a folder cannot be listed (a test file
     *     that cannot be read is reported and counted in {@link Summary#unreadableFiles()})
     * @throws UnsupportedOperationException if the provider has no CPU model to test now; the
     *     message says why
     */
    Summary run(List<Path> paths, PrintStream report) throws IOException;

    /**
     * The totals of a run.
     *
     * @param passed tests whose final state matched
     * @param failed tests whose final state differed (or whose run did not end in time)
     * @param skipped tests not run: known differences of the recorded CPU, revoked tests
     * @param unreadableFiles test files that could not be read (corrupt, truncated)
     */
    record Summary(long passed, long failed, long skipped, int unreadableFiles) {

        /** True if no test failed and every file could be read. */
        public boolean succeeded() {
            return failed == 0 && unreadableFiles == 0;
        }

        /** The line a run ends with: {@code N passed, N failed, N skipped}. */
        public String line() {
            return passed + " passed, " + failed + " failed, " + skipped + " skipped";
        }
    }
}
