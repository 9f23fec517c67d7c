package org.tessera.cpu.core.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertArith;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertArithMasked;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.hex;

import org.junit.jupiter.api.Test;

/**
 * DAA, DAS, AAA, AAS (exhaustive against the Intel pseudocode), AAM and AAD.
 */
class BcdTest {

    private static final int CF = Flags.CF;
    private static final int PF = Flags.PF;
    private static final int AF = Flags.AF;
    private static final int ZF = Flags.ZF;
    private static final int SF = Flags.SF;
    private static final int OF = Flags.OF;

    private static final int[] AH_VALUES = {0x00, 0x01, 0x12, 0x7F, 0x80, 0xFE, 0xFF};

    private final LazyFlags lf = new LazyFlags();
    private final Alu alu = new Alu(lf);

    // ------------------------------------------------------------------ manual pseudocode

    /** Sign, zero and parity of a byte, as EFLAGS bits. */
    private static int szp(int al) {
        int f = 0;
        if ((al & 0x80) != 0) {
            f |= SF;
        }
        if (al == 0) {
            f |= ZF;
        }
        int ones = 0;
        for (int i = 0; i < 8; i++) {
            ones += (al >> i) & 1;
        }
        if (ones % 2 == 0) {
            f |= PF;
        }
        return f;
    }

    /** DAA per the SDM. Returns AX | flags << 16 (OF not defined, left 0). */
    private static int refDaa(int ax, boolean afIn, boolean cfIn) {
        int al = ax & 0xFF;
        int oldAl = al;
        boolean oldCf = cfIn;
        boolean cf = false;
        boolean af;
        if ((al & 0x0F) > 9 || afIn) {
            int sum = al + 6;
            al = sum & 0xFF;
            cf = oldCf || sum > 0xFF;
            af = true;
        } else {
            af = false;
        }
        if (oldAl > 0x99 || oldCf) {
            al = (al + 0x60) & 0xFF;
            cf = true;
        } else {
            cf = false;
        }
        int f = szp(al) | (cf ? CF : 0) | (af ? AF : 0);
        return (ax & 0xFF00) | al | (f << 16);
    }

    /** DAS per the SDM. */
    private static int refDas(int ax, boolean afIn, boolean cfIn) {
        int al = ax & 0xFF;
        int oldAl = al;
        boolean oldCf = cfIn;
        boolean cf = false;
        boolean af;
        if ((al & 0x0F) > 9 || afIn) {
            int diff = al - 6;
            al = diff & 0xFF;
            cf = oldCf || diff < 0;
            af = true;
        } else {
            af = false;
        }
        if (oldAl > 0x99 || oldCf) {
            al = (al - 0x60) & 0xFF;
            cf = true;
        }
        int f = szp(al) | (cf ? CF : 0) | (af ? AF : 0);
        return (ax & 0xFF00) | al | (f << 16);
    }

    /** AAA per the SDM (AX + 106H). Only AF and CF are defined. */
    private static int refAaa(int ax, boolean afIn) {
        int f;
        if ((ax & 0x0F) > 9 || afIn) {
            ax = (ax + 0x106) & 0xFFFF;
            f = AF | CF;
        } else {
            f = 0;
        }
        ax = (ax & 0xFF00) | (ax & 0x0F);
        return ax | (f << 16);
    }

    /** AAS per the SDM (AX - 6, AH - 1). Only AF and CF are defined. */
    private static int refAas(int ax, boolean afIn) {
        int f;
        if ((ax & 0x0F) > 9 || afIn) {
            ax = (ax - 6) & 0xFFFF;
            int ah = ((ax >> 8) - 1) & 0xFF;
            ax = (ah << 8) | (ax & 0xFF);
            f = AF | CF;
        } else {
            f = 0;
        }
        ax = (ax & 0xFF00) | (ax & 0x0F);
        return ax | (f << 16);
    }

    private void setAfCf(boolean af, boolean cf, int other) {
        lf.setArith(other | (af ? AF : 0) | (cf ? CF : 0));
    }

    // ------------------------------------------------------------------ exhaustive

    @Test
    void daaDasExhaustive() {
        int n = 0;
        for (int ah : AH_VALUES) {
            for (int al = 0; al < 256; al++) {
                int ax = (ah << 8) | al;
                for (int in = 0; in < 4; in++) {
                    boolean af = (in & 1) != 0;
                    boolean cf = (in & 2) != 0;
                    String ctx = " AX=" + hex(ax) + " AF=" + af + " CF=" + cf;

                    int ref = refDaa(ax, af, cf);
                    setAfCf(af, cf, OF | SF | ZF | PF);
                    assertEquals(hex(ref & 0xFFFF), hex(alu.daa(ax)), "daa" + ctx);
                    assertArithMasked(ref >>> 16, Flags.ARITH & ~OF, lf, "daa" + ctx);

                    ref = refDas(ax, af, cf);
                    setAfCf(af, cf, 0);
                    assertEquals(hex(ref & 0xFFFF), hex(alu.das(ax)), "das" + ctx);
                    assertArithMasked(ref >>> 16, Flags.ARITH & ~OF, lf, "das" + ctx);
                    n++;
                }
            }
        }
        assertEquals(AH_VALUES.length * 1024, n);
    }

    @Test
    void aaaAasExhaustive() {
        for (int ah : AH_VALUES) {
            for (int al = 0; al < 256; al++) {
                int ax = (ah << 8) | al;
                for (int in = 0; in < 4; in++) {
                    boolean af = (in & 1) != 0;
                    boolean cf = (in & 2) != 0;
                    String ctx = " AX=" + hex(ax) + " AF=" + af + " CF=" + cf;

                    int ref = refAaa(ax, af);
                    setAfCf(af, cf, SF | ZF | PF | OF);
                    int got = alu.aaa(ax);
                    assertEquals(hex(ref & 0xFFFF), hex(got), "aaa" + ctx);
                    assertArithMasked(ref >>> 16, AF | CF, lf, "aaa" + ctx);
                    // documented choice for the undefined flags
                    assertArithMasked(szp(got & 0xFF), SF | ZF | PF | OF, lf, "aaa undefined flags" + ctx);

                    ref = refAas(ax, af);
                    setAfCf(af, cf, SF | OF);
                    got = alu.aas(ax);
                    assertEquals(hex(ref & 0xFFFF), hex(got), "aas" + ctx);
                    assertArithMasked(ref >>> 16, AF | CF, lf, "aas" + ctx);
                    assertArithMasked(szp(got & 0xFF), SF | ZF | PF | OF, lf, "aas undefined flags" + ctx);
                }
            }
        }
    }

    @Test
    void aamAadExhaustive() {
        for (int ax = 0; ax < 0x10000; ax += 0x37) {
            for (int base = 1; base < 256; base++) {
                int al = ax & 0xFF;
                int ah = ax >> 8;
                int got = alu.aam(ax, base);
                assertEquals(hex(((al / base) << 8) | (al % base)), hex(got), "aam " + hex(ax) + "," + base);
                assertArith(szp(got & 0xFF), lf, "aam flags");
                got = alu.aad(ax, base);
                assertEquals(hex((al + ah * base) & 0xFF), hex(got), "aad " + hex(ax) + "," + base);
                assertArith(szp(got), lf, "aad flags");
            }
        }
    }

    // ------------------------------------------------------------------ hand-checked

    @Test
    void daaAfterAdd() {
        int al = alu.add(8, 0x79, 0x35); // 0xAE, AF=0, CF=0
        assertEquals(0xAE, al);
        assertEquals(hex(0x0014), hex(alu.daa(al)), "79 + 35 = 114");
        assertArith(CF | AF | PF, lf, "daa: 0x14 has even parity; OF: 0xAE + 0x66 no overflow");
        al = alu.add(8, 0x38, 0x45); // 0x7D
        assertEquals(hex(0x83), hex(alu.daa(al)), "38 + 45 = 83");
        assertArith(AF | SF | OF, lf, "0x7D + 6 = 0x83: signed overflow (documented OF choice)");
        al = alu.add(8, 0x50, 0x50); // 0xA0
        assertEquals(hex(0x00), hex(alu.daa(al)), "50 + 50 = 100");
        assertArith(CF | ZF | PF, lf, "daa 0xA0");
    }

    @Test
    void dasAfterSub() {
        int al = alu.sub(8, 0x35, 0x47); // 0xEE, AF=1, CF=1
        assertEquals(0xEE, al);
        assertEquals(hex(0x88), hex(alu.das(al)), "35 - 47 = -12 -> 88 borrow");
        assertArith(CF | AF | SF | PF, lf, "das");
        lf.setArith(AF);
        assertEquals(hex(0xFF), hex(alu.das(0x05)), "AL=5 AF=1: borrow of AL-6 sets CF without -60");
        assertArith(CF | AF | SF | PF, lf, "das AL=5");
    }

    @Test
    void aaaAasHandChecked() {
        alu.add(8, 0x09, 0x08); // AL = 0x11, AF = 1
        assertEquals(hex(0x0107), hex(alu.aaa(0x0011)), "9 + 8 = 17");
        assertArith(CF | AF, lf, "aaa: AL=7 odd parity");
        lf.setArith(0);
        assertEquals(hex(0x0200), hex(alu.aaa(0x00FA)), "AL=FA carries into AH (AX + 106H)");
        assertArith(CF | AF | ZF | PF, lf, "aaa AL=FA");
        lf.setArith(CF);
        assertEquals(hex(0x0505), hex(alu.aaa(0x0505)), "no adjustment clears CF");
        assertArith(PF, lf, "aaa no adjustment");
        alu.sub(8, 0x02, 0x05); // AL = 0xFD, AF = 1
        assertEquals(hex(0xFF07), hex(alu.aas(0x00FD)), "2 - 5 = -3 -> 7 borrow");
        assertArith(CF | AF, lf, "aas");
        lf.setArith(AF);
        assertEquals(hex(0x010D), hex(alu.aas(0x0303)), "AL=3: AX-6 = 02FD borrows from AH, then AH-1");
        assertArith(CF | AF, lf, "aas AL=3");
    }

    @Test
    void aamAadHandChecked() {
        assertEquals(hex(0x0709), hex(alu.aam(0x004F, 10)));
        assertArith(PF, lf, "aam 79");
        assertEquals(hex(0x0F0F), hex(alu.aam(0x12FF, 16)));
        assertArith(PF, lf, "aam base 16");
        assertEquals(hex(0x004F), hex(alu.aad(0x0709, 10)));
        assertArith(0, lf, "aad 79");
        assertEquals(hex(0x00A5), hex(alu.aad(0x1A05, 16)));
        assertArith(SF | PF, lf, "aad wraps to 8 bits");
        assertEquals(hex(0x0000), hex(alu.aad(0xFF00, 0)));
        assertArith(ZF | PF, lf, "aad base 0");
        lf.setArith(CF | ZF);
        assertThrows(DivideErrorException.class, () -> alu.aam(0x0012, 0));
        assertThrows(DivideErrorException.class, () -> alu.aam(0x0012, 0x100), "imm8 masked to 0");
        assertArith(CF | ZF, lf, "faulting AAM changes no flags");
    }
}
