package org.tessera.launcher.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.tessera.machine.api.display.Frame;

/**
 * Frames as PNG images, the one place that writes (and reads back) them: {@code --screenshot},
 * the {@code screenshot} command, and the tests that compare a frame with a reference picture.
 * Pixels are 8-bit RGB, no alpha.
 */
final class FramePng {

    private FramePng() {
    }

    /** The frame as an RGB image sharing nothing with it. */
    static BufferedImage image(Frame frame) {
        BufferedImage image = new BufferedImage(Math.max(frame.width(), 1), Math.max(frame.height(), 1),
                BufferedImage.TYPE_INT_RGB);
        if (frame.width() > 0 && frame.height() > 0) {
            image.setRGB(0, 0, frame.width(), frame.height(), frame.pixels(), 0, frame.width());
        }
        return image;
    }

    /**
     * Writes the frame to {@code file} as PNG: to a temporary file beside it first, then moved in
     * place, so that a reader never sees half an image.
     *
     * @throws IOException if the file cannot be written
     */
    static void write(Frame frame, Path file) throws IOException {
        if (frame.width() == 0 || frame.height() == 0) {
            throw new IOException("the frame is empty (" + frame.width() + "x" + frame.height() + "): nothing to write");
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".screenshot", ".png.tmp");
        try {
            if (!ImageIO.write(image(frame), "png", tmp.toFile())) {
                throw new IOException("this Java runtime has no PNG writer");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a PNG (or any image ImageIO reads) as a frame, each pixel 0xRRGGBB.
     *
     * @throws IOException if the file cannot be read or is no image
     */
    static Frame read(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new IOException(file + " is not an image this Java runtime reads");
        }
        int w = image.getWidth();
        int h = image.getHeight();
        int[] pixels = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xFFFFFF;
        }
        return new Frame(w, h, pixels);
    }
}
