package org.tessera.cpu.core.internal.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs MOO test files against a {@link VectorMachine} and compares the outcome.
 *
 * <p>For each test: skip it if it is revoked (its hash is in {@code revocation_list.txt} beside
 * the file or one folder up) or if {@link Known286Differences} skips it; otherwise load the
 * initial registers (FLAGS {@code & 0x0FFF}) and memory, run until HLT, and compare:
 * <ul>
 * <li>registers: those in the final mask must have their final value, all others their initial
 * value; FLAGS on both sides ANDed with the file's mask from {@code metadata.json} beside the
 * file (none: {@code 0xFFFF}) and the extra mask of {@link Known286Differences#flagsMask};</li>
 * <li>memory: every byte of the final state must have its final value and every other byte of the
 * initial state its initial value; for a test with an exception the pushed FLAGS word (at
 * {@code flagAddress}, see {@link #pushedFlagsAddress}) is compared under the same mask.</li>
 * </ul>
 * Registers that {@link Known286Differences#ignoredRegisters} names are not compared.
 *
 * <p>A machine is taken from the supplier for each file and reused for its tests; one that
 * throws is replaced. With more than one thread, files run in parallel, each on its own machine,
 * and results are still delivered in file order. An instance may run several times but not
 * concurrently with itself.
 */
public final class VectorRunner {

    /** The revocation list's file name. */
    static final String REVOCATION_LIST = "revocation_list.txt";
    /** The metadata file's name. */
    static final String METADATA = "metadata.json";
    /** The skip key of revoked tests in {@link FileResult#skippedBy()}. */
    public static final String REVOKED = "REVOKED";
    /** The most differences listed for one failing test. */
    static final int DIFFERENCES_PER_TEST = 6;

    /**
     * How to run.
     *
     * @param skipKnown286Differences apply {@link Known286Differences} (skips and extra masks)
     * @param skipRevoked skip tests listed in {@code revocation_list.txt}
     * @param failuresPerFile how many failures of each file are kept in detail
     * @param maxInstructions the instruction budget of one test
     * @param threads files run in parallel (1: one after the other)
     */
    public record Options(boolean skipKnown286Differences, boolean skipRevoked, int failuresPerFile,
            long maxInstructions, int threads) {

        /** Checks the numbers. */
        public Options {
            if (failuresPerFile < 0 || maxInstructions < 1 || threads < 1) {
                throw new IllegalArgumentException("failuresPerFile >= 0, maxInstructions >= 1, threads >= 1");
            }
        }

        /** The defaults: 286 differences and revoked tests skipped, 5 failures per file, 100,000 instructions, 1 thread. */
        public static Options defaults() {
            return new Options(true, true, 5, 100_000, 1);
        }

        /** These options with another thread count. */
        public Options withThreads(int count) {
            return new Options(skipKnown286Differences, skipRevoked, failuresPerFile, maxInstructions, count);
        }
    }

    /**
     * One failing test.
     *
     * @param idx the test's index
     * @param name its disassembly
     * @param bytes its bytes in hex, e.g. {@code 00 5F 0E F4}
     * @param differences what differed, e.g. {@code ip: expected 0x94BC, got 0x94BB}
     */
    public record Failure(int idx, String name, String bytes, List<String> differences) {

        /** Copies the list. */
        public Failure {
            differences = List.copyOf(differences);
        }

        /** {@code #idx name [bytes]: difference; difference}. */
        @Override
        public String toString() {
            return "#" + idx + " " + name + " [" + bytes + "]: " + String.join("; ", differences);
        }
    }

    /**
     * The outcome of one file.
     *
     * @param file the file
     * @param mnemonic the mnemonic from its {@code META} chunk (empty if none or unreadable)
     * @param passed tests that passed
     * @param failed tests that failed
     * @param skipped tests skipped
     * @param skippedBy skipped tests by reason: a {@link Known286Differences.Difference} name or
     *     {@link VectorRunner#REVOKED}
     * @param failures the first failures, at most {@link Options#failuresPerFile()}
     * @param error why the file could not be read, or null
     */
    public record FileResult(Path file, String mnemonic, int passed, int failed, int skipped,
            Map<String, Integer> skippedBy, List<Failure> failures, String error) {

        /** Copies the collections. */
        public FileResult {
            skippedBy = Map.copyOf(skippedBy);
            failures = List.copyOf(failures);
        }

        /** A file that could not be read. */
        static FileResult unreadable(Path file, String error) {
            return new FileResult(file, "", 0, 0, 0, Map.of(), List.of(), error);
        }

        /** The file's line of a report, e.g. {@code 00.MOO.gz add: 1700 passed, 0 failed, 0 skipped}. */
        public String line() {
            String name = String.valueOf(file.getFileName());
            if (error != null) {
                return name + ": UNREADABLE: " + error;
            }
            return name + (mnemonic.isEmpty() ? "" : " " + mnemonic) + ": " + passed + " passed, " + failed
                    + " failed, " + skipped + " skipped";
        }
    }

    /**
     * The outcome of a run.
     *
     * @param files per file, in the order run
     */
    public record Summary(List<FileResult> files) {

        /** Copies the list. */
        public Summary {
            files = List.copyOf(files);
        }

        /** Tests passed in all files. */
        public long passed() {
            return files.stream().mapToLong(FileResult::passed).sum();
        }

        /** Tests failed in all files. */
        public long failed() {
            return files.stream().mapToLong(FileResult::failed).sum();
        }

        /** Tests skipped in all files. */
        public long skipped() {
            return files.stream().mapToLong(FileResult::skipped).sum();
        }

        /** Files that could not be read. */
        public int unreadable() {
            return (int) files.stream().filter(f -> f.error() != null).count();
        }

        /** Skipped tests by reason, over all files. */
        public Map<String, Long> skippedBy() {
            Map<String, Long> total = new TreeMap<>();
            for (FileResult f : files) {
                f.skippedBy().forEach((k, v) -> total.merge(k, (long) v, Long::sum));
            }
            return total;
        }

        /** Passed over run (passed + failed) tests, 1 if none ran; skipped tests do not count. */
        public double passRate() {
            long run = passed() + failed();
            return run == 0 ? 1.0 : (double) passed() / run;
        }

        /** {@code N passed, N failed, N skipped}. */
        public String line() {
            return passed() + " passed, " + failed() + " failed, " + skipped() + " skipped";
        }
    }

    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    private final Supplier<VectorMachine> machines;
    private final Options options;
    private final Known286Differences differences = new Known286Differences();
    private final Map<Path, FolderContext> folders = new ConcurrentHashMap<>();

    /**
     * A runner that takes a machine from {@code machines} for each file.
     *
     * @param machines makes fresh machines
     * @param options how to run
     */
    public VectorRunner(Supplier<VectorMachine> machines, Options options) {
        this.machines = machines;
        this.options = options;
    }

    /**
     * A runner that reuses one machine for everything (one thread, whatever the options say).
     *
     * @param machine the machine
     * @param options how to run
     */
    public VectorRunner(VectorMachine machine, Options options) {
        this(() -> machine, options.withThreads(1));
    }

    /**
     * The test files that paths name: a file as it is, a folder as the {@code .MOO} and
     * {@code .MOO.gz} files directly in it, sorted by name.
     *
     * @param paths files and folders
     * @return the files in order
     * @throws IOException if a path does not exist, a folder cannot be listed or has no test files
     */
    public static List<Path> testFiles(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inFolder;
                try (Stream<Path> listing = Files.list(p)) {
                    inFolder = listing.filter(f -> isTestFileName(f) && Files.isRegularFile(f)).sorted().toList();
                }
                if (inFolder.isEmpty()) {
                    throw new NoSuchFileException(p.toString(), null, "no .MOO or .MOO.gz test files in this folder");
                }
                files.addAll(inFolder);
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new NoSuchFileException(p.toString(), null, "no such file or folder");
            }
        }
        return files;
    }

    private static boolean isTestFileName(Path file) {
        String name = String.valueOf(file.getFileName()).toUpperCase(Locale.ROOT);
        return name.endsWith(".MOO") || name.endsWith(".MOO.GZ");
    }

    /**
     * Runs files and folders (see {@link #testFiles}).
     *
     * @param paths files and folders
     * @param progress gets each file's result as soon as it and those before it are done
     * @return the outcome
     * @throws IOException if a path does not exist or a folder cannot be listed
     */
    public Summary run(List<Path> paths, Consumer<FileResult> progress) throws IOException {
        List<Path> files = testFiles(paths);
        List<FileResult> results = new ArrayList<>();
        if (options.threads() == 1 || files.size() == 1) {
            for (Path f : files) {
                FileResult r = runFile(f);
                results.add(r);
                progress.accept(r);
            }
            return new Summary(results);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), files.size()), r -> {
            Thread t = new Thread(r, "tessera-cputest");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileResult>> futures = new ArrayList<>();
            for (Path f : files) {
                futures.add(pool.submit(() -> runFile(f)));
            }
            for (Future<FileResult> future : futures) {
                FileResult r = await(future);
                results.add(r);
                progress.accept(r);
            }
        } finally {
            pool.shutdownNow();
        }
        return new Summary(results);
    }

    private static FileResult await(Future<FileResult> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Runs one file. A file that cannot be read (or whose folder's metadata cannot) gives a
     * result with {@link FileResult#error()} set; nothing is thrown for it.
     *
     * @param file a test file
     * @return its outcome
     * @throws RuntimeException what the machine supplier throws (no machine to test)
     */
    public FileResult runFile(Path file) {
        MooFile moo;
        FolderContext folder;
        try {
            folder = folderOf(file);
            moo = MooReader.readFile(file);
        } catch (IOException | UncheckedIOException e) {
            String message = String.valueOf(e.getMessage());
            String prefix = file + ": ";
            return FileResult.unreadable(file, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        }
        int fileMask = folder.masks().forFile(String.valueOf(file.getFileName()));
        FileRun run = new FileRun(file, moo.mnemonic());
        VectorMachine machine = null;
        for (MooTest test : moo.tests()) {
            InstructionShape shape = InstructionShape.of(test);
            Optional<String> skip = skipReason(test, shape, folder);
            if (skip.isPresent()) {
                run.skip(skip.get());
                continue;
            }
            boolean filter = options.skipKnown286Differences();
            int mask = fileMask & (filter ? differences.flagsMask(test, shape) : 0xFFFF);
            int ignored = filter ? differences.ignoredRegisters(test, shape) : 0;
            if (machine == null) {
                machine = machines.get();
            }
            List<String> found;
            try {
                found = runTest(machine, test, mask, ignored);
            } catch (RuntimeException | StackOverflowError e) {
                found = List.of("the machine threw " + e);
                machine = null; // its state is unknown: take a fresh one
            }
            run.record(test, found);
        }
        return run.result();
    }

    private Optional<String> skipReason(MooTest test, InstructionShape shape, FolderContext folder) {
        if (options.skipRevoked() && folder.revoked().contains(test.hash())) {
            return Optional.of(REVOKED);
        }
        if (options.skipKnown286Differences()) {
            return differences.skip(test, shape).map(Enum::name);
        }
        return Optional.empty();
    }

    /** Runs one test; returns what differed (empty: passed). */
    private List<String> runTest(VectorMachine machine, MooTest test, int flagsMask, int ignoredRegisters) {
        int[] regs = test.initialRegs().clone();
        regs[MooTest.FLAGS] &= 0x0FFF;
        machine.load(regs, test.initialRamAddresses(), test.initialRamValues());
        long executed = machine.runUntilHalt(options.maxInstructions());
        List<String> found = new ArrayList<>();
        if (executed < 0) {
            found.add("no HLT within " + options.maxInstructions() + " instructions");
        }
        compareRegisters(test, machine.registers(), flagsMask, ignoredRegisters, found);
        compareMemory(test, machine, flagsMask, found);
        return found;
    }

    private static void compareRegisters(MooTest test, int[] actual, int flagsMask, int ignoredRegisters,
            List<String> found) {
        if (actual == null || actual.length < MooTest.REGISTER_COUNT) {
            found.add("registers() returned " + (actual == null ? "null" : actual.length + " values"));
            return;
        }
        for (int i = 0; i < MooTest.REGISTER_COUNT; i++) {
            if ((ignoredRegisters >>> i & 1) != 0) {
                continue;
            }
            int mask = i == MooTest.FLAGS ? flagsMask : 0xFFFF;
            int expected = test.expectedReg(i) & mask;
            int got = actual[i] & mask;
            if (expected != got) {
                found.add(MooTest.REGISTER_NAMES.get(i) + ": expected " + hex4(expected) + ", got " + hex4(got)
                        + (mask != 0xFFFF ? " (under mask " + hex4(mask) + ")" : ""));
            }
        }
    }

    private static void compareMemory(MooTest test, VectorMachine machine, int flagsMask, List<String> found) {
        Map<Long, Integer> expected = new LinkedHashMap<>();
        long[] addresses = test.initialRamAddresses();
        for (int i = 0; i < addresses.length; i++) {
            expected.put(addresses[i], test.initialRamValues()[i] & 0xFF);
        }
        addresses = test.finalRamAddresses();
        for (int i = 0; i < addresses.length; i++) {
            expected.put(addresses[i], test.finalRamValues()[i] & 0xFF);
        }
        long flags = test.hasException() ? pushedFlagsAddress(test) : -2;
        for (Map.Entry<Long, Integer> e : expected.entrySet()) {
            long address = e.getKey();
            boolean pushedFlags = address == flags || address == flags + 1;
            int mask = address == flags ? flagsMask & 0xFF : address == flags + 1 ? flagsMask >>> 8 & 0xFF : 0xFF;
            int want = e.getValue() & mask;
            int got = machine.readPhysical(address) & mask;
            if (want != got) {
                found.add("[" + String.format("0x%06X", address) + "]: expected " + String.format("0x%02X", want)
                        + ", got " + String.format("0x%02X", got) + (!pushedFlags ? ""
                        : mask != 0xFF ? String.format(" (pushed FLAGS, under mask 0x%02X)", mask) : " (pushed FLAGS)"));
            }
        }
    }

    /**
     * Where the FLAGS word of a test's exception frame is. Upstream's {@code flag_address} is
     * that word's address rounded down to even: when SP is odd it is one byte too low (checked:
     * all 1,327 such tests of the 80286 set). The frame sits at the final SS:SP (FLAGS at
     * SP + 4), so that is used when it agrees with {@code flag_address} up to that rounding.
     */
    static long pushedFlagsAddress(MooTest test) {
        long frame = ((long) test.expectedReg(MooTest.SS) << 4) + ((test.expectedReg(MooTest.SP) + 4) & 0xFFFF);
        return frame == test.flagAddress() + 1 ? frame : test.flagAddress();
    }

    private static String hex4(int value) {
        return String.format("0x%04X", value);
    }

    /** The masks and revocations of the folder a file is in, read once per folder. */
    private FolderContext folderOf(Path file) throws IOException {
        Path folder = file.toAbsolutePath().normalize().getParent();
        try {
            return folders.computeIfAbsent(folder, f -> {
                try {
                    return FolderContext.read(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** A folder's {@code metadata.json} masks and revoked hashes. */
    private record FolderContext(FlagMasks masks, Set<String> revoked) {

        static FolderContext read(Path folder) throws IOException {
            Path metadata = folder.resolve(METADATA);
            FlagMasks masks = Files.isRegularFile(metadata) ? FlagMasks.load(metadata) : FlagMasks.none();
            Set<String> revoked = new HashSet<>();
            for (Path list : new Path[] {folder.resolve(REVOCATION_LIST),
                    folder.getParent() == null ? null : folder.getParent().resolve(REVOCATION_LIST)}) {
                if (list != null && Files.isRegularFile(list)) {
                    for (String line : Files.readAllLines(list)) {
                        String hash = line.strip().toLowerCase(Locale.ROOT);
                        if (!hash.isEmpty() && !hash.startsWith("#")) {
                            revoked.add(hash);
                        }
                    }
                }
            }
            return new FolderContext(masks, Set.copyOf(revoked));
        }
    }

    /** Counts of one file while it runs. */
    private final class FileRun {
        private final Path file;
        private final String mnemonic;
        private int passed;
        private int failed;
        private int skipped;
        private final Map<String, Integer> skippedBy = new TreeMap<>();
        private final List<Failure> failures = new ArrayList<>();

        FileRun(Path file, String mnemonic) {
            this.file = file;
            this.mnemonic = mnemonic;
        }

        void skip(String reason) {
            skipped++;
            skippedBy.merge(reason, 1, Integer::sum);
        }

        void record(MooTest test, List<String> found) {
            if (found.isEmpty()) {
                passed++;
                return;
            }
            failed++;
            if (failures.size() < options.failuresPerFile()) {
                List<String> listed = found.size() > DIFFERENCES_PER_TEST
                        ? new ArrayList<>(found.subList(0, DIFFERENCES_PER_TEST)) : found;
                if (found.size() > DIFFERENCES_PER_TEST) {
                    listed.add("... " + (found.size() - DIFFERENCES_PER_TEST) + " more");
                }
                failures.add(new Failure(test.idx(), test.name(), HEX.formatHex(test.bytes()), listed));
            }
        }

        FileResult result() {
            return new FileResult(file, mnemonic, passed, failed, skipped, skippedBy, failures, null);
        }
    }
}
