package org.tessera.machine.api.display;

/**
 * One rendered picture at the mode's own resolution.
 *
 * @param width pixels per line
 * @param height lines
 * @param pixels {@code width * height} pixels, 0xRRGGBB, line by line from the top left; owned by
 *     the receiver (a fresh array per frame)
 */
public record Frame(int width, int height, int[] pixels) {

    /** @throws IllegalArgumentException if the pixel count does not match */
    public Frame {
        if (width < 0 || height < 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " with " + pixels.length + " pixels");
        }
    }

    /** The pixel at ({@code x}, {@code y}) as 0xRRGGBB. */
    public int pixel(int x, int y) {
        return pixels[y * width + x];
    }
}
