package org.tessera.cpu.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * A random 16-bit real-mode program for {@link BlockCompilerEquivalenceTest}, written as NASM
 * source from a seed, with the registers it starts with.
 *
 * <p>The program is made of the instructions the block compiler translates (ALU forms of every
 * encoding and size, shifts, multiply and divide, moves, string instructions without a repeat
 * prefix, stack operations, branches, loops, calls and returns, direct and indirect), mixed with
 * instructions only the interpreter runs (REP strings, PUSHF/POPF, INT, BCD, bit instructions,
 * PUSHA, ENTER, ...), so that control passes between blocks and the interpreter. Memory operands
 * use every addressing form, 16- and 32-bit, with offsets chosen to cross 4 KiB pages, reach the
 * end of the segment and, in the statements meant to fault, to lie beyond it (#GP, #SS), next to
 * divides that overflow (#DE) and invalid encodings (#UD); the exception handlers installed by
 * the program count each exception and resume after the faulting instruction.
 *
 * <p>Control moves between blocks and the interpreter in other ways too: single-stepped stretches
 * (TF, a trap after each instruction), far calls of the same code through other CS values,
 * a routine at the end of the code segment whose IP wraps around to offset 0, and (DEVICE) a
 * subroutine in a page served by a device, which the compiler cannot read directly.
 *
 * <p>Layout: code and data at {@link #CODE_SEG}:0 (data below {@link #ENTRY}, where execution
 * starts), DS, ES, FS, GS and SS in separate 64 KiB segments of random contents. Only the
 * statements that are meant to do so write to the code segment (loop counters, the resume
 * address, and in the self-modifying flavour the instructions themselves), and nothing writes to
 * the stack segment at or above {@link #STACK_FLOOR} but the stack operations, so the program
 * keeps control of itself and always ends in CLI; HLT (or HLT after an unexpected exception).
 */
final class BlockCompilerProgram {

    /** What the program concentrates on. */
    enum Flavor {
        /** Everything but self-modifying code. */
        PLAIN,
        /** With code that rewrites instructions in the same loop, the same block and other blocks. */
        SELF_MODIFYING,
        /** Smaller, with many accesses to the device window at DS:1000-1FFF (physical page 21h). */
        DEVICE
    }

    static final int CODE_SEG = 0x1000;
    /** Where execution starts (CS offset). */
    static final int ENTRY = 0x0400;
    /** CS offset of the word that holds where the exception handler resumes (0: stop). */
    static final int RESUME = 0x0010;
    /** CS offset of the word set to 1 when an exception came without a resume address. */
    static final int FATAL = 0x0012;
    /** CS offset of the 32 exception counters (words). */
    static final int FAULTS = 0x0014;
    private static final int COUNTERS = 0x0080;
    private static final int MAX_COUNTERS = 64;
    private static final int SUBTAB = 0x0100;
    private static final int SUBTAB32 = 0x0120;
    private static final int MAX_SUBS = 8;
    private static final int JTAB = 0x0160;
    private static final int MAX_JTAB = 64;
    private static final int FARTAB = 0x01E0;
    private static final int MAX_FAR = 8;
    /** Where the routine that runs into the end of the code segment starts. */
    private static final int EDGE = 0xFFF0;

    static final int DS_SEG = 0x2000;
    static final int ES_SEG = 0x3000;
    static final int FS_SEG = 0x4000;
    static final int GS_SEG = 0x5000;
    static final int SS_SEG = 0x6000;
    /** Values data segment registers may take: all away from the code, the vectors and the stack. */
    private static final int[] SAFE_SEGS = {0x2000, 0x3000, 0x4000, 0x5000, 0x2800, 0x2100, 0x3FFF, 0x2080};
    /** Stack offsets from here up hold the stack: random writes stay below. */
    static final int STACK_FLOOR = 0xE000;
    static final int INT_VECTOR = 0x60;
    /** Physical page of the device window (DS:1000-1FFF) and of the top of the stack segment. */
    static final int DEVICE_PAGE = 0x21;
    static final int STACK_PAGE = 0x6F;

    private static final String[] R8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    private static final String[] SHIFT = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
    private static final String[] CC = {"o", "no", "b", "nb", "z", "nz", "be", "a", "s", "ns", "p", "np", "l", "nl", "le", "g"};
    private static final String[] SREG = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final int[] COUNTS = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 63, 64, 255};

    private static final int AX = 0;
    private static final int CX = 1;
    private static final int DX = 2;
    private static final int BX = 3;
    private static final int SP = 4;
    private static final int BP = 5;
    private static final int SI = 6;
    private static final int DI = 7;
    /** All eight registers reserved. */
    private static final int ALL = 0xFF;

    final long seed;
    final Flavor flavor;
    /** Loops and forward branches use near forms only (when short ones were out of range). */
    final boolean forceNear;
    final int[] gpr = new int[8];
    final int[] seg = new int[6];
    int flags;
    /** Whether the top of the stack segment (physical page 6Fh) is a device page too (DEVICE). */
    boolean deviceStack;
    /** Whether a subroutine lies alone in physical page 13h, served by a device (DEVICE). */
    boolean codeOnDevice;
    /** CS offset of that subroutine. */
    static final int CODE_DEVICE_OFFSET = 0x3000;
    static final int CODE_DEVICE_PAGE = (CODE_SEG << 4 >>> 12) + (CODE_DEVICE_OFFSET >>> 12);
    final String source;

    private final Random rnd;
    private final boolean espUpperZero;
    /** SP starts at 0: the stack wraps, and ESP-based addresses may be past the limit. */
    private final boolean stackWraps;
    private final int deviceBias;
    private final List<String> out = new ArrayList<>();
    private final List<String> jtab = new ArrayList<>();
    private final List<Sub> subs = new ArrayList<>();
    private final List<String> farPointers = new ArrayList<>();
    private final List<Sub> farSubs = new ArrayList<>();
    private int labels;
    private int counters;
    private int intClobber;
    /** Whether the code generated now also runs with other CS values (no absolute code offsets). */
    private boolean positionIndependent;
    /** Whether there is a routine at the end of the code segment that wraps around to offset 0. */
    private boolean edge;

    /** A subroutine: how it returns and the registers it may change. */
    private record Sub(String name, int index, boolean far32, int retImm, int clobber) {
    }

    /** A program given as source, with the random registers of {@code seed}. */
    BlockCompilerProgram(long seed, String source) {
        this(seed, Flavor.PLAIN, false, source);
    }

    BlockCompilerProgram(long seed, Flavor flavor, boolean forceNear) {
        this(seed, flavor, forceNear, null);
    }

    private BlockCompilerProgram(long seed, Flavor flavor, boolean forceNear, String given) {
        this.seed = seed;
        this.flavor = flavor;
        this.forceNear = forceNear;
        this.rnd = new Random(seed * 0x9E3779B97F4A7C15L + flavor.ordinal());
        this.deviceBias = flavor == Flavor.DEVICE ? 35 : 0;
        for (int i = 0; i < 8; i++) {
            gpr[i] = rnd.nextInt();
        }
        espUpperZero = rnd.nextBoolean();
        int sp = 0xF000 + rnd.nextInt(0xFF0);
        if (rnd.nextInt(5) != 0) {
            sp &= ~1;
        }
        if (rnd.nextInt(8) == 0) {
            // the stack wraps around from offset 0 to FFFEh
            sp = 0;
        }
        stackWraps = sp == 0;
        gpr[SP] = (espUpperZero ? 0 : rnd.nextInt() & 0xFFFF0000) | sp;
        flags = (rnd.nextInt() & Flags.ARITH) | (rnd.nextBoolean() ? Flags.DF : 0) | (rnd.nextInt(4) == 0 ? Flags.IF : 0);
        seg[RegisterFile.ES] = ES_SEG;
        seg[RegisterFile.CS] = CODE_SEG;
        seg[RegisterFile.SS] = SS_SEG;
        seg[RegisterFile.DS] = DS_SEG;
        seg[RegisterFile.FS] = FS_SEG;
        seg[RegisterFile.GS] = GS_SEG;
        if (flavor == Flavor.DEVICE) {
            deviceStack = rnd.nextInt(3) == 0;
            codeOnDevice = rnd.nextBoolean();
            if (rnd.nextBoolean()) {
                seg[RegisterFile.ES] = 0x2080;
            }
            if (rnd.nextBoolean()) {
                seg[RegisterFile.FS] = DS_SEG;
            }
        }
        source = given != null ? given : generate();
    }

    /** The physical pages a device serves in the DEVICE flavour. */
    List<Integer> devicePages() {
        List<Integer> pages = new ArrayList<>(List.of(DEVICE_PAGE));
        if (deviceStack) {
            pages.add(STACK_PAGE);
        }
        if (codeOnDevice) {
            pages.add(CODE_DEVICE_PAGE);
        }
        return pages;
    }

    // ------------------------------------------------------------------ the program

    private String generate() {
        // the exception handlers, the interrupt handler and the subroutines come first: the main
        // part needs to know which registers they change
        emitPrologue();
        intClobber = clobberSet();
        label("int60");
        body(~intClobber & ALL, 1, true, 2 + rnd.nextInt(6));
        emit("iret");
        int nSubs = 2 + rnd.nextInt(MAX_SUBS - 1);
        for (int i = 0; i < nSubs; i++) {
            boolean far32 = rnd.nextInt(3) == 0;
            int retImm = rnd.nextInt(3) == 0 ? (far32 ? new int[] {2, 4, 8}[rnd.nextInt(3)] : 2 * (1 + rnd.nextInt(3))) : 0;
            Sub s = new Sub("sub" + i, i, far32, retImm, clobberSet());
            subs.add(s);
            if (i == 0 && codeOnDevice) {
                // alone in physical page 13h, which the DEVICE test serves from a device
                emit("times " + hex(CODE_DEVICE_OFFSET) + "-($-$$) db 0xCC");
                label(s.name);
                body(~s.clobber & ALL, 1, true, 2 + rnd.nextInt(6));
                emit(s.far32 ? "o32 ret" + (s.retImm == 0 ? "" : " " + s.retImm) : "ret" + (s.retImm == 0 ? "" : " " + s.retImm));
                emit("times " + hex(CODE_DEVICE_OFFSET + 0x1000) + "-($-$$) db 0xCC");
                continue;
            }
            if (rnd.nextInt(4) == 0) {
                // move code across page boundaries now and then
                emit("times " + rnd.nextInt(0x300) + " db 0xCC");
            }
            label(s.name);
            body(~s.clobber & ALL, 1, true, 2 + rnd.nextInt(10));
            String ret = s.retImm == 0 ? "ret" : "ret " + s.retImm;
            emit(s.far32 ? "o32 " + ret : ret);
        }
        // far subroutines, called with CS = 1000h and with other CS values for the same code
        int nFar = flavor == Flavor.DEVICE ? 0 : rnd.nextInt(3);
        positionIndependent = true;
        for (int i = 0; i < nFar; i++) {
            Sub s = new Sub("far" + i, i, false, 0, clobberSet());
            farSubs.add(s);
            label(s.name);
            body(~s.clobber & ALL, 1, true, 2 + rnd.nextInt(8));
            emit("retf");
        }
        positionIndependent = false;
        edge = flavor == Flavor.PLAIN && rnd.nextInt(3) == 0;
        label("main");
        if (flavor == Flavor.DEVICE) {
            emit("inc word [ds:0x1800]");
        }
        int statements = switch (flavor) {
            case PLAIN -> 50 + rnd.nextInt(90);
            case SELF_MODIFYING -> 30 + rnd.nextInt(40);
            case DEVICE -> 25 + rnd.nextInt(35);
        };
        // the whole main part runs a few times, so that compiled blocks are entered again (and
        // reach a threshold above 1)
        String outer = "[cs:" + hex(COUNTERS + 2 * counters++) + "]";
        emit("mov word " + outer + ", " + (2 + rnd.nextInt(4)));
        label("main_top");
        body(0, 0, false, statements);
        emit("dec word " + outer);
        emit("jnz near main_top");
        label("finish");
        emit("cli");
        emit("hlt");
        emit("jmp finish");
        if (edge) {
            emitEdge();
        }

        StringBuilder b = new StringBuilder();
        b.append("; seed ").append(seed).append(", ").append(flavor).append(forceNear ? ", near branches only" : "").append('\n');
        b.append("bits 16\norg 0\n");
        b.append("    ret ; where the routine at the end of the segment arrives\n");
        b.append("    times ").append(RESUME).append("-($-$$) db 0\n");
        b.append("    dw 0 ; resume address\n    dw 0 ; fatal\n    times 32 dw 0 ; exception counters\n");
        b.append("    times ").append(COUNTERS).append("-($-$$) db 0\n    times ").append(MAX_COUNTERS).append(" dw 0\n");
        b.append("    times ").append(SUBTAB).append("-($-$$) db 0\n");
        for (Sub s : subs) {
            b.append("    dw ").append(s.name).append('\n');
        }
        b.append("    times ").append(SUBTAB32).append("-($-$$) db 0\n");
        for (Sub s : subs) {
            b.append("    dd ").append(s.name).append('\n');
        }
        b.append("    times ").append(JTAB).append("-($-$$) db 0\n");
        for (String l : jtab) {
            b.append("    dw ").append(l).append('\n');
        }
        b.append("    times ").append(FARTAB).append("-($-$$) db 0\n");
        for (String l : farPointers) {
            b.append("    dw ").append(l).append('\n');
        }
        b.append("    times ").append(ENTRY).append("-($-$$) db 0\n");
        for (String line : out) {
            b.append(line).append('\n');
        }
        return b.toString();
    }

    /** Installs the exception handlers (vectors 0-31) and the INT 60h handler, then jumps to main. */
    private void emitPrologue() {
        label("start");
        emit("push ds");
        emit("push word 0");
        emit("pop ds");
        for (int v = 0; v < 32; v++) {
            emit("mov word [" + hex(v * 4) + "], vec" + v);
            emit("mov word [" + hex(v * 4 + 2) + "], cs");
        }
        emit("mov word [" + hex(INT_VECTOR * 4) + "], int60");
        emit("mov word [" + hex(INT_VECTOR * 4 + 2) + "], cs");
        emit("pop ds");
        emit("jmp main");
        for (int v = 0; v < 32; v++) {
            label("vec" + v);
            emit("inc word [cs:" + hex(FAULTS + 2 * v) + "]");
            // the single-step trap comes after an instruction: go on with the next one
            emit(v == 1 ? "iret" : "jmp fault_common");
        }
        // resume where the faulting statement said, or stop when nobody expected the exception
        label("fault_common");
        emit("push bp");
        emit("mov bp, sp");
        emit("push ax");
        emit("mov ax, [cs:" + hex(RESUME) + "]");
        emit("test ax, ax");
        emit("jz fatal");
        emit("mov [bp+2], ax");
        emit("mov word [cs:" + hex(RESUME) + "], 0");
        emit("pop ax");
        emit("pop bp");
        emit("iret");
        label("fatal");
        emit("mov word [cs:" + hex(FATAL) + "], 1");
        emit("cli");
        emit("hlt");
        emit("jmp fatal");
    }

    /** Registers a subroutine or the interrupt handler may change: three to five of seven. */
    private int clobberSet() {
        int m = 0;
        int n = 3 + rnd.nextInt(3);
        while (Integer.bitCount(m) < n) {
            int r = rnd.nextInt(8);
            if (r != SP) {
                m |= 1 << r;
            }
        }
        return m;
    }

    private void body(int res, int depth, boolean inSub, int count) {
        for (int i = 0; i < count; i++) {
            statement(res, depth, inSub);
        }
    }

    /** Simple statements only, small enough for a short branch across them. */
    private void smallBody(int res, int count) {
        for (int i = 0; i < count; i++) {
            while (!simple(res)) {
                // try another kind
            }
        }
    }

    private void statement(int res, int depth, boolean inSub) {
        int maxDepth = inSub ? 2 : 3;
        for (int tries = 0; tries < 30; tries++) {
            int r = rnd.nextInt(1000);
            boolean ok;
            if (flavor == Flavor.SELF_MODIFYING && !positionIndependent && rnd.nextInt(6) == 0) {
                ok = selfModifying(res, depth, inSub);
            } else if (r < 520) {
                ok = simple(res);
            } else if (r < 560) {
                ok = stringOp(res);
            } else if (r < 575) {
                ok = xlat(res);
            } else if (r < 610) {
                ok = stackPair(res);
            } else if (r < 660) {
                ok = mixed(res);
            } else if (r < 700) {
                ok = !positionIndependent && faulting(res);
            } else if (r < 740) {
                ok = forward(res, depth, inSub);
            } else if (r < 820) {
                ok = depth < maxDepth && loop(res, depth, inSub);
            } else if (r < 850) {
                ok = !inSub && call(res);
            } else if (r < 860) {
                ok = !inSub && (rnd.nextInt(3) == 0 ? edge && emitTrue("call edge") : farCall(res));
            } else if (r < 880) {
                ok = !positionIndependent && indirectJump(res);
            } else if (r < 895) {
                ok = !inSub && (intClobber & res) == 0 && emitTrue("int " + hex(INT_VECTOR));
            } else if (r < 915) {
                ok = segmentLoad(res);
            } else if (r < 925) {
                ok = !positionIndependent && inlineVariable(res);
            } else {
                ok = flavor == Flavor.SELF_MODIFYING && !positionIndependent ? selfModifying(res, depth, inSub) : simple(res);
            }
            if (ok) {
                return;
            }
        }
        emit("nop");
    }

    // ------------------------------------------------------------------ helpers

    private void emit(String s) {
        out.add("    " + s);
    }

    private boolean emitTrue(String s) {
        emit(s);
        return true;
    }

    private void label(String l) {
        out.add(l + ":");
    }

    private String newLabel() {
        return "L" + labels++;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v & 0xFFFF_FFFFL);
    }

    private static String signed(long d) {
        return d < 0 ? "-" + hex(-d) : "+" + hex(d);
    }

    private static String db(List<Integer> bytes) {
        StringBuilder b = new StringBuilder("db ");
        for (int i = 0; i < bytes.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(hex(bytes.get(i) & 0xFF));
        }
        return b.toString();
    }

    private static String reg(int size, int n) {
        return size == 8 ? R8[n] : size == 16 ? R16[n] : R32[n];
    }

    private static String sz(int size) {
        return size == 8 ? "byte" : size == 16 ? "word" : "dword";
    }

    private static boolean writable(int res, int r16) {
        return r16 != SP && (res & (1 << r16)) == 0;
    }

    /** A register of {@code size} that may be written (by its encoding), or -1. */
    private int destReg(int res, int size) {
        int[] c = new int[8];
        int k = 0;
        for (int n = 0; n < 8; n++) {
            if (size == 8 ? writable(res, n & 3) : writable(res, n)) {
                c[k++] = n;
            }
        }
        return k == 0 ? -1 : c[rnd.nextInt(k)];
    }

    private int anyReg() {
        return rnd.nextInt(8);
    }

    private int size() {
        int r = rnd.nextInt(10);
        return r < 4 ? 8 : r < 8 ? 16 : 32;
    }

    private int imm(int size) {
        int r = rnd.nextInt(10);
        int v;
        if (r < 2) {
            v = rnd.nextInt(4);
        } else if (r < 4) {
            int[] edge = {0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x0100, 0x10000};
            v = edge[rnd.nextInt(edge.length)];
        } else {
            v = rnd.nextInt();
        }
        return size == 8 ? v & 0xFF : size == 16 ? v & 0xFFFF : v;
    }

    /** An immediate operand in NASM syntax that keeps its full size (81, 69, 68 forms). */
    private String fullImm(int size) {
        int v = imm(size);
        return size == 8 ? hex(v) : "strict " + sz(size) + " " + hex(v);
    }

    private String s8() {
        return "strict byte " + (rnd.nextInt(256) - 128);
    }

    private void little(List<Integer> bytes, int size, int v) {
        for (int i = 0; i < size / 8; i++) {
            bytes.add((v >>> (8 * i)) & 0xFF);
        }
    }

    private List<Integer> prefix(int size) {
        List<Integer> b = new ArrayList<>();
        if (size == 32) {
            b.add(0x66);
        }
        return b;
    }

    // ------------------------------------------------------------------ memory operands

    /**
     * Emits the setup of a memory operand of {@code size} bits (loads of its address registers)
     * and returns it, e.g. {@code word [es:byte bx+si-0x12]}. A written operand never lies in
     * the code segment nor in the stack; an operand never faults.
     */
    private String mem(int res, int size, boolean write) {
        int bytes = size >>> 3;
        String seg = pickSeg(write);
        boolean stackSafe = write && (seg == null || seg.equals("ss"));
        int limit = stackSafe ? STACK_FLOOR : 0x10000;
        int r = rnd.nextInt(100);
        String addr;
        if (r < 10 && size == 8) {
            // a byte where the registers happen to point: cannot fault with 16-bit addressing
            if (write && (seg == null || seg.equals("ss"))) {
                seg = new String[] {"ds", "es", "fs", "gs"}[rnd.nextInt(4)];
            }
            int rm = rnd.nextInt(8);
            int mod = rm == 6 ? 1 + rnd.nextInt(2) : rnd.nextInt(3);
            addr = form16(rm, mod, mod == 1 ? rnd.nextInt(256) - 128 : mod == 2 ? (short) rnd.nextInt() : 0);
        } else if (r < 30) {
            int ea = pickEa(bytes, limit);
            addr = rnd.nextInt(5) == 0 ? "dword " + hex(ea) : hex(ea);
        } else if (r < 75) {
            addr = reg16Form(res, pickEa(bytes, limit));
        } else {
            addr = reg32Form(res, pickEa(bytes, limit), write);
        }
        return sz(size) + " [" + (seg == null ? "" : seg + ":") + addr + "]";
    }

    private String pickSeg(boolean write) {
        if (rnd.nextInt(100) < 60) {
            return null;
        }
        String[] s = write ? new String[] {"ds", "es", "fs", "gs", "ss"} : new String[] {"ds", "es", "fs", "gs", "ss", "cs"};
        return s[rnd.nextInt(s.length)];
    }

    /** An offset for {@code bytes} bytes below {@code limit}: often at a page end or the limit. */
    private int pickEa(int bytes, int limit) {
        int max = limit - bytes;
        int r = rnd.nextInt(100);
        int ea;
        if (r < deviceBias) {
            ea = 0x0FF8 + rnd.nextInt(0x1010);
        } else if (r < deviceBias + 30) {
            ea = rnd.nextInt(max + 1);
        } else if (r < deviceBias + 55) {
            ea = (1 + rnd.nextInt(15)) * 0x1000 - 1 - rnd.nextInt(Math.max(1, bytes - 1));
        } else if (r < deviceBias + 65) {
            ea = max - rnd.nextInt(4);
        } else if (r < deviceBias + 75) {
            ea = rnd.nextInt(64);
        } else {
            ea = rnd.nextInt(max + 1);
        }
        return Math.max(0, Math.min(max, ea));
    }

    private static final String[] RM16 = {"bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"};
    private static final int[][] RM16_REGS = {{BX, SI}, {BX, DI}, {BP, SI}, {BP, DI}, {SI}, {DI}, {BP}, {BX}};

    private static String form16(int rm, int mod, int disp) {
        return switch (mod) {
            case 0 -> RM16[rm];
            case 1 -> "byte " + RM16[rm] + signed(disp);
            default -> "word " + RM16[rm] + signed(disp);
        };
    }

    /** A 16-bit addressing form whose registers are loaded to reach {@code ea}. */
    private String reg16Form(int res, int ea) {
        List<Integer> ok = new ArrayList<>();
        for (int rm = 0; rm < 8; rm++) {
            boolean all = true;
            for (int g : RM16_REGS[rm]) {
                all &= writable(res, g);
            }
            if (all) {
                ok.add(rm);
            }
        }
        if (ok.isEmpty()) {
            return hex(ea);
        }
        int rm = ok.get(rnd.nextInt(ok.size()));
        int mod = rm == 6 ? 1 + rnd.nextInt(2) : rnd.nextInt(3);
        int disp = mod == 0 ? 0 : mod == 1 ? rnd.nextInt(256) - 128 : (short) rnd.nextInt();
        int[] g = RM16_REGS[rm];
        if (g.length == 2) {
            int a = rnd.nextInt(0x10000);
            emit("mov " + R16[g[0]] + ", " + hex(a));
            emit("mov " + R16[g[1]] + ", " + hex((ea - a - disp) & 0xFFFF));
        } else {
            emit("mov " + R16[g[0]] + ", " + hex((ea - disp) & 0xFFFF));
        }
        return form16(rm, mod, disp);
    }

    /** A 32-bit addressing form (67h) whose registers are loaded to reach {@code ea}. */
    private String reg32Form(int res, int ea, boolean write) {
        List<Integer> cand = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            if (writable(res, n)) {
                cand.add(n);
            }
        }
        if (!write && espUpperZero && !stackWraps && rnd.nextInt(8) == 0) {
            // reads near the top of the stack: ESP is below FFF0h
            return "esp" + signed(rnd.nextInt(12));
        }
        int base = !cand.isEmpty() && rnd.nextInt(5) != 0 ? cand.get(rnd.nextInt(cand.size())) : -1;
        cand.remove(Integer.valueOf(base));
        int index = !cand.isEmpty() && rnd.nextInt(10) < 7 ? cand.get(rnd.nextInt(cand.size())) : -1;
        int scale = rnd.nextInt(4);
        if (base < 0 && index < 0) {
            return "dword " + hex(ea);
        }
        int indexValue = index < 0 ? 0 : rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(0x4000);
        int dispKind = base < 0 ? 2 : rnd.nextInt(3);
        int disp = dispKind == 1 ? rnd.nextInt(256) - 128 : dispKind == 2 ? rnd.nextInt() : 0;
        if (base < 0) {
            disp = ea - (indexValue << scale);
        } else {
            emit("mov " + R32[base] + ", " + hex(ea - (indexValue << scale) - disp));
        }
        if (index >= 0) {
            emit("mov " + R32[index] + ", " + hex(indexValue));
        }
        StringBuilder a = new StringBuilder();
        if (base >= 0) {
            a.append(dispKind == 1 ? "byte " : dispKind == 2 ? "dword " : "").append(R32[base]);
            if (index >= 0) {
                a.append('+').append(R32[index]).append('*').append(1 << scale);
            }
        } else {
            a.append("nosplit ").append(R32[index]).append('*').append(1 << scale);
        }
        if (dispKind != 0) {
            a.append(signed(disp));
        }
        return a.toString();
    }

    /** A random address expression for LEA (registers as they are: nothing is accessed). */
    private String leaAddress() {
        if (rnd.nextBoolean()) {
            int rm = rnd.nextInt(8);
            int mod = rm == 6 ? 1 + rnd.nextInt(2) : rnd.nextInt(3);
            return form16(rm, mod, mod == 1 ? rnd.nextInt(256) - 128 : mod == 2 ? (short) rnd.nextInt() : 0);
        }
        int base = rnd.nextInt(8);
        int index = rnd.nextInt(8);
        StringBuilder a = new StringBuilder(R32[base]);
        if (index != SP) {
            a.append('+').append(R32[index]).append('*').append(1 << rnd.nextInt(4));
        }
        if (rnd.nextBoolean()) {
            a.append(signed(rnd.nextBoolean() ? rnd.nextInt(256) - 128 : rnd.nextInt()));
        }
        return a.toString();
    }

    /** A register or memory operand to read: {@code [reg name, or memory operand]}. */
    private String rmRead(int res, int size) {
        return rnd.nextBoolean() ? reg(size, anyReg()) : mem(res, size, false);
    }

    /** A register or memory operand to write, or null. */
    private String rmWrite(int res, int size) {
        if (rnd.nextBoolean()) {
            return mem(res, size, true);
        }
        int d = destReg(res, size);
        return d < 0 ? null : reg(size, d);
    }

    // ------------------------------------------------------------------ compiled instructions

    private boolean simple(int res) {
        return switch (rnd.nextInt(27)) {
            case 0, 1 -> aluRmReg(res);
            case 2, 3 -> aluRegRm(res);
            case 4 -> aluAccImm(res);
            case 5, 6 -> group1(res);
            case 7 -> test(res);
            case 8 -> incDec(res);
            case 9 -> notNeg(res);
            case 10 -> mul(res);
            case 11 -> imul(res);
            case 12, 13 -> shift(res);
            case 14, 15 -> mov(res);
            case 16 -> movSreg(res);
            case 17 -> lea(res);
            case 18 -> xchg(res);
            case 19 -> convert(res);
            case 20 -> emitTrue(new String[] {"clc", "stc", "cmc", "cld", "std", "nop"}[rnd.nextInt(6)]);
            case 21 -> rnd.nextBoolean() ? emitTrue("sahf") : writable(res, AX) && emitTrue("lahf");
            case 22 -> movx(res);
            case 23 -> setcc(res);
            case 24 -> shortJump(res);
            case 25 -> moffs(res);
            default -> aluRmReg(res);
        };
    }

    private boolean aluRmReg(int res) {
        int size = size();
        int op = rnd.nextInt(8);
        if (rnd.nextBoolean()) {
            String m = mem(res, size, op != 7);
            return emitTrue(ALU[op] + " " + m + ", " + reg(size, anyReg()));
        }
        int d = op == 7 ? anyReg() : destReg(res, size);
        if (d < 0) {
            return false;
        }
        int s = anyReg();
        if (rnd.nextBoolean()) {
            return emitTrue(ALU[op] + " " + reg(size, d) + ", " + reg(size, s));
        }
        // the reg, r/m encoding (02/03 + 8n) with a register operand, which NASM does not choose
        List<Integer> b = prefix(size);
        b.add((op << 3) | 2 | (size == 8 ? 0 : 1));
        b.add(0xC0 | d << 3 | s);
        return emitTrue(db(b));
    }

    private boolean aluRegRm(int res) {
        int size = size();
        int op = rnd.nextInt(8);
        int d = op == 7 ? anyReg() : destReg(res, size);
        if (d < 0) {
            return false;
        }
        String m = mem(res, size, false);
        return emitTrue(ALU[op] + " " + reg(size, d) + ", " + m);
    }

    private boolean aluAccImm(int res) {
        int size = size();
        int op = rnd.nextInt(8);
        if (op != 7 && !writable(res, AX)) {
            return false;
        }
        return emitTrue(ALU[op] + " " + reg(size, AX) + ", " + fullImm(size));
    }

    private boolean group1(int res) {
        int size = size();
        int op = rnd.nextInt(8);
        if (size == 8 && rnd.nextInt(4) == 0) {
            int d = op == 7 ? anyReg() : destReg(res, 8);
            if (d < 0) {
                return false;
            }
            // 82h: the alias of 80h
            return emitTrue(db(List.of(0x82, 0xC0 | op << 3 | d, imm(8))));
        }
        String dst = op == 7 ? rmRead(res, size) : rmWrite(res, size);
        if (dst == null) {
            return false;
        }
        if (size == 8) {
            return emitTrue(ALU[op] + " " + dst + ", " + hex(imm(8)));
        }
        return emitTrue(ALU[op] + " " + dst + ", " + (rnd.nextBoolean() ? fullImm(size) : s8()));
    }

    private boolean test(int res) {
        int size = size();
        switch (rnd.nextInt(4)) {
            case 0 -> emit("test " + rmRead(res, size) + ", " + reg(size, anyReg()));
            case 1 -> emit("test " + reg(size, AX) + ", " + fullImm(size));
            case 2 -> emit("test " + rmRead(res, size) + ", " + fullImm(size));
            default -> {
                // F6/F7 /1: the undocumented alias of TEST r/m, imm
                List<Integer> b = prefix(size);
                b.add(size == 8 ? 0xF6 : 0xF7);
                b.add(0xC8 | anyReg());
                little(b, size, imm(size));
                emit(db(b));
            }
        }
        return true;
    }

    private boolean incDec(int res) {
        String op = rnd.nextBoolean() ? "inc" : "dec";
        int size = size();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                String m = mem(res, size, true);
                return emitTrue(op + " " + m);
            }
            case 1 -> {
                int d = destReg(res, size);
                return d >= 0 && emitTrue(op + " " + reg(size, d));
            }
            default -> {
                // FE/FF with a register operand (NASM picks 40-4F for 16 and 32 bits)
                int d = destReg(res, size);
                if (d < 0) {
                    return false;
                }
                List<Integer> b = prefix(size);
                b.add(size == 8 ? 0xFE : 0xFF);
                b.add(0xC0 | (op.equals("inc") ? 0 : 8) | d);
                return emitTrue(db(b));
            }
        }
    }

    private boolean notNeg(int res) {
        int size = size();
        String dst = rmWrite(res, size);
        return dst != null && emitTrue((rnd.nextBoolean() ? "not " : "neg ") + dst);
    }

    private boolean mul(int res) {
        int size = size();
        if (!writable(res, AX) || size != 8 && !writable(res, DX)) {
            return false;
        }
        return emitTrue((rnd.nextBoolean() ? "mul " : "imul ") + rmRead(res, size));
    }

    private boolean imul(int res) {
        int size = rnd.nextBoolean() ? 16 : 32;
        int d = destReg(res, size);
        if (d < 0) {
            return false;
        }
        String src = rmRead(res, size);
        switch (rnd.nextInt(3)) {
            case 0 -> emit("imul " + reg(size, d) + ", " + src);
            case 1 -> emit("imul " + reg(size, d) + ", " + src + ", " + s8());
            default -> emit("imul " + reg(size, d) + ", " + src + ", strict " + sz(size) + " " + hex(imm(size)));
        }
        return true;
    }

    private int count() {
        return rnd.nextInt(3) == 0 ? rnd.nextInt(256) : COUNTS[rnd.nextInt(COUNTS.length)];
    }

    private boolean shift(int res) {
        int size = size();
        int op = rnd.nextInt(8);
        int how = rnd.nextInt(3);
        boolean setCl = how == 2 && writable(res, CX) && rnd.nextInt(3) != 0;
        int cl = count();
        if (setCl) {
            emit("mov cl, " + cl);
        }
        int r2 = setCl ? res | 1 << CX : res;
        if (op == 6) {
            // SAL (/6), an alias of SHL that NASM never writes
            int d = destReg(r2, size);
            if (d < 0) {
                return false;
            }
            List<Integer> b = prefix(size);
            b.add((how == 0 ? 0xD0 : how == 1 ? 0xC0 : 0xD2) | (size == 8 ? 0 : 1));
            b.add(0xF0 | d);
            if (how == 1) {
                b.add(count());
            }
            return emitTrue(db(b));
        }
        String dst = rmWrite(r2, size);
        if (dst == null) {
            return false;
        }
        return emitTrue(SHIFT[op] + " " + dst + ", " + (how == 0 ? "1" : how == 1 ? Integer.toString(count()) : "cl"));
    }

    private boolean mov(int res) {
        int size = size();
        switch (rnd.nextInt(7)) {
            case 0 -> {
                String m = mem(res, size, true);
                return emitTrue("mov " + m + ", " + reg(size, anyReg()));
            }
            case 1 -> {
                int d = destReg(res, size);
                return d >= 0 && emitTrue("mov " + reg(size, d) + ", " + mem(res, size, false));
            }
            case 2 -> {
                int d = destReg(res, size);
                return d >= 0 && emitTrue("mov " + reg(size, d) + ", " + reg(size, anyReg()));
            }
            case 3 -> {
                // 8A/8B with a register operand
                int d = destReg(res, size);
                if (d < 0) {
                    return false;
                }
                List<Integer> b = prefix(size);
                b.add(size == 8 ? 0x8A : 0x8B);
                b.add(0xC0 | d << 3 | anyReg());
                return emitTrue(db(b));
            }
            case 4 -> {
                int d = destReg(res, size);
                return d >= 0 && emitTrue("mov " + reg(size, d) + ", " + hex(imm(size)));
            }
            case 5 -> {
                String m = mem(res, size, true);
                return emitTrue("mov " + m + ", " + hex(imm(size)));
            }
            default -> {
                // C6/C7 with a register operand
                int d = destReg(res, size);
                if (d < 0) {
                    return false;
                }
                List<Integer> b = prefix(size);
                b.add(size == 8 ? 0xC6 : 0xC7);
                b.add(0xC0 | d);
                little(b, size, imm(size));
                return emitTrue(db(b));
            }
        }
    }

    /** MOV between the accumulator and a direct offset (A0-A3), 16- or 32-bit addressed. */
    private boolean moffs(int res) {
        int size = size();
        boolean store = rnd.nextBoolean();
        if (!store && !writable(res, AX)) {
            return false;
        }
        String seg = pickSeg(store);
        boolean stackSafe = store && (seg == null || seg.equals("ss"));
        int ea = pickEa(size >>> 3, stackSafe ? STACK_FLOOR : 0x10000);
        String m = "[" + (seg == null ? "" : seg + ":") + (rnd.nextInt(4) == 0 ? "dword " : "") + hex(ea) + "]";
        return emitTrue(store ? "mov " + m + ", " + reg(size, AX) : "mov " + reg(size, AX) + ", " + m);
    }

    private boolean movSreg(int res) {
        String s = SREG[rnd.nextInt(6)];
        if (rnd.nextBoolean()) {
            return emitTrue("mov " + mem(res, 16, true) + ", " + s);
        }
        int size = rnd.nextBoolean() ? 16 : 32;
        int d = destReg(res, size);
        return d >= 0 && emitTrue("mov " + reg(size, d) + ", " + s);
    }

    private boolean lea(int res) {
        int size = rnd.nextBoolean() ? 16 : 32;
        int d = destReg(res, size);
        return d >= 0 && emitTrue("lea " + reg(size, d) + ", [" + leaAddress() + "]");
    }

    private boolean xchg(int res) {
        int size = size();
        int a = destReg(res, size);
        if (a < 0) {
            return false;
        }
        if (rnd.nextBoolean()) {
            String m = mem(res, size, true);
            return emitTrue("xchg " + m + ", " + reg(size, a));
        }
        int b = rnd.nextInt(3) == 0 && writable(res, AX) && size != 8 ? AX : destReg(res, size);
        return b >= 0 && emitTrue("xchg " + reg(size, b) + ", " + reg(size, a));
    }

    private boolean convert(int res) {
        int k = rnd.nextInt(4);
        if (!writable(res, k % 2 == 0 ? AX : DX)) {
            return false;
        }
        return emitTrue(new String[] {"cbw", "cwd", "cwde", "cdq"}[k]);
    }

    private boolean movx(int res) {
        int size = rnd.nextBoolean() ? 16 : 32;
        int d = destReg(res, size);
        if (d < 0) {
            return false;
        }
        int from = size == 32 && rnd.nextBoolean() ? 16 : 8;
        return emitTrue((rnd.nextBoolean() ? "movzx " : "movsx ") + reg(size, d) + ", " + rmRead(res, from));
    }

    private boolean setcc(int res) {
        String dst = rmWrite(res, 8);
        return dst != null && emitTrue("set" + CC[rnd.nextInt(16)] + " " + dst);
    }

    /** A conditional jump over one or two instructions inside the block. */
    private boolean shortJump(int res) {
        String l = newLabel();
        emit("j" + CC[rnd.nextInt(16)] + (rnd.nextBoolean() || forceNear ? " near " : " short ") + l);
        smallBody(res, 1 + rnd.nextInt(2));
        label(l);
        return true;
    }

    // ------------------------------------------------------------------ strings, XLAT, stack

    /** LODS, STOS, MOVS, CMPS, SCAS without a repeat prefix, with both directions. */
    private boolean stringOp(int res) {
        int kind = rnd.nextInt(5);
        boolean si = kind == 0 || kind == 2 || kind == 3;
        boolean di = kind != 0;
        if (si && !writable(res, SI) || di && !writable(res, DI) || kind == 0 && !writable(res, AX)) {
            return false;
        }
        int size = size();
        int bytes = size >>> 3;
        boolean a32 = rnd.nextInt(4) == 0;
        int n = 1 + rnd.nextInt(3);
        int margin = n * bytes + 4;
        if (rnd.nextBoolean()) {
            emit(rnd.nextBoolean() ? "cld" : "std");
        }
        if (si) {
            emit("mov " + (a32 ? "esi" : "si") + ", " + hex(stringOffset(margin)));
        }
        if (di) {
            emit("mov " + (a32 ? "edi" : "di") + ", " + hex(stringOffset(margin)));
        }
        String name = new String[] {"lods", "stos", "movs", "cmps", "scas"}[kind] + (size == 8 ? "b" : size == 16 ? "w" : "d");
        for (int i = 0; i < n; i++) {
            if (si && rnd.nextInt(3) == 0) {
                emit(db(List.of(new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65}[rnd.nextInt(6)])));
            }
            emit((a32 ? "a32 " : "") + name);
        }
        return true;
    }

    private int stringOffset(int margin) {
        int v = rnd.nextInt(3) == 0 ? (1 + rnd.nextInt(15)) * 0x1000 - rnd.nextInt(4) : rnd.nextInt(0x10000);
        return Math.max(margin, Math.min(0x10000 - margin, v));
    }

    private boolean xlat(int res) {
        if (!writable(res, AX)) {
            return false;
        }
        boolean a32 = rnd.nextInt(3) == 0;
        if (a32 || rnd.nextBoolean()) {
            if (!writable(res, BX)) {
                return false;
            }
            emit("mov " + (a32 ? "ebx" : "bx") + ", " + hex(rnd.nextInt(a32 ? 0xFF00 : 0x10000)));
        }
        if (rnd.nextInt(3) == 0) {
            emit(db(List.of(new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65}[rnd.nextInt(6)])));
        }
        return emitTrue(a32 ? "a32 xlatb" : "xlatb");
    }

    /** A push and a pop of the same size around a few instructions. */
    private boolean stackPair(int res) {
        int size = rnd.nextBoolean() ? 16 : 32;
        int src = -1;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                src = anyReg();
                emit("push " + reg(size, src));
            }
            case 1 -> emit("push " + (rnd.nextBoolean() ? (size == 32 ? "dword " : "") + s8() : "strict " + sz(size) + " " + hex(imm(size))));
            case 2 -> emit("push " + mem(res, size, false));
            default -> {
                src = SP;
                emit("push " + reg(size, SP));
            }
        }
        smallBody(res, rnd.nextInt(3));
        if (src == SP && rnd.nextBoolean()) {
            return emitTrue("pop " + reg(size, SP));
        }
        if (rnd.nextInt(4) == 0) {
            // 8F: POP r/m (interpreter)
            return emitTrue("pop " + mem(res, size, true));
        }
        int d = destReg(res, size);
        if (d < 0) {
            return emitTrue("pop " + mem(res, size, true));
        }
        return emitTrue("pop " + reg(size, d));
    }

    // ------------------------------------------------------------------ interpreted instructions

    private int popfValue(boolean d32) {
        int v = (rnd.nextInt() & Flags.ARITH) | (rnd.nextBoolean() ? Flags.DF : 0) | (rnd.nextBoolean() ? Flags.IF : 0)
                | (rnd.nextInt(4) == 0 ? 0x7000 : 0) | 2;
        if (d32) {
            v |= rnd.nextBoolean() ? Flags.AC : 0;
        }
        return v;
    }

    /** Instructions the block compiler leaves to the interpreter. */
    private boolean mixed(int res) {
        switch (rnd.nextInt(17)) {
            case 16 -> {
                // a few instructions single-stepped: a trap (vector 1) after each
                int d = destReg(res, 16);
                if (d < 0) {
                    return false;
                }
                emit("pushf");
                emit("pop " + R16[d]);
                emit("or " + R16[d] + ", 0x100");
                emit("push " + R16[d]);
                emit("popf");
                smallBody(res | 1 << d, 1 + rnd.nextInt(4));
                emit("pushf");
                emit("pop " + R16[d]);
                emit("and " + R16[d] + ", 0xFEFF");
                emit("push " + R16[d]);
                emit("popf");
            }
            case 0 -> {
                int size = rnd.nextBoolean() ? 16 : 32;
                int d = destReg(res, size);
                if (d < 0) {
                    return false;
                }
                emit(size == 16 ? "pushf" : "pushfd");
                emit("pop " + reg(size, d));
            }
            case 1 -> {
                boolean d32 = rnd.nextBoolean();
                emit("push " + (d32 ? "strict dword " : "strict word ") + hex(popfValue(d32)));
                emit(d32 ? "popfd" : "popf");
            }
            case 2 -> {
                emit("pushf");
                smallBody(res, 1 + rnd.nextInt(3));
                emit("popf");
            }
            case 3 -> {
                return repString(res);
            }
            case 4 -> {
                if (!writable(res, AX)) {
                    return false;
                }
                switch (rnd.nextInt(6)) {
                    case 0 -> emit("daa");
                    case 1 -> emit("das");
                    case 2 -> emit("aaa");
                    case 3 -> emit("aas");
                    case 4 -> emit("aam " + (1 + rnd.nextInt(255)));
                    default -> emit("aad " + rnd.nextInt(256));
                }
            }
            case 5 -> {
                int size = rnd.nextBoolean() ? 16 : 32;
                String op = new String[] {"bt", "bts", "btr", "btc"}[rnd.nextInt(4)];
                if (rnd.nextBoolean()) {
                    String dst = op.equals("bt") ? rmRead(res, size) : rmWrite(res, size);
                    if (dst == null) {
                        return false;
                    }
                    emit(op + " " + dst + ", " + rnd.nextInt(256));
                } else {
                    int d = op.equals("bt") ? anyReg() : destReg(res, size);
                    if (d < 0) {
                        return false;
                    }
                    emit(op + " " + reg(size, d) + ", " + reg(size, anyReg()));
                }
            }
            case 6 -> {
                int size = rnd.nextBoolean() ? 16 : 32;
                int d = destReg(res, size);
                if (d < 0) {
                    return false;
                }
                emit((rnd.nextBoolean() ? "bsf " : "bsr ") + reg(size, d) + ", " + rmRead(res, size));
            }
            case 7 -> {
                int size = rnd.nextBoolean() ? 16 : 32;
                boolean byCl = rnd.nextBoolean();
                int r2 = res;
                if (byCl && writable(res, CX) && rnd.nextBoolean()) {
                    emit("mov cl, " + count());
                    r2 |= 1 << CX;
                }
                String dst = rmWrite(r2, size);
                if (dst == null) {
                    return false;
                }
                emit((rnd.nextBoolean() ? "shld " : "shrd ") + dst + ", " + reg(size, anyReg()) + ", " + (byCl ? "cl" : Integer.toString(count())));
            }
            case 8 -> {
                int size = size();
                if (!writable(res, AX)) {
                    return false;
                }
                String dst = rmWrite(res | 1, size);
                if (dst == null) {
                    return false;
                }
                emit("cmpxchg " + dst + ", " + reg(size, anyReg()));
            }
            case 9 -> {
                int size = size();
                int s = destReg(res, size);
                String dst = rmWrite(res, size);
                if (s < 0 || dst == null) {
                    return false;
                }
                emit("xadd " + dst + ", " + reg(size, s));
            }
            case 10 -> {
                int d = destReg(res, 32);
                if (d < 0) {
                    return false;
                }
                emit("bswap " + R32[d]);
            }
            case 11 -> {
                boolean d32 = rnd.nextBoolean();
                emit(d32 ? "pushad" : "pusha");
                smallBody(res, 1 + rnd.nextInt(3));
                emit(d32 ? "popad" : "popa");
            }
            case 12 -> {
                if (!writable(res, BP)) {
                    return false;
                }
                int level = rnd.nextInt(3);
                if (level == 2) {
                    // level 2 reads the word at SS:BP-2
                    emit("mov bp, " + hex(2 + rnd.nextInt(0xF000)));
                }
                emit("enter " + rnd.nextInt(64) + ", " + level);
                smallBody(res | 1 << BP, rnd.nextInt(3));
                emit("leave");
            }
            case 13 -> emit(new String[] {"cli", "sti", "wait", "sti"}[rnd.nextInt(4)]);
            case 14 -> {
                int size = size();
                String m = mem(res, size, true);
                String op = new String[] {"add", "or", "adc", "sbb", "and", "sub", "xor"}[rnd.nextInt(7)];
                emit("lock " + op + " " + m + ", " + reg(size, anyReg()));
            }
            default -> {
                if (!writable(res, AX)) {
                    return false;
                }
                emit("db 0xD6 ; salc");
            }
        }
        return true;
    }

    /** A REP string instruction: CX elements (0-40), with the index registers away from the ends. */
    private boolean repString(int res) {
        int kind = rnd.nextInt(5);
        boolean si = kind == 0 || kind == 2 || kind == 3;
        boolean di = kind != 0;
        if (!writable(res, CX) || si && !writable(res, SI) || di && !writable(res, DI) || kind == 0 && !writable(res, AX)) {
            return false;
        }
        int size = rnd.nextInt(3) == 0 ? 8 : 16;
        int n = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(40);
        int margin = n * (size >>> 3) + 4;
        emit(rnd.nextBoolean() ? "cld" : "std");
        emit("mov cx, " + n);
        if (si) {
            emit("mov si, " + hex(stringOffset(margin)));
        }
        if (di) {
            emit("mov di, " + hex(stringOffset(margin)));
        }
        String name = new String[] {"lods", "stos", "movs", "cmps", "scas"}[kind] + (size == 8 ? "b" : "w");
        String rep = kind >= 3 ? (rnd.nextBoolean() ? "repe " : "repne ") : "rep ";
        return emitTrue(rep + name);
    }

    // ------------------------------------------------------------------ exceptions

    /**
     * A statement meant to raise an exception (or that may): the handler resumes after it. The
     * resume address is cleared afterwards, so that an exception nobody expected stops the
     * program.
     */
    private boolean faulting(int res) {
        String after = newLabel();
        int mark = out.size();
        afterFault = null;
        emit("mov word [cs:" + hex(RESUME) + "], " + after);
        boolean ok = switch (rnd.nextInt(10)) {
            case 0, 1, 2 -> divide(res);
            case 8 -> tooLong(res);
            case 3 -> pastTheLimit16(res);
            case 4 -> pastTheLimit32(res);
            case 5 -> farBranch(res);
            case 6 -> invalidEncoding();
            case 7 -> writable(res, AX) && emitTrue("db 0xD4, 0x00 ; aam 0");
            default -> divide(res);
        };
        if (!ok) {
            while (out.size() > mark) {
                out.remove(out.size() - 1);
            }
            return false;
        }
        label(after);
        if (afterFault != null) {
            emit(afterFault);
        }
        return emitTrue("mov word [cs:" + hex(RESUME) + "], 0");
    }

    /** What the handler's resume point must do after the faulting instruction (or null). */
    private String afterFault;

    private boolean divide(int res) {
        int size = size();
        if (!writable(res, AX) || size != 8 && !writable(res, DX)) {
            return false;
        }
        switch (rnd.nextInt(4)) {
            case 0 -> emit(size == 8 ? "mov ah, 0" : size == 16 ? "xor dx, dx" : "xor edx, edx");
            case 1 -> emit(size == 8 ? "cbw" : size == 16 ? "cwd" : "cdq");
            case 2 -> emit(size == 8 ? "mov ah, " + rnd.nextInt(4) : "mov " + reg(size, DX) + ", " + rnd.nextInt(4));
            default -> {
                // the dividend as it is: the quotient often overflows
            }
        }
        String op = rnd.nextBoolean() ? "div " : "idiv ";
        int r2 = res | 1 << AX | 1 << DX;
        if (rnd.nextBoolean()) {
            int d = anyReg();
            if (rnd.nextInt(4) == 0 && writable(r2, size == 8 ? d & 3 : d)) {
                emit("mov " + reg(size, d) + ", 0");
            }
            return emitTrue(op + reg(size, d));
        }
        String m = mem(r2, size, true);
        int r = rnd.nextInt(4);
        if (r != 0) {
            emit("mov " + m + ", " + hex(r == 1 ? 0 : r == 2 ? rnd.nextInt(16) : imm(size)));
        }
        return emitTrue(op + m);
    }

    /** A word or dword access that reaches past offset FFFFh with 16-bit addressing: #GP or #SS. */
    private boolean pastTheLimit16(int res) {
        int size = rnd.nextBoolean() ? 16 : 32;
        int ea = size == 16 ? 0xFFFF : 0xFFFD + rnd.nextInt(3);
        String seg = new String[] {"ds", "es", "fs", "gs", "ss", "cs"}[rnd.nextInt(6)];
        String m = sz(size) + " [" + seg + ":" + hex(ea) + "]";
        if (!seg.equals("cs") && rnd.nextBoolean() && writable(res, BX)) {
            emit("mov bx, " + hex(ea));
            m = sz(size) + " [" + seg + ":bx]";
        }
        boolean canWrite = !seg.equals("cs");
        switch (rnd.nextInt(7)) {
            case 0 -> {
                int d = destReg(res, size);
                return d >= 0 && emitTrue("mov " + reg(size, d) + ", " + m);
            }
            case 1 -> {
                return canWrite && emitTrue("mov " + m + ", " + reg(size, anyReg()));
            }
            case 2 -> {
                return canWrite && emitTrue("inc " + m);
            }
            case 3 -> {
                return emitTrue("push " + m);
            }
            case 4 -> {
                if (!canWrite) {
                    return false;
                }
                // POP r/m faults on the write: ESP stays, the pushed value is dropped afterwards
                emit("push " + reg(size, anyReg()));
                emit("pop " + m);
                afterFault = "add sp, " + size / 8;
                return true;
            }
            case 5 -> {
                if (!writable(res, SI) || size == 32 && !writable(res, AX)) {
                    return false;
                }
                emit("mov si, " + hex(ea));
                emit("cld");
                return emitTrue(size == 16 ? "cmpsw" : "movsd");
            }
            default -> {
                int d = destReg(res, size);
                return d >= 0 && emitTrue("add " + reg(size, d) + ", " + m);
            }
        }
    }

    /**
     * The longest instruction the random programs contain: beyond the architecture's limit of 15
     * bytes, so that the #GP of a longer one is compared too (see
     * {@code BlockCompilerEquivalenceTest#instructionsLongerThan15BytesRaiseGp}).
     */
    static final int LONGEST_INSTRUCTION = 18;

    /**
     * An instruction of 13 bytes up to {@link #LONGEST_INSTRUCTION}, made long with redundant
     * segment prefixes.
     */
    private boolean tooLong(int res) {
        if (!writable(res, BX) || !writable(res, SI)) {
            return false;
        }
        int ea = rnd.nextInt(0xFFF0);
        int disp = rnd.nextInt(0x10000);
        int bx = rnd.nextInt(0x10000);
        emit("mov bx, " + hex(bx));
        emit("mov si, " + hex((ea - bx - disp) & 0xFFFF));
        int prefixes = 7 + rnd.nextInt(LONGEST_INSTRUCTION - 6 - 7 + 1);
        List<Integer> b = new ArrayList<>();
        for (int i = 0; i < prefixes; i++) {
            b.add(new int[] {0x26, 0x3E, 0x64, 0x65}[rnd.nextInt(4)]);
        }
        // ADD/OR/.../CMP WORD [seg:BX+SI+disp16], imm16: 81 /op modrm disp16 imm16
        b.add(0x81);
        b.add(0x80 | rnd.nextInt(8) << 3);
        little(b, 16, disp);
        little(b, 16, imm(16));
        return emitTrue(db(b) + " ; " + b.size() + " bytes");
    }

    /** A 32-bit address past the segment limit: #GP, or #SS through EBP/ESP. */
    private boolean pastTheLimit32(int res) {
        int size = size();
        int base = destReg(res, 32);
        if (base < 0) {
            return false;
        }
        int ea = size != 8 && rnd.nextBoolean() ? 0xFFFF - rnd.nextInt((size >>> 3) - 1) : 0x10000 + rnd.nextInt(0x1000000);
        emit("mov " + R32[base] + ", " + hex(ea));
        if ((base == SI || base == DI) && rnd.nextInt(3) == 0) {
            // a string instruction with 32-bit addressing past the limit
            emit(rnd.nextBoolean() ? "cld" : "std");
            String suffix = size == 8 ? "b" : size == 16 ? "w" : "d";
            if (base == SI) {
                return writable(res, AX) && emitTrue("a32 lods" + suffix);
            }
            return emitTrue("a32 stos" + suffix);
        }
        String m = sz(size) + " [" + R32[base] + "]";
        if (rnd.nextBoolean()) {
            return emitTrue("mov " + m + ", " + reg(size, anyReg()));
        }
        return emitTrue("or " + reg(size, anyReg()) + ", " + m);
    }

    /** A near branch past the CS limit: #GP at the branch (JMP, CALL, RET) or at the target (Jcc). */
    private boolean farBranch(int res) {
        switch (rnd.nextInt(5)) {
            case 0, 1 -> {
                int d = destReg(res, 32);
                if (d < 0) {
                    return false;
                }
                emit("mov " + R32[d] + ", " + hex(0x10000 + rnd.nextInt(0x100000)));
                return emitTrue((rnd.nextBoolean() ? "jmp " : "call ") + R32[d]);
            }
            case 2 -> {
                // JMP rel32 beyond the limit
                List<Integer> b = new ArrayList<>(List.of(0x66, 0xE9));
                little(b, 32, 0x10000 + rnd.nextInt(0x1000));
                return emitTrue(db(b));
            }
            case 3 -> {
                // Jcc rel32 beyond the limit: taken, the fetch at the target faults
                List<Integer> b = new ArrayList<>(List.of(0x66, 0x0F, 0x80 | rnd.nextInt(16)));
                little(b, 32, 0x10000 + rnd.nextInt(0x1000));
                return emitTrue(db(b));
            }
            default -> {
                emit("push strict dword " + hex(0x10000 + rnd.nextInt(0x1000)));
                emit("o32 ret");
                // RET faulted before it popped: the dword is still on the stack
                afterFault = "add sp, 4";
                return true;
            }
        }
    }

    /** Encodings the block compiler must reject: they raise #UD in the interpreter. */
    private boolean invalidEncoding() {
        int[][] forms = {
            {0x8D, 0xC0}, // LEA with a register operand
            {0x8E, 0xC8}, // MOV CS, AX
            {0xFE, 0xD0}, // FE /2
            {0xC6, 0xC8, 0x00}, // C6 /1
            {0x8C, 0xF0}, // MOV AX, sreg 6
            {0xFF, 0xF8}, // FF /7
            {0xF0, 0x01, 0xD8}, // LOCK ADD AX, BX
            {0x0F, 0x0B}, // UD2
            {0xFF, 0xD8}, // CALL FAR with a register operand
        };
        int[] f = forms[rnd.nextInt(forms.length)];
        List<Integer> b = new ArrayList<>();
        for (int x : f) {
            b.add(x);
        }
        return emitTrue(db(b));
    }

    // ------------------------------------------------------------------ control flow

    private boolean forward(int res, int depth, boolean inSub) {
        String end = newLabel();
        boolean shortForm = !forceNear && rnd.nextBoolean();
        switch (rnd.nextInt(6)) {
            case 0 -> {
                emit("j" + CC[rnd.nextInt(16)] + (shortForm ? " short " : " near ") + end);
                if (shortForm) {
                    smallBody(res, 1 + rnd.nextInt(4));
                } else {
                    body(res, depth + 1, inSub, 1 + rnd.nextInt(4));
                }
            }
            case 1 -> {
                String other = newLabel();
                emit("j" + CC[rnd.nextInt(16)] + " near " + other);
                body(res, depth + 1, inSub, 1 + rnd.nextInt(3));
                emit("jmp " + (shortForm ? "short " : "near ") + end);
                garbage();
                label(other);
                smallBody(res, 1 + rnd.nextInt(3));
            }
            case 2 -> {
                emit("jmp " + (shortForm ? "short " : "near ") + end);
                garbage();
            }
            case 3 -> {
                if (forceNear) {
                    return false;
                }
                emit(rnd.nextBoolean() ? "jcxz " + end : "jecxz " + end);
                smallBody(res, 1 + rnd.nextInt(4));
            }
            case 4 -> {
                if (forceNear || !writable(res, CX)) {
                    return false;
                }
                emit("loop " + end);
                smallBody(res, 1 + rnd.nextInt(4));
            }
            default -> {
                // a branch past an unconditional jump: the compiler decodes what follows the jump
                String mid = newLabel();
                emit("j" + CC[rnd.nextInt(16)] + " near " + end);
                emit("jmp short " + mid);
                garbage();
                label(mid);
                smallBody(res, 1 + rnd.nextInt(3));
            }
        }
        label(end);
        return true;
    }

    /** Bytes never executed after an unconditional jump: random, or instructions. */
    private void garbage() {
        int r = rnd.nextInt(3);
        if (r == 0) {
            List<Integer> b = new ArrayList<>();
            int n = 1 + rnd.nextInt(10);
            for (int i = 0; i < n; i++) {
                b.add(rnd.nextInt(256));
            }
            emit(db(b));
        } else if (r == 1) {
            // setup lines of a skipped instruction are skipped too: nothing is reserved
            smallBody(0, 1 + rnd.nextInt(2));
        }
    }

    private boolean loop(int res, int depth, boolean inSub) {
        int n = depth == 0 ? 1 + rnd.nextInt(20) : 1 + rnd.nextInt(6);
        String top = newLabel();
        int kind = rnd.nextInt(6);
        if (forceNear && kind < 2) {
            kind = 2;
        }
        switch (kind) {
            case 0 -> {
                if (!writable(res, CX)) {
                    return false;
                }
                boolean a32 = rnd.nextInt(3) == 0;
                emit("mov " + (a32 ? "ecx" : "cx") + ", " + n);
                label(top);
                smallBody(res | 1 << CX, 1 + rnd.nextInt(4));
                String l = new String[] {"loop", "loope", "loopne", "loop"}[rnd.nextInt(4)];
                emit(l + " " + top + (a32 ? ", ecx" : ""));
            }
            case 1 -> {
                if (!writable(res, CX)) {
                    return false;
                }
                String end = newLabel();
                emit("mov cx, " + n);
                label(top);
                emit("jcxz " + end);
                smallBody(res | 1 << CX, 1 + rnd.nextInt(4));
                emit("dec cx");
                emit("jmp short " + top);
                label(end);
            }
            case 2, 3 -> {
                int r = destReg(res, 16);
                if (r < 0 || counters >= MAX_COUNTERS || kind == 3) {
                    // a counter in the code segment's data
                    if (counters >= MAX_COUNTERS) {
                        return false;
                    }
                    String ctr = "[cs:" + hex(COUNTERS + 2 * counters++) + "]";
                    emit("mov word " + ctr + ", " + n);
                    label(top);
                    body(res, depth + 1, inSub, 1 + rnd.nextInt(6));
                    emit("dec word " + ctr);
                    emit("jnz near " + top);
                } else {
                    boolean r32 = rnd.nextBoolean();
                    emit("mov " + reg(r32 ? 32 : 16, r) + ", " + n);
                    label(top);
                    body(res | 1 << r, depth + 1, inSub, 1 + rnd.nextInt(6));
                    emit(rnd.nextBoolean() ? "dec " + reg(r32 ? 32 : 16, r) : "sub " + reg(r32 ? 32 : 16, r) + ", 1");
                    emit("jnz near " + top);
                }
            }
            case 4 -> {
                int r = destReg(res, 16);
                if (r < 0) {
                    return false;
                }
                emit("xor " + R16[r] + ", " + R16[r]);
                label(top);
                body(res | 1 << r, depth + 1, inSub, 1 + rnd.nextInt(6));
                emit("inc " + R16[r]);
                emit("cmp " + R16[r] + ", " + n);
                emit(new String[] {"jb", "jl", "jne", "jbe"}[rnd.nextInt(4)] + " near " + top);
            }
            default -> {
                int r = destReg(res, 16);
                if (r < 0) {
                    return false;
                }
                String end = newLabel();
                emit("mov " + R16[r] + ", " + n);
                label(top);
                emit("dec " + R16[r]);
                emit("js near " + end);
                body(res | 1 << r, depth + 1, inSub, 1 + rnd.nextInt(5));
                emit("jmp near " + top);
                label(end);
            }
        }
        return true;
    }

    private boolean call(int res) {
        List<Sub> ok = new ArrayList<>();
        for (Sub s : subs) {
            if ((s.clobber & res) == 0) {
                ok.add(s);
            }
        }
        if (ok.isEmpty()) {
            return false;
        }
        Sub s = ok.get(rnd.nextInt(ok.size()));
        for (int pushed = 0; pushed < s.retImm; pushed += 2) {
            emit(rnd.nextBoolean() ? "push " + R16[anyReg()] : "push " + s8());
        }
        int how = rnd.nextInt(4);
        if (s.far32) {
            int d = destReg(res, 32);
            if (how == 1 && d >= 0) {
                emit("mov " + R32[d] + ", " + s.name);
                return emitTrue("call " + R32[d]);
            }
            if (how == 2) {
                return emitTrue("call dword [cs:" + hex(SUBTAB32 + 4 * s.index) + "]");
            }
            return emitTrue("call dword " + s.name);
        }
        int d = destReg(res, 16);
        if (how == 1 && d >= 0) {
            emit("mov " + R16[d] + ", " + s.name);
            return emitTrue("call " + R16[d]);
        }
        if (how == 2) {
            return emitTrue("call word [cs:" + hex(SUBTAB + 2 * s.index) + "]");
        }
        if (how == 3) {
            String m = mem(res, 16, true);
            emit("mov " + m + ", " + s.name);
            return emitTrue("call " + m);
        }
        return emitTrue("call " + s.name);
    }

    /** A far call of a far subroutine, through CS = 1000h or another CS for the same code. */
    private boolean farCall(int res) {
        List<Sub> ok = new ArrayList<>();
        for (Sub s : farSubs) {
            if ((s.clobber & res) == 0) {
                ok.add(s);
            }
        }
        if (ok.isEmpty()) {
            return false;
        }
        Sub s = ok.get(rnd.nextInt(ok.size()));
        int delta = new int[] {0, 0x10, 0x100, 0x1000}[rnd.nextInt(4)];
        int alias = CODE_SEG - (delta >>> 4);
        switch (rnd.nextInt(3)) {
            case 0 -> emit("call " + hex(alias) + ":" + s.name + "+" + hex(delta));
            case 1 -> {
                if (farPointers.size() / 2 >= MAX_FAR) {
                    return false;
                }
                emit("call far [cs:" + hex(FARTAB + 2 * farPointers.size()) + "]");
                farPointers.add(s.name + "+" + hex(delta));
                farPointers.add(hex(alias));
            }
            default -> {
                emit("push cs");
                emit("call " + s.name);
            }
        }
        return true;
    }

    /**
     * The routine at CS:FFF0 whose last instruction ends at the end of the segment or jumps across
     * it: IP wraps around to offset 0, where a RET returns. It changes only flags.
     */
    private void emitEdge() {
        emit("times " + hex(EDGE) + "-($-$$) db 0xCC");
        label("edge");
        int[][] small = {{0xF5}, {0xF8}, {0xF9}, {0xFC}, {0xFD}, {0x90}, {0x9E}, {0x39, 0xD8}, {0x85, 0xD1}, {0x3C, 0x17},
            {0xA8, 0x80}, {0x3D, 0x34, 0x12}, {0x80, 0xFB, 0x05}};
        int variant = rnd.nextInt(4);
        int end = switch (variant) {
            case 0 -> 0x10000 - 1;
            case 1, 3 -> 0x10000 - 2;
            default -> 0x10000 - 3;
        };
        List<Integer> b = new ArrayList<>();
        int at = EDGE;
        while (true) {
            int[] insn = small[rnd.nextInt(small.length)];
            if (at + insn.length > end) {
                break;
            }
            for (int x : insn) {
                b.add(x);
            }
            at += insn.length;
        }
        while (at < end) {
            b.add(0x90);
            at++;
        }
        switch (variant) {
            case 0 -> b.add(new int[] {0xF5, 0xF8, 0xF9, 0x90, 0x9E}[rnd.nextInt(5)]); // one byte, then IP = 0
            case 1 -> b.addAll(List.of(0xEB, 0x00)); // JMP SHORT to 10000h & FFFFh
            case 2 -> b.addAll(List.of(0xE9, 0x00, 0x00)); // JMP NEAR the same way
            default -> b.addAll(List.of(0x39, 0xC8)); // CMP AX, CX ending at 10000h
        }
        emit(db(b));
    }

    private boolean indirectJump(int res) {
        String target = newLabel();
        switch (rnd.nextInt(4)) {
            case 0 -> {
                int d = destReg(res, 16);
                if (d < 0) {
                    return false;
                }
                emit("mov " + R16[d] + ", " + target);
                emit("jmp " + R16[d]);
            }
            case 1 -> {
                int d = destReg(res, 32);
                if (d < 0) {
                    return false;
                }
                emit("mov " + R32[d] + ", " + target);
                emit("jmp " + R32[d]);
            }
            case 2 -> {
                if (jtab.size() >= MAX_JTAB) {
                    return false;
                }
                emit("jmp word [cs:" + hex(JTAB + 2 * jtab.size()) + "]");
                jtab.add(target);
            }
            default -> {
                String m = mem(res, 16, true);
                emit("mov " + m + ", " + target);
                emit("jmp " + m);
            }
        }
        garbage();
        label(target);
        return true;
    }

    /** Loads a data segment register with another data segment. */
    private boolean segmentLoad(int res) {
        String s = new String[] {"es", "ds", "fs", "gs"}[rnd.nextInt(4)];
        int v = SAFE_SEGS[rnd.nextInt(SAFE_SEGS.length)];
        if (flavor == Flavor.DEVICE && s.equals("ds")) {
            v = DS_SEG;
        }
        switch (rnd.nextInt(6)) {
            case 0, 1 -> {
                int d = destReg(res, 16);
                if (d < 0) {
                    return false;
                }
                emit("mov " + R16[d] + ", " + hex(v));
                emit("mov " + s + ", " + R16[d]);
            }
            case 2 -> {
                String m = mem(res, 16, true);
                emit("mov " + m + ", " + hex(v));
                emit("mov " + s + ", " + m);
            }
            case 3 -> {
                emit("push strict word " + hex(v));
                emit("pop " + s);
            }
            case 4 -> {
                emit("push " + new String[] {"es", "ds", "fs", "gs"}[rnd.nextInt(4)]);
                emit("pop " + s);
            }
            default -> {
                // the stack segment again, with its interrupt shadow
                if (rnd.nextBoolean()) {
                    emit("push ss");
                    emit("pop ss");
                } else {
                    int d = destReg(res, 16);
                    if (d < 0) {
                        return false;
                    }
                    emit("mov " + R16[d] + ", ss");
                    emit("mov ss, " + R16[d]);
                }
            }
        }
        return true;
    }

    /** A variable inside the code, jumped over, then read or written. */
    private boolean inlineVariable(int res) {
        String var = newLabel();
        String over = newLabel();
        emit("jmp short " + over);
        label(var);
        emit("dw " + hex(imm(16)));
        label(over);
        switch (rnd.nextInt(4)) {
            case 0 -> emit("inc word [cs:" + var + "]");
            case 1 -> emit("add [cs:" + var + "], " + R16[anyReg()]);
            case 2 -> {
                int d = destReg(res, 16);
                emit(d < 0 ? "cmp word [cs:" + var + "], 5" : "mov " + R16[d] + ", [cs:" + var + "]");
            }
            default -> emit("xor byte [cs:" + var + "+1], " + hex(1 + rnd.nextInt(255)));
        }
        return true;
    }

    // ------------------------------------------------------------------ self-modifying code

    /** An instruction with a part that can be rewritten: its bytes and where the part is. */
    private record Patchable(List<Integer> bytes, int offset, int size, int toggle) {
    }

    /** An instruction that changes register {@code t} (16-bit encoding), built to be rewritten. */
    private Patchable patchable(int t) {
        switch (rnd.nextInt(7)) {
            case 0 -> {
                List<Integer> b = new ArrayList<>(List.of(0xB8 | t));
                little(b, 16, imm(16));
                return new Patchable(b, 1, 16, 0);
            }
            case 1 -> {
                List<Integer> b = new ArrayList<>(List.of(0x81, 0xC0 | rnd.nextInt(8) << 3 | t));
                little(b, 16, imm(16));
                return new Patchable(b, 2, 16, 0);
            }
            case 2 -> {
                int r8 = t < 4 ? t + (rnd.nextBoolean() ? 4 : 0) : -1;
                if (r8 < 0) {
                    return patchable(t);
                }
                return new Patchable(new ArrayList<>(List.of(0x80, 0xC0 | rnd.nextInt(8) << 3 | r8, imm(8))), 2, 8, 0);
            }
            case 3 -> {
                // INC <-> DEC
                return new Patchable(new ArrayList<>(List.of(0x40 | t)), 0, 8, 0x08);
            }
            case 4 -> {
                // JZ +0 <-> JZ +1 over INC
                return new Patchable(new ArrayList<>(List.of(0x74, 0x00, 0x40 | t)), 1, 8, 0x01);
            }
            case 5 -> {
                List<Integer> b = new ArrayList<>(List.of(0x66, 0x81, 0xC0 | rnd.nextInt(8) << 3 | t));
                little(b, 32, imm(32));
                return new Patchable(b, 3, rnd.nextBoolean() ? 32 : 16, 0);
            }
            default -> {
                return new Patchable(new ArrayList<>(List.of(0xC1, 0xC0 | SHIFT_OPS[rnd.nextInt(SHIFT_OPS.length)] << 3 | t, count())), 2, 8, 0);
            }
        }
    }

    private static final int[] SHIFT_OPS = {0, 1, 2, 3, 4, 5, 7};

    /** The word where the rewritten instructions leave their results (so that a stale one shows). */
    private String sum;

    /** Adds register {@code t} and the flags to the sum: what the rewritten instruction did stays visible. */
    private void observe(int t) {
        if (sum == null) {
            sum = "[cs:" + hex(COUNTERS + 2 * counters++) + "]";
        }
        emit("adc word " + sum + ", " + R16[t]);
    }

    /** Emits an instruction that rewrites the part of {@code p} at label {@code at}. */
    private boolean patch(int res, String at, Patchable p) {
        String where = at + "+" + p.offset;
        if (p.toggle != 0) {
            return emitTrue("xor byte [cs:" + where + "], " + hex(p.toggle));
        }
        String size = sz(p.size);
        switch (rnd.nextInt(7)) {
            case 0 -> emit("add " + size + " [cs:" + where + "], " + (p.size == 8 ? hex(imm(8)) : s8()));
            case 1 -> emit("mov " + size + " [cs:" + where + "], " + hex(imm(p.size)));
            case 2 -> emit("mov [cs:" + where + "], " + reg(p.size, anyReg()));
            case 3 -> emit("inc " + size + " [cs:" + where + "]");
            case 4 -> {
                // through ES = CS (POP ES is interpreted)
                emit("push es");
                emit("push cs");
                emit("pop es");
                emit("mov " + size + " [es:" + where + "], " + hex(imm(p.size)));
                emit("pop es");
            }
            case 5 -> {
                if (!writable(res, DI) || p.size == 32) {
                    return false;
                }
                emit("push es");
                emit("push cs");
                emit("pop es");
                emit("mov di, " + where);
                emit(p.size == 8 ? "stosb" : "stosw");
                emit("pop es");
            }
            default -> {
                if (!writable(res, BX)) {
                    return false;
                }
                emit("mov ebx, " + where);
                emit("mov [cs:ebx], " + reg(p.size, anyReg()));
            }
        }
        return true;
    }

    private boolean selfModifying(int res, int depth, boolean inSub) {
        int t = destReg(res, 16);
        if (t < 0 || counters >= MAX_COUNTERS) {
            return false;
        }
        int inner = res | 1 << t;
        Patchable p = patchable(t);
        String at = newLabel();
        String top = newLabel();
        String ctr = "[cs:" + hex(COUNTERS + 2 * counters++) + "]";
        int n = 2 + rnd.nextInt(8);
        switch (rnd.nextInt(8)) {
            case 5, 6, 7 -> {
                // STOSW / MOVSW / PUSH write the next instruction of the same block
                if (p.size == 32 || p.toggle != 0 || !writable(inner, AX) || !writable(inner, DI) || !writable(inner, SI)) {
                    return false;
                }
                String saved = "[cs:" + hex(COUNTERS + 2 * counters++) + "]";
                String stos = p.size == 8 ? "stosb" : "stosw";
                // PUSH writes a word: only where the part rewritten is a word
                int how = rnd.nextInt(p.size == 16 ? 3 : 2);
                emit("mov word " + ctr + ", " + n);
                label(top);
                if (how == 2) {
                    // the stack in the code segment: PUSH writes the instruction after it
                    emit("mov " + saved + ", sp");
                    emit("mov ax, cs");
                    emit("mov ss, ax");
                    emit("mov sp, " + at + "+" + (p.offset + 2));
                    emit("push strict word " + hex(imm(16)));
                    label(at);
                    emit(db(p.bytes));
                    observe(t);
                    emit("mov ax, " + hex(SS_SEG));
                    emit("mov ss, ax");
                    emit("mov sp, " + saved);
                } else {
                    emit("push es");
                    emit("push cs");
                    emit("pop es");
                    emit("mov di, " + at + "+" + p.offset);
                    if (how == 0) {
                        emit("mov ax, " + hex(imm(16)));
                        emit(stos);
                    } else {
                        emit("mov si, " + hex(rnd.nextInt(0xFFF0)));
                        emit(p.size == 8 ? "movsb" : "movsw");
                    }
                    smallBody(inner | 1 << AX, rnd.nextInt(2));
                    label(at);
                    emit(db(p.bytes));
                    observe(t);
                    emit("pop es");
                }
                emit("dec word " + ctr);
                emit("jnz near " + top);
            }
            case 0 -> {
                // the loop rewrites an instruction it ran before, in its own body
                emit("mov word " + ctr + ", " + n);
                label(top);
                smallBody(inner, rnd.nextInt(3));
                label(at);
                emit(db(p.bytes));
                observe(t);
                smallBody(inner, rnd.nextInt(3));
                while (!patch(inner, at, p)) {
                    // another way of writing
                }
                smallBody(inner, rnd.nextInt(3));
                emit("dec word " + ctr);
                emit("jnz near " + top);
            }
            case 1 -> {
                // the next instructions of the same block are rewritten before they run
                emit("mov word " + ctr + ", " + n);
                label(top);
                while (!patch(inner, at, p)) {
                    // another way of writing
                }
                smallBody(inner, rnd.nextInt(3));
                label(at);
                emit(db(p.bytes));
                observe(t);
                smallBody(inner, rnd.nextInt(2));
                emit("dec word " + ctr);
                emit("jnz near " + top);
            }
            case 2 -> {
                // the rewritten instruction is in another block: a routine called by the loop
                String over = newLabel();
                emit("jmp near " + over);
                label(at);
                emit(db(p.bytes));
                observe(t);
                emit("ret");
                label(over);
                emit("mov word " + ctr + ", " + n);
                label(top);
                smallBody(inner, rnd.nextInt(2));
                emit("call " + at);
                while (!patch(inner, at, p)) {
                    // another way of writing
                }
                smallBody(inner, rnd.nextInt(2));
                emit("dec word " + ctr);
                emit("jnz near " + top);
            }
            case 3 -> {
                // rewritten after an instruction the compiler leaves to the interpreter
                emit("mov word " + ctr + ", " + n);
                label(top);
                while (!patch(inner, at, p)) {
                    // another way of writing
                }
                emit(rnd.nextBoolean() ? "wait" : "cli");
                label(at);
                emit(db(p.bytes));
                observe(t);
                smallBody(inner, rnd.nextInt(2));
                emit("dec word " + ctr);
                emit("jnz near " + top);
            }
            default -> {
                // an instruction that rewrites its own immediate: ADD WORD [CS:self+5], imm16
                emit("mov word " + ctr + ", " + n);
                label(top);
                label(at);
                emit("db 0x2E, 0x81, 0x06");
                emit("dw " + at + "+5");
                emit("dw " + hex(imm(16)));
                emit("mov " + R16[t] + ", [cs:" + at + "+5]");
                observe(t);
                smallBody(inner, rnd.nextInt(2));
                emit("dec word " + ctr);
                emit("jnz near " + top);
            }
        }
        return true;
    }
}
