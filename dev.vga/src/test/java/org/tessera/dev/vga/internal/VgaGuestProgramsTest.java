package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VGA guest programs ({@code src/test/guests}) and their reference pictures
 * ({@code src/test/resources/vga-reference}) belong together: every guest has its image, its
 * expected port E9h output and a reference picture of the size it states; QEMU printed what the
 * guest expects, except where the expected output follows the hardware documentation instead
 * (listed here); the guests' own copy of the standard register values is the table of
 * {@link VgaModeTables}. The guests themselves run on the machine in the launcher's VgaGuestsIT.
 */
class VgaGuestProgramsTest {

    private static final Path GUESTS = Path.of("src", "test", "guests");
    private static final Path REFERENCES = Path.of("src", "test", "resources", "vga-reference");

    /** Lines where QEMU's output differs from the expected one, and why the expected one is right. */
    private static final Map<String, Map<String, String>> QEMU_DIFFERS = Map.of(
            "mode13", Map.of("pel 3F FF", "pel 00 00"));
    // QEMU 7.2 does not keep the PEL mask (reads 00h); the VGA reads back what was written.

    static List<String> guests() throws IOException {
        try (Stream<Path> files = Files.list(GUESTS)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".asm"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void theGuestsTheIssueAsksFor() throws IOException {
        assertEquals(List.of("cga", "latch-copy", "mode13", "modex", "palette", "planar-read", "planar-write", "text"),
                guests());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void guestHasItsImageOutputAndReference(String name) throws IOException {
        Path bin = GUESTS.resolve(name + ".bin");
        assertTrue(Files.isRegularFile(bin), name + ".bin is missing: run build.sh");
        byte[] image = Files.readAllBytes(bin);
        assertEquals(0, image.length % 512, name + ": whole sectors");
        assertEquals(0x55, image[510] & 0xFF, name + ": boot signature");
        assertEquals(0xAA, image[511] & 0xFF, name + ": boot signature");
        assertEquals("TERA", new String(image, 512, 4, StandardCharsets.US_ASCII), name + ": the load signature at 7E00h");

        String expected = Files.readString(GUESTS.resolve(name + ".expected"), StandardCharsets.US_ASCII);
        assertTrue(expected.endsWith("done\n"), name + ".expected ends with the end marker");

        String source = Files.readString(GUESTS.resolve(name + ".asm"), StandardCharsets.US_ASCII);
        Matcher size = Pattern.compile("(?m)^; picture: (\\d+)x(\\d+)").matcher(source);
        assertTrue(size.find(), name + ".asm states '; picture: WxH'");
        BufferedImage reference = ImageIO.read(REFERENCES.resolve(name + ".png").toFile());
        assertNotNull(reference, name + ".png is missing: run make-references.sh");
        assertEquals(size.group(1) + "x" + size.group(2), reference.getWidth() + "x" + reference.getHeight(),
                name + ".png has the size the guest states");
        assertFalse(uniform(reference), name + ".png shows something");

        List<String> qemu = Files.readAllLines(REFERENCES.resolve(name + ".e9.txt"), StandardCharsets.ISO_8859_1);
        Map<String, String> differs = QEMU_DIFFERS.getOrDefault(name, Map.of());
        List<String> expectedLines = expected.lines().collect(Collectors.toList());
        assertEquals(expectedLines.size(), qemu.size(), name + ": QEMU's output has as many lines");
        for (int i = 0; i < qemu.size(); i++) {
            String e = expectedLines.get(i);
            String q = qemu.get(i);
            if (differs.containsKey(e)) {
                assertEquals(differs.get(e), q, name + ": the documented difference from QEMU");
            } else {
                assertEquals(e, q, name + ": QEMU printed the expected line " + (i + 1));
            }
        }
    }

    private static boolean uniform(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** vga.inc's copy of the standard registers (misc, seq 1-4, CRTC, GC, attribute) is the table's. */
    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x04, 0x12, 0x13})
    void guestsSetModesWithTheStandardValues(int mode) throws IOException {
        List<String> lines = Files.readAllLines(GUESTS.resolve("vga.inc"), StandardCharsets.US_ASCII);
        String label = String.format("mode%02x:", mode);
        int at = lines.indexOf(label);
        assertTrue(at >= 0, "vga.inc has " + label);
        List<Integer> bytes = new ArrayList<>();
        for (int i = at + 1; i < lines.size() && lines.get(i).trim().startsWith("db "); i++) {
            for (String v : lines.get(i).trim().substring(3).split(",")) {
                bytes.add(Integer.decode(v.trim()));
            }
        }
        VgaModeTables.Mode m = VgaModeTables.mode(mode);
        List<Integer> table = new ArrayList<>();
        table.add(m.misc());
        for (int[] file : List.of(m.seq(), m.crtc(), m.gc(), m.attr())) {
            for (int v : file) {
                table.add(v);
            }
        }
        assertArrayEquals(table.stream().mapToInt(Integer::intValue).toArray(),
                bytes.stream().mapToInt(Integer::intValue).toArray(), label);
    }
}
