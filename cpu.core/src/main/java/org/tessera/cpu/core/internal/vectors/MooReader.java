package org.tessera.cpu.core.internal.vectors;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads MOO 1.0 test files (SingleStepTests 80286 layout), gzipped or plain: the format is told
 * by the gzip signature, not by the file name.
 *
 * <p>A file is a sequence of chunks {@code id[4] len[u32] payload[len]}, little-endian: one
 * {@code MOO } header, an optional {@code META}, then {@code TEST} chunks, each made of
 * sub-chunks ({@code NAME}, {@code BYTS}, {@code INIT}/{@code FINA} with {@code REGS} and
 * {@code RAM }, {@code EXCP}, {@code HASH}). Unknown chunk ids are skipped at every level, and
 * so are the bus cycles ({@code CYCL}), the queue ({@code QUEU}) and {@code GMET}.
 *
 * <p>The reader is strict: every length is checked against the bytes that remain and against
 * what the chunk must hold, the test count of the header must match the tests found, and a
 * test must have {@code BYTS}, {@code INIT} with all 14 registers, and {@code FINA}. Anything
 * else ends the read with a {@link MooFormatException} naming the file and offset; an
 * unreadable or truncated gzip stream gives an {@link IOException} naming the file. No other
 * exception escapes for bad input.
 */
public final class MooReader {

    /** The largest decompressed file accepted (the biggest upstream file is well below). */
    static final int MAX_SIZE = 512 << 20;

    private static final int HEADER = 8;
    private static final HexFormat HEX = HexFormat.of();

    private final String source;
    private final byte[] data;

    private MooReader(String source, byte[] data) {
        this.source = source;
        this.data = data;
    }

    /**
     * Reads the tests of a file.
     *
     * @param file a {@code .MOO.gz} or {@code .MOO} file
     * @return the tests in file order
     * @throws IOException if the file cannot be read or is not a well-formed MOO file
     */
    public static List<MooTest> read(Path file) throws IOException {
        return readFile(file).tests();
    }

    /**
     * Reads a whole file: header, {@code META} (opcode, mnemonic) and tests.
     *
     * @param file a {@code .MOO.gz} or {@code .MOO} file
     * @return its contents
     * @throws IOException if the file cannot be read or is not a well-formed MOO file
     */
    public static MooFile readFile(Path file) throws IOException {
        String source = file.toString();
        return parse(source, load(file, source));
    }

    /**
     * Parses MOO data already in memory (not gzipped).
     *
     * @param source a name for messages
     * @param data the file's bytes
     * @return its contents
     * @throws MooFormatException if the data is not a well-formed MOO file
     */
    public static MooFile parse(String source, byte[] data) throws MooFormatException {
        return new MooReader(source, data).parseFile();
    }

    /** Reads the file's bytes, inflating them if they start with the gzip signature. */
    private static byte[] load(Path file, String source) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1F && b1 == 0x8B;
            ByteArrayOutputStream out = new ByteArrayOutputStream(gzip ? 1 << 20 : 64 << 10);
            try (InputStream in = gzip ? new GZIPInputStream(raw, 64 << 10) : raw) {
                byte[] buffer = new byte[64 << 10];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (out.size() > MAX_SIZE - n) {
                        throw new IOException(source + ": larger than " + (MAX_SIZE >> 20)
                                + " MiB, not a test file");
                    }
                    out.write(buffer, 0, n);
                }
            } catch (ZipException | EOFException e) {
                throw new IOException(source + ": corrupt or truncated gzip data after " + out.size()
                        + " decompressed bytes (" + e.getMessage() + ")", e);
            }
            return out.toByteArray();
        }
    }

    private MooFile parseFile() throws MooFormatException {
        int pos = 0;
        int end = data.length;
        if (end < HEADER || !"MOO ".equals(id(0))) {
            throw error(0, "not a MOO file (it does not start with a 'MOO ' chunk)");
        }
        String cpu = "";
        int headerCount = -1;
        int metaCount = -1;
        int opcode = -1;
        String mnemonic = "";
        boolean sawMeta = false;
        List<MooTest> tests = new ArrayList<>();
        while (pos < end) {
            int length = chunkLength(pos, end, "file");
            String id = id(pos);
            int payload = pos + HEADER;
            switch (id) {
                case "MOO " -> {
                    if (pos != 0) {
                        throw error(pos, "a second 'MOO ' header");
                    }
                    need(pos, length, 12, "'MOO ' header");
                    int major = u8(payload);
                    if (major != 1) {
                        throw error(payload, "unsupported MOO version " + major + "." + u8(payload + 1)
                                + " (this reader knows 1.x)");
                    }
                    headerCount = i32(payload + 4, "test count");
                    cpu = ascii(payload + 8, 4).strip();
                }
                case "META" -> {
                    if (sawMeta) {
                        throw error(pos, "a second 'META' chunk");
                    }
                    sawMeta = true;
                    need(pos, length, 31, "'META' chunk");
                    opcode = i32(payload + 3, "opcode");
                    mnemonic = ascii(payload + 7, 8).strip();
                    metaCount = i32(payload + 15, "test count");
                }
                case "TEST" -> tests.add(parseTest(pos, payload, payload + length));
                default -> {
                    // unknown chunk: skipped
                }
            }
            pos = payload + length;
        }
        if (headerCount != tests.size()) {
            throw error(end, "the header announces " + headerCount + " tests but the file has " + tests.size()
                    + (tests.size() < headerCount ? " (truncated?)" : ""));
        }
        if (sawMeta && metaCount != tests.size()) {
            throw error(end, "'META' announces " + metaCount + " tests but the file has " + tests.size());
        }
        return new MooFile(source, cpu, opcode, mnemonic, tests);
    }

    private MooTest parseTest(int chunk, int start, int end) throws MooFormatException {
        if (end - start < 4) {
            throw error(chunk, "'TEST' chunk too short for its index (" + (end - start) + " bytes)");
        }
        int idx = i32(start, "test index");
        String name = "";
        byte[] bytes = null;
        State initial = null;
        State last = null;
        int exception = -1;
        long flagAddress = -1;
        String hash = "";
        int pos = start + 4;
        while (pos < end) {
            int length = chunkLength(pos, end, "test " + idx);
            String id = id(pos);
            int payload = pos + HEADER;
            String where = "test " + idx + ", '" + id + "'";
            switch (id) {
                case "NAME" -> {
                    int n = counted(payload, length, 1, where);
                    name = new String(data, payload + 4, n, StandardCharsets.ISO_8859_1);
                }
                case "BYTS" -> {
                    once(bytes, pos, where);
                    int n = counted(payload, length, 1, where);
                    bytes = Arrays.copyOfRange(data, payload + 4, payload + 4 + n);
                }
                case "INIT" -> {
                    once(initial, pos, where);
                    initial = parseState(payload, payload + length, "test " + idx + ", 'INIT'");
                }
                case "FINA" -> {
                    once(last, pos, where);
                    last = parseState(payload, payload + length, "test " + idx + ", 'FINA'");
                }
                case "EXCP" -> {
                    need(pos, length, 5, where);
                    exception = u8(payload);
                    flagAddress = u32(payload + 1);
                }
                case "HASH" -> {
                    need(pos, length, 20, where);
                    hash = HEX.formatHex(data, payload, payload + 20);
                }
                default -> {
                    // CYCL, GMET and unknown sub-chunks: skipped
                }
            }
            pos = payload + length;
        }
        if (bytes == null) {
            throw error(chunk, "test " + idx + " has no 'BYTS'");
        }
        if (initial == null || initial.mask < 0) {
            throw error(chunk, "test " + idx + " has no initial registers ('INIT' with 'REGS')");
        }
        if (initial.mask != MooTest.ALL_REGISTERS) {
            throw error(chunk, "test " + idx + ": 'INIT' registers are incomplete (mask 0x"
                    + Integer.toHexString(initial.mask) + ", all 14 are needed)");
        }
        if (last == null) {
            throw error(chunk, "test " + idx + " has no final state ('FINA')");
        }
        return new MooTest(idx, name, bytes, initial.regs, initial.addresses, initial.values, Math.max(last.mask, 0),
                last.regs, last.addresses, last.values, exception, flagAddress, hash);
    }

    /** Registers (mask -1 if absent) and RAM of {@code INIT} or {@code FINA}. */
    private record State(int mask, int[] regs, long[] addresses, byte[] values) {
    }

    private State parseState(int start, int end, String where) throws MooFormatException {
        int mask = -1;
        int[] regs = new int[MooTest.REGISTER_COUNT];
        long[] addresses = new long[0];
        byte[] values = new byte[0];
        boolean sawRam = false;
        int pos = start;
        while (pos < end) {
            int length = chunkLength(pos, end, where);
            String id = id(pos);
            int payload = pos + HEADER;
            switch (id) {
                case "REGS" -> {
                    if (mask >= 0) {
                        throw error(pos, where + ": a second 'REGS'");
                    }
                    need(pos, length, 2, where + " 'REGS'");
                    mask = u16(payload);
                    if ((mask & ~MooTest.ALL_REGISTERS) != 0) {
                        throw error(payload, where + ": register mask 0x" + Integer.toHexString(mask)
                                + " has bits above 13");
                    }
                    int expected = 2 + 2 * Integer.bitCount(mask);
                    if (length != expected) {
                        throw error(pos, where + ": 'REGS' is " + length + " bytes, its mask needs " + expected);
                    }
                    int p = payload + 2;
                    for (int i = 0; i < MooTest.REGISTER_COUNT; i++) {
                        if ((mask >>> i & 1) != 0) {
                            regs[i] = u16(p);
                            p += 2;
                        }
                    }
                }
                case "RAM " -> {
                    if (sawRam) {
                        throw error(pos, where + ": a second 'RAM '");
                    }
                    sawRam = true;
                    need(pos, length, 4, where + " 'RAM '");
                    long n = u32(payload);
                    if (4 + 5 * n != length) {
                        throw error(pos, where + ": 'RAM ' is " + length + " bytes but holds " + n
                                + " entries of 5 bytes");
                    }
                    addresses = new long[(int) n];
                    values = new byte[(int) n];
                    for (int i = 0; i < n; i++) {
                        int p = payload + 4 + 5 * i;
                        addresses[i] = u32(p);
                        values[i] = data[p + 4];
                    }
                }
                default -> {
                    // QUEU and unknown sub-chunks: skipped
                }
            }
            pos = payload + length;
        }
        return new State(mask, regs, addresses, values);
    }

    /** The length of the chunk at {@code pos}, checked to fit before {@code end}. */
    private int chunkLength(int pos, int end, String where) throws MooFormatException {
        if (end - pos < HEADER) {
            throw error(pos, where + ": " + (end - pos) + " bytes left, too few for a chunk header (truncated?)");
        }
        long length = u32(pos + 4);
        if (length > end - pos - HEADER) {
            throw error(pos, where + ": chunk '" + printable(pos) + "' claims " + length + " bytes but only "
                    + (end - pos - HEADER) + " remain (truncated?)");
        }
        return (int) length;
    }

    /** Checks that a chunk's payload is at least {@code minimum} bytes. */
    private void need(int chunk, int length, int minimum, String what) throws MooFormatException {
        if (length < minimum) {
            throw error(chunk, what + " is " + length + " bytes, at least " + minimum + " are needed");
        }
    }

    /** A {@code u32 n} followed by n elements of {@code size} bytes; returns n. */
    private int counted(int payload, int length, int size, String where) throws MooFormatException {
        if (length < 4) {
            throw error(payload, where + " is " + length + " bytes, too short for its count");
        }
        long n = u32(payload);
        if (n * size > length - 4) {
            throw error(payload, where + " counts " + n + " elements but has room for " + (length - 4) / size);
        }
        return (int) n;
    }

    private void once(Object seen, int pos, String where) throws MooFormatException {
        if (seen != null) {
            throw error(pos, where + " appears twice");
        }
    }

    private int i32(int pos, String what) throws MooFormatException {
        long v = u32(pos);
        if (v > Integer.MAX_VALUE) {
            throw error(pos, what + " " + v + " is out of range");
        }
        return (int) v;
    }

    private int u8(int pos) {
        return data[pos] & 0xFF;
    }

    private int u16(int pos) {
        return (data[pos] & 0xFF) | (data[pos + 1] & 0xFF) << 8;
    }

    private long u32(int pos) {
        return (u16(pos) | (long) u16(pos + 2) << 16) & 0xFFFF_FFFFL;
    }

    private String id(int pos) {
        return ascii(pos, 4);
    }

    private String ascii(int pos, int n) {
        return new String(data, pos, n, StandardCharsets.ISO_8859_1);
    }

    /** A chunk id for a message: printable characters as they are, others as {@code \xNN}. */
    private String printable(int pos) {
        StringBuilder s = new StringBuilder();
        for (int i = pos; i < pos + 4; i++) {
            int c = u8(i);
            if (c >= 0x20 && c < 0x7F) {
                s.append((char) c);
            } else {
                s.append(String.format("\\x%02X", c));
            }
        }
        return s.toString();
    }

    private MooFormatException error(long offset, String detail) {
        return new MooFormatException(source, offset, detail);
    }
}
