package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Assumptions;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * A CPU put straight into protected mode with paging (CR0 = 80000011h) for the paging tests. The
 * segment caches stay as real mode left them (bases 0, CPL 0, 16-bit code), except that DS, ES and
 * SS get a 4 GiB limit so that 32-bit offsets reach every linear address. The exceptions the code
 * raises are not delivered: the CPU stops at the faulting instruction ({@link Cpu#stopOnException}).
 *
 * <p>Physical layout: page directory at 1000h, page tables at 2000h (linear 0-4 MiB) and 3000h
 * (4-8 MiB); linear pages 0-Fh mapped to themselves, present, writable and user (the tables, the
 * code at 7000h, the stack below 9000h). Everything else starts unmapped. Snippets are assembled
 * by NASM ({@code bits 16}); tests are skipped when NASM is not installed.
 */
final class PagingRig {

    static final int PD = 0x1000;
    static final int PT0 = 0x2000;
    static final int PT1 = 0x3000;
    static final int CODE = 0x7000;
    static final int STACK_TOP = 0x9000;
    static final int RAM_SIZE = 16 << 20;
    static final int BUDGET = 5000;

    static final int P = 1;
    static final int RW = 2;
    static final int US = 4;
    static final int A = 0x20;
    static final int D = 0x40;
    static final int PS = 0x80;
    static final int URW = P | RW | US;

    static final int PF = 14;

    final MemoryBus bus;
    final byte[] ram;
    final Cpu cpu = new Cpu(() -> 0);
    final RegisterFile r = cpu.regs;
    /** EIP of the snippet's final {@code jmp $}. */
    int done;

    PagingRig(int compiler) {
        this(compiler, new RamOnlyBus(RAM_SIZE), null);
    }

    PagingRig(int compiler, MemoryBus bus, byte[] ram) {
        this.bus = bus;
        this.ram = ram != null ? ram : ((RamOnlyBus) bus).ram();
        cpu.setCompiler(compiler);
        cpu.attach(bus, null);
        cpu.stopOnException = true;
        pde(0, PT0 | URW);
        pde(1, PT1 | URW);
        for (int page = 0; page < 16; page++) {
            map(page << 12, page << 12, URW);
        }
        r.cr3 = PD;
        r.cr0 = 0x80000011;
        r.loadReal(RegisterFile.CS, 0);
        r.eip = CODE;
        for (int s : new int[] {RegisterFile.DS, RegisterFile.ES, RegisterFile.SS, RegisterFile.FS, RegisterFile.GS}) {
            r.loadReal(s, 0);
            r.limit[s] = -1;
        }
        // the hidden parts were set directly: recompute the segment checks (PE is on)
        r.updateChecks();
        r.gpr[RegisterFile.ESP] = STACK_TOP;
    }

    // ------------------------------------------------------------------ page tables

    void pde(int index, int value) {
        poke32(PD + index * 4, value);
    }

    int pde(int index) {
        return peek32(PD + index * 4);
    }

    /** Where the table entry of {@code linear} is (its directory entry must point to a table). */
    int pteAddress(int linear) {
        return (pde(linear >>> 22) & 0xFFFFF000) + ((linear >>> 12) & 0x3FF) * 4;
    }

    void pte(int linear, int value) {
        poke32(pteAddress(linear), value);
    }

    int pte(int linear) {
        return peek32(pteAddress(linear));
    }

    /** Maps the page of {@code linear} to the physical page of {@code phys}. */
    void map(int linear, int phys, int flags) {
        pte(linear, (phys & 0xFFFFF000) | flags);
    }

    void unmap(int linear) {
        pte(linear, 0);
    }

    // ------------------------------------------------------------------ physical memory

    int peek8(int phys) {
        return ram[phys] & 0xFF;
    }

    int peek32(int phys) {
        return (ram[phys] & 0xFF) | (ram[phys + 1] & 0xFF) << 8 | (ram[phys + 2] & 0xFF) << 16 | ram[phys + 3] << 24;
    }

    void poke8(int phys, int v) {
        ram[phys] = (byte) v;
    }

    void poke32(int phys, int v) {
        for (int i = 0; i < 4; i++) {
            ram[phys + i] = (byte) (v >>> (8 * i));
        }
    }

    void fill(int phys, int length, int seed) {
        for (int i = 0; i < length; i++) {
            ram[phys + i] = (byte) (seed + i * 7);
        }
    }

    // ------------------------------------------------------------------ code

    /**
     * Assembles {@code source} at CODE with a final {@code jmp $} (its address is {@link #done}),
     * copies it to physical CODE and points EIP at it.
     */
    PagingRig code(String source) {
        byte[] image = assemble(CODE, source + "\ndone: jmp short done\n");
        System.arraycopy(image, 0, ram, CODE, image.length);
        done = CODE + image.length - 2;
        r.eip = CODE;
        return this;
    }

    /** Assembles {@code source} for address {@code org} and stores it at physical {@code phys}. */
    PagingRig codeAt(int phys, int org, String source) {
        byte[] image = assemble(org, source);
        System.arraycopy(image, 0, ram, phys, image.length);
        return this;
    }

    /** Runs until the budget is used up or an exception stops the CPU. */
    Cpu.Exit go() {
        cpu.caughtVector = -1;
        cpu.caughtError = -1;
        return cpu.run(BUDGET);
    }

    /** Runs and expects the snippet to reach its end. */
    PagingRig runToEnd() {
        Cpu.Exit e = go();
        assertEquals(-1, cpu.caughtVector, () -> "unexpected exception " + cpu.caughtVector + " error "
                + Integer.toHexString(cpu.caughtError) + " at " + Integer.toHexString(r.eip) + ", CR2 " + Integer.toHexString(r.cr2));
        assertEquals(Cpu.Exit.LIMIT, e);
        assertEquals(Integer.toHexString(done), Integer.toHexString(r.eip), "EIP after the run");
        return this;
    }

    /** Runs and expects a #PF with {@code error} at the instruction at {@code eip}, CR2 = {@code cr2}. */
    PagingRig runToPageFault(int eip, int cr2, int error) {
        Cpu.Exit e = go();
        assertEquals(Cpu.Exit.STOPPED, e, "the run should stop at a #PF, EIP " + Integer.toHexString(r.eip));
        assertEquals(PF, cpu.caughtVector, "exception vector");
        assertEquals(error, cpu.caughtError, "#PF error code");
        assertEquals(Integer.toHexString(cr2), Integer.toHexString(r.cr2), "CR2");
        assertEquals(Integer.toHexString(eip), Integer.toHexString(r.eip), "EIP at the fault");
        assertEquals(Integer.toHexString(eip), Integer.toHexString(cpu.caughtReturn), "return EIP of the fault");
        return this;
    }

    /**
     * Like {@link #code} for {@code before + after}, answering the address where {@code after}
     * starts (the instruction a test expects to fault).
     */
    int code(String before, String after) {
        int mark = CODE + assemble(CODE, before).length;
        code(before + "\n" + after);
        return mark;
    }

    int gpr(int n) {
        return r.gpr[n];
    }

    // ------------------------------------------------------------------ snapshots

    /** Everything a run can change, to compare an interpreted with a compiled run. */
    record Snapshot(String registers, long ramCrc, long instructions, int vector, int error) {
    }

    Snapshot snapshot() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            b.append(Integer.toHexString(r.gpr[i])).append(' ');
        }
        b.append("eip=").append(Integer.toHexString(r.eip));
        b.append(" flags=").append(Integer.toHexString(cpu.eflags()));
        b.append(" cr0=").append(Integer.toHexString(r.cr0));
        b.append(" cr2=").append(Integer.toHexString(r.cr2));
        b.append(" cr3=").append(Integer.toHexString(r.cr3));
        b.append(" sel=").append(Arrays.toString(r.selector));
        CRC32 crc = new CRC32();
        crc.update(ram, 0, ram.length);
        return new Snapshot(b.toString(), crc.getValue(), cpu.instructions(), cpu.caughtVector, cpu.caughtError);
    }

    // ------------------------------------------------------------------ NASM

    private static final Map<String, byte[]> ASSEMBLED = new ConcurrentHashMap<>();

    static byte[] assemble(int org, String source) {
        String full = "bits 16\norg " + org + "\n" + source + "\n";
        return ASSEMBLED.computeIfAbsent(full, PagingRig::nasm).clone();
    }

    private static byte[] nasm(String source) {
        try {
            Path dir = Files.createTempDirectory("paging-nasm");
            try {
                Path in = dir.resolve("t.asm");
                Path out = dir.resolve("t.bin");
                Files.writeString(in, source, StandardCharsets.ISO_8859_1);
                Process p;
                try {
                    p = new ProcessBuilder("nasm", "-f", "bin", "-o", out.toString(), in.toString())
                            .redirectErrorStream(true).start();
                } catch (IOException e) {
                    Assumptions.abort("NASM is not installed (nasm not found on the PATH): paging test skipped");
                    throw e;
                }
                String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError("nasm failed on\n" + source + "\n" + messages);
                }
                return Files.readAllBytes(out);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run nasm: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
