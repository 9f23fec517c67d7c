package org.tessera.cpu.core.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertArith;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.hex;

import org.junit.jupiter.api.Test;

/** Hand-checked ADD, ADC, SUB, SBB, CMP, NEG, INC, DEC and logic cases at all sizes. */
class ArithmeticTest {

    private static final int CF = Flags.CF;
    private static final int PF = Flags.PF;
    private static final int AF = Flags.AF;
    private static final int ZF = Flags.ZF;
    private static final int SF = Flags.SF;
    private static final int OF = Flags.OF;

    private final LazyFlags lf = new LazyFlags();
    private final Alu alu = new Alu(lf);

    private void expect(int result, int flags, int actual, String what) {
        assertEquals(hex(result), hex(actual), what + ": result");
        assertArith(flags, lf, what);
    }

    private void carry(boolean c) {
        lf.setArith(c ? CF : 0);
    }

    @Test
    void add8() {
        expect(0x80, OF | SF | AF, alu.add(8, 0x7F, 0x01), "7F+01");
        expect(0x00, CF | PF | AF | ZF, alu.add(8, 0xFF, 0x01), "FF+01");
        expect(0x00, CF | OF | ZF | PF, alu.add(8, 0x80, 0x80), "80+80");
        expect(0x03, PF, alu.add(8, 0x01, 0x02), "01+02");
        expect(0x00, CF | PF | AF | ZF, alu.add(8, 0x1234FF, 0xABC01), "high bits ignored");
        expect(0xFE, CF | SF | AF, alu.add(8, 0xFF, 0xFF), "FF+FF");
        expect(0x7F, CF | OF, alu.add(8, 0x80, 0xFF), "80+FF");
    }

    @Test
    void add16() {
        expect(0x8000, OF | SF | AF | PF, alu.add(16, 0x7FFF, 1), "7FFF+1");
        expect(0x0000, CF | PF | AF | ZF, alu.add(16, 0xFFFF, 1), "FFFF+1");
        expect(0x0000, CF | OF | ZF | PF, alu.add(16, 0x8000, 0x8000), "8000+8000");
        expect(0x7FFF, CF | OF | PF, alu.add(16, 0x8000, 0xFFFF), "8000+FFFF");
        expect(0x0100, AF | PF, alu.add(16, 0x00FF, 0x0001), "00FF+1: carry into bit 8 is not CF");
    }

    @Test
    void add32() {
        expect(0x80000000, OF | SF | AF | PF, alu.add(32, 0x7FFFFFFF, 1), "7FFFFFFF+1");
        expect(0, CF | PF | AF | ZF, alu.add(32, 0xFFFFFFFF, 1), "FFFFFFFF+1");
        expect(0, CF | OF | ZF | PF, alu.add(32, 0x80000000, 0x80000000), "80000000+80000000");
        expect(0x23456789, 0, alu.add(32, 0x12345678, 0x11111111), "12345678+11111111");
        expect(0x7FFFFFFF, CF | OF | PF, alu.add(32, 0x80000000, 0xFFFFFFFF), "80000000+FFFFFFFF");
        expect(0x00010000, AF | PF, alu.add(32, 0x0000FFFF, 1), "FFFF+1: no CF at 32 bits");
    }

    @Test
    void adcAccountsForCarryIn() {
        carry(true);
        expect(0xFF, CF | PF | AF | SF, alu.adc(8, 0xFF, 0xFF), "FF+FF+1");
        carry(true);
        expect(0x80, OF | SF | AF, alu.adc(8, 0x7F, 0x00), "7F+0+1");
        carry(true);
        expect(0x00, CF | ZF | AF | PF, alu.adc(8, 0xFF, 0x00), "FF+0+1");
        carry(true);
        expect(0x01, 0, alu.adc(8, 0x00, 0x00), "0+0+1");
        carry(false);
        expect(0xFF, SF | PF, alu.adc(8, 0xFF, 0x00), "FF+0+0");
        carry(true);
        expect(0x0000, CF | ZF | AF | PF, alu.adc(16, 0xFFFF, 0), "FFFF+0+1");
        carry(true);
        expect(0x8000, OF | SF | AF | PF, alu.adc(16, 0x7FFF, 0), "7FFF+0+1");
        carry(true);
        expect(0xFFFFFFFF, CF | PF | AF | SF, alu.adc(32, 0xFFFFFFFF, 0xFFFFFFFF), "32: FFFFFFFF+FFFFFFFF+1");
        carry(true);
        expect(0x80000000, OF | SF | AF | PF, alu.adc(32, 0x7FFFFFFF, 0), "32: 7FFFFFFF+0+1");
        carry(true);
        expect(0x00000000, CF | ZF | AF | PF, alu.adc(32, 0xFFFFFFFF, 0), "32: FFFFFFFF+0+1");
    }

    @Test
    void adcChainUsesLazyCarry() {
        // 64-bit add 0x00000001_FFFFFFFF + 0x00000000_00000001 via ADD then ADC
        int lo = alu.add(32, 0xFFFFFFFF, 1);
        int hi = alu.adc(32, 1, 0);
        assertEquals(0, lo);
        assertEquals(2, hi);
        assertFalse(lf.cf());
    }

    @Test
    void sub8() {
        expect(0x7F, OF | AF, alu.sub(8, 0x80, 0x01), "80-01");
        expect(0xFF, CF | AF | SF | PF, alu.sub(8, 0x00, 0x01), "00-01");
        expect(0x00, ZF | PF, alu.sub(8, 0x05, 0x05), "05-05");
        expect(0x80, OF | CF | SF, alu.sub(8, 0x7F, 0xFF), "7F-FF");
        expect(0x10, 0, alu.sub(8, 0x20, 0x10), "20-10");
    }

    @Test
    void sub16and32() {
        expect(0x7FFF, OF | AF | PF, alu.sub(16, 0x8000, 1), "8000-1");
        expect(0xFFFF, CF | AF | SF | PF, alu.sub(16, 0, 1), "0-1");
        expect(0x8000, OF | CF | SF | PF, alu.sub(16, 0x7FFF, 0xFFFF), "7FFF-FFFF");
        expect(0x7FFFFFFF, OF | AF | PF, alu.sub(32, 0x80000000, 1), "80000000-1");
        expect(0x80000000, OF | CF | SF | PF, alu.sub(32, 0x7FFFFFFF, 0xFFFFFFFF), "7FFFFFFF-FFFFFFFF");
        expect(0xFFFFFFFF, CF | AF | SF | PF, alu.sub(32, 0, 1), "0-1");
    }

    @Test
    void sbbAccountsForBorrowIn() {
        carry(true);
        expect(0xFF, CF | AF | SF | PF, alu.sbb(8, 0x00, 0x00), "0-0-1");
        carry(true);
        expect(0xFF, CF | AF | SF | PF, alu.sbb(8, 0x05, 0x05), "5-5-1");
        carry(true);
        expect(0x00, ZF | PF, alu.sbb(8, 0x06, 0x05), "6-5-1");
        carry(true);
        expect(0x7F, OF | AF, alu.sbb(8, 0x80, 0x00), "80-0-1");
        carry(true);
        expect(0x00, CF | AF | ZF | PF, alu.sbb(8, 0x00, 0xFF), "0-FF-1");
        carry(false);
        expect(0x00, ZF | PF, alu.sbb(8, 0x05, 0x05), "5-5-0");
        carry(true);
        expect(0x7FFF, OF | AF | PF, alu.sbb(16, 0x8000, 0), "8000-0-1");
        carry(true);
        expect(0, CF | AF | ZF | PF, alu.sbb(32, 0, 0xFFFFFFFF), "32: 0-FFFFFFFF-1");
        carry(true);
        expect(0x7FFFFFFF, OF | AF | PF, alu.sbb(32, 0x80000000, 0), "32: 80000000-0-1");
    }

    @Test
    void cmpSetsFlagsWithoutResult() {
        alu.cmp(8, 0x80, 0x7F);
        assertArith(OF | AF, lf, "cmp 80,7F");
        assertTrue(lf.condition(LazyFlags.CC_A), "unsigned 0x80 > 0x7F");
        assertTrue(lf.condition(LazyFlags.CC_L), "signed -128 < 127");
        alu.cmp(16, 0x1234, 0x1234);
        assertArith(ZF | PF, lf, "cmp equal");
        assertTrue(lf.condition(LazyFlags.CC_E));
        assertTrue(lf.condition(LazyFlags.CC_BE));
        assertTrue(lf.condition(LazyFlags.CC_LE));
        assertFalse(lf.condition(LazyFlags.CC_B));
        alu.cmp(32, 0x7FFFFFFF, 0x80000000);
        assertArith(OF | CF | SF | PF, lf, "cmp 7FFFFFFF,80000000");
        assertTrue(lf.condition(LazyFlags.CC_B));
        assertTrue(lf.condition(LazyFlags.CC_G));
    }

    @Test
    void neg() {
        expect(0x00, ZF | PF, alu.neg(8, 0), "neg 0: CF=0");
        expect(0x80, CF | OF | SF, alu.neg(8, 0x80), "neg 80");
        expect(0xFF, CF | AF | SF | PF, alu.neg(8, 1), "neg 1");
        expect(0x81, CF | AF | SF | PF, alu.neg(8, 0x7F), "neg 7F");
        expect(0x8000, CF | OF | SF | PF, alu.neg(16, 0x8000), "neg 8000");
        expect(0x0000, ZF | PF, alu.neg(16, 0x10000), "neg of 0 in 16 bits");
        expect(0x80000000, CF | OF | SF | PF, alu.neg(32, 0x80000000), "neg 80000000");
        expect(0xFFFFFFFF, CF | AF | SF | PF, alu.neg(32, 1), "neg 1 (32)");
    }

    @Test
    void incKeepsCarry() {
        carry(true);
        expect(0x80, CF | OF | SF | AF, alu.inc(8, 0x7F), "inc 7F, CF=1");
        carry(true);
        expect(0x00, CF | ZF | AF | PF, alu.inc(8, 0xFF), "inc FF, CF=1");
        carry(false);
        expect(0x00, ZF | AF | PF, alu.inc(8, 0xFF), "inc FF, CF=0");
        carry(false);
        expect(0x8000, OF | SF | AF | PF, alu.inc(16, 0x7FFF), "inc 7FFF");
        carry(false);
        expect(0, ZF | AF | PF, alu.inc(32, 0xFFFFFFFF), "inc FFFFFFFF");
        carry(true);
        expect(0x80000000, CF | OF | SF | AF | PF, alu.inc(32, 0x7FFFFFFF), "inc 7FFFFFFF");
        // carry produced lazily by a previous CMP survives INC
        alu.cmp(8, 1, 2);
        expect(0x01, CF, alu.inc(8, 0), "inc after cmp 1,2");
    }

    @Test
    void decKeepsCarry() {
        carry(false);
        expect(0x7F, OF | AF, alu.dec(8, 0x80), "dec 80");
        carry(false);
        expect(0xFF, AF | SF | PF, alu.dec(8, 0), "dec 0: CF stays 0");
        carry(true);
        expect(0xFF, CF | AF | SF | PF, alu.dec(8, 0), "dec 0, CF=1");
        carry(false);
        expect(0x7FFFFFFF, OF | AF | PF, alu.dec(32, 0x80000000), "dec 80000000");
        carry(false);
        expect(0, ZF | PF, alu.dec(16, 1), "dec 1");
        carry(true);
        expect(0x7FFF, CF | OF | AF | PF, alu.dec(16, 0x8000), "dec 8000, CF=1");
        alu.add(8, 0xFF, 1); // CF=1 lazily
        expect(0x0F, CF | AF | PF, alu.dec(8, 0x10), "dec after add carry");
    }

    @Test
    void logicClearsCfOfAf() {
        lf.setArith(Flags.ARITH);
        expect(0x00, ZF | PF, alu.and(8, 0xF0, 0x0F), "and F0,0F");
        lf.setArith(Flags.ARITH);
        expect(0x8001, SF, alu.or(16, 0x8000, 0x0001), "or 8000,1");
        lf.setArith(Flags.ARITH);
        expect(0xF0F0F0F0, SF | PF, alu.xor(32, 0xFFFFFFFF, 0x0F0F0F0F), "xor");
        lf.setArith(Flags.ARITH);
        alu.test(8, 0x81, 0x80);
        assertArith(SF, lf, "test 81,80");
        expect(0x34, 0, alu.and(8, 0x1234, 0xFF3C), "and masks to size");
        expect(0x0000, ZF | PF, alu.xor(16, 0x12345678, 0x5678), "xor to zero");
        alu.test(32, 0x80000000, 0xFFFFFFFF);
        assertArith(SF | PF, lf, "test 32");
    }
}
