package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The check VgaGuestsIT makes of the text guest's blinking cells and cursor cell: it accepts the
 * documented appearances in either phase and rejects QEMU's (bright background for attribute bit 7)
 * and a mix of phases.
 */
class VgaGuestsTextCellsTest {

    private static final Path REFERENCE = Path.of("..", "dev.vga", "src", "test", "resources", "vga-reference", "text.png");
    private static final Path FONT = Path.of("..", "dev.vga", "src", "test", "guests", "fonts", "vga8x16.fnt");

    /** The reference with the variable cells drawn as documented: blink cells and cursor on or off. */
    private static BufferedImage drawn(boolean blinkOn, boolean cursorOn, boolean mixBlink) throws Exception {
        BufferedImage img = ImageIO.read(REFERENCE.toFile());
        byte[] font = Files.readAllBytes(FONT);
        boolean first = true;
        for (VgaGuestsIT.Cell c : VgaGuestsIT.TextCells.variableCells()) {
            int fg = VgaGuestsIT.TextCells.rgb(c.attribute() & 0x0F);
            int bg = VgaGuestsIT.TextCells.rgb(c.attribute() >> 4 & 0x07);
            boolean on = c.cursor() ? cursorOn : (mixBlink && first) != blinkOn;
            first = c.cursor() ? first : false;
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 9; x++) {
                    boolean lit = on && (c.cursor() ? y >= 12 : x < 8 && (font[c.character() * 16 + y] & (0x80 >> x)) != 0);
                    img.setRGB(c.column() * 9 + x, c.row() * 16 + y, lit ? fg : bg);
                }
            }
        }
        return img;
    }

    @Test
    void documentedPhasesPassAndOthersFail() throws Exception {
        assumeTrue(Files.isRegularFile(REFERENCE) && Files.isRegularFile(FONT), "skipped: dev.vga's guests are not beside");
        List<VgaGuestsIT.Cell> cells = VgaGuestsIT.TextCells.variableCells();
        for (boolean blink : new boolean[] {false, true}) {
            for (boolean cursor : new boolean[] {false, true}) {
                BufferedImage img = drawn(blink, cursor, false);
                assertDoesNotThrow(() -> VgaGuestsIT.TextCells.check(img, cells), "blink " + blink + ", cursor " + cursor);
            }
        }
        BufferedImage mixed = drawn(true, true, true);
        assertThrows(AssertionFailedError.class, () -> VgaGuestsIT.TextCells.check(mixed, cells), "phases mixed");
        BufferedImage qemu = ImageIO.read(REFERENCE.toFile());
        assertThrows(AssertionFailedError.class, () -> VgaGuestsIT.TextCells.check(qemu, cells),
                "QEMU's bright backgrounds are not the documented ones");
    }
}
