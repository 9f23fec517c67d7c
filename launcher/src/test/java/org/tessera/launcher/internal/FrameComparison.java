package org.tessera.launcher.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.tessera.machine.api.display.Frame;

/**
 * Compares a rendered frame with a reference picture (a PNG read by {@link FramePng}), pixel for
 * pixel, for the tests that check a guest's screen. The answer is null when they are identical,
 * otherwise a message naming the sizes or the number of differing pixels and the first of them.
 */
final class FrameComparison {

    private FrameComparison() {
    }

    /** Null if {@code actual} equals {@code expected}, else what differs. */
    static String differences(Frame expected, Frame actual) {
        if (expected.width() != actual.width() || expected.height() != actual.height()) {
            return "size " + actual.width() + "x" + actual.height() + ", expected " + expected.width() + "x"
                    + expected.height();
        }
        int count = 0;
        int first = -1;
        int[] e = expected.pixels();
        int[] a = actual.pixels();
        for (int i = 0; i < e.length; i++) {
            if ((e[i] & 0xFFFFFF) != (a[i] & 0xFFFFFF)) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        int x = first % expected.width();
        int y = first / expected.width();
        return count + " of " + e.length + " pixels differ; the first at (" + x + "," + y + "): "
                + String.format("%06X, expected %06X", a[first] & 0xFFFFFF, e[first] & 0xFFFFFF);
    }

    /** Null if {@code actual} equals the picture in {@code reference}, else what differs. */
    static String differences(Path reference, Frame actual) throws IOException {
        return differences(FramePng.read(reference), actual);
    }
}
