package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.HostDifferentialGenerator.AREA;
import static org.tessera.cpu.core.internal.HostDifferentialGenerator.CAP;
import static org.tessera.cpu.core.internal.HostDifferentialGenerator.DATA;
import static org.tessera.cpu.core.internal.HostDifferentialGenerator.DATA_SIZE;
import static org.tessera.cpu.core.internal.HostDifferentialGenerator.STACK_TOP;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Builds and runs the cases of {@link HostDifferentialTest} natively, and assembles them for
 * Tessera.
 *
 * <p>Native: one Linux i386 program ({@code nasm -f elf32}, {@code ld -m elf_i386}) runs every
 * case in turn: it copies the case's data to the data area (a section linked at {@link
 * HostDifferentialGenerator#DATA}, so addresses are the same as in Tessera), clears the
 * captures, sets ESP to {@link HostDifferentialGenerator#STACK_TOP}, loads EFLAGS with
 * {@code popfd} and EAX..EDI with {@code mov}, runs the sequence, then stores a marker (the case
 * number), the eight registers, EFLAGS ({@code pushfd}) and the data area with its captures to
 * its output record. At the end the records go to stdout ({@code int 0x80} write) in one piece.
 *
 * <p>Tessera: one flat binary ({@code nasm -f bin}, {@code bits 32}, {@code org}
 * {@link #CODE}) starting with a table of the cases' addresses; each case is its sequence and
 * {@code hlt}.
 */
final class HostDifferentialHost {

    /** Where the flat binary is loaded in Tessera. */
    static final int CODE = 0x200000;
    static final int RECORD = 4 + 32 + 4 + AREA;
    static final int MARKER = 0x5EED0000;

    private static final String COMMON = "DATA equ 0x" + Integer.toHexString(DATA) + "\nCAP equ 0x" + Integer.toHexString(CAP)
            + "\nSTACK_TOP equ 0x" + Integer.toHexString(STACK_TOP) + "\n";

    /** A host result: registers EAX..EDI, EFLAGS and the data area with the captures. */
    record Result(int[] regs, int flags, byte[] area) {
    }

    private HostDifferentialHost() {
    }

    /** Why the host cannot run the cases natively, or null when it can. */
    static String unavailable(Path dir) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return "the host is not Linux (" + os + "): the native i386 program needs Linux system calls";
        }
        if (!List.of("amd64", "x86_64", "x86", "i386", "i486", "i586", "i686").contains(arch)) {
            return "the host is not x86 (" + arch + ")";
        }
        for (String[] tool : new String[][] {{"nasm", "-v"}, {"ld", "-v"}}) {
            try {
                Run r = run(dir, 30, tool);
                if (r.status != 0) {
                    return String.join(" ", tool) + " exited with " + r.status;
                }
            } catch (IOException e) {
                return tool[0] + " is not installed (" + e.getMessage() + ")";
            }
        }
        try {
            Path probe = link(dir, "probe", """
                    bits 32
                    global _start
                    section .text
                    _start:
                        mov eax, 4
                        mov ebx, 1
                        mov ecx, msg
                        mov edx, 3
                        int 0x80
                        mov eax, 1
                        xor ebx, ebx
                        int 0x80
                    section .data
                    msg: db "i32"
                    """);
            Run r = run(dir, 30, probe.toString());
            if (r.status != 0 || !new String(r.out, StandardCharsets.ISO_8859_1).equals("i32")) {
                return "the host cannot run a 32-bit ELF program (no ia32 support?): exit " + r.status + ", "
                        + new String(r.err, StandardCharsets.ISO_8859_1).strip();
            }
        } catch (IOException e) {
            return "the host cannot build or run a 32-bit ELF program (nasm -f elf32, ld -m elf_i386): " + e.getMessage();
        }
        return null;
    }

    /** Builds the native program and the flat binary (in parallel), runs the native one. */
    static Built build(Path dir, List<HostDifferentialCase> cases) throws IOException {
        CompletableFuture<byte[]> flat = CompletableFuture.supplyAsync(() -> {
            try {
                return flat(dir, cases);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Path exe = link(dir, "native", nativeSource(cases));
        Run r = run(dir, 120, exe.toString());
        if (r.status != 0 || r.out.length != cases.size() * RECORD) {
            throw new IOException("the native program " + exe + " failed: exit status " + r.status + " (128+n: signal n), "
                    + r.out.length + " of " + cases.size() * RECORD + " bytes written (" + r.out.length / RECORD
                    + " cases done)\n" + new String(r.err, StandardCharsets.ISO_8859_1));
        }
        ByteBuffer b = ByteBuffer.wrap(r.out).order(ByteOrder.LITTLE_ENDIAN);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            int marker = b.getInt();
            if (marker != (MARKER ^ i)) {
                throw new IOException("native record " + i + " has marker " + Integer.toHexString(marker));
            }
            int[] regs = new int[8];
            for (int k = 0; k < 8; k++) {
                regs[k] = b.getInt();
            }
            int flags = b.getInt();
            byte[] area = new byte[AREA];
            b.get(area);
            results.add(new Result(regs, flags, area));
        }
        try {
            return new Built(results, flat.join());
        } catch (RuntimeException e) {
            throw new IOException(e.getCause());
        }
    }

    record Built(List<Result> host, byte[] flat) {
    }

    static String nativeSource(List<HostDifferentialCase> cases) {
        StringBuilder s = new StringBuilder(cases.size() * 600);
        s.append("bits 32\n").append(COMMON).append("""
                global _start
                section .hd nobits write align=4096
                    resb 0x2000
                section .bss
                out: resb %d
                section .text
                _start:
                """.formatted(cases.size() * RECORD));
        for (HostDifferentialCase c : cases) {
            int out = c.index() * RECORD;
            s.append(c.label()).append(":\n");
            s.append("    cld\n    mov esi, ").append(c.label()).append("_data\n    mov edi, DATA\n    mov ecx, ")
                    .append(DATA_SIZE / 4).append("\n    rep movsd\n    xor eax, eax\n    mov ecx, ")
                    .append((AREA - DATA_SIZE) / 4).append("\n    rep stosd\n");
            s.append("    mov esp, STACK_TOP\n    push dword ").append(hex(c.flags())).append("\n    popfd\n");
            for (int k = 0; k < 8; k++) {
                if (k != 4) {
                    s.append("    mov ").append(REG[k]).append(", ").append(hex(c.regs()[k])).append('\n');
                }
            }
            s.append(c.body());
            for (int k = 0; k < 8; k++) {
                s.append("    mov [out+").append(out + 4 + 4 * k).append("], ").append(REG[k]).append('\n');
            }
            s.append("    pushfd\n    pop dword [out+").append(out + 36).append("]\n");
            s.append("    mov dword [out+").append(out).append("], ").append(hex(MARKER ^ c.index())).append('\n');
            s.append("    cld\n    mov esi, DATA\n    mov edi, out+").append(out + 40).append("\n    mov ecx, ")
                    .append(AREA / 4).append("\n    rep movsd\n");
        }
        s.append("""
                    mov ecx, out
                    mov edx, %d
                .write:
                    mov eax, 4
                    mov ebx, 1
                    int 0x80
                    test eax, eax
                    jle .failed
                    add ecx, eax
                    sub edx, eax
                    jnz .write
                    mov eax, 1
                    xor ebx, ebx
                    int 0x80
                .failed:
                    mov eax, 1
                    mov ebx, 3
                    int 0x80
                section .data
                """.formatted(cases.size() * RECORD));
        for (HostDifferentialCase c : cases) {
            s.append(c.label()).append("_data:");
            ByteBuffer d = ByteBuffer.wrap(c.data()).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < DATA_SIZE / 4; k++) {
                s.append(k % 16 == 0 ? "\n    dd " : ",").append(hex(d.getInt()));
            }
            s.append('\n');
        }
        return s.toString();
    }

    static String flatSource(List<HostDifferentialCase> cases) {
        StringBuilder s = new StringBuilder(cases.size() * 400);
        s.append("bits 32\norg 0x").append(Integer.toHexString(CODE)).append('\n').append(COMMON);
        for (HostDifferentialCase c : cases) {
            s.append("    dd ").append(c.label()).append('\n');
        }
        for (HostDifferentialCase c : cases) {
            s.append(c.label()).append(":\n").append(c.body()).append("    hlt\n");
        }
        return s.toString();
    }

    private static final String[] REG = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    private static byte[] flat(Path dir, List<HostDifferentialCase> cases) throws IOException {
        Path asm = dir.resolve("tessera.asm");
        Path bin = dir.resolve("tessera.bin");
        Files.writeString(asm, flatSource(cases), StandardCharsets.ISO_8859_1);
        nasm(dir, "bin", asm, bin);
        return Files.readAllBytes(bin);
    }

    private static Path link(Path dir, String name, String source) throws IOException {
        Path asm = dir.resolve(name + ".asm");
        Path obj = dir.resolve(name + ".o");
        Path exe = dir.resolve(name);
        Files.writeString(asm, source, StandardCharsets.ISO_8859_1);
        nasm(dir, "elf32", asm, obj);
        Run r = run(dir, 120, "ld", "-m", "elf_i386", "--section-start=.hd=0x" + Integer.toHexString(DATA), "-o",
                exe.toString(), obj.toString());
        if (r.status != 0) {
            throw new IOException("ld failed on " + obj + ":\n" + new String(r.out, StandardCharsets.ISO_8859_1)
                    + new String(r.err, StandardCharsets.ISO_8859_1));
        }
        return exe;
    }

    private static void nasm(Path dir, String format, Path asm, Path out) throws IOException {
        Run r = run(dir, 120, "nasm", "-f", format, "-w-number-overflow", "-o", out.toString(), asm.toString());
        if (r.status != 0) {
            throw new IOException("nasm -f " + format + " failed on " + asm + ":\n" + new String(r.out, StandardCharsets.ISO_8859_1)
                    + new String(r.err, StandardCharsets.ISO_8859_1));
        }
    }

    private record Run(int status, byte[] out, byte[] err) {
    }

    private static Run run(Path dir, int seconds, String... command) throws IOException {
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + seconds + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] errBytes = Files.readAllBytes(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, errBytes);
    }
}
