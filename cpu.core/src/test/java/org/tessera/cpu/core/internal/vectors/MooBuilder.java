package org.tessera.cpu.core.internal.vectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes MOO files for tests: the chunk layout of the 80286 suite, with hooks to add unknown
 * chunks and to break things. Also builds {@link MooTest}s directly.
 */
final class MooBuilder {

    private final List<byte[]> chunks = new ArrayList<>();
    private int headerCount = -1;
    private int opcode = 0x90;
    private String mnemonic = "nop";
    private boolean meta = true;
    private final List<byte[]> tests = new ArrayList<>();
    private final List<byte[]> extraTopLevel = new ArrayList<>();

    /** The opcode and mnemonic of META. */
    MooBuilder meta(int op, String name) {
        this.opcode = op;
        this.mnemonic = name;
        return this;
    }

    /** Leaves META out. */
    MooBuilder noMeta() {
        meta = false;
        return this;
    }

    /** Overrides the header's test count. */
    MooBuilder headerCount(int count) {
        headerCount = count;
        return this;
    }

    /** Adds a TEST chunk made from a test, with extra sub-chunks after its own. */
    MooBuilder test(MooTest t, byte[]... extraSubChunks) {
        tests.add(testChunk(t, extraSubChunks));
        return this;
    }

    /** Adds a TEST chunk given as raw payload. */
    MooBuilder rawTest(byte[] payload) {
        tests.add(chunk("TEST", payload));
        return this;
    }

    /** Adds an unknown top-level chunk after META. */
    MooBuilder extra(String id, byte[] payload) {
        extraTopLevel.add(chunk(id, payload));
        return this;
    }

    /** The file's bytes. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = headerCount >= 0 ? headerCount : tests.size();
        Le h = new Le().u8(1).u8(0).u8(0).u8(0).u32(count).ascii("C286");
        write(out, chunk("MOO ", h.bytes()));
        if (meta) {
            Le m = new Le().u8(1).u8(0).u8(6).u32(opcode).ascii(String.format("%-8s", mnemonic)).u32(tests.size())
                    .u32(0x1234).u32(0).u8(0).u8(0).u8(0).u8(0);
            write(out, chunk("META", m.bytes()));
        }
        extraTopLevel.forEach(c -> write(out, c));
        tests.forEach(c -> write(out, c));
        return out.toByteArray();
    }

    /** Writes the file, gzipped if the name ends with .gz. */
    Path write(Path file) throws IOException {
        byte[] data = bytes();
        if (file.toString().endsWith(".gz")) {
            data = gzip(data);
        }
        Files.write(file, data);
        return file;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** A TEST chunk for {@code t}. */
    static byte[] testChunk(MooTest t, byte[]... extraSubChunks) {
        Le p = new Le().u32(t.idx());
        byte[] name = t.name().getBytes(StandardCharsets.ISO_8859_1);
        p.raw(chunk("NAME", new Le().u32(name.length).raw(name).bytes()));
        p.raw(chunk("BYTS", new Le().u32(t.bytes().length).raw(t.bytes()).bytes()));
        p.raw(chunk("INIT", concat(regs(MooTest.ALL_REGISTERS, t.initialRegs()),
                ram(t.initialRamAddresses(), t.initialRamValues()), chunk("QUEU", new Le().u32(0).bytes()))));
        p.raw(chunk("FINA", concat(regs(t.finalRegMask(), t.finalRegs()),
                ram(t.finalRamAddresses(), t.finalRamValues()), chunk("QUEU", new Le().u32(0).bytes()))));
        p.raw(chunk("CYCL", new Le().u32(1).raw(new byte[15]).bytes()));
        if (t.exception() >= 0) {
            p.raw(chunk("EXCP", new Le().u8(t.exception()).u32(t.flagAddress()).bytes()));
        }
        if (!t.hash().isEmpty()) {
            p.raw(chunk("HASH", HexFormat.of().parseHex(t.hash())));
        }
        p.raw(chunk("GMET", new byte[10]));
        for (byte[] extra : extraSubChunks) {
            p.raw(extra);
        }
        return chunk("TEST", p.bytes());
    }

    static byte[] regs(int mask, int[] values) {
        Le r = new Le().u16(mask);
        for (int i = 0; i < MooTest.REGISTER_COUNT; i++) {
            if ((mask >>> i & 1) != 0) {
                r.u16(values[i]);
            }
        }
        return chunk("REGS", r.bytes());
    }

    static byte[] ram(long[] addresses, byte[] values) {
        Le r = new Le().u32(addresses.length);
        for (int i = 0; i < addresses.length; i++) {
            r.u32(addresses[i]).u8(values[i]);
        }
        return chunk("RAM ", r.bytes());
    }

    static byte[] chunk(String id, byte[] payload) {
        return new Le().ascii(id).u32(payload.length).raw(payload).bytes();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            write(out, p);
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }

    /**
     * A test that runs {@code code} at CS:IP = 0x1000:0x0100 (linear 0x10100) with all other
     * registers set to distinct values and no exception.
     */
    static TestSpec spec(int... code) {
        return new TestSpec(code);
    }

    /** A mutable description of a test, turned into a {@link MooTest} by {@link #build()}. */
    static final class TestSpec {
        int idx;
        String name = "test";
        final byte[] code;
        final int[] initial = {0x1111, 0x2222, 0x3333, 0x4444, 0x1000, 0x2000, 0x3000, 0x4000, 0x0100, 0x5555,
            0x6666, 0x7777, 0x0100, 0x0002};
        int finalMask;
        final int[] finals = new int[MooTest.REGISTER_COUNT];
        final List<long[]> initialRam = new ArrayList<>();
        final List<long[]> finalRam = new ArrayList<>();
        int exception = -1;
        long flagAddress = -1;
        String hash = "00112233445566778899aabbccddeeff00112233";

        TestSpec(int[] code) {
            this.code = new byte[code.length];
            for (int i = 0; i < code.length; i++) {
                this.code[i] = (byte) code[i];
            }
        }

        TestSpec idx(int value) {
            idx = value;
            hash = String.format("%040x", value + 1);
            return this;
        }

        TestSpec name(String value) {
            name = value;
            return this;
        }

        TestSpec init(int reg, int value) {
            initial[reg] = value;
            return this;
        }

        TestSpec fin(int reg, int value) {
            finalMask |= 1 << reg;
            finals[reg] = value;
            return this;
        }

        TestSpec ram(long address, int value) {
            initialRam.add(new long[] {address, value});
            return this;
        }

        TestSpec finalRam(long address, int value) {
            finalRam.add(new long[] {address, value});
            return this;
        }

        TestSpec exception(int number, long address) {
            exception = number;
            flagAddress = address;
            return this;
        }

        TestSpec hash(String value) {
            hash = value;
            return this;
        }

        /** The test: code bytes placed at CS:IP in the initial RAM, then the RAM added. */
        MooTest build() {
            long base = ((long) initial[MooTest.CS] << 4) + initial[MooTest.IP];
            List<long[]> all = new ArrayList<>();
            for (int i = 0; i < code.length; i++) {
                all.add(new long[] {base + i, code[i] & 0xFF});
            }
            all.addAll(initialRam);
            long[] ia = new long[all.size()];
            byte[] iv = new byte[all.size()];
            for (int i = 0; i < all.size(); i++) {
                ia[i] = all.get(i)[0];
                iv[i] = (byte) all.get(i)[1];
            }
            long[] fa = new long[finalRam.size()];
            byte[] fv = new byte[finalRam.size()];
            for (int i = 0; i < finalRam.size(); i++) {
                fa[i] = finalRam.get(i)[0];
                fv[i] = (byte) finalRam.get(i)[1];
            }
            return new MooTest(idx, name, code.clone(), initial.clone(), ia, iv, finalMask, finals.clone(), fa, fv,
                    exception, flagAddress, hash);
        }
    }

    /** A little-endian byte writer. */
    static final class Le {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Le u8(int v) {
            out.write(v);
            return this;
        }

        Le u16(int v) {
            return u8(v & 0xFF).u8(v >>> 8 & 0xFF);
        }

        Le u32(long v) {
            return u16((int) (v & 0xFFFF)).u16((int) (v >>> 16 & 0xFFFF));
        }

        Le ascii(String s) {
            return raw(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        Le raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
