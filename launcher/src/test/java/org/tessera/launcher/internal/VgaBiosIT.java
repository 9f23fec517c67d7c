package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tessera's VGA driven by a real VGA BIOS, unchanged: SeaVGABIOS for an ISA VGA
 * ({@code /usr/share/seabios/vgabios-isavga.bin}, Debian's {@code seabios}) mapped at C0000,
 * initialised and called by the guests of {@code dev.vga/src/test/guests/vgabios} (one boot
 * sector each: INT 10h sets mode 03h, 12h or 13h, writes text by teletype and colour cells or
 * plots pixels). Everything on the screen is the BIOS's own work (its register tables, its fonts,
 * its drawing code) on the modelled registers:
 *
 * <pre>java -jar tessera.jar run --load vgabios-12.bin@0000:7C00 --rom vgabios-isavga.bin@0xC0000 --screenshot out.png</pre>
 *
 * <p>The screenshot must equal, pixel for pixel, the reference picture that QEMU's ISA PC made of
 * the same guest with the same VGA BIOS ({@code make-references.sh} there). In text mode the
 * cursor's cell (row 7, column 10) is left out: it blinks, and the phase a screenshot catches is
 * not the guest's doing.
 *
 * <p>Skipped, with a message, when {@code target/tessera.jar} is not built or has no dev.vga, or
 * when the VGA BIOS file is not installed ({@code .ci/run} installs it).
 */
class VgaBiosIT {

    private static final Path TESSERA = Path.of("target", "tessera.jar").toAbsolutePath();
    private static final Path VGA_BIOS = Path.of("/usr/share/seabios/vgabios-isavga.bin");
    private static final Path GUESTS = Path.of("..", "dev.vga", "src", "test", "guests", "vgabios").toAbsolutePath().normalize();
    private static final Path REFERENCES = Path.of("..", "dev.vga", "src", "test", "resources", "vga-reference")
            .toAbsolutePath().normalize();
    private static final Path KEEP = Path.of("target", "vga-bios").toAbsolutePath();

    @BeforeEach
    void theMachineHasAVgaAndTheBiosIsThere() throws IOException {
        assumeTrue(Files.isRegularFile(TESSERA), "skipped: target/tessera.jar is not built ('mvn package' exports it)");
        try (JarFile jar = new JarFile(TESSERA.toFile())) {
            assumeTrue(jar.stream().anyMatch(e -> e.getName().startsWith("jar/dev.vga")),
                    "skipped: target/tessera.jar holds no dev.vga bundle");
        }
        assumeTrue(Files.isRegularFile(VGA_BIOS), "skipped: " + VGA_BIOS + " is not installed (Debian: apt-get install seabios)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vgabios-03", "vgabios-12", "vgabios-13"})
    void aRealVgaBiosDrawsWhatItDrawsOnQemu(String name) throws Exception {
        GuestRun run = GuestRun.run(TESSERA, KEEP.resolve(name), name, GUESTS.resolve(name + ".bin"),
                List.of("--rom", VGA_BIOS + "@0xC0000"));
        Path shot = run.screenshot();
        assertEquals("done\n", run.e9(), name + ": port E9h output");

        BufferedImage actual = ImageIO.read(shot.toFile());
        BufferedImage reference = ImageIO.read(REFERENCES.resolve(name + ".png").toFile());
        assertEquals(reference.getWidth() + "x" + reference.getHeight(), actual.getWidth() + "x" + actual.getHeight(),
                name + ": picture size");
        boolean text = name.endsWith("-03");
        List<String> first = new ArrayList<>();
        int count = 0;
        for (int y = 0; y < reference.getHeight(); y++) {
            for (int x = 0; x < reference.getWidth(); x++) {
                if (text && x / 9 == 10 && y / 16 == 7) {
                    continue; // the cursor's cell
                }
                int a = actual.getRGB(x, y) & 0xFFFFFF;
                int r = reference.getRGB(x, y) & 0xFFFFFF;
                if (a != r && count++ < 10) {
                    first.add(String.format("(%d,%d) %06X, reference %06X", x, y, a, r));
                }
            }
        }
        assertEquals(0, count, name + ": " + count + " pixels differ from QEMU's picture, the first: " + first
                + " (screenshot kept at " + shot + ")");
    }
}
