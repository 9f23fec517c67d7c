package org.tessera.cpu.core.internal.vectors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the shared 80286 real-mode test vectors ({@code testdata/cpu/80286/v1_real_mode}).
 *
 * <p>The system property {@value #PROPERTY} may name that folder itself or a folder above it
 * ({@code testdata}, {@code testdata/cpu} or {@code testdata/cpu/80286}); without it the
 * folder is looked for relative to the working directory: {@code ../../shared/testdata/...}
 * (Maven runs the tests in the module folder, {@code cpu.core}) and {@code ../shared/testdata/...}
 * (run from the workspace root).
 */
final class SharedTestData {

    /** The system property that points at the test data. */
    static final String PROPERTY = "tessera.testdata";

    private static final Path SUITE = Path.of("cpu", "80286", "v1_real_mode");

    private SharedTestData() {
    }

    /** The suite's folder, if it is there (it holds {@code 00.MOO.gz}). */
    static Optional<Path> folder() {
        for (Path candidate : candidates()) {
            if (Files.isRegularFile(candidate.resolve("00.MOO.gz"))) {
                return Optional.of(candidate.toAbsolutePath().normalize());
            }
        }
        return Optional.empty();
    }

    /** Where the folder was looked for, for the skip message. */
    static List<Path> candidates() {
        List<Path> list = new ArrayList<>();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            Path p = Path.of(property.strip());
            list.add(p);
            list.add(p.resolve(SUITE));
            list.add(p.resolve(SUITE.subpath(1, 3)));
            list.add(p.resolve(SUITE.subpath(2, 3)));
            return list;
        }
        list.add(Path.of("..", "..", "shared", "testdata").resolve(SUITE));
        list.add(Path.of("..", "shared", "testdata").resolve(SUITE));
        return list;
    }

    /** The skip message when the folder is absent. */
    static String absent() {
        return "the shared CPU test vectors are not here (looked in " + candidates().stream()
                .map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + "); set -D" + PROPERTY + "=FOLDER to point at them";
    }
}
