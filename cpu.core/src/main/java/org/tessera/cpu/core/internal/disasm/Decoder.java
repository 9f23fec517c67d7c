package org.tessera.cpu.core.internal.disasm;

import org.tessera.cpu.core.internal.disasm.OpcodeTables.Entry;
import org.tessera.cpu.core.internal.disasm.OpcodeTables.Kind;

/**
 * Decodes and formats one instruction. A fresh instance is used per instruction (it holds the
 * prefix and ModR/M state of that instruction only); see {@link Disassembler} for the text format.
 */
final class Decoder {

    /** 8-bit register names by number. */
    static final String[] REG8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    /** 16-bit register names by number. */
    static final String[] REG16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    /** 32-bit register names by number. */
    static final String[] REG32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    /** Segment register names by number. */
    static final String[] SREG = {"es", "cs", "ss", "ds", "fs", "gs"};
    private static final String[] BASE16 = {
        "bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"};

    private static final int SEG_ES = 0;
    private static final int SEG_CS = 1;
    private static final int SEG_SS = 2;
    private static final int SEG_DS = 3;
    private static final int SEG_FS = 4;
    private static final int SEG_GS = 5;

    /** More prefix bytes than this make the instruction longer than 15 bytes: undecodable. */
    private static final int MAX_PREFIXES = 14;

    /** Unwinds decoding when a byte cannot be read. Preallocated, no stack trace. */
    private static final RuntimeException TRUNCATED = new ControlFlow();
    /** Unwinds decoding when the bytes are not a valid instruction. Preallocated. */
    private static final RuntimeException INVALID = new ControlFlow();

    /** A stackless exception used only to unwind the decoder. */
    private static final class ControlFlow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ControlFlow() {
            super(null, null, false, false);
        }
    }

    private final ByteSource src;
    private final long start;
    private int len;

    private boolean op32;
    private boolean addr32;
    private boolean opPrefix;
    private boolean addrPrefix;
    private int seg = -1;
    private boolean lock;
    private int rep;

    private int modrm = -1;
    private int mod;
    private int reg;
    private int rm;

    /**
     * Prepares to decode one instruction.
     *
     * @param src where the bytes come from
     * @param address address of the first byte, also the offset used for branch targets
     * @param operand32 the default operand size is 32 bits
     * @param address32 the default address size is 32 bits
     */
    Decoder(ByteSource src, long address, boolean operand32, boolean address32) {
        this.src = src;
        this.start = address;
        this.op32 = operand32;
        this.addr32 = address32;
    }

    /**
     * Decodes the instruction and appends its text.
     *
     * @param out where the text goes
     * @return the instruction length, at least 1
     */
    int decode(StringBuilder out) {
        try {
            String text = decodeInstruction();
            out.append(text);
            return len;
        } catch (ControlFlow e) {
            if (e == TRUNCATED) {
                out.append("(bad)");
                return Math.max(1, len);
            }
            out.append(String.format("db 0x%02X", read(0)));
            return 1;
        }
    }

    // ---------------------------------------------------------------- byte access

    private int read(int offset) {
        int b;
        try {
            b = src.byteAt(start + offset);
        } catch (RuntimeException e) {
            b = -1;
        }
        if (b < 0) {
            throw TRUNCATED;
        }
        return b & 0xFF;
    }

    private int next() {
        int b = read(len);
        len++;
        return b;
    }

    private int next16() {
        int lo = next();
        return lo | next() << 8;
    }

    private long next32() {
        long lo = next16();
        return lo | (long) next16() << 16;
    }

    private void readModrm() {
        if (modrm < 0) {
            modrm = next();
            mod = modrm >> 6;
            reg = modrm >> 3 & 7;
            rm = modrm & 7;
        }
    }

    // ---------------------------------------------------------------- instruction

    private String decodeInstruction() {
        int b;
        Entry e;
        int prefixes = 0;
        while (true) {
            b = next();
            e = OpcodeTables.ONE_BYTE[b];
            if (e == null || e.kind() != Kind.PREFIX) {
                break;
            }
            if (++prefixes > MAX_PREFIXES) {
                throw INVALID;
            }
            applyPrefix(b);
        }
        if (e == null) {
            throw INVALID;
        }
        if (e.kind() == Kind.ESCAPE_0F) {
            b = next();
            e = OpcodeTables.TWO_BYTE[b];
            if (e == null) {
                throw INVALID;
            }
        }
        if (e.kind() == Kind.X87) {
            return prefixWords(false, false, false, false) + x87(b);
        }
        if (e.kind() == Kind.GROUP) {
            readModrm();
            e = e.group()[reg];
            if (e == null) {
                throw INVALID;
            }
        }
        return format(e, b);
    }

    private void applyPrefix(int b) {
        switch (b) {
            case 0x26 -> seg = SEG_ES;
            case 0x2E -> seg = SEG_CS;
            case 0x36 -> seg = SEG_SS;
            case 0x3E -> seg = SEG_DS;
            case 0x64 -> seg = SEG_FS;
            case 0x65 -> seg = SEG_GS;
            case 0x66 -> {
                if (!opPrefix) {
                    opPrefix = true;
                    op32 = !op32;
                }
            }
            case 0x67 -> {
                if (!addrPrefix) {
                    addrPrefix = true;
                    addr32 = !addr32;
                }
            }
            case 0xF0 -> lock = true;
            default -> rep = b; // F2 or F3: the last one counts
        }
    }

    /**
     * The prefix words printed before the mnemonic: segment (string instructions only), lock,
     * rep, operand- and address-size markers.
     */
    private String prefixWords(boolean stringSource, boolean repe, boolean showOpSize,
            boolean showAddrSize) {
        StringBuilder sb = new StringBuilder();
        if (stringSource && seg >= 0 && seg != SEG_DS) {
            sb.append(SREG[seg]).append(' ');
        }
        if (lock) {
            sb.append("lock ");
        }
        if (rep == 0xF3) {
            sb.append(repe ? "repe " : "rep ");
        } else if (rep == 0xF2) {
            sb.append("repne ");
        }
        if (showOpSize && opPrefix) {
            sb.append(op32 ? "o32 " : "o16 ");
        }
        if (showAddrSize && addrPrefix) {
            sb.append(addr32 ? "a32 " : "a16 ");
        }
        return sb.toString();
    }

    /**
     * Formats a decoded instruction.
     *
     * @param e the map entry (group member already selected)
     * @param opcode the last opcode byte, whose low bits select Z registers
     */
    private String format(Entry e, int opcode) {
        String[] ops = e.operands();
        if (e.mnemonic().equals("lea")) {
            seg = -1; // LEA computes an offset only: a segment override has no effect
        }
        if (e.needsModrm()) {
            readModrm();
        }
        boolean sizeImplied = false;
        for (String op : ops) {
            char c = op.charAt(0);
            if ("GSZCDTR".indexOf(c) >= 0 || op.equals("al") || op.equals("acc")) {
                sizeImplied = true;
            }
        }
        String[] text = new String[ops.length];
        for (int i = 0; i < ops.length; i++) {
            text[i] = operand(ops[i], opcode, sizeImplied);
        }
        String mnemonic = e.has('A') ? (addr32 ? e.mnemonic32() : e.mnemonic())
                : op32 ? e.mnemonic32() : e.mnemonic();
        if ((mnemonic.equals("aam") || mnemonic.equals("aad")) && text[0].equals("0Ah")) {
            text = new String[0]; // base 10 is the default
        } else if (ops.length == 3 && mnemonic.equals("imul") && mod == 3 && reg == rm) {
            text = new String[] {text[0], text[2]}; // imul ax,ax,5 reads imul ax,5
        }
        StringBuilder sb = new StringBuilder();
        sb.append(prefixWords(e.has('s'), e.has('e'), e.has('o'),
                e.has('s') || e.has('d') || e.has('a')));
        sb.append(mnemonic);
        for (int i = 0; i < text.length; i++) {
            sb.append(i == 0 ? ' ' : ',').append(text[i]);
        }
        return sb.toString();
    }

    private String operand(String op, int opcode, boolean sizeImplied) {
        switch (op) {
            case "al":
            case "cl":
            case "dx":
            case "es":
            case "cs":
            case "ss":
            case "ds":
            case "fs":
            case "gs":
            case "1":
                return op;
            case "acc":
                return op32 ? "eax" : "ax";
            case "Ib":
                return hex(next());
            case "Iw":
                return hex(next16());
            case "Iv":
                return hex(op32 ? next32() : next16());
            case "Ibs": {
                long v = (byte) next();
                return hex(op32 ? v & 0xFFFFFFFFL : v & 0xFFFF);
            }
            case "Jb":
            case "Jbs": {
                long rel = (byte) next();
                String t = target(start + len + rel, op32);
                return op.equals("Jbs") ? "short " + t : t;
            }
            case "Jv": {
                long rel = op32 ? (int) next32() : (short) next16();
                return target(start + len + rel, op32);
            }
            case "Ap": {
                long offset = op32 ? next32() : next16();
                int selector = next16();
                return target(selector, false) + ":" + target(offset, op32);
            }
            case "Ob":
            case "Ov": {
                long offset = addr32 ? next32() : next16();
                return "[" + segOverride(SEG_DS) + hex(offset) + "]";
            }
            case "Zb":
                return REG8[opcode & 7];
            case "Zv":
                return (op32 ? REG32 : REG16)[opcode & 7];
            case "Zd":
                return REG32[opcode & 7];
            case "Gb":
                return REG8[reg];
            case "Gw":
                return REG16[reg];
            case "Gv":
                return (op32 ? REG32 : REG16)[reg];
            case "Sw":
                if (reg > SEG_GS) {
                    throw INVALID;
                }
                return SREG[reg];
            case "Cd":
                return "cr" + reg;
            case "Dd":
                return "dr" + reg;
            case "Td":
                return "tr" + reg;
            case "Rd":
                return REG32[rm];
            case "M":
            case "Ma":
                return memoryOnly(null);
            case "Mp":
                return memoryOnly(sizeImplied ? null : "far");
            default:
                break;
        }
        // E operands: Eb, Ew, Ev, Ed, Evw, with an optional "!" forcing the size keyword
        boolean force = op.endsWith("!");
        String code = force ? op.substring(0, op.length() - 1) : op;
        String size;
        String[] regs;
        switch (code) {
            case "Eb" -> {
                size = "byte";
                regs = REG8;
            }
            case "Ew" -> {
                size = "word";
                regs = REG16;
            }
            case "Ed" -> {
                size = "dword";
                regs = REG32;
            }
            case "Ev" -> {
                size = op32 ? "dword" : "word";
                regs = op32 ? REG32 : REG16;
            }
            case "Evw" -> {
                size = "word";
                regs = op32 ? REG32 : REG16;
            }
            default -> throw new IllegalStateException("bad operand code " + op);
        }
        if (mod == 3) {
            return regs[rm];
        }
        return memory(force || !sizeImplied ? size : null);
    }

    private String memoryOnly(String size) {
        if (mod == 3) {
            throw INVALID;
        }
        return memory(size);
    }

    /** The segment prefix shown inside a memory operand, empty for the default segment. */
    private String segOverride(int defaultSeg) {
        return seg >= 0 && seg != defaultSeg ? SREG[seg] + ":" : "";
    }

    /**
     * Formats the ModR/M memory operand (mod != 3), reading its SIB byte and displacement.
     *
     * @param size the size keyword to put in front, or {@code null}
     */
    private String memory(String size) {
        StringBuilder sb = new StringBuilder();
        if (size != null) {
            sb.append(size).append(' ');
        }
        sb.append('[');
        if (!addr32) {
            if (mod == 0 && rm == 6) {
                sb.append(segOverride(SEG_DS)).append(hex(next16()));
            } else {
                boolean bp = rm == 2 || rm == 3 || rm == 6;
                sb.append(segOverride(bp ? SEG_SS : SEG_DS)).append(BASE16[rm]);
                long disp = mod == 1 ? (byte) next() : mod == 2 ? (short) next16() : 0;
                appendSigned(sb, disp);
            }
            return sb.append(']').toString();
        }
        int base = rm;
        int index = -1;
        int scale = 0;
        if (rm == 4) {
            int sib = next();
            scale = sib >> 6;
            index = sib >> 3 & 7;
            base = sib & 7;
            if (index == 4) {
                index = -1;
            }
            if (base == 5 && mod == 0) {
                base = -1;
            }
        } else if (rm == 5 && mod == 0) {
            base = -1;
        }
        long disp = mod == 1 ? (byte) next() : mod == 2 || base < 0 ? (int) next32() : 0;
        boolean stack = base == 4 || base == 5;
        sb.append(segOverride(stack ? SEG_SS : SEG_DS));
        if (base >= 0) {
            sb.append(REG32[base]);
        }
        if (index >= 0) {
            if (base >= 0) {
                sb.append('+');
            }
            sb.append(REG32[index]);
            if (scale > 0) {
                sb.append('*').append(1 << scale);
            }
        }
        if (base >= 0) {
            appendSigned(sb, disp);
        } else if (index >= 0) {
            if (disp != 0) {
                sb.append('+').append(hex(disp & 0xFFFFFFFFL));
            }
        } else {
            sb.append(hex(disp & 0xFFFFFFFFL));
        }
        return sb.append(']').toString();
    }

    private static void appendSigned(StringBuilder sb, long disp) {
        if (disp > 0) {
            sb.append('+').append(hex(disp));
        } else if (disp < 0) {
            sb.append('-').append(hex(-disp));
        }
    }

    // ---------------------------------------------------------------- x87

    /** Memory forms: [escape - D8][reg] = "mnemonic size" (size may be absent). */
    private static final String[][] X87_MEM = {
        {"fadd dword", "fmul dword", "fcom dword", "fcomp dword", "fsub dword", "fsubr dword",
            "fdiv dword", "fdivr dword"},
        {"fld dword", null, "fst dword", "fstp dword", "fldenv", "fldcw word", "fnstenv",
            "fnstcw word"},
        {"fiadd dword", "fimul dword", "ficom dword", "ficomp dword", "fisub dword",
            "fisubr dword", "fidiv dword", "fidivr dword"},
        {"fild dword", null, "fist dword", "fistp dword", null, "fld tword", null, "fstp tword"},
        {"fadd qword", "fmul qword", "fcom qword", "fcomp qword", "fsub qword", "fsubr qword",
            "fdiv qword", "fdivr qword"},
        {"fld qword", null, "fst qword", "fstp qword", "frstor", null, "fnsave", "fnstsw word"},
        {"fiadd word", "fimul word", "ficom word", "ficomp word", "fisub word", "fisubr word",
            "fidiv word", "fidivr word"},
        {"fild word", null, "fist word", "fistp word", "fbld tword", "fild qword", "fbstp tword",
            "fistp qword"},
    };

    /** Register-stack operations of D9 E0..FF, by the low five bits of the ModR/M byte. */
    private static final String[] X87_D9_E0 = {
        "fchs", "fabs", null, null, "ftst", "fxam", null, null,
        "fld1", "fldl2t", "fldl2e", "fldpi", "fldlg2", "fldln2", "fldz", null,
        "f2xm1", "fyl2x", "fptan", "fpatan", "fxtract", "fprem1", "fdecstp", "fincstp",
        "fprem", "fyl2xp1", "fsqrt", "fsincos", "frndint", "fscale", "fsin", "fcos",
    };

    /** DB E0..E4: the 8087/287 control forms. */
    private static final String[] X87_DB_E0 = {"fneni", "fndisi", "fnclex", "fninit", "fnsetpm"};

    private static final String[] X87_ARITH = {
        "fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"};
    /** DC and DE register forms: Intel's encoding swaps sub/subr and div/divr here. */
    private static final String[] X87_ARITH_REVERSED = {
        "fadd", "fmul", null, null, "fsubr", "fsub", "fdivr", "fdiv"};

    private String x87(int escape) {
        readModrm();
        int x = escape - 0xD8;
        if (mod != 3) {
            String spec = X87_MEM[x][reg];
            if (spec == null) {
                throw INVALID;
            }
            int space = spec.indexOf(' ');
            String name = space < 0 ? spec : spec.substring(0, space);
            String size = space < 0 ? null : spec.substring(space + 1);
            return name + " " + memory(size);
        }
        String st = "st" + rm;
        switch (x) {
            case 0: {
                String name = X87_ARITH[reg];
                return (reg == 2 || reg == 3) && rm == 1 ? name : name + " " + st;
            }
            case 1:
                switch (reg) {
                    case 0:
                        return "fld " + st;
                    case 1:
                        return rm == 1 ? "fxch" : "fxch " + st;
                    case 2:
                        if (rm == 0) {
                            return "fnop";
                        }
                        throw INVALID;
                    case 3:
                        throw INVALID;
                    default: {
                        String name = X87_D9_E0[modrm & 0x1F];
                        if (name == null) {
                            throw INVALID;
                        }
                        return name;
                    }
                }
            case 2:
                if (modrm == 0xE9) {
                    return "fucompp";
                }
                throw INVALID;
            case 3:
                if (modrm >= 0xE0 && modrm <= 0xE4) {
                    return X87_DB_E0[modrm - 0xE0];
                }
                throw INVALID;
            case 4: {
                String name = X87_ARITH_REVERSED[reg];
                if (name == null) {
                    throw INVALID;
                }
                return name + " " + st + ",st0";
            }
            case 5:
                switch (reg) {
                    case 0:
                        return "ffree " + st;
                    case 2:
                        return "fst " + st;
                    case 3:
                        return "fstp " + st;
                    case 4:
                        return rm == 1 ? "fucom" : "fucom " + st;
                    case 5:
                        return rm == 1 ? "fucomp" : "fucomp " + st;
                    default:
                        throw INVALID;
                }
            case 6: {
                if (reg == 3) {
                    if (rm == 1) {
                        return "fcompp";
                    }
                    throw INVALID;
                }
                String name = X87_ARITH_REVERSED[reg];
                if (name == null) {
                    throw INVALID;
                }
                return name + "p " + st + ",st0";
            }
            default:
                if (modrm == 0xE0) {
                    return "fnstsw ax";
                }
                throw INVALID;
        }
    }

    // ---------------------------------------------------------------- numbers

    /**
     * Formats an unsigned number: 0..9 in decimal, otherwise upper-case hex with an {@code h}
     * suffix and a leading {@code 0} when the first digit is a letter ({@code 0Eh}, {@code 3Ch}).
     *
     * @param v the value, non-negative
     * @return the text
     */
    static String hex(long v) {
        if (v >= 0 && v < 10) {
            return Long.toString(v);
        }
        return suffix(Long.toHexString(v).toUpperCase());
    }

    /**
     * Formats a branch target or far-pointer part: 0..9 in decimal, otherwise four (or, for 32-bit
     * values, eight) hex digits with an {@code h} suffix ({@code 000Fh}, {@code 0FF89h}).
     *
     * @param v the value; it is masked to 16 or 32 bits
     * @param wide whether the value is 32 bits wide
     * @return the text
     */
    static String target(long v, boolean wide) {
        v &= wide ? 0xFFFFFFFFL : 0xFFFFL;
        if (v < 10) {
            return Long.toString(v);
        }
        String digits = Long.toHexString(v).toUpperCase();
        int width = wide ? 8 : 4;
        return suffix("0".repeat(Math.max(0, width - digits.length())) + digits);
    }

    private static String suffix(String digits) {
        return digits.charAt(0) >= 'A' ? "0" + digits + "h" : digits + "h";
    }
}
