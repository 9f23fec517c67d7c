package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.cpu.core.internal.vectors.VectorRunner.FileResult;
import org.tessera.cpu.core.internal.vectors.VectorRunner.Options;
import org.tessera.cpu.core.internal.vectors.VectorRunner.Summary;

class VectorRunnerTest {

    @TempDir
    Path dir;

    private final TinyMachine machine = new TinyMachine();

    /** A NOP test that passes on the tiny machine: IP moves by 2 (NOP, HLT). */
    private static MooBuilder.TestSpec nop(int idx) {
        return MooBuilder.spec(0x90, 0xF4).idx(idx).name("nop").fin(MooTest.IP, 0x0102);
    }

    private Path file(String name, MooBuilder.TestSpec... specs) throws IOException {
        MooBuilder b = new MooBuilder();
        for (MooBuilder.TestSpec s : specs) {
            b.test(s.build());
        }
        return b.write(dir.resolve(name));
    }

    private FileResult run(Path file) {
        return new VectorRunner(machine, Options.defaults()).runFile(file);
    }

    @Test
    void matchingStatePasses() throws IOException {
        // FLAGS reaches the machine without bits 12-15 and is expected back that way
        FileResult r = run(file("90.MOO.gz", nop(0).init(MooTest.FLAGS, 0xF0D7), nop(1)));
        assertEquals(2, r.passed());
        assertEquals(0, r.failed());
        assertNull(r.error());
        assertEquals("90.MOO.gz nop: 2 passed, 0 failed, 0 skipped", r.line());
        assertEquals(2, machine.loads);
    }

    @Test
    void flagsAreLoadedWithoutBits12To15() throws IOException {
        run(file("90.MOO.gz", nop(0).init(MooTest.FLAGS, 0xF0D7)));
        assertEquals(0x00D7, machine.loadedFlags);
    }

    @Test
    void everyDifferenceIsReported() throws IOException {
        machine.afterHalt = m -> {
            m.set(MooTest.BX, 0x9999); // an unchanged register that changed
            m.write(0x10100, 0x00); // an initial byte overwritten
            m.write(0x20000, 0x11); // the final byte, wrong
        };
        FileResult r = run(file("90.MOO.gz", nop(4).fin(MooTest.AX, 0x1234).ram(0x20000, 0x55)
                .finalRam(0x20000, 0x66)));
        assertEquals(1, r.failed());
        VectorRunner.Failure f = r.failures().get(0);
        assertEquals(4, f.idx());
        assertEquals("nop", f.name());
        assertEquals("90 F4", f.bytes());
        assertEquals(List.of("ax: expected 0x1234, got 0x1111", "bx: expected 0x2222, got 0x9999",
                "[0x010100]: expected 0x90, got 0x00", "[0x020000]: expected 0x66, got 0x11"), f.differences());
        assertEquals("#4 nop [90 F4]: ax: expected 0x1234, got 0x1111; bx: expected 0x2222, got 0x9999; "
                + "[0x010100]: expected 0x90, got 0x00; [0x020000]: expected 0x66, got 0x11", f.toString());
    }

    @Test
    void flagsAreComparedUnderTheFileMask() throws IOException {
        Files.writeString(dir.resolve("metadata.json"), "{\"opcodes\": {\"90\": {\"flags-mask\": 63487}}}");
        // OF (0x0800) is undefined for this "opcode": 0x0802 expected, 0x0002 found: passes
        FileResult masked = run(file("90.MOO.gz", nop(0).fin(MooTest.FLAGS, 0x0802)));
        assertEquals(1, masked.passed());
        // CF is defined
        FileResult unmasked = run(file("90.MOO.gz", nop(0).fin(MooTest.FLAGS, 0x0003)));
        assertEquals(List.of("flags: expected 0x0003, got 0x0002 (under mask 0xF7FF)"),
                unmasked.failures().get(0).differences());
        // another file name has no mask
        FileResult other = run(file("91.MOO.gz", nop(0).fin(MooTest.FLAGS, 0x0802)));
        assertEquals(1, other.failed());
    }

    @Test
    void thePushedFlagsWordIsMaskedToo() throws IOException {
        Files.writeString(dir.resolve("metadata.json"), "{\"opcodes\": {\"90\": {\"flags-mask\": 63487}}}");
        machine.afterHalt = m -> {
            m.write(0x20100, 0x02);
            m.write(0x20101, 0x00);
        };
        MooBuilder.TestSpec pushed = nop(0).finalRam(0x20100, 0x02).finalRam(0x20101, 0x08).exception(0, 0x20100);
        assertEquals(1, run(file("90.MOO.gz", pushed)).passed());
        // without EXCP the same bytes are plain memory
        MooBuilder.TestSpec plain = nop(0).finalRam(0x20100, 0x02).finalRam(0x20101, 0x08);
        FileResult r = run(file("90.MOO.gz", plain));
        assertEquals(List.of("[0x020101]: expected 0x08, got 0x00"), r.failures().get(0).differences());
        // and a defined flag in the pushed word still counts, in either byte
        MooBuilder.TestSpec high = nop(0).finalRam(0x20100, 0x02).finalRam(0x20101, 0x0C).exception(0, 0x20100);
        assertEquals(List.of("[0x020101]: expected 0x04, got 0x00 (pushed FLAGS, under mask 0xF7)"),
                run(file("90.MOO.gz", high)).failures().get(0).differences());
        MooBuilder.TestSpec wrong = nop(0).finalRam(0x20100, 0x03).finalRam(0x20101, 0x08).exception(0, 0x20100);
        FileResult w = run(file("90.MOO.gz", wrong));
        assertEquals(List.of("[0x020100]: expected 0x03, got 0x02 (pushed FLAGS)"),
                w.failures().get(0).differences());
    }

    @Test
    void thePushedFlagsWordOfAnOddStackIsFoundFromTheFrame() throws IOException {
        Files.writeString(dir.resolve("metadata.json"), "{\"opcodes\": {\"90\": {\"flags-mask\": 63487}}}");
        // SS:SP = 2000:00FB after the exception: FLAGS at 2000:00FF = 0x200FF; upstream says 0x200FE
        MooBuilder.TestSpec odd = nop(0).fin(MooTest.SP, 0x00FB).finalRam(0x200FF, 0x02).finalRam(0x20100, 0x08)
                .exception(0, 0x200FE);
        MooTest t = odd.build();
        assertEquals(0x200FF, VectorRunner.pushedFlagsAddress(t));
        machine.afterHalt = m -> {
            m.set(MooTest.SP, 0x00FB);
            m.write(0x200FF, 0x02);
            m.write(0x20100, 0x00); // OF differs: undefined under the mask
        };
        assertEquals(1, run(file("90.MOO.gz", odd)).passed());
        // an even stack: flag_address as given
        MooTest even = nop(0).fin(MooTest.SP, 0x00FA).exception(0, 0x200FE).build();
        assertEquals(0x200FE, VectorRunner.pushedFlagsAddress(even));
        // a frame that does not agree with flag_address: flag_address wins
        MooTest other = nop(0).fin(MooTest.SP, 0x00FA).exception(0, 0x30000).build();
        assertEquals(0x30000, VectorRunner.pushedFlagsAddress(other));
    }

    @Test
    void stringOverrunsDoNotCompareSiAndDi() throws IOException {
        machine.nops.add(0xA5);
        MooBuilder.TestSpec movsw = MooBuilder.spec(0xA5, 0xF4).init(MooTest.SI, 0xFFFF).fin(MooTest.SI, 0x0001)
                .fin(MooTest.IP, 0x0102).exception(13, 0x200FE);
        assertEquals(1, run(file("A5.MOO.gz", movsw)).passed());
        FileResult strict = new VectorRunner(machine, new Options(false, true, 5, 100, 1))
                .runFile(file("A5.MOO.gz", movsw));
        assertEquals(List.of("si: expected 0x0001, got 0xFFFF"), strict.failures().get(0).differences());
    }

    @Test
    void aMachineThatNeverHaltsFails() throws IOException {
        FileResult r = new VectorRunner(machine, new Options(true, true, 5, 50, 1))
                .runFile(file("EB.MOO.gz", MooBuilder.spec(0xEB, 0xFE, 0xF4).fin(MooTest.IP, 0x0103)));
        assertEquals(1, r.failed());
        assertEquals("no HLT within 50 instructions", r.failures().get(0).differences().get(0));
    }

    @Test
    void aMachineThatThrowsIsReplaced() throws IOException {
        AtomicInteger made = new AtomicInteger();
        VectorRunner runner = new VectorRunner(() -> {
            made.incrementAndGet();
            return new TinyMachine();
        }, Options.defaults());
        FileResult r = runner.runFile(file("90.MOO.gz", nop(0), MooBuilder.spec(0xD6, 0xF4).idx(1), nop(2), nop(3)));
        assertEquals(3, r.passed());
        assertEquals(1, r.failed());
        assertTrue(r.failures().get(0).differences().get(0)
                .startsWith("the machine threw java.lang.IllegalStateException: TinyMachine does not know opcode d6"));
        assertEquals(2, made.get());
    }

    @Test
    void skippedTestsAreCountedApartAndNotInThePassRate() throws IOException {
        Files.writeString(dir.getParent().resolve("revocation_list_unused.txt"), "");
        Files.writeString(dir.resolve(VectorRunner.REVOCATION_LIST), "# revoked\n\n" + String.format("%040X", 3) + "\n");
        machine.afterHalt = m -> m.set(MooTest.DX, 0);
        Path f = file("90.MOO.gz",
                nop(0).fin(MooTest.DX, 0),
                MooBuilder.spec(0xF0, 0x90, 0xF4).idx(1).fin(MooTest.IP, 0x0103).fin(MooTest.DX, 0), // LOCK NOP
                nop(2).fin(MooTest.DX, 0), // revoked: hash of idx 2 is ...03
                nop(3)); // fails: DX changed
        Summary s = new VectorRunner(machine, Options.defaults()).run(List.of(f), r -> { });
        FileResult r = s.files().get(0);
        assertEquals(1, r.passed());
        assertEquals(1, r.failed());
        assertEquals(2, r.skipped());
        assertEquals(Map.of("LOCK_ON_NON_LOCKABLE", 1, VectorRunner.REVOKED, 1), r.skippedBy());
        assertEquals(0.5, s.passRate());
        assertEquals("1 passed, 1 failed, 2 skipped", s.line());
        assertEquals(Map.of("LOCK_ON_NON_LOCKABLE", 1L, VectorRunner.REVOKED, 1L), s.skippedBy());

        // with neither filter every test runs
        Summary all = new VectorRunner(machine, new Options(false, false, 5, 100, 1)).run(List.of(f), x -> { });
        assertEquals(3, all.passed());
        assertEquals(0, all.skipped());
    }

    @Test
    void popfAndIretIgnoreIoplAndNtOnlyWithTheFilter() throws IOException {
        machine.nops.add(0x9D);
        machine.afterHalt = m -> m.set(MooTest.FLAGS, 0x3002);
        Path f = file("9D.MOO.gz", MooBuilder.spec(0x9D, 0xF4).fin(MooTest.IP, 0x0102));
        assertEquals(1, new VectorRunner(machine, Options.defaults()).runFile(f).passed());
        FileResult strict = new VectorRunner(machine, new Options(false, true, 5, 100, 1)).runFile(f);
        assertEquals(List.of("flags: expected 0x0002, got 0x3002"), strict.failures().get(0).differences());
    }

    @Test
    void onlyTheFirstFailuresAreKept() throws IOException {
        machine.afterHalt = m -> m.set(MooTest.AX, 0);
        List<MooBuilder.TestSpec> specs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            specs.add(nop(i));
        }
        FileResult r = new VectorRunner(machine, new Options(true, true, 3, 100, 1))
                .runFile(file("90.MOO.gz", specs.toArray(MooBuilder.TestSpec[]::new)));
        assertEquals(10, r.failed());
        assertEquals(List.of(0, 1, 2), r.failures().stream().map(VectorRunner.Failure::idx).toList());
    }

    @Test
    void manyDifferencesAreCut() throws IOException {
        machine.afterHalt = m -> {
            for (int i = 0; i < 8; i++) {
                m.set(i, 0xABCD);
            }
        };
        FileResult r = run(file("90.MOO.gz", nop(0)));
        List<String> d = r.failures().get(0).differences();
        assertEquals(VectorRunner.DIFFERENCES_PER_TEST + 1, d.size());
        assertEquals("... 2 more", d.get(d.size() - 1));
    }

    @Test
    void foldersRunInNameOrderAndUnreadableFilesAreReported() throws IOException {
        file("91.MOO.gz", nop(0));
        file("90.MOO", nop(0), nop(1));
        Files.write(dir.resolve("92.MOO.gz"), new byte[] {0x1F, (byte) 0x8B, 8, 0, 0, 0});
        Files.writeString(dir.resolve("notes.txt"), "not a test");
        List<String> seen = new ArrayList<>();
        Consumer<FileResult> progress = r -> seen.add(r.file().getFileName().toString());
        Summary s = new VectorRunner(machine, Options.defaults()).run(List.of(dir), progress);
        assertEquals(List.of("90.MOO", "91.MOO.gz", "92.MOO.gz"), seen);
        assertEquals(3, s.passed());
        assertEquals(1, s.unreadable());
        FileResult bad = s.files().get(2);
        assertNotNull(bad.error());
        assertTrue(bad.line().startsWith("92.MOO.gz: UNREADABLE: "), bad.line());
    }

    @Test
    void brokenMetadataMakesTheFolderUnreadable() throws IOException {
        Files.writeString(dir.resolve("metadata.json"), "{\"opcodes\": ");
        FileResult r = run(file("90.MOO.gz", nop(0)));
        assertTrue(r.error().contains("metadata.json: invalid JSON"), r.error());
    }

    @Test
    void parallelRunsGiveTheSameResultsInOrder() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int f = 0; f < 8; f++) {
            List<MooBuilder.TestSpec> specs = new ArrayList<>();
            for (int i = 0; i <= f; i++) {
                specs.add(i == 3 ? MooBuilder.spec(0xD6, 0xF4).idx(i) : nop(i));
            }
            files.add(file(String.format("%02X.MOO.gz", 0x90 + f), specs.toArray(MooBuilder.TestSpec[]::new)));
        }
        List<String> order = new ArrayList<>();
        Summary parallel = new VectorRunner(TinyMachine::new, Options.defaults().withThreads(4))
                .run(List.of(dir), r -> order.add(r.file().getFileName().toString()));
        Summary serial = new VectorRunner(TinyMachine::new, Options.defaults()).run(files, r -> { });
        assertEquals(serial, parallel);
        assertEquals(files.stream().map(p -> p.getFileName().toString()).toList(), order);
        assertEquals(31, parallel.passed());
        assertEquals(5, parallel.failed());
    }

    @Test
    void badPaths() throws IOException {
        NoSuchFileException missing = assertThrows(NoSuchFileException.class,
                () -> VectorRunner.testFiles(List.of(dir.resolve("absent"))));
        assertTrue(missing.getMessage().contains("no such file or folder"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        NoSuchFileException none = assertThrows(NoSuchFileException.class, () -> VectorRunner.testFiles(List.of(empty)));
        assertTrue(none.getMessage().contains("no .MOO or .MOO.gz test files"));
    }

    @Test
    void theSupplierFailingIsNotATestFailure() throws IOException {
        Path f = file("90.MOO.gz", nop(0));
        VectorRunner runner = new VectorRunner(() -> {
            throw new UnsupportedOperationException("no CPU");
        }, Options.defaults());
        assertThrows(UnsupportedOperationException.class, () -> runner.runFile(f));
        assertThrows(UnsupportedOperationException.class, () -> runner.run(List.of(f), r -> { }));
    }
}
