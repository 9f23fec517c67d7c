package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tessera.cpu.core.internal.CpuVectorMachine;
import org.tessera.cpu.core.internal.vectors.VectorRunner.FileResult;
import org.tessera.cpu.core.internal.vectors.VectorRunner.Summary;

/**
 * Runs the whole shared 80286 real-mode suite ({@code testdata/cpu/80286/v1_real_mode}, about
 * 500,000 tests) against the bundle's CPU model from {@link VectorMachines#create()}, with the
 * {@link Known286Differences} filter, and asserts that at least 99.5 % of the tests that run
 * pass. Skipped, with the reason, when the data is not there (see {@link SharedTestData}).
 */
class SharedVectorsTest {

    /** The least share of run (not skipped) tests that must pass. */
    static final double REQUIRED_PASS_RATE = 0.995;

    @Test
    void theSharedSuitePasses() throws IOException {
        Path folder = SharedTestData.folder().orElse(null);
        assumeTrue(folder != null, SharedTestData::absent);
        Supplier<VectorMachine> machines = VectorMachines::create;

        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Summary summary = new VectorRunner(machines, VectorRunner.Options.defaults().withThreads(threads))
                .run(List.of(folder), SharedVectorsTest::print);
        summary.skippedBy().forEach((reason, count) ->
                System.out.println("skipped " + count + ": " + CpuTestVectorsComponent.describe(reason)));
        System.out.println(summary.line() + String.format(" (%.3f %% of the tests run passed)", 100 * summary.passRate()));

        assertEquals(0, summary.unreadable(), "unreadable test files (see the lines marked UNREADABLE)");
        String worst = summary.files().stream().filter(f -> f.failed() > 0)
                .sorted(Comparator.comparingInt(FileResult::failed).reversed()).limit(10)
                .map(f -> f.file().getFileName() + " " + f.failed()).collect(Collectors.joining(", "));
        assertTrue(summary.passRate() >= REQUIRED_PASS_RATE, () -> String.format(
                "%s: %.3f %% passed, %.1f %% required; most failures in: %s", summary.line(),
                100 * summary.passRate(), 100 * REQUIRED_PASS_RATE, worst));
    }

    /**
     * The same suite with the block compiler compiling every instruction it translates (the
     * vector's instruction becomes a one-instruction block, as HLT follows it): compiled blocks
     * must do what the interpreter does, to the flag.
     */
    @Test
    void theSharedSuitePassesAsCompiledBlocks() throws IOException {
        Path folder = SharedTestData.folder().orElse(null);
        assumeTrue(folder != null, SharedTestData::absent);
        LongAdder compiled = new LongAdder();
        Supplier<VectorMachine> machines = () -> new CountingMachine(new CpuVectorMachine(1), compiled);
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        Summary summary = new VectorRunner(machines, VectorRunner.Options.defaults().withThreads(threads))
                .run(List.of(folder), SharedVectorsTest::print);
        long blocks = compiled.sum();
        System.out.println("compiled blocks: " + blocks + "; " + summary.line()
                + String.format(" (%.3f %% of the tests run passed)", 100 * summary.passRate()));
        assertTrue(blocks > 100_000, "the compiler made only " + blocks + " blocks");
        assertTrue(summary.passRate() >= REQUIRED_PASS_RATE, summary::line);
    }

    /**
     * The runner itself on the real data: a machine that replays the recorded outcomes passes
     * every test that is not skipped, and the skips are the documented ones.
     */
    @Test
    void aReplayOfTheRecordedOutcomesPassesEverything() throws IOException {
        Path folder = SharedTestData.folder().orElse(null);
        assumeTrue(folder != null, SharedTestData::absent);
        long passed = 0;
        long skipped = 0;
        for (Path file : VectorRunner.testFiles(List.of(folder))) {
            ReplayMachine replay = new ReplayMachine(MooReader.read(file));
            FileResult r = new VectorRunner(replay, VectorRunner.Options.defaults()).runFile(file);
            assertEquals(0, r.failed(), () -> r.line() + " " + r.failures());
            passed += r.passed();
            skipped += r.skipped();
        }
        assertEquals(500_820, passed + skipped);
        assertEquals(Known286DifferencesTest.SKIPPED_IN_SHARED_SET, skipped);
    }

    /** A machine that adds the blocks its CPU compiled to a counter. */
    private record CountingMachine(CpuVectorMachine machine, LongAdder compiled) implements VectorMachine {

        @Override
        public void load(int[] regs, long[] ramAddresses, byte[] ramValues) {
            machine.load(regs, ramAddresses, ramValues);
        }

        @Override
        public long runUntilHalt(long maxInstructions) {
            long before = machine.blocksCompiled();
            long n = machine.runUntilHalt(maxInstructions);
            compiled.add(machine.blocksCompiled() - before);
            return n;
        }

        @Override
        public int[] registers() {
            return machine.registers();
        }

        @Override
        public int readPhysical(long address) {
            return machine.readPhysical(address);
        }
    }

    /** Files with failures or errors are printed with their first failures. */
    private static void print(FileResult file) {
        if (file.failed() == 0 && file.error() == null) {
            return;
        }
        System.out.println(file.line());
        file.failures().forEach(f -> System.out.println("    FAIL " + f));
    }
}
