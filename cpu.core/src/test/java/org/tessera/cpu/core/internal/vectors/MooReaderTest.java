package org.tessera.cpu.core.internal.vectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MooReaderTest {

    @TempDir
    Path dir;

    private static MooTest nop(int idx) {
        return MooBuilder.spec(0x90, 0xF4).idx(idx).name("nop").fin(MooTest.IP, 0x0102).build();
    }

    private static MooTest withException() {
        return MooBuilder.spec(0xCD, 0x21, 0xF4).idx(7).name("int 21h").init(MooTest.FLAGS, 0x1893)
                .ram(0x84, 0x34).fin(MooTest.IP, 0x5679).fin(MooTest.CS, 0x1234).fin(MooTest.SP, 0x00FA)
                .fin(MooTest.FLAGS, 0x0893).finalRam(0x200FA, 0x02).finalRam(0x200FE, 0x93)
                .exception(0x21, 0x200FE).build();
    }

    @Test
    void readsEveryFieldOfAHandBuiltFile() throws IOException {
        MooTest a = nop(0);
        MooTest b = withException();
        Path file = new MooBuilder().meta(0x27, "daa").test(a).test(b).write(dir.resolve("27.MOO"));

        MooFile moo = MooReader.readFile(file);
        assertEquals("C286", moo.cpu());
        assertEquals(0x27, moo.opcode());
        assertEquals("daa", moo.mnemonic());
        assertEquals(List.of(a, b), moo.tests());
        assertEquals(List.of(a, b), MooReader.read(file));

        MooTest t = moo.tests().get(1);
        assertEquals(7, t.idx());
        assertEquals("int 21h", t.name());
        assertArrayEquals(new byte[] {(byte) 0xCD, 0x21, (byte) 0xF4}, t.bytes());
        assertEquals(0x1893, t.initialRegs()[MooTest.FLAGS]);
        assertEquals(1 << MooTest.IP | 1 << MooTest.CS | 1 << MooTest.SP | 1 << MooTest.FLAGS, t.finalRegMask());
        assertEquals(0x5679, t.finalRegs()[MooTest.IP]);
        assertEquals(0, t.finalRegs()[MooTest.AX]);
        assertArrayEquals(new long[] {0x200FA, 0x200FE}, t.finalRamAddresses());
        assertEquals(0x21, t.exception());
        assertEquals(0x200FE, t.flagAddress());
        assertEquals(String.format("%040x", 8), t.hash());
        assertEquals(-1, moo.tests().get(0).exception());
        assertEquals(-1, moo.tests().get(0).flagAddress());
    }

    @Test
    void gzipIsToldBySignatureNotByName() throws IOException {
        MooBuilder builder = new MooBuilder().test(nop(0)).test(nop(1));
        Path plain = builder.write(dir.resolve("90.MOO"));
        Path gz = builder.write(dir.resolve("90.MOO.gz"));
        Path misnamed = dir.resolve("90.bin");
        Files.copy(gz, misnamed);
        assertEquals(MooReader.read(plain), MooReader.read(gz));
        assertEquals(MooReader.read(plain), MooReader.read(misnamed));
    }

    @Test
    void unknownChunksAreSkippedAtEveryLevel() throws IOException {
        MooTest t = nop(3);
        byte[] odd = MooBuilder.chunk("ZZZZ", new byte[] {1, 2, 3});
        Path file = new MooBuilder().extra("XTRA", new byte[] {9, 9}).test(t, odd).write(dir.resolve("a.MOO"));
        assertEquals(List.of(t), MooReader.read(file));

        // an unknown sub-chunk inside INIT, before REGS
        byte[] regs = MooBuilder.regs(MooTest.ALL_REGISTERS, t.initialRegs());
        byte[] init = MooBuilder.chunk("INIT", MooBuilder.concat(MooBuilder.chunk("WHAT", new byte[5]), regs,
                MooBuilder.ram(t.initialRamAddresses(), t.initialRamValues())));
        byte[] payload = MooBuilder.concat(new MooBuilder.Le().u32(3).bytes(),
                MooBuilder.chunk("BYTS", new MooBuilder.Le().u32(2).raw(t.bytes()).bytes()), init,
                MooBuilder.chunk("FINA", MooBuilder.regs(1 << MooTest.IP, t.finalRegs())));
        MooTest read = MooReader.read(new MooBuilder().rawTest(payload).write(dir.resolve("b.MOO"))).get(0);
        assertEquals("", read.name());
        assertEquals("", read.hash());
        assertArrayEquals(t.initialRegs(), read.initialRegs());
        assertEquals(0, read.finalRamAddresses().length);
    }

    @Test
    void aFileWithoutMetaHasNoOpcode() throws IOException {
        MooFile moo = MooReader.readFile(new MooBuilder().noMeta().test(nop(0)).write(dir.resolve("x.MOO")));
        assertEquals(-1, moo.opcode());
        assertEquals("", moo.mnemonic());
        assertEquals(1, moo.tests().size());
    }

    @Test
    void errorsNameTheFileAndOffset() {
        byte[] good = new MooBuilder().test(nop(0)).bytes();
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        MooFormatException e = assertThrows(MooFormatException.class, () -> MooReader.parse("t.MOO", truncated));
        assertTrue(e.getMessage().startsWith("t.MOO: corrupt MOO data at offset "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals("t.MOO", e.source());
        assertTrue(e.offset() > 0 && e.offset() < good.length);
    }

    @Test
    void rejectsWhatIsNotAMooFile() {
        assertMessage(new byte[0], "not a MOO file");
        assertMessage("hello, world".getBytes(), "not a MOO file");
        byte[] v2 = new MooBuilder().test(nop(0)).bytes();
        v2[8] = 2;
        assertMessage(v2, "unsupported MOO version 2.0");
    }

    @Test
    void rejectsInconsistentContents() {
        assertMessage(new MooBuilder().headerCount(3).test(nop(0)).bytes(), "announces 3 tests but the file has 1");
        MooTest t = nop(0);
        // INIT with only some registers
        byte[] partial = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("BYTS", new MooBuilder.Le().u32(1).u8(0xF4).bytes()),
                MooBuilder.chunk("INIT", MooBuilder.regs(0x0FFF, t.initialRegs())),
                MooBuilder.chunk("FINA", new byte[0]));
        assertMessage(new MooBuilder().rawTest(partial).bytes(), "'INIT' registers are incomplete");
        // REGS whose length does not fit its mask
        byte[] badRegs = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("INIT", MooBuilder.chunk("REGS", new MooBuilder.Le().u16(3).u16(1).bytes())));
        assertMessage(new MooBuilder().rawTest(badRegs).bytes(), "its mask needs 6");
        // RAM whose count does not fit its length
        byte[] badRam = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("INIT", MooBuilder.chunk("RAM ", new MooBuilder.Le().u32(2).u32(5).u8(1).bytes())));
        assertMessage(new MooBuilder().rawTest(badRam).bytes(), "holds 2 entries");
        // a test without FINA, without BYTS
        byte[] noFinal = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("BYTS", new MooBuilder.Le().u32(1).u8(0xF4).bytes()),
                MooBuilder.chunk("INIT", MooBuilder.regs(MooTest.ALL_REGISTERS, t.initialRegs())));
        assertMessage(new MooBuilder().rawTest(noFinal).bytes(), "no final state");
        byte[] noBytes = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("INIT", MooBuilder.regs(MooTest.ALL_REGISTERS, t.initialRegs())));
        assertMessage(new MooBuilder().rawTest(noBytes).bytes(), "has no 'BYTS'");
        // a NAME longer than its chunk, a duplicated BYTS
        byte[] longName = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("NAME", new MooBuilder.Le().u32(50).ascii("nop").bytes()));
        assertMessage(new MooBuilder().rawTest(longName).bytes(), "counts 50 elements");
        byte[] twice = MooBuilder.concat(new MooBuilder.Le().u32(0).bytes(),
                MooBuilder.chunk("BYTS", new MooBuilder.Le().u32(1).u8(0xF4).bytes()),
                MooBuilder.chunk("BYTS", new MooBuilder.Le().u32(1).u8(0xF4).bytes()));
        assertMessage(new MooBuilder().rawTest(twice).bytes(), "appears twice");
    }

    @Test
    void hugeLengthsDoNotAllocate() {
        byte[] good = new MooBuilder().test(nop(0)).bytes();
        byte[] huge = good.clone();
        int test = indexOf(huge, "TEST");
        huge[test + 4] = (byte) 0xFF;
        huge[test + 5] = (byte) 0xFF;
        huge[test + 6] = (byte) 0xFF;
        huge[test + 7] = (byte) 0xFF;
        assertMessage(huge, "claims 4294967295 bytes");
        byte[] ram = good.clone();
        int at = indexOf(ram, "RAM ");
        ram[at + 8] = (byte) 0xFF;
        ram[at + 9] = (byte) 0xFF;
        ram[at + 10] = (byte) 0xFF;
        ram[at + 11] = (byte) 0x7F;
        assertMessage(ram, "entries of 5 bytes");
    }

    /** Every truncation and every single-byte corruption: a result or an IOException, nothing else. */
    @Test
    void corruptionNeverGivesAnotherException() throws IOException {
        byte[] good = new MooBuilder().test(nop(0)).test(withException()).bytes();
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            readsOrIoException(() -> MooReader.parse("cut", cut));
        }
        for (int i = 0; i < good.length; i++) {
            for (int value : new int[] {0x00, 0xFF, 0x80, good[i] ^ 0x01}) {
                byte[] bad = good.clone();
                bad[i] = (byte) value;
                readsOrIoException(() -> MooReader.parse("bad", bad));
            }
        }
        byte[] gz = MooBuilder.gzip(good);
        for (int n = 0; n < gz.length; n += 3) {
            Path file = dir.resolve("cut" + n + ".MOO.gz");
            Files.write(file, Arrays.copyOf(gz, n));
            readsOrIoException(() -> MooReader.read(file));
        }
        for (int i = 0; i < gz.length; i += 2) {
            byte[] bad = gz.clone();
            bad[i] ^= 0x5A;
            Path file = dir.resolve("bad" + i + ".MOO.gz");
            Files.write(file, bad);
            readsOrIoException(() -> MooReader.read(file));
        }
    }

    @Test
    void aTruncatedGzipFileSaysSo() throws IOException {
        byte[] gz = MooBuilder.gzip(new MooBuilder().test(nop(0)).bytes());
        Path file = dir.resolve("short.MOO.gz");
        Files.write(file, Arrays.copyOf(gz, gz.length - 10));
        IOException e = assertThrows(IOException.class, () -> MooReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    }

    @Test
    void aMissingFileIsAnIoException() {
        assertThrows(IOException.class, () -> MooReader.read(dir.resolve("absent.MOO.gz")));
    }

    @Test
    void sharedFile00MatchesTheReadmeExample() throws IOException {
        Path folder = SharedTestData.folder().orElse(null);
        assumeTrue(folder != null, SharedTestData::absent);
        MooFile moo = MooReader.readFile(folder.resolve("00.MOO.gz"));
        assertEquals(0x00, moo.opcode());
        assertEquals("add", moo.mnemonic());
        assertEquals("C286", moo.cpu());
        assertEquals(1700, moo.tests().size());
        MooTest t = moo.tests().get(0);
        assertEquals(0, t.idx());
        assertEquals("add [bx+0Eh],bl", t.name());
        assertArrayEquals(new byte[] {0, 95, 14, (byte) 244}, t.bytes());
        assertArrayEquals(new int[] {715, 26659, 49548, 64181, 65535, 41175, 65535, 43996, 39769, 65535, 35262, 34633,
            38072, 6291}, t.initialRegs());
        assertArrayEquals(new long[] {1086632, 1086633, 1086634, 1086635, 1086636, 1086637, 1086638, 1086639, 1086640,
            1086641, 1075233}, t.initialRamAddresses());
        assertArrayEquals(new byte[] {0, 95, 14, (byte) 244, (byte) 161, (byte) 214, (byte) 248, 46, 107, (byte) 166,
            (byte) 222}, t.initialRamValues());
        assertEquals(1 << MooTest.IP | 1 << MooTest.FLAGS, t.finalRegMask());
        assertEquals(38076, t.finalRegs()[MooTest.IP]);
        assertEquals(19, t.finalRegs()[MooTest.FLAGS]);
        assertArrayEquals(new long[] {1075233}, t.finalRamAddresses());
        assertArrayEquals(new byte[] {1}, t.finalRamValues());
        assertEquals(-1, t.exception());
        assertEquals("626be5084b331080eb08256c12a62d24afdf2a03", t.hash());
    }

    @Test
    void everySharedFileReads() throws IOException {
        Path folder = SharedTestData.folder().orElse(null);
        assumeTrue(folder != null, SharedTestData::absent);
        long tests = 0;
        long exceptions = 0;
        List<Path> files = VectorRunner.testFiles(List.of(folder));
        for (Path f : files) {
            MooFile moo = MooReader.readFile(f);
            String name = f.getFileName().toString();
            assertEquals(Integer.parseInt(name.substring(0, 2), 16), moo.opcode(), name);
            for (MooTest t : moo.tests()) {
                assertEquals(0xF4, t.bytes()[t.bytes().length - 1] & 0xFF, name + " " + t);
                assertEquals(40, t.hash().length());
                if (t.hasException()) {
                    exceptions++;
                }
            }
            tests += moo.tests().size();
        }
        // the figures of testdata/cpu/README.md
        assertEquals(325, files.size());
        assertEquals(500_820, tests);
        assertEquals(14_267, exceptions);
    }

    private static int indexOf(byte[] data, String id) {
        byte[] b = id.getBytes();
        outer:
        for (int i = 0; i + b.length <= data.length; i++) {
            for (int k = 0; k < b.length; k++) {
                if (data[i + k] != b[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(id + " not found");
    }

    private static void assertMessage(byte[] data, String part) {
        MooFormatException e = assertThrows(MooFormatException.class, () -> MooReader.parse("f.MOO", data));
        assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static void readsOrIoException(Read read) {
        try {
            read.run();
        } catch (IOException expected) {
            assertFalse(expected.getMessage() == null || expected.getMessage().isBlank());
        } catch (RuntimeException | Error e) {
            fail("not an IOException: " + e, e);
        }
    }
}
