package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.CS;
import static org.tessera.cpu.core.internal.RegisterFile.DS;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;
import static org.tessera.cpu.core.internal.RegisterFile.ES;
import static org.tessera.cpu.core.internal.RegisterFile.ESI;
import static org.tessera.cpu.core.internal.RegisterFile.ESP;
import static org.tessera.cpu.core.internal.RegisterFile.FS;
import static org.tessera.cpu.core.internal.RegisterFile.GS;
import static org.tessera.cpu.core.internal.RegisterFile.SS;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * The initial state of one redirect test run, built once from a seed and loaded identically into
 * every machine that runs it: random registers, flags and low memory (the first 1 MiB + 64 KiB),
 * code at 0000:7C00, and the page map.
 *
 * <p>The default layout (real mode):
 * <ul>
 * <li>IVT at 0 (RAM), code at 0000:7C00 (RAM);</li>
 * <li>DS = ES = FS = GS = 3000h: offsets 0000-0FFF are RAM (page 30h), 1000-2FFF the device
 * (pages 31h and 32h), 3000-FFFF RAM again, so both a RAM-to-device and a device-to-RAM page
 * crossing are at hand;</li>
 * <li>the stack in RAM at 5000:xxxx ({@link #stackDevice()} moves it onto the device);</li>
 * <li>2000:xxxx is plain RAM for string destinations.</li>
 * </ul>
 */
final class RedirectSetup {

    /** Size of the randomized memory image. */
    static final int IMAGE = 0x110000;
    static final int CODE = 0x7C00;
    static final int DATA_SEG = 0x3000;
    static final int RAM_SEG = 0x2000;
    static final int STACK_SEG = 0x5000;
    /** The device window within {@link #DATA_SEG}. */
    static final int DEV_LO = 0x1000;
    static final int DEV_HI = 0x3000;
    static final int DEV_PAGE = 0x31;
    static final int DEV_PAGES = 2;

    /** One run of pages of a kind. */
    record Pages(int page, int count, RedirectTestBus.Kind kind) {
    }

    final Random rnd;
    final byte[] mem = new byte[IMAGE];
    final int[] gpr = new int[8];
    final int[] seg = new int[6];
    int eip = CODE;
    int flags;
    int idtBase;
    int idtLimit = 0x3FF;
    final List<Pages> pages = new ArrayList<>();
    /** Which device pieces are deferred in {@link RedirectTestBus.Mode#LATER}; null: all. */
    IntPredicate deferLater;
    /** Upper bound of executed units (REP elements) before the test gives up. */
    int maxUnits = 10_000;

    RedirectSetup(long seed) {
        rnd = new Random(seed);
        rnd.nextBytes(mem);
        for (int i = 0; i < 8; i++) {
            gpr[i] = rnd.nextInt();
        }
        seg[CS] = 0;
        seg[DS] = DATA_SEG;
        seg[ES] = DATA_SEG;
        seg[FS] = DATA_SEG;
        seg[GS] = DATA_SEG;
        flags = rnd.nextInt() & (Flags.ARITH | Flags.IF);
        stackRam();
        pages.add(new Pages(DEV_PAGE, DEV_PAGES, RedirectTestBus.Kind.DEVICE));
    }

    // ------------------------------------------------------------------ code and memory

    /** Places the instruction bytes at CS:IP. */
    RedirectSetup code(int... bytes) {
        int a = (seg[CS] << 4) + eip;
        for (int i = 0; i < bytes.length; i++) {
            mem[a + i] = (byte) bytes[i];
        }
        return this;
    }

    static int phys(int segment, int offset) {
        return ((segment & 0xFFFF) << 4) + (offset & 0xFFFF);
    }

    void poke8(int phys, int v) {
        mem[phys] = (byte) v;
    }

    void poke16(int phys, int v) {
        poke8(phys, v);
        poke8(phys + 1, v >>> 8);
    }

    void poke32(int phys, int v) {
        poke16(phys, v);
        poke16(phys + 2, v >>> 16);
    }

    int peek8(int phys) {
        return mem[phys] & 0xFF;
    }

    int peek16(int phys) {
        return peek8(phys) | peek8(phys + 1) << 8;
    }

    int peek32(int phys) {
        return peek16(phys) | peek16(phys + 2) << 16;
    }

    /** Makes pages of a kind (after the default device pages: a later entry wins). */
    RedirectSetup map(int page, int count, RedirectTestBus.Kind kind) {
        pages.add(new Pages(page, count, kind));
        return this;
    }

    // ------------------------------------------------------------------ registers

    void set16(int reg, int v) {
        gpr[reg] = (gpr[reg] & 0xFFFF0000) | (v & 0xFFFF);
    }

    int get16(int reg) {
        return gpr[reg] & 0xFFFF;
    }

    /** Sets an 8-bit register by encoding (AL, CL, DL, BL, AH, CH, DH, BH). */
    void set8(int reg8, int v) {
        if (reg8 < 4) {
            gpr[reg8] = (gpr[reg8] & 0xFFFFFF00) | (v & 0xFF);
        } else {
            gpr[reg8 - 4] = (gpr[reg8 - 4] & 0xFFFF00FF) | ((v & 0xFF) << 8);
        }
    }

    void setFlag(int flag, boolean on) {
        flags = on ? flags | flag : flags & ~flag;
    }

    // ------------------------------------------------------------------ addresses

    /** A random offset within {@link #DATA_SEG} where {@code size} bytes lie on the device. */
    int devOff(int size) {
        return DEV_LO + rnd.nextInt(DEV_HI - DEV_LO - size + 1);
    }

    /** Like {@link #devOff} but aligned to {@code align}. */
    int devOffAligned(int size, int align) {
        return devOff(size) & -align;
    }

    /** A random offset within {@link #DATA_SEG} in RAM above the device. */
    int ramOff(int size) {
        return 0x4000 + rnd.nextInt(0xB000 - size);
    }

    /**
     * Points {@code [bx+si]} at {@code offset}: BX random, SI = offset - BX (so that BX + SI
     * often exceeds FFFFh and wraps, as 16-bit addressing does).
     */
    int bxsi(int offset) {
        int bx = rnd.nextInt(0x10000);
        set16(EBX, bx);
        set16(ESI, offset - bx);
        return offset;
    }

    /** Points {@code [bx+si]} at {@code offset} with BX + SI > FFFFh: the sum wraps at 64 KiB. */
    int bxsiWrapped(int offset) {
        int bx = 0x8000 + rnd.nextInt(0x8000);
        int si = (offset - bx) & 0xFFFF;
        if (bx + si <= 0xFFFF) {
            throw new IllegalStateException("offset too high to wrap");
        }
        set16(EBX, bx);
        set16(ESI, si);
        return offset;
    }

    /** {@code [bx+si]} at a random device offset for a {@code size}-byte operand; returns it. */
    int memAt(int size) {
        return bxsi(devOff(size));
    }

    /** Stack in RAM: SS = 5000h, SP random, even, away from the segment ends. */
    void stackRam() {
        seg[SS] = STACK_SEG;
        set16(ESP, 0x200 + (rnd.nextInt(0xFC00) & ~1));
    }

    /** Stack on the device: SS = 3000h, SP random, even, within the device window. */
    void stackDevice() {
        seg[SS] = DATA_SEG;
        set16(ESP, 0x1100 + (rnd.nextInt(0x1E00) & ~1));
    }

    /** Physical address of SS:SP+{@code delta}. */
    int stack(int delta) {
        return phys(seg[SS], get16(ESP) + delta);
    }
}
