package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.machine.api.diagnostics.CpuTestVectors;

class CpuTestVectorsComponentTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream report = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String report() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reportsFilesFailuresAndSkips() throws IOException {
        new MooBuilder()
                .test(MooBuilder.spec(0x90, 0xF4).idx(0).name("nop").fin(MooTest.IP, 0x0102).build())
                .test(MooBuilder.spec(0x90, 0xF4).idx(1).name("nop").fin(MooTest.IP, 0x0102).fin(MooTest.AX, 1).build())
                .test(MooBuilder.spec(0xF0, 0x90, 0xF4).idx(2).name("lock nop").fin(MooTest.IP, 0x0103).build())
                .write(dir.resolve("90.MOO.gz"));
        CpuTestVectors service = new CpuTestVectorsComponent(TinyMachine::new, 2);
        CpuTestVectors.Summary summary = service.run(List.of(dir), report);
        assertEquals(new CpuTestVectors.Summary(1, 1, 1, 0), summary);
        assertFalse(summary.succeeded());
        assertEquals("1 passed, 1 failed, 1 skipped", summary.line());
        assertEquals("90.MOO.gz nop: 1 passed, 1 failed, 1 skipped\n"
                + "    FAIL #1 nop [90 F4]: ax: expected 0x0001, got 0x1111\n"
                + "skipped 1: " + Known286Differences.Difference.LOCK_ON_NON_LOCKABLE.reason() + "\n",
                report().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void unreadableFilesAreCounted() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("00.MOO"), "garbage");
        CpuTestVectors.Summary summary = new CpuTestVectorsComponent(TinyMachine::new, 1).run(List.of(dir), report);
        assertEquals(new CpuTestVectors.Summary(0, 0, 0, 1), summary);
        assertTrue(report().contains("00.MOO: UNREADABLE: "), report());
        assertTrue(report().contains("not a MOO file"), report());
    }

    @Test
    void noCpuModelIsSaidAtOnce() throws IOException {
        new MooBuilder().test(MooBuilder.spec(0x90, 0xF4).build()).write(dir.resolve("90.MOO.gz"));
        CpuTestVectors service = new CpuTestVectorsComponent(() -> {
            throw new UnsupportedOperationException("the CPU model is not wired yet");
        }, 1);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> service.run(List.of(dir), report));
        assertEquals("the CPU model is not wired yet", e.getMessage());
        assertEquals("", report());
    }

    @Test
    void aMissingPathIsAnIoException() {
        CpuTestVectors service = new CpuTestVectorsComponent(TinyMachine::new, 1);
        assertThrows(NoSuchFileException.class, () -> service.run(List.of(dir.resolve("nope")), report));
    }

    @Test
    void skipKeysInWords() {
        assertEquals("revoked (listed in revocation_list.txt)", CpuTestVectorsComponent.describe(VectorRunner.REVOKED));
        assertEquals(Known286Differences.Difference.MOV_SEGMENT_FS_GS.reason(),
                CpuTestVectorsComponent.describe("MOV_SEGMENT_FS_GS"));
        assertEquals("other", CpuTestVectorsComponent.describe("other"));
    }
}
