package org.tessera.cpu.core.internal.disasm;

import java.util.HashMap;
import java.util.Map;

/**
 * The opcode maps of the 8086 .. 486 integer instruction set, transcribed from the opcode tables
 * of the Intel manuals (one-byte map, two-byte {@code 0F} map, ModR/M group tables) into compact
 * text specifications, and parsed once into {@link Entry} objects.
 *
 * <h2>Specification syntax</h2>
 * {@code "mnemonic[/mnemonic32] [operand{,operand}] [;flags]"}:
 * <ul>
 * <li>{@code mnemonic/mnemonic32}: the second name is used when the operand size is 32 bits
 *     (for example {@code cbw/cwde}); with flag {@code A} it is chosen by the address size.</li>
 * <li>operands, in Intel order, use the manual's addressing-method letters:
 *     {@code E} ModR/M r/m, {@code G} ModR/M reg as a general register, {@code S} reg as a segment
 *     register, {@code C}/{@code D}/{@code T} reg as a control/debug/test register, {@code R} r/m as
 *     a 32-bit register whatever the mod field, {@code M} memory only, {@code I} immediate,
 *     {@code J} relative branch target, {@code A} far pointer, {@code O} memory offset
 *     (moffs), {@code Z} general register from the low three opcode bits; followed by the size
 *     letter {@code b} byte, {@code w} word, {@code d} dword, {@code v} operand size, {@code p} far
 *     pointer, {@code a} BOUND pair. Special codes: {@code Ibs} imm8 sign-extended to the operand
 *     size, {@code Jbs} short rel8 (printed with {@code short}), {@code Evw} register of operand
 *     size or word memory (MOV from a segment register), {@code 1} the constant one, and fixed
 *     registers in lower case: {@code al}, {@code cl}, {@code dx}, {@code acc} (AX or EAX by operand
 *     size), {@code es} .. {@code gs}. A
 *     trailing {@code !} forces the size keyword on a memory operand (MOVZX/MOVSX sources).</li>
 * <li>flags: {@code s} string instruction reading DS:SI (a segment override is printed as a
 *     prefix word), {@code d} string instruction using only ES:DI, {@code e} REP is spelt
 *     {@code repe} (CMPS/SCAS), {@code a} address-size sensitive without memory operand (LOOPcc,
 *     XLAT), {@code A} mnemonic chosen by address size (JCXZ), {@code o} operand size invisible in
 *     the text (an {@code o16}/{@code o32} word is printed when a 66h prefix is present).</li>
 * </ul>
 * Markers instead of a specification: {@code null} undefined opcode, {@code "~"} prefix byte,
 * {@code "^"} two-byte escape, {@code "%"} x87 escape (see {@link Decoder}), {@code "@name"}
 * ModR/M group (the reg field selects one of eight specifications in a group table).
 */
final class OpcodeTables {

    private OpcodeTables() {
    }

    /** Kinds of map entries. */
    enum Kind {
        /** A decodable instruction. */
        INSN,
        /** A prefix byte. */
        PREFIX,
        /** The 0F two-byte escape. */
        ESCAPE_0F,
        /** A floating-point (x87) escape, D8..DF. */
        X87,
        /** A ModR/M group. */
        GROUP
    }

    /**
     * One parsed map entry.
     *
     * @param kind what the entry is
     * @param mnemonic the mnemonic for 16-bit operand (or address) size
     * @param mnemonic32 the mnemonic for 32-bit size
     * @param operands operand codes (see the class comment)
     * @param flags flag letters (see the class comment)
     * @param group the eight entries of a ModR/M group, or {@code null}
     */
    record Entry(Kind kind, String mnemonic, String mnemonic32, String[] operands, String flags,
            Entry[] group) {

        /** @return whether any operand needs a ModR/M byte */
        boolean needsModrm() {
            for (String op : operands) {
                if ("EGSCDTRM".indexOf(op.charAt(0)) >= 0) {
                    return true;
                }
            }
            return false;
        }

        /**
         * @param f a flag letter
         * @return whether the entry has the flag
         */
        boolean has(char f) {
            return flags.indexOf(f) >= 0;
        }
    }

    /** Names of the condition codes 0..15, as used by Jcc and SETcc. */
    static final String[] CONDITIONS = {
        "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g"
    };

    private static final String[] ONE_BYTE_SPEC = new String[256];
    private static final String[] TWO_BYTE_SPEC = new String[256];
    private static final Map<String, String[]> GROUP_SPEC = new HashMap<>();

    /** Parsed one-byte map. */
    static final Entry[] ONE_BYTE = new Entry[256];
    /** Parsed two-byte (0F xx) map. */
    static final Entry[] TWO_BYTE = new Entry[256];

    static {
        String[] s = ONE_BYTE_SPEC;
        String[] alu = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
        for (int i = 0; i < 8; i++) {
            int b = i << 3;
            s[b] = alu[i] + " Eb,Gb";
            s[b + 1] = alu[i] + " Ev,Gv";
            s[b + 2] = alu[i] + " Gb,Eb";
            s[b + 3] = alu[i] + " Gv,Ev";
            s[b + 4] = alu[i] + " al,Ib";
            s[b + 5] = alu[i] + " acc,Iv";
        }
        s[0x06] = "push es;o";
        s[0x07] = "pop es;o";
        s[0x0E] = "push cs;o";
        s[0x0F] = "^";
        s[0x16] = "push ss;o";
        s[0x17] = "pop ss;o";
        s[0x1E] = "push ds;o";
        s[0x1F] = "pop ds;o";
        s[0x26] = "~";
        s[0x27] = "daa";
        s[0x2E] = "~";
        s[0x2F] = "das";
        s[0x36] = "~";
        s[0x37] = "aaa";
        s[0x3E] = "~";
        s[0x3F] = "aas";
        for (int r = 0; r < 8; r++) {
            s[0x40 + r] = "inc Zv";
            s[0x48 + r] = "dec Zv";
            s[0x50 + r] = "push Zv";
            s[0x58 + r] = "pop Zv";
            s[0x70 + r] = "j" + CONDITIONS[r] + " Jbs";
            s[0x78 + r] = "j" + CONDITIONS[r + 8] + " Jbs";
            s[0x90 + r] = r == 0 ? "nop" : "xchg Zv,acc";
            s[0xB0 + r] = "mov Zb,Ib";
            s[0xB8 + r] = "mov Zv,Iv";
            s[0xD8 + r] = "%";
        }
        s[0x60] = "pusha/pushad";
        s[0x61] = "popa/popad";
        s[0x62] = "bound Gv,Ma";
        s[0x63] = "arpl Ew,Gw";
        s[0x64] = "~";
        s[0x65] = "~";
        s[0x66] = "~";
        s[0x67] = "~";
        s[0x68] = "push Iv;o";
        s[0x69] = "imul Gv,Ev,Iv";
        s[0x6A] = "push Ibs;o";
        s[0x6B] = "imul Gv,Ev,Ibs";
        s[0x6C] = "insb;d";
        s[0x6D] = "insw/insd;d";
        s[0x6E] = "outsb;s";
        s[0x6F] = "outsw/outsd;s";
        s[0x80] = "@80";
        s[0x81] = "@81";
        s[0x82] = "@80";
        s[0x83] = "@83";
        s[0x84] = "test Eb,Gb";
        s[0x85] = "test Ev,Gv";
        s[0x86] = "xchg Gb,Eb";
        s[0x87] = "xchg Gv,Ev";
        s[0x88] = "mov Eb,Gb";
        s[0x89] = "mov Ev,Gv";
        s[0x8A] = "mov Gb,Eb";
        s[0x8B] = "mov Gv,Ev";
        s[0x8C] = "mov Evw,Sw";
        s[0x8D] = "lea Gv,M";
        s[0x8E] = "mov Sw,Ew";
        s[0x8F] = "@8F";
        s[0x98] = "cbw/cwde";
        s[0x99] = "cwd/cdq";
        s[0x9A] = "call Ap";
        s[0x9B] = "wait";
        s[0x9C] = "pushf/pushfd";
        s[0x9D] = "popf/popfd";
        s[0x9E] = "sahf";
        s[0x9F] = "lahf";
        s[0xA0] = "mov al,Ob";
        s[0xA1] = "mov acc,Ov";
        s[0xA2] = "mov Ob,al";
        s[0xA3] = "mov Ov,acc";
        s[0xA4] = "movsb;s";
        s[0xA5] = "movsw/movsd;s";
        s[0xA6] = "cmpsb;se";
        s[0xA7] = "cmpsw/cmpsd;se";
        s[0xA8] = "test al,Ib";
        s[0xA9] = "test acc,Iv";
        s[0xAA] = "stosb;d";
        s[0xAB] = "stosw/stosd;d";
        s[0xAC] = "lodsb;s";
        s[0xAD] = "lodsw/lodsd;s";
        s[0xAE] = "scasb;de";
        s[0xAF] = "scasw/scasd;de";
        s[0xC0] = "@C0";
        s[0xC1] = "@C1";
        s[0xC2] = "ret Iw;o";
        s[0xC3] = "ret;o";
        s[0xC4] = "les Gv,Mp";
        s[0xC5] = "lds Gv,Mp";
        s[0xC6] = "@C6";
        s[0xC7] = "@C7";
        s[0xC8] = "enter Iw,Ib;o";
        s[0xC9] = "leave;o";
        s[0xCA] = "retf Iw;o";
        s[0xCB] = "retf;o";
        s[0xCC] = "int3";
        s[0xCD] = "int Ib";
        s[0xCE] = "into";
        s[0xCF] = "iret/iretd";
        s[0xD0] = "@D0";
        s[0xD1] = "@D1";
        s[0xD2] = "@D2";
        s[0xD3] = "@D3";
        s[0xD4] = "aam Ib";
        s[0xD5] = "aad Ib";
        s[0xD6] = "salc";
        s[0xD7] = "xlatb;s";
        s[0xE0] = "loopne Jb;a";
        s[0xE1] = "loope Jb;a";
        s[0xE2] = "loop Jb;a";
        s[0xE3] = "jcxz/jecxz Jb;A";
        s[0xE4] = "in al,Ib";
        s[0xE5] = "in acc,Ib";
        s[0xE6] = "out Ib,al";
        s[0xE7] = "out Ib,acc";
        s[0xE8] = "call Jv";
        s[0xE9] = "jmp Jv";
        s[0xEA] = "jmp Ap";
        s[0xEB] = "jmp Jbs";
        s[0xEC] = "in al,dx";
        s[0xED] = "in acc,dx";
        s[0xEE] = "out dx,al";
        s[0xEF] = "out dx,acc";
        s[0xF0] = "~";
        s[0xF1] = "int1";
        s[0xF2] = "~";
        s[0xF3] = "~";
        s[0xF4] = "hlt";
        s[0xF5] = "cmc";
        s[0xF6] = "@F6";
        s[0xF7] = "@F7";
        s[0xF8] = "clc";
        s[0xF9] = "stc";
        s[0xFA] = "cli";
        s[0xFB] = "sti";
        s[0xFC] = "cld";
        s[0xFD] = "std";
        s[0xFE] = "@FE";
        s[0xFF] = "@FF";

        String[] t = TWO_BYTE_SPEC;
        t[0x00] = "@0F00";
        t[0x01] = "@0F01";
        t[0x02] = "lar Gv,Ew";
        t[0x03] = "lsl Gv,Ew";
        t[0x05] = "loadall286";
        t[0x06] = "clts";
        t[0x07] = "loadall";
        t[0x08] = "invd";
        t[0x09] = "wbinvd";
        t[0x0B] = "ud2";
        t[0x20] = "mov Rd,Cd";
        t[0x21] = "mov Rd,Dd";
        t[0x22] = "mov Cd,Rd";
        t[0x23] = "mov Dd,Rd";
        t[0x24] = "mov Rd,Td";
        t[0x26] = "mov Td,Rd";
        t[0x30] = "wrmsr";
        t[0x31] = "rdtsc";
        t[0x32] = "rdmsr";
        for (int c = 0; c < 16; c++) {
            t[0x80 + c] = "j" + CONDITIONS[c] + " Jv";
            t[0x90 + c] = "set" + CONDITIONS[c] + " Eb";
        }
        t[0xA0] = "push fs;o";
        t[0xA1] = "pop fs;o";
        t[0xA2] = "cpuid";
        t[0xA3] = "bt Ev,Gv";
        t[0xA4] = "shld Ev,Gv,Ib";
        t[0xA5] = "shld Ev,Gv,cl";
        t[0xA8] = "push gs;o";
        t[0xA9] = "pop gs;o";
        t[0xAA] = "rsm";
        t[0xAB] = "bts Ev,Gv";
        t[0xAC] = "shrd Ev,Gv,Ib";
        t[0xAD] = "shrd Ev,Gv,cl";
        t[0xAF] = "imul Gv,Ev";
        t[0xB0] = "cmpxchg Eb,Gb";
        t[0xB1] = "cmpxchg Ev,Gv";
        t[0xB2] = "lss Gv,Mp";
        t[0xB3] = "btr Ev,Gv";
        t[0xB4] = "lfs Gv,Mp";
        t[0xB5] = "lgs Gv,Mp";
        t[0xB6] = "movzx Gv,Eb!";
        t[0xB7] = "movzx Gv,Ew!";
        t[0xBA] = "@0FBA";
        t[0xBB] = "btc Ev,Gv";
        t[0xBC] = "bsf Gv,Ev";
        t[0xBD] = "bsr Gv,Ev";
        t[0xBE] = "movsx Gv,Eb!";
        t[0xBF] = "movsx Gv,Ew!";
        t[0xC0] = "xadd Eb,Gb";
        t[0xC1] = "xadd Ev,Gv";
        for (int r = 0; r < 8; r++) {
            t[0xC8 + r] = "bswap Zd";
        }

        String[] shifts = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
        group("80", alu, "Eb,Ib");
        group("81", alu, "Ev,Iv");
        group("83", alu, "Ev,Ibs");
        group("8F", new String[] {"pop", null, null, null, null, null, null, null}, "Ev");
        group("C0", shifts, "Eb,Ib");
        group("C1", shifts, "Ev,Ib");
        group("D0", shifts, "Eb,1");
        group("D1", shifts, "Ev,1");
        group("D2", shifts, "Eb,cl");
        group("D3", shifts, "Ev,cl");
        group("C6", new String[] {"mov", null, null, null, null, null, null, null}, "Eb,Ib");
        group("C7", new String[] {"mov", null, null, null, null, null, null, null}, "Ev,Iv");
        GROUP_SPEC.put("F6", new String[] {
            "test Eb,Ib", "test Eb,Ib", "not Eb", "neg Eb", "mul Eb", "imul Eb", "div Eb",
            "idiv Eb"});
        GROUP_SPEC.put("F7", new String[] {
            "test Ev,Iv", "test Ev,Iv", "not Ev", "neg Ev", "mul Ev", "imul Ev", "div Ev",
            "idiv Ev"});
        GROUP_SPEC.put("FE", new String[] {"inc Eb", "dec Eb", null, null, null, null, null, null});
        GROUP_SPEC.put("FF", new String[] {
            "inc Ev", "dec Ev", "call Ev", "call Mp", "jmp Ev", "jmp Mp", "push Ev", null});
        GROUP_SPEC.put("0F00", new String[] {
            "sldt Ew", "str Ew", "lldt Ew", "ltr Ew", "verr Ew", "verw Ew", null, null});
        GROUP_SPEC.put("0F01", new String[] {
            "sgdt M", "sidt M", "lgdt M", "lidt M", "smsw Ew", null, "lmsw Ew", "invlpg M"});
        GROUP_SPEC.put("0FBA", new String[] {
            null, null, null, null, "bt Ev,Ib", "bts Ev,Ib", "btr Ev,Ib", "btc Ev,Ib"});

        for (int i = 0; i < 256; i++) {
            ONE_BYTE[i] = parse(ONE_BYTE_SPEC[i]);
            TWO_BYTE[i] = parse(TWO_BYTE_SPEC[i]);
        }
    }

    private static void group(String name, String[] mnemonics, String operands) {
        String[] g = new String[8];
        for (int i = 0; i < 8; i++) {
            g[i] = mnemonics[i] == null ? null : mnemonics[i] + " " + operands;
        }
        GROUP_SPEC.put(name, g);
    }

    private static Entry parse(String spec) {
        if (spec == null) {
            return null;
        }
        switch (spec.charAt(0)) {
            case '~':
                return new Entry(Kind.PREFIX, "", "", new String[0], "", null);
            case '^':
                return new Entry(Kind.ESCAPE_0F, "", "", new String[0], "", null);
            case '%':
                return new Entry(Kind.X87, "", "", new String[0], "", null);
            case '@': {
                String[] g = GROUP_SPEC.get(spec.substring(1));
                Entry[] members = new Entry[8];
                for (int i = 0; i < 8; i++) {
                    members[i] = parse(g[i]);
                }
                return new Entry(Kind.GROUP, "", "", new String[0], "", members);
            }
            default:
                break;
        }
        String flags = "";
        int semi = spec.indexOf(';');
        if (semi >= 0) {
            flags = spec.substring(semi + 1);
            spec = spec.substring(0, semi);
        }
        String names = spec;
        String[] operands = new String[0];
        int space = spec.indexOf(' ');
        if (space >= 0) {
            names = spec.substring(0, space);
            operands = spec.substring(space + 1).split(",");
        }
        int slash = names.indexOf('/');
        String m16 = slash >= 0 ? names.substring(0, slash) : names;
        String m32 = slash >= 0 ? names.substring(slash + 1) : names;
        return new Entry(Kind.INSN, m16, m32, operands, flags, null);
    }
}
