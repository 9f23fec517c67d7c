package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One guest program run on the exported machine as a user runs it, in a folder of its own under
 * {@code target}:
 *
 * <pre>java -jar tessera.jar run --load NAME.bin@0000:7C00 [more options] --debugcon NAME.e9 --screenshot NAME.png --max-seconds 60</pre>
 *
 * <p>It must end with exit status 0 on the guest's CLI; HLT. The output and the picture stay in
 * the folder for a look when a test fails.
 *
 * @param e9 the guest's port E9h output, as written
 * @param screenshot the final frame, as a PNG
 */
record GuestRun(String e9, Path screenshot) {

    private static final long TIMEOUT_SECONDS = 120;

    /**
     * Runs {@code image} on {@code tessera} in {@code dir} (created, old results removed) with
     * {@code options} added after the load option.
     */
    static GuestRun run(Path tessera, Path dir, String name, Path image, List<String> options) throws IOException,
            InterruptedException {
        return run(tessera, dir, name, image, options, "machine halted: HLT with interrupts disabled");
    }

    /** As {@link #run(Path, Path, String, Path, List)}, the run ending with the report line {@code ending}. */
    static GuestRun run(Path tessera, Path dir, String name, Path image, List<String> options, String ending)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path e9 = dir.resolve(name + ".e9");
        Path shot = dir.resolve(name + ".png");
        Files.deleteIfExists(e9);
        Files.deleteIfExists(shot);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", tessera.toString(), "run", "--load", image + "@0000:7C00"));
        command.addAll(options);
        command.addAll(List.of("--debugcon", e9.toString(), "--screenshot", shot.toString(), "--max-seconds", "60"));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(name + ": the machine did not end within " + TIMEOUT_SECONDS + " s");
        }
        String out = Files.readString(dir.resolve("out.txt"));
        String report = "exit " + p.exitValue() + "\n--- stdout\n" + out + "--- stderr\n"
                + Files.readString(dir.resolve("err.txt"));
        assertEquals(0, p.exitValue(), name + ": " + report);
        assertTrue(out.contains(ending), name + ": " + report);
        assertTrue(Files.isRegularFile(e9), name + ": no port E9h output at " + e9);
        assertTrue(Files.isRegularFile(shot), name + ": no screenshot at " + shot);
        return new GuestRun(Files.readString(e9, StandardCharsets.ISO_8859_1), shot);
    }
}
