package org.tessera.cpu.core.internal.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Uses the disassembly in the hardware-generated 80286 test vectors
 * ({@code testdata/cpu/80286/v1_real_mode/*.MOO.gz} in the shared data directory) as an oracle:
 * for the first {@value #DEFAULT_LIMIT} tests of every file, the {@code BYTS} minus the trailing
 * {@code F4} are disassembled as 16-bit code at address 0 and compared with {@code NAME} after
 * collapsing whitespace. The length returned must also equal the number of bytes.
 *
 * <p>The data is looked for in {@code ../../shared} and {@code ../shared} relative to the working
 * directory (the module directory under Maven) and in {@code /work/shared}; the test is skipped,
 * with a message, when none exists. The system property {@code tessera.disasm.oracleLimit} changes
 * the number of tests per file ({@code 0} = all; the full 500,820-test set also agrees).
 *
 * <h2>Accepted systematic differences</h2>
 * The tool that produced the names decodes for a modern CPU in 16-bit mode. Where that differs
 * from what a 286/386 sees, the difference is accepted and counted separately:
 * <ol>
 * <li><b>{@code (bad)} versus {@code db 0xNN}</b>: invalid encodings (LEA/LES/LDS/BOUND with a
 *     register operand, FF /3 or /5 with a register, 8F/C6/C7 with reg &gt; 0, MOV with segment
 *     register 6 or 7) are {@code (bad)} in the data; this disassembler prints {@code db} for the
 *     first byte and returns length 1, so that a listing resynchronises on the next byte.</li>
 * <li><b>VEX/EVEX</b>: C4/C5 (LES/LDS) with a register operand, and 62 (BOUND) with a register
 *     operand, are decoded as AVX/AVX-512 instructions in the data ({@code vrcpps xmm4,[bx+si]},
 *     {@code vpcmpgtq k1{k7}{z},...}). On a 286/386 they are invalid: {@code db 0xC4} here.</li>
 * <li><b>{@code notrack}</b>: a DS override (3Eh) on an indirect near CALL/JMP is printed as the
 *     CET {@code notrack} prefix in the data; for a 386 it is just a redundant segment override,
 *     so it does not appear here ({@code lock notrack call word [bx-78h]} versus
 *     {@code lock call word [bx-78h]}). The word is removed from the data's name before
 *     comparing, and such matches count as accepted, not exact.</li>
 * </ol>
 * No other difference is allowed.
 */
class MooOracleTest {

    private static final int DEFAULT_LIMIT = 50;

    /** Agreement (exact matches / tests compared) the test insists on. */
    private static final double REQUIRED_AGREEMENT = 0.99;

    /** One test: its name and its bytes without the final HLT. */
    private record Vector(String file, int idx, String name, byte[] bytes) {
    }

    private static Path findData() {
        String rel = "testdata/cpu/80286/v1_real_mode";
        Path cwd = Path.of("").toAbsolutePath();
        for (Path shared : List.of(cwd.resolve("../../shared"), cwd.resolve("../shared"),
                Path.of("/work/shared"))) {
            Path dir = shared.resolve(rel).normalize();
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }

    /**
     * Reads the NAME and BYTS of the first {@code limit} TEST chunks of a MOO file (gzip;
     * chunks {@code id[4] len[u32] payload}; TEST payload = {@code u32 idx} then subchunks).
     */
    private static List<Vector> read(Path file, int limit) throws IOException {
        byte[] data;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            data = in.readAllBytes();
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        List<Vector> out = new ArrayList<>();
        while (buf.remaining() >= 8 && (limit == 0 || out.size() < limit)) {
            String id = new String(data, buf.position(), 4, StandardCharsets.US_ASCII);
            int len = buf.getInt(buf.position() + 4);
            int payload = buf.position() + 8;
            if (id.equals("TEST")) {
                int idx = buf.getInt(payload);
                String name = null;
                byte[] bytes = null;
                for (int p = payload + 4; p + 8 <= payload + len; ) {
                    String sub = new String(data, p, 4, StandardCharsets.US_ASCII);
                    int subLen = buf.getInt(p + 4);
                    int n = buf.getInt(p + 8);
                    if (sub.equals("NAME")) {
                        name = new String(data, p + 12, n, StandardCharsets.ISO_8859_1);
                    } else if (sub.equals("BYTS")) {
                        bytes = Arrays.copyOfRange(data, p + 12, p + 12 + n);
                    }
                    p += 8 + subLen;
                }
                if (name != null && bytes != null && bytes.length > 0) {
                    out.add(new Vector(file.getFileName().toString(), idx, name,
                            Arrays.copyOf(bytes, bytes.length - 1)));
                }
            }
            buf.position(payload + len);
        }
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02X ", x & 0xFF));
        }
        return sb.toString().trim();
    }

    @Test
    void agreesWithTheNamesOfThe286Vectors() throws IOException {
        Path dir = findData();
        Assumptions.assumeTrue(dir != null,
                "286 test vectors not found (looked for ../../shared, ../shared and /work/shared"
                        + " + /testdata/cpu/80286/v1_real_mode): oracle test skipped");
        int limit = Integer.getInteger("tessera.disasm.oracleLimit", DEFAULT_LIMIT);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".MOO.gz")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), "no .MOO.gz files in " + dir);

        Disassembler dis = new Disassembler();
        int total = 0;
        int exact = 0;
        Map<String, Integer> accepted = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            for (Vector v : read(file, limit)) {
                total++;
                StringBuilder sb = new StringBuilder();
                int length = dis.disassemble(v.bytes(), 0, 0L, false, false, sb);
                String got = sb.toString();
                String want = v.name().trim().replaceAll("\\s+", " ");
                String why = null;
                if (got.equals(want)) {
                    exact++;
                    if (length != v.bytes().length) {
                        why = "length " + length;
                    }
                } else if (want.equals("(bad)") && got.startsWith("db ")) {
                    accepted.merge("(bad) vs db", 1, Integer::sum);
                } else if (got.startsWith("db ") && isVex(want)) {
                    accepted.merge("VEX/EVEX vs db", 1, Integer::sum);
                } else if (want.contains("notrack ")
                        && got.equals(want.replace("notrack ", ""))) {
                    accepted.merge("notrack", 1, Integer::sum);
                } else {
                    why = "text";
                }
                if (why != null) {
                    failures.add(v.file() + " #" + v.idx() + " " + hex(v.bytes()) + ": want '"
                            + want + "', got '" + got + "' (" + why + ")");
                }
            }
        }
        double agreement = (double) exact / total;
        System.out.printf("disassembler vs 286 vector names: %d tests from %d files, %d exact"
                + " (%.3f%%), accepted differences %s, failures %d%n",
                total, files.size(), exact, 100 * agreement, accepted, failures.size());
        failures.stream().limit(40).forEach(f -> System.out.println("  " + f));
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())),
                failures.size() + " unexplained differences");
        assertTrue(agreement >= REQUIRED_AGREEMENT,
                String.format("agreement %.3f%% below %.1f%%", 100 * agreement,
                        100 * REQUIRED_AGREEMENT));
    }

    /** Whether a data name is an AVX (VEX/EVEX-encoded) instruction. */
    private static boolean isVex(String name) {
        String n = name.startsWith("lock ") ? name.substring(5) : name;
        return n.startsWith("v") || n.contains("xmm") || n.contains("ymm") || n.contains("zmm");
    }
}
