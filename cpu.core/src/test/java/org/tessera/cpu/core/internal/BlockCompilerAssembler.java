package org.tessera.cpu.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Assembles the programs of {@link BlockCompilerProgram} with NASM ({@code nasm -f bin}) in a
 * temporary folder, and keeps the listing so that a CS offset can be shown as its source line.
 */
final class BlockCompilerAssembler implements AutoCloseable {

    /** An assembled program: its bytes, and the listing lines by offset. */
    record Image(byte[] code, TreeMap<Integer, String> listing) {

        /** The listing around CS offset {@code eip}: the instructions before it and after. */
        String around(int eip, int before, int after) {
            StringBuilder b = new StringBuilder();
            Map.Entry<Integer, String> at = listing.floorEntry(eip);
            if (at == null) {
                return "(no source line at " + Integer.toHexString(eip) + ")\n";
            }
            var head = listing.headMap(at.getKey(), false).descendingMap().values().stream().limit(before)
                    .toList();
            for (int i = head.size() - 1; i >= 0; i--) {
                b.append("      ").append(head.get(i)).append('\n');
            }
            b.append("  >>> ").append(at.getValue()).append('\n');
            listing.tailMap(at.getKey(), false).values().stream().limit(after)
                    .forEach(l -> b.append("      ").append(l).append('\n'));
            return b.toString();
        }
    }

    /** Thrown when NASM rejects a program. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\s*\\d+\\s+([0-9A-F]{8})\\s+(\\S+)\\s+(.*)$");

    private final Path dir;
    private int count;

    BlockCompilerAssembler() throws IOException {
        dir = Files.createTempDirectory("block-compiler-test");
    }

    /** Whether {@code nasm} can be run; the reason it cannot otherwise. */
    static String unavailable() {
        try {
            Process p = new ProcessBuilder("nasm", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "nasm -v did not answer";
            }
            return p.exitValue() == 0 ? null : "nasm -v exited with " + p.exitValue();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    Image assemble(String source) throws IOException, Rejected {
        int n = count++;
        Path asm = dir.resolve("p" + n + ".asm");
        Path bin = dir.resolve("p" + n + ".bin");
        Path lst = dir.resolve("p" + n + ".lst");
        Files.writeString(asm, source, StandardCharsets.ISO_8859_1);
        Process p = new ProcessBuilder("nasm", "-f", "bin", "-w-number-overflow", "-o", bin.toString(), "-l", lst.toString(),
                asm.toString()).redirectErrorStream(true).start();
        String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nasm did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new Rejected(messages);
        }
        byte[] code = Files.readAllBytes(bin);
        TreeMap<Integer, String> listing = new TreeMap<>();
        for (String line : Files.readAllLines(lst, StandardCharsets.ISO_8859_1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                int at = Integer.parseInt(m.group(1), 16);
                String text = String.format("%04x  %-22s %s", at, m.group(2), m.group(3).strip());
                listing.merge(at, text, (a, b) -> a);
            }
        }
        Files.delete(asm);
        Files.delete(bin);
        Files.delete(lst);
        return new Image(code, listing);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
