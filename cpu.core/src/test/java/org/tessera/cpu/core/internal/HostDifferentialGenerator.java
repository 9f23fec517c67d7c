package org.tessera.cpu.core.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates the cases of {@link HostDifferentialTest}: random user-mode 32-bit instruction
 * sequences whose results the Intel and AMD manuals define, with the set of EFLAGS bits left
 * undefined at the end (and at every flag capture) tracked instruction by instruction.
 *
 * <h2>Memory</h2> The data area is the 256 bytes at {@link #DATA}; memory operands are
 * {@code [ebp+d]} (EBP points into the area and is never written) or {@code [DATA+off]}, always
 * inside it. The 64 dwords at {@link #CAP} receive flag captures: {@code pushfd; pushfd; and
 * dword [esp], MASK; pop dword [CAP+4*i]; popfd} stores the defined flags after an instruction
 * without changing them (the mask also drops IF, which differs between the host and Tessera).
 *
 * <h2>Undefined flags</h2> Each instruction is emitted with the flags it reads, the flags it sets
 * to defined values and the flags it leaves undefined (see {@link #emit}). An instruction that
 * reads a flag which is undefined at that point (SETP after a MUL, DAA after an AND, JO after a
 * shift by 3) gets a {@code cmp} before it that defines all six, so no undefined flag ever
 * reaches a register, memory or a branch. After a conditional jump over a block, and after a
 * loop, the undefined set is the union of the paths. Flag captures and the final EFLAGS compare
 * only what is defined at that point. The rules, per instruction group,
 * follow the "Flags Affected" sections of the Intel SDM Vol. 2 (the same in the AMD APM Vol. 3):
 * <ul>
 * <li>ADD ADC SUB SBB CMP NEG XADD CMPXCHG CMPS SCAS: all six defined;</li>
 * <li>AND OR XOR TEST: OF CF cleared, SF ZF PF set, <b>AF undefined</b>;</li>
 * <li>INC DEC: CF unaffected, the others defined; NOT, MOV, XCHG, LEA, BSWAP, MOVZX, MOVSX,
 * CBW-CDQ, MOVS STOS LODS, SETcc, Jcc, LOOP: none affected;</li>
 * <li>SHL/SAL/SHR/SAR (SDM "SAL/SAR/SHL/SHR"): masked count 0 affects nothing; otherwise SF ZF PF
 * defined, <b>AF undefined</b>, CF defined except <b>for SHL and SHR when the count is at least the
 * operand width</b> (8- and 16-bit operands, counts are masked to 5 bits), <b>OF undefined unless
 * the masked count is 1</b>;</li>
 * <li>ROL/ROR/RCL/RCR (SDM "RCL/RCR/ROL/ROR"): masked count 0 affects nothing; otherwise CF
 * defined, <b>OF undefined unless the masked count is 1</b>; RCL/RCR read CF;</li>
 * <li>SHLD/SHRD: count 0 affects nothing; otherwise CF SF ZF PF defined, <b>AF undefined, OF
 * undefined unless the count is 1</b>; counts greater than the operand size (16-bit forms) leave
 * the result undefined and are not generated;</li>
 * <li>MUL, IMUL (all forms): CF OF defined, <b>SF ZF AF PF undefined</b>;</li>
 * <li>DIV, IDIV: <b>all six undefined</b>; operands are chosen so that the quotient fits (no
 * #DE);</li>
 * <li>DAA, DAS: CF AF SF ZF PF defined, <b>OF undefined</b>; read AF and CF;</li>
 * <li>AAA, AAS: AF CF defined, <b>OF SF ZF PF undefined</b>; read AF;</li>
 * <li>AAM, AAD: SF ZF PF defined, <b>OF AF CF undefined</b>; AAM's base is never 0 (#DE);</li>
 * <li>BT BTS BTR BTC: CF defined, ZF unaffected, <b>OF SF AF PF undefined</b>;</li>
 * <li>BSF, BSR: ZF defined, <b>CF OF SF AF PF undefined</b>; the source is never 0 (the
 * destination would be undefined);</li>
 * <li>SAHF: SF ZF AF PF CF loaded from AH (used to set up BCD cases); LAHF reads them; CLC STC CMC:
 * CF (CMC reads it); CLD/STD: DF.</li>
 * </ul>
 */
final class HostDifferentialGenerator {

    static final int DATA = 0x100000;
    static final int DATA_SIZE = 256;
    static final int CAP = DATA + DATA_SIZE;
    static final int CAP_SLOTS = 64;
    /** The compared memory: the data area and the captures. */
    static final int AREA = DATA_SIZE + 4 * CAP_SLOTS;
    static final int STACK_TOP = 0x101000;

    static final int CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, DF = 0x400, OF = 0x800;
    static final int ARITH = CF | PF | AF | ZF | SF | OF;
    static final int COMPARED = ARITH | DF;

    enum Group { ALU, SHIFT, MULDIV, BCD, BIT, STRING, BRANCH, MISC, MIXED }

    private static final String[] R32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] R16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] R8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    /** Registers a sequence may write: not ESP (the stack) nor EBP (the data pointer). */
    private static final int[] WRITABLE = {0, 1, 2, 3, 6, 7};
    private static final String[] CONDITIONS = {"o", "no", "b", "c", "nae", "ae", "nb", "nc", "e", "z", "ne", "nz", "be",
            "na", "a", "nbe", "s", "ns", "p", "pe", "np", "po", "l", "nge", "ge", "nl", "le", "ng", "g", "nle"};

    private final Random rnd;
    private StringBuilder body;
    private int undefined;
    private int ebp;
    private int label;
    private String prefix;
    private List<String> captures;
    private String lastInsn;

    HostDifferentialGenerator(long seed) {
        rnd = new Random(seed);
    }

    // ------------------------------------------------------------------ cases

    HostDifferentialCase next(Group group, int index) {
        body = new StringBuilder();
        undefined = 0;
        label = 0;
        prefix = "c" + index + "_";
        captures = new ArrayList<>();
        int[] regs = new int[8];
        for (int i = 0; i < 8; i++) {
            regs[i] = value(32);
        }
        regs[4] = STACK_TOP;
        ebp = DATA + 64 + rnd.nextInt(64);
        regs[5] = ebp;
        int flags = (rnd.nextInt() & ARITH) | (rnd.nextBoolean() ? DF : 0) | 2;
        byte[] data = new byte[DATA_SIZE];
        int style = rnd.nextInt(4);
        for (int i = 0; i < DATA_SIZE; i++) {
            data[i] = (byte) switch (style) {
                case 0 -> rnd.nextInt(2);
                case 1 -> rnd.nextInt(4) == 0 ? rnd.nextInt(256) : 0x41;
                default -> rnd.nextInt(256);
            };
        }
        int n = group == Group.MIXED ? 8 + rnd.nextInt(10) : 3 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            one(group == Group.MIXED ? Group.values()[rnd.nextInt(Group.values().length - 1)] : group);
        }
        return new HostDifferentialCase(group, index, body.toString(), regs, flags, data, COMPARED & ~undefined,
                List.copyOf(captures));
    }

    private void one(Group g) {
        switch (g) {
            case ALU -> alu();
            case SHIFT -> {
                if (rnd.nextInt(4) == 0) {
                    shiftDouble();
                } else {
                    shift();
                }
            }
            case MULDIV -> {
                if (rnd.nextBoolean()) {
                    multiply();
                } else {
                    divide();
                }
            }
            case BCD -> bcd();
            case BIT -> {
                if (rnd.nextInt(3) == 0) {
                    bitScan();
                } else {
                    bitTest();
                }
            }
            case STRING -> string();
            case BRANCH -> branch();
            case MISC -> misc();
            default -> throw new IllegalArgumentException(g.toString());
        }
    }

    // ------------------------------------------------------------------ emission and flags

    private void line(String s) {
        body.append("    ").append(s).append('\n');
    }

    /**
     * Emits an instruction: {@code reads} are the flags it reads (defined first if they are
     * undefined now), {@code defined} the flags it sets to defined values, {@code undef} the flags
     * it leaves undefined. Captures the flags after it most of the time.
     */
    private void emit(String insn, int reads, int defined, int undef) {
        if ((reads & undefined) != 0) {
            defineFlags();
        }
        line(insn);
        lastInsn = insn;
        undefined = (undefined & ~(defined | undef)) | undef;
        if (rnd.nextInt(10) < 7) {
            capture();
        }
    }

    /** Emits an instruction that affects no flag and reads none. */
    private void plain(String insn) {
        emit(insn, 0, 0, 0);
    }

    /** Sets up a value (MOV: no flags), without a capture. */
    private void setup(String insn) {
        line(insn);
    }

    private void defineFlags() {
        line("cmp " + R32[rnd.nextInt(8)] + ", " + hex(value(32), 32));
        undefined = 0;
    }

    private void capture() {
        int mask = COMPARED & ~undefined;
        if (captures.size() >= CAP_SLOTS || mask == 0) {
            return;
        }
        line("pushfd");
        line("pushfd");
        line("and dword [esp], " + hex(mask, 32));
        line("pop dword [CAP+" + 4 * captures.size() + "]");
        line("popfd");
        captures.add(String.format("%s (mask %03x)", lastInsn, mask));
    }

    private String newLabel() {
        return prefix + label++;
    }

    // ------------------------------------------------------------------ operands

    private int value(int size) {
        int mask = mask(size);
        int sign = 1 << (size - 1);
        return switch (rnd.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> mask;
            case 3 -> sign;
            case 4 -> sign - 1;
            case 5 -> rnd.nextInt(16);
            case 6 -> mask - rnd.nextInt(16);
            case 7 -> sign + rnd.nextInt(8) - 4;
            case 8 -> 1 << rnd.nextInt(size);
            default -> rnd.nextInt();
        } & mask;
    }

    private static int mask(int size) {
        return size == 32 ? -1 : (1 << size) - 1;
    }

    private static String hex(int v, int size) {
        return "0x" + Integer.toHexString(v & mask(size));
    }

    private int pickSize() {
        return switch (rnd.nextInt(3)) {
            case 0 -> 8;
            case 1 -> 16;
            default -> 32;
        };
    }

    private int pickSize1632() {
        return rnd.nextBoolean() ? 16 : 32;
    }

    private static String reg(int size, int n) {
        return switch (size) {
            case 8 -> R8[n];
            case 16 -> R16[n];
            default -> R32[n];
        };
    }

    /** A register the sequence may write. */
    private String dst(int size) {
        return size == 8 ? R8[rnd.nextInt(8)] : reg(size, WRITABLE[rnd.nextInt(WRITABLE.length)]);
    }

    /** Any register (read only). */
    private String src(int size) {
        return reg(size, rnd.nextInt(8));
    }

    private static String sizeWord(int size) {
        return switch (size) {
            case 8 -> "byte";
            case 16 -> "word";
            default -> "dword";
        };
    }

    /** A memory operand in the data area: its text and its address. */
    private record Mem(String text, int address) {
    }

    private Mem memAt(int size) {
        int bytes = size / 8;
        if (rnd.nextInt(3) == 0) {
            int off = rnd.nextInt(DATA_SIZE - bytes + 1);
            return new Mem(sizeWord(size) + " [DATA+" + off + "]", DATA + off);
        }
        int low = DATA - ebp;
        int d = low + rnd.nextInt(DATA + DATA_SIZE - bytes - ebp - low + 1);
        return new Mem(sizeWord(size) + " [ebp" + (d < 0 ? "-" + -d : "+" + d) + "]", ebp + d);
    }

    private String mem(int size) {
        return memAt(size).text;
    }

    private String rm(int size) {
        return rnd.nextBoolean() ? dst(size) : mem(size);
    }

    private String immText(int size) {
        if (size > 8 && rnd.nextInt(4) == 0) {
            return Integer.toString(rnd.nextInt(256) - 128); // the sign-extended imm8 forms
        }
        return hex(value(size), size);
    }

    // ------------------------------------------------------------------ ALU

    private static final String[] ALU2 = {"add", "adc", "sub", "sbb", "and", "or", "xor", "cmp", "test"};
    private static final String[] ALU1 = {"inc", "dec", "neg", "not"};

    private void alu() {
        int size = pickSize();
        if (rnd.nextInt(4) == 0) {
            String op = ALU1[rnd.nextInt(ALU1.length)];
            String insn = op + " " + rm(size);
            switch (op) {
                case "inc", "dec" -> emit(insn, 0, ARITH & ~CF, 0);
                case "neg" -> emit(insn, 0, ARITH, 0);
                default -> plain(insn);
            }
            return;
        }
        String op = ALU2[rnd.nextInt(ALU2.length)];
        String insn = op + " " + switch (rnd.nextInt(5)) {
            case 0 -> dst(size) + ", " + src(size);
            case 1 -> dst(size) + ", " + immText(size);
            case 2 -> dst(size) + ", " + mem(size);
            case 3 -> mem(size) + ", " + src(size);
            default -> mem(size) + ", " + immText(size);
        };
        aluFlags(op, insn);
    }

    private void aluFlags(String op, String insn) {
        switch (op) {
            case "adc", "sbb" -> emit(insn, CF, ARITH, 0);
            case "and", "or", "xor", "test" -> emit(insn, 0, ARITH & ~AF, AF);
            default -> emit(insn, 0, ARITH, 0);
        }
    }

    // ------------------------------------------------------------------ shifts and rotates

    private static final String[] SHIFTS = {"shl", "sal", "shr", "sar", "rol", "ror", "rcl", "rcr"};

    private int count() {
        return switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 32 + rnd.nextInt(224); // masked to 5 bits
            case 3 -> 8 + rnd.nextInt(3) - 1;
            case 4 -> 16 + rnd.nextInt(3) - 1;
            default -> rnd.nextInt(32);
        };
    }

    private void shift() {
        int size = pickSize();
        String op = SHIFTS[rnd.nextInt(SHIFTS.length)];
        String dest = rm(size);
        int count;
        String insn;
        switch (rnd.nextInt(3)) {
            case 0 -> {
                count = 1;
                insn = op + " " + dest + ", 1";
            }
            case 1 -> {
                count = count();
                insn = op + " " + dest + ", byte " + count; // C0/C1 ib, also for a count of 1
            }
            default -> {
                count = count();
                setup("mov cl, " + count);
                insn = op + " " + dest + ", cl";
            }
        }
        int m = count & 31;
        if (m == 0) {
            emit(insn, 0, 0, 0);
            return;
        }
        int of = m == 1 ? OF : 0;
        switch (op) {
            case "shl", "sal", "shr" -> {
                int cf = m < size ? CF : 0;
                emit(insn, 0, SF | ZF | PF | cf | of, AF | (CF & ~cf) | (OF & ~of));
            }
            case "sar" -> emit(insn, 0, SF | ZF | PF | CF | of, AF | (OF & ~of));
            case "rol", "ror" -> emit(insn, 0, CF | of, OF & ~of);
            default -> emit(insn, CF, CF | of, OF & ~of);
        }
    }

    private void shiftDouble() {
        int size = pickSize1632();
        String op = rnd.nextBoolean() ? "shld" : "shrd";
        String dest = rm(size);
        int count;
        do {
            count = count();
        } while (size == 16 && (count & 31) > 16);
        String insn;
        if (rnd.nextBoolean()) {
            insn = op + " " + dest + ", " + src(size) + ", " + count;
        } else {
            setup("mov cl, " + count);
            insn = op + " " + dest + ", " + src(size) + ", cl";
        }
        int m = count & 31;
        if (m == 0) {
            emit(insn, 0, 0, 0);
        } else {
            int of = m == 1 ? OF : 0;
            emit(insn, 0, CF | SF | ZF | PF | of, AF | (OF & ~of));
        }
    }

    // ------------------------------------------------------------------ multiply and divide

    private void multiply() {
        int defined = CF | OF;
        int undef = SF | ZF | AF | PF;
        switch (rnd.nextInt(4)) {
            case 0, 1 -> {
                int size = pickSize();
                emit((rnd.nextBoolean() ? "mul " : "imul ") + (rnd.nextBoolean() ? src(size) : mem(size)), 0, defined, undef);
            }
            case 2 -> {
                int size = pickSize1632();
                emit("imul " + dst(size) + ", " + (rnd.nextBoolean() ? src(size) : mem(size)), 0, defined, undef);
            }
            default -> {
                int size = pickSize1632();
                emit("imul " + dst(size) + ", " + (rnd.nextBoolean() ? src(size) : mem(size)) + ", " + immText(size), 0,
                        defined, undef);
            }
        }
    }

    private void divide() {
        int size = pickSize();
        boolean signed = rnd.nextBoolean();
        BigInteger[] qd = signed ? signedDivision(size) : unsignedDivision(size);
        BigInteger dividend = qd[0];
        int divisor = qd[1].intValue();
        long x = dividend.longValue();
        switch (size) {
            case 8 -> setup("mov ax, " + hex((int) x, 16));
            case 16 -> {
                setup("mov dx, " + hex((int) (x >> 16), 16));
                setup("mov ax, " + hex((int) x, 16));
            }
            default -> {
                setup("mov edx, " + hex((int) (x >> 32), 32));
                setup("mov eax, " + hex((int) x, 32));
            }
        }
        String operand;
        if (rnd.nextBoolean()) {
            String[] regs = size == 8 ? new String[] {"cl", "bl", "ch", "bh", "dl", "dh"}
                    : new String[] {reg(size, 1), reg(size, 3), reg(size, 6), reg(size, 7)};
            operand = regs[rnd.nextInt(regs.length)];
            setup("mov " + operand + ", " + hex(divisor, size));
        } else {
            operand = mem(size);
            setup("mov " + operand + ", " + hex(divisor, size));
        }
        emit((signed ? "idiv " : "div ") + operand, 0, 0, ARITH);
    }

    /** {dividend, divisor} with an unsigned quotient that fits {@code size} bits. */
    private BigInteger[] unsignedDivision(int size) {
        BigInteger limit = BigInteger.ONE.shiftLeft(size);
        BigInteger d;
        do {
            d = BigInteger.valueOf(value(size) & 0xFFFFFFFFL);
        } while (d.signum() == 0);
        BigInteger q = BigInteger.valueOf(value(size) & 0xFFFFFFFFL);
        BigInteger r = new BigInteger(size + 1, rnd).mod(d);
        BigInteger dividend = q.multiply(d).add(r);
        check(dividend.divide(d).compareTo(limit) < 0 && dividend.bitLength() <= 2 * size);
        return new BigInteger[] {dividend, d};
    }

    /** {dividend, divisor} with a signed quotient that fits (truncated towards zero). */
    private BigInteger[] signedDivision(int size) {
        int shift = 32 - size;
        BigInteger d;
        do {
            d = BigInteger.valueOf(value(size) << shift >> shift);
        } while (d.signum() == 0);
        BigInteger q = BigInteger.valueOf(value(size) << shift >> shift);
        BigInteger r = new BigInteger(size + 1, rnd).mod(d.abs());
        int sign = q.multiply(d).signum();
        if (sign < 0 || (sign == 0 && rnd.nextBoolean())) {
            r = r.negate();
        }
        BigInteger dividend = q.multiply(d).add(r);
        BigInteger[] qr = dividend.divideAndRemainder(d);
        check(qr[0].equals(q) && qr[1].equals(r));
        check(dividend.bitLength() < 2 * size);
        if (dividend.signum() < 0) {
            dividend = dividend.add(BigInteger.ONE.shiftLeft(2 * size));
        }
        return new BigInteger[] {dividend, d.signum() < 0 ? d.add(BigInteger.ONE.shiftLeft(size)) : d};
    }

    private static void check(boolean ok) {
        if (!ok) {
            throw new AssertionError("the division generator made a quotient that does not fit");
        }
    }

    // ------------------------------------------------------------------ BCD

    private void sahf() {
        setup("mov ah, " + hex(rnd.nextInt(256), 8));
        line("sahf");
        undefined &= ~(SF | ZF | AF | PF | CF);
    }

    private int bcdByte() {
        return rnd.nextInt(4) == 0 ? rnd.nextInt(256) : rnd.nextInt(10) << 4 | rnd.nextInt(10);
    }

    private void bcd() {
        switch (rnd.nextInt(6)) {
            case 0, 1 -> {
                String op = rnd.nextBoolean() ? "daa" : "das";
                if (rnd.nextBoolean()) {
                    setup("mov al, " + hex(bcdByte(), 8));
                    emit((op.equals("daa") ? "add al, " : "sub al, ") + hex(bcdByte(), 8), 0, ARITH, 0);
                } else {
                    sahf();
                    setup("mov al, " + hex(rnd.nextInt(256), 8));
                }
                emit(op, AF | CF, CF | AF | SF | ZF | PF, OF);
            }
            case 2, 3 -> {
                String op = rnd.nextBoolean() ? "aaa" : "aas";
                if (rnd.nextBoolean()) {
                    setup("mov ax, " + hex(rnd.nextInt(10) << 8 | rnd.nextInt(10), 16));
                    emit((op.equals("aaa") ? "add al, " : "sub al, ") + hex(rnd.nextInt(10), 8), 0, ARITH, 0);
                } else {
                    sahf();
                    setup("mov ax, " + hex(rnd.nextInt(0x10000), 16));
                }
                emit(op, AF, AF | CF, OF | SF | ZF | PF);
            }
            case 4 -> {
                setup("mov al, " + hex(rnd.nextInt(256), 8));
                int base = rnd.nextInt(3) == 0 ? 10 : 1 + rnd.nextInt(255);
                emit(base == 10 && rnd.nextBoolean() ? "aam" : "aam " + base, 0, SF | ZF | PF, OF | AF | CF);
            }
            default -> {
                setup("mov ax, " + hex(rnd.nextInt(0x10000), 16));
                int base = rnd.nextInt(3) == 0 ? 10 : rnd.nextInt(256);
                emit(base == 10 && rnd.nextBoolean() ? "aad" : "aad " + base, 0, SF | ZF | PF, OF | AF | CF);
            }
        }
    }

    // ------------------------------------------------------------------ bit instructions

    private static final String[] BT = {"bt", "bts", "btr", "btc"};

    private void bitTest() {
        int size = pickSize1632();
        String op = BT[rnd.nextInt(BT.length)];
        String insn;
        switch (rnd.nextInt(4)) {
            case 0 -> insn = op + " " + dst(size) + ", " + src(size);
            case 1 -> insn = op + " " + dst(size) + ", " + rnd.nextInt(256);
            case 2 -> insn = op + " " + mem(size) + ", " + rnd.nextInt(256);
            default -> {
                // a bit string in memory: the offset register may reach outside the operand
                Mem m = memAt(size);
                int bytes = size / 8;
                int lowUnits = (m.address - DATA) / bytes;
                int highUnits = (DATA + DATA_SIZE - 4 - m.address) / bytes;
                int unit = -lowUnits + rnd.nextInt(lowUnits + highUnits + 1);
                int offset = unit * size + rnd.nextInt(size);
                String r = reg(size, WRITABLE[rnd.nextInt(WRITABLE.length)]);
                setup("mov " + r + ", " + hex(offset, size));
                insn = op + " " + m.text + ", " + r;
            }
        }
        emit(insn, 0, CF, OF | SF | AF | PF);
    }

    private void bitScan() {
        int size = pickSize1632();
        int v;
        do {
            v = value(size);
        } while (v == 0);
        String source;
        if (rnd.nextBoolean()) {
            source = dst(size);
        } else {
            source = mem(size);
        }
        setup("mov " + source + ", " + hex(v, size));
        emit((rnd.nextBoolean() ? "bsf " : "bsr ") + dst(size) + ", " + source, 0, ZF, CF | OF | SF | AF | PF);
    }

    // ------------------------------------------------------------------ strings

    private void string() {
        String op = new String[] {"movs", "stos", "lods", "cmps", "scas"}[rnd.nextInt(5)];
        int size = pickSize();
        int bytes = size / 8;
        boolean compare = op.equals("cmps") || op.equals("scas");
        String rep = switch (rnd.nextInt(3)) {
            case 0 -> "";
            case 1 -> compare ? "repe " : "rep ";
            default -> compare ? "repne " : "rep ";
        };
        int n = rep.isEmpty() ? 1 : rnd.nextInt(6) == 0 ? 0 : 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 24);
        boolean down = rnd.nextBoolean();
        int si = start(n, bytes, down);
        int di = start(n, bytes, down);
        line(down ? "std" : "cld");
        setup("mov esi, DATA+" + si);
        setup("mov edi, DATA+" + di);
        setup("mov ecx, " + (rep.isEmpty() ? value(32) : n));
        if (op.equals("scas") && rnd.nextBoolean()) {
            setup("mov " + reg(size, 0) + ", " + sizeWord(size) + " [DATA+" + (di + (down ? -bytes : bytes) * rnd.nextInt(4)
                    & 0xF0) + "]");
        }
        String insn = rep + op + (size == 8 ? "b" : size == 16 ? "w" : "d");
        if (compare && n > 0) {
            emit(insn, 0, ARITH, 0);
        } else {
            plain(insn);
        }
    }

    /** A start offset in the data area for {@code n} elements going up or down. */
    private int start(int n, int bytes, boolean down) {
        int span = Math.max(n, 1) * bytes;
        int off = rnd.nextInt(DATA_SIZE - span + 1);
        return down ? off + span - bytes : off;
    }

    // ------------------------------------------------------------------ setcc, jcc, loop

    private static int reads(String cc) {
        return switch (cc) {
            case "o", "no" -> OF;
            case "b", "c", "nae", "ae", "nb", "nc" -> CF;
            case "e", "z", "ne", "nz" -> ZF;
            case "be", "na", "a", "nbe" -> CF | ZF;
            case "s", "ns" -> SF;
            case "p", "pe", "np", "po" -> PF;
            case "l", "nge", "ge", "nl" -> SF | OF;
            default -> ZF | SF | OF;
        };
    }

    private void flagSetter() {
        int size = pickSize();
        String op = new String[] {"cmp", "cmp", "test", "add", "sub", "and", "neg"}[rnd.nextInt(7)];
        if (op.equals("neg")) {
            emit("neg " + dst(size), 0, ARITH, 0);
        } else {
            boolean readOnly = op.equals("cmp") || op.equals("test");
            aluFlags(op, op + " " + (readOnly && rnd.nextBoolean() ? src(size) : dst(size)) + ", "
                    + (rnd.nextBoolean() ? src(size) : immText(size)));
        }
    }

    private void branch() {
        if (rnd.nextInt(3) != 0) {
            flagSetter();
        }
        String cc = CONDITIONS[rnd.nextInt(CONDITIONS.length)];
        switch (rnd.nextInt(5)) {
            case 0 -> emit("set" + cc + " " + (rnd.nextBoolean() ? R8[rnd.nextInt(8)] : mem(8)), reads(cc), 0, 0);
            case 1, 2 -> {
                String skip = newLabel();
                emit("j" + cc + (rnd.nextInt(3) == 0 ? " near " : " ") + skip, reads(cc), 0, 0);
                int before = undefined;
                int k = 1 + rnd.nextInt(2);
                for (int i = 0; i < k; i++) {
                    if (rnd.nextBoolean()) {
                        alu();
                    } else {
                        plain("xor " + dst(32) + ", " + hex(value(32), 32));
                    }
                }
                line(skip + ":");
                undefined |= before;
            }
            case 3 -> {
                // a counted loop: LOOP, or DEC/JNZ with a known count
                String top = newLabel();
                int n = 1 + rnd.nextInt(5);
                boolean loop = rnd.nextBoolean();
                String counter = loop ? "ecx" : new String[] {"ebx", "esi", "edi"}[rnd.nextInt(3)];
                setup("mov " + counter + ", " + n);
                int before = undefined;
                line(top + ":");
                String target = new String[] {"eax", "edx"}[rnd.nextInt(2)];
                emit("add " + target + ", " + counter, 0, ARITH, 0);
                if (rnd.nextBoolean()) {
                    emit("rol " + target + ", 3", 0, CF, OF);
                }
                if (loop) {
                    plain("loop " + top);
                } else {
                    emit("dec " + counter, 0, ARITH & ~CF, 0);
                    emit("jnz " + top, ZF, 0, 0);
                }
                undefined |= before;
            }
            default -> {
                String skip = newLabel();
                setup("mov ecx, " + rnd.nextInt(2));
                plain("jecxz " + skip);
                int before = undefined;
                plain("not " + dst(32));
                line(skip + ":");
                undefined |= before;
            }
        }
    }

    // ------------------------------------------------------------------ the others

    private void misc() {
        switch (rnd.nextInt(12)) {
            case 0 -> plain("bswap " + dst(32));
            case 10 -> {
                switch (rnd.nextInt(3)) {
                    case 0 -> emit("clc", 0, CF, 0);
                    case 1 -> emit("stc", 0, CF, 0);
                    default -> emit("cmc", CF, CF, 0);
                }
            }
            case 11 -> emit("lahf", SF | ZF | AF | PF | CF, 0, 0);
            case 1 -> {
                int size = pickSize();
                emit("xadd " + rm(size) + ", " + dst(size), 0, ARITH, 0);
            }
            case 2 -> {
                int size = pickSize();
                String dest = rm(size);
                if (rnd.nextBoolean()) {
                    setup("mov " + reg(size, 0) + ", " + dest); // equal: the destination is replaced
                }
                emit("cmpxchg " + dest + ", " + dst(size), 0, ARITH, 0);
            }
            case 3 -> plain(new String[] {"cbw", "cwde", "cwd", "cdq"}[rnd.nextInt(4)]);
            case 4 -> {
                String op = rnd.nextBoolean() ? "movzx " : "movsx ";
                switch (rnd.nextInt(3)) {
                    case 0 -> plain(op + dst(16) + ", " + (rnd.nextBoolean() ? src(8) : mem(8)));
                    case 1 -> plain(op + dst(32) + ", " + (rnd.nextBoolean() ? src(8) : mem(8)));
                    default -> plain(op + dst(32) + ", " + (rnd.nextBoolean() ? src(16) : mem(16)));
                }
            }
            case 5, 6 -> plain("lea " + dst(pickSize1632()) + ", " + address());
            case 7 -> {
                int size = pickSize();
                plain("xchg " + dst(size) + ", " + (rnd.nextBoolean() ? dst(size) : mem(size)));
            }
            case 8 -> {
                int size = pickSize();
                plain("mov " + dst(size) + ", " + (rnd.nextBoolean() ? src(size) : mem(size)));
            }
            default -> {
                int size = pickSize();
                plain("mov " + mem(size) + ", " + (rnd.nextBoolean() ? src(size) : immText(size)));
            }
        }
    }

    /** An address expression for LEA: 32-bit forms with base, index, scale, displacement; 16-bit forms. */
    private String address() {
        if (rnd.nextInt(4) == 0) {
            String[] forms = {"bx+si", "bx+di", "bp+si", "bp+di", "si", "di", "bp", "bx"};
            return "[" + forms[rnd.nextInt(forms.length)] + "+" + rnd.nextInt(0x10000) + "]";
        }
        StringBuilder b = new StringBuilder("[");
        boolean any = false;
        if (rnd.nextInt(4) != 0) {
            b.append(R32[rnd.nextInt(8)]);
            any = true;
        }
        if (rnd.nextBoolean()) {
            int index;
            do {
                index = rnd.nextInt(8);
            } while (index == 4);
            b.append(any ? "+" : "").append(R32[index]).append('*').append(1 << rnd.nextInt(4));
            any = true;
        }
        int disp = rnd.nextInt(3) == 0 ? 0 : rnd.nextBoolean() ? rnd.nextInt(256) - 128 : rnd.nextInt();
        if (!any || disp != 0) {
            b.append(any ? "+" : "").append(hex(disp, 32));
        }
        return b.append(']').toString();
    }
}
