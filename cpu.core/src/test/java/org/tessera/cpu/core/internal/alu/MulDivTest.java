package org.tessera.cpu.core.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertArith;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.hex;

import java.math.BigInteger;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MUL, IMUL (all forms), DIV and IDIV. */
class MulDivTest {

    private static final int CF = Flags.CF;
    private static final int PF = Flags.PF;
    private static final int ZF = Flags.ZF;
    private static final int SF = Flags.SF;
    private static final int OF = Flags.OF;

    private final LazyFlags lf = new LazyFlags();
    private final Alu alu = new Alu(lf);

    private static String lhex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static long packed(long rem, long quot) {
        return (rem << 32) | quot;
    }

    @Test
    void mulHandChecked() {
        assertEquals(lhex(0xFE01), lhex(alu.mul(8, 0xFF, 0xFF)));
        assertArith(CF | OF, lf, "mul8 FF*FF: low 01");
        assertEquals(lhex(0xF0), lhex(alu.mul(8, 0x10, 0x0F)));
        assertArith(SF | PF, lf, "mul8 10*0F: high 0, SF/PF from low half");
        assertEquals(lhex(0xFFFE0001L), lhex(alu.mul(16, 0xFFFF, 0xFFFF)));
        assertArith(CF | OF, lf, "mul16 FFFF*FFFF");
        assertEquals(lhex(0xFFFFFFFE00000001L), lhex(alu.mul(32, 0xFFFFFFFF, 0xFFFFFFFF)));
        assertArith(CF | OF, lf, "mul32 FFFFFFFF*FFFFFFFF");
        assertEquals(lhex(0x100000000L), lhex(alu.mul(32, 0x10000, 0x10000)));
        assertArith(CF | OF | ZF | PF, lf, "mul32 10000*10000");
        assertEquals(lhex(0), lhex(alu.mul(16, 0x12340000, 0xFFFF)));
        assertArith(ZF | PF, lf, "mul16 ignores high operand bits");
    }

    @Test
    void imulOneOperandHandChecked() {
        assertEquals(16384L, alu.imul(8, 0x80, 0x80));
        assertArith(CF | OF | ZF | PF, lf, "imul8 -128*-128");
        assertEquals(128L, alu.imul(8, 0xFF, 0x80));
        assertArith(CF | OF | SF, lf, "imul8 -1*-128");
        assertEquals(1L, alu.imul(8, 0xFF, 0xFF));
        assertArith(0, lf, "imul8 -1*-1");
        assertEquals(-127L, alu.imul(8, 0x7F, 0xFF));
        assertArith(SF | PF, lf, "imul8 127*-1 fits");
        assertEquals(32768L, alu.imul(16, 0x8000, 0xFFFF));
        assertArith(CF | OF | SF | PF, lf, "imul16 -32768*-1");
        assertEquals(0x80000000L, alu.imul(32, 0x80000000, 0xFFFFFFFF));
        assertArith(CF | OF | SF | PF, lf, "imul32 -2^31*-1");
        assertEquals(-0x80000000L, alu.imul(32, 0x80000000, 1));
        assertArith(SF | PF, lf, "imul32 -2^31*1 fits");
        assertEquals(0x4000000000000000L, alu.imul(32, 0x80000000, 0x80000000));
        assertArith(CF | OF | ZF | PF, lf, "imul32 -2^31*-2^31");
    }

    @Test
    void imulTruncatedHandChecked() {
        assertEquals(hex(0), hex(alu.imulTrunc(16, 0x100, 0x100)));
        assertArith(CF | OF | ZF | PF, lf, "imul16 100*100");
        assertEquals(hex(0xFFFFFFFA), hex(alu.imulTrunc(32, -2, 3)));
        assertArith(SF | PF, lf, "imul32 -2*3");
        assertEquals(hex(0x80000000), hex(alu.imulTrunc(32, 0x40000000, 2)));
        assertArith(CF | OF | SF | PF, lf, "imul32 40000000*2 overflows");
        assertEquals(hex(0x8000), hex(alu.imulTrunc(16, 0xC000, 2)));
        assertArith(SF | PF, lf, "imul16 -16384*2 = -32768 fits");
        assertEquals(hex(0x8000), hex(alu.imulTrunc(16, 0x4000, 2)));
        assertArith(CF | OF | SF | PF, lf, "imul16 16384*2 overflows");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void randomMultipliesMatchBigInteger(int size) {
        SplittableRandom rnd = new SplittableRandom(size * 31L);
        BigInteger mod = BigInteger.ONE.shiftLeft(size);
        BigInteger mod2 = BigInteger.ONE.shiftLeft(2 * size);
        for (int i = 0; i < 100_000; i++) {
            int a = rnd.nextInt();
            int b = rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(-3, 4);
            BigInteger ua = BigInteger.valueOf(a & 0xFFFFFFFFL).mod(mod);
            BigInteger ub = BigInteger.valueOf(b & 0xFFFFFFFFL).mod(mod);
            BigInteger sa = ua.testBit(size - 1) ? ua.subtract(mod) : ua;
            BigInteger sb = ub.testBit(size - 1) ? ub.subtract(mod) : ub;

            BigInteger up = ua.multiply(ub);
            long got = alu.mul(size, a, b);
            assertEquals(up.mod(mod2).longValue(), BigInteger.valueOf(got).mod(mod2).longValue(),
                    "mul" + size + " " + hex(a) + "*" + hex(b));
            assertEquals(up.compareTo(mod) >= 0, lf.cf(), "mul CF");
            assertEquals(lf.cf(), lf.of(), "mul OF = CF");

            BigInteger sp = sa.multiply(sb);
            got = alu.imul(size, a, b);
            assertEquals(sp.longValue(), got, "imul" + size + " " + hex(a) + "*" + hex(b));
            boolean fits = sp.bitLength() < size;
            assertEquals(!fits, lf.cf(), "imul CF");
            assertEquals(!fits, lf.of(), "imul OF");

            int t = alu.imulTrunc(size, a, b);
            assertEquals(sp.mod(mod).longValue(), t & 0xFFFFFFFFL, "imulTrunc" + size);
            assertEquals(!fits, lf.cf(), "imulTrunc CF");
            assertEquals(!fits, lf.of(), "imulTrunc OF");
        }
    }

    @Test
    void divHandChecked() {
        lf.setArith(CF | ZF | Flags.AF);
        assertEquals(lhex(packed(0, 0x80)), lhex(alu.div(8, 0x0100, 0x02)));
        assertEquals(lhex(packed(1, 0xFF)), lhex(alu.div(8, 0x01FF, 0x02)));
        assertEquals(lhex(packed(0, 0x8000)), lhex(alu.div(16, 0x00010000L, 0x0002)));
        assertEquals(lhex(packed(0xFFFE, 0xFFFF)), lhex(alu.div(16, 0xFFFEFFFFL, 0xFFFF)));
        assertEquals(lhex(packed(0xFFFFFFFEL, 0xFFFFFFFFL)), lhex(alu.div(32, 0xFFFFFFFEFFFFFFFFL, 0xFFFFFFFF)));
        assertEquals(lhex(packed(2, 14)), lhex(alu.div(32, 100, 7)));
        assertEquals(lhex(packed(0, 0x0F)), lhex(alu.div(8, 0xFFFF00FFL, 0x11)), "ignores bits above AX");
        assertArith(CF | ZF | Flags.AF, lf, "DIV leaves flags unchanged");
    }

    @Test
    void divFaults() {
        assertSame(DivideErrorException.INSTANCE,
                assertThrows(DivideErrorException.class, () -> alu.div(8, 0x0200, 2)));
        assertThrows(DivideErrorException.class, () -> alu.div(8, 5, 0));
        assertThrows(DivideErrorException.class, () -> alu.div(8, 5, 0x100), "divisor masked to 0");
        assertThrows(DivideErrorException.class, () -> alu.div(16, 0xFFFF0000L, 0xFFFF));
        assertThrows(DivideErrorException.class, () -> alu.div(16, 0x10000L, 1));
        assertThrows(DivideErrorException.class, () -> alu.div(32, 0xFFFFFFFF00000000L, 0xFFFFFFFF));
        assertThrows(DivideErrorException.class, () -> alu.div(32, 1L << 32, 1));
        assertThrows(DivideErrorException.class, () -> alu.div(32, 0, 0));
        assertEquals(0, DivideErrorException.INSTANCE.getStackTrace().length, "stackless");
    }

    @Test
    void idivHandChecked() {
        assertEquals(lhex(packed(0, 0x80)), lhex(alu.idiv(8, 0xFF80, 1)), "-128/1 = -128 allowed");
        assertEquals(lhex(packed(0, 0x80)), lhex(alu.idiv(8, 0x0080, 0xFF)), "128/-1 = -128 allowed");
        assertEquals(lhex(packed(0xFF, 0xFD)), lhex(alu.idiv(8, 0xFFF9, 2)), "-7/2 = -3 r -1");
        assertEquals(lhex(packed(0x01, 0xFD)), lhex(alu.idiv(8, 0x0007, 0xFE)), "7/-2 = -3 r 1");
        assertEquals(lhex(packed(0xFF, 0x03)), lhex(alu.idiv(8, 0xFFF9, 0xFE)), "-7/-2 = 3 r -1");
        assertEquals(lhex(packed(0, 0x8000)), lhex(alu.idiv(16, 0xFFFF8000L, 1)), "-32768/1");
        assertEquals(lhex(packed(0, 0x8000)), lhex(alu.idiv(16, 0x00008000L, 0xFFFF)), "32768/-1");
        assertEquals(lhex(packed(0, 0x80000000L)), lhex(alu.idiv(32, 0xFFFFFFFF80000000L, 1)), "-2^31/1");
        assertEquals(lhex(packed(0, 0x80000000L)), lhex(alu.idiv(32, 0x80000000L, -1)), "2^31/-1");
        assertEquals(lhex(packed(0xFFFFFFFFL, 0xFFFFFFFDL)), lhex(alu.idiv(32, -7L, 2)), "-7/2");
        assertEquals(lhex(packed(0, 0x80000001L)), lhex(alu.idiv(32, 0x3FFFFFFF80000000L, 0x80000000)),
                "(2^62 - 2^31) / -2^31 = -(2^31 - 1)");
    }

    @Test
    void idivFaults() {
        assertThrows(DivideErrorException.class, () -> alu.idiv(8, 0xFF80, 0xFF), "-128/-1 = 128");
        assertThrows(DivideErrorException.class, () -> alu.idiv(8, 0x0080, 1), "128/1");
        assertThrows(DivideErrorException.class, () -> alu.idiv(8, 0x1234, 0));
        assertThrows(DivideErrorException.class, () -> alu.idiv(16, 0xFFFF8000L, 0xFFFF));
        assertThrows(DivideErrorException.class, () -> alu.idiv(16, 0x00008000L, 1));
        assertThrows(DivideErrorException.class, () -> alu.idiv(32, Long.MIN_VALUE, -1));
        assertThrows(DivideErrorException.class, () -> alu.idiv(32, 0x80000000L, 1));
        assertThrows(DivideErrorException.class, () -> alu.idiv(32, 1, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void randomDividesMatchBigInteger(int size) {
        SplittableRandom rnd = new SplittableRandom(size * 77L);
        BigInteger mod = BigInteger.ONE.shiftLeft(size);
        BigInteger mod2 = BigInteger.ONE.shiftLeft(2 * size);
        BigInteger half = BigInteger.ONE.shiftLeft(size - 1);
        int faults = 0;
        for (int i = 0; i < 200_000; i++) {
            // half of the time smaller magnitudes, so that many divisions succeed
            final long dividend = rnd.nextBoolean() ? rnd.nextLong() >> rnd.nextInt(64) : rnd.nextLong();
            int divisor = rnd.nextInt(8) == 0 ? rnd.nextInt(-2, 3) : rnd.nextInt();
            BigInteger un = new BigInteger(Long.toUnsignedString(dividend)).mod(mod2);
            BigInteger ud = BigInteger.valueOf(divisor & 0xFFFFFFFFL).mod(mod);
            // unsigned
            if (ud.signum() == 0 || un.divide(ud).compareTo(mod) >= 0) {
                faults++;
                assertThrows(DivideErrorException.class, () -> alu.div(size, dividend, divisor));
            } else {
                BigInteger[] qr = un.divideAndRemainder(ud);
                long expect = packed(qr[1].longValue(), qr[0].longValue());
                assertEquals(lhex(expect), lhex(alu.div(size, dividend, divisor)),
                        "div" + size + " " + lhex(dividend) + "/" + hex(divisor));
            }
            // signed
            BigInteger sn = un.testBit(2 * size - 1) ? un.subtract(mod2) : un;
            BigInteger sd = ud.testBit(size - 1) ? ud.subtract(mod) : ud;
            if (sd.signum() == 0) {
                assertThrows(DivideErrorException.class, () -> alu.idiv(size, dividend, divisor));
                continue;
            }
            BigInteger[] qr = sn.divideAndRemainder(sd); // truncates toward zero like IDIV
            if (qr[0].compareTo(half) >= 0 || qr[0].compareTo(half.negate()) < 0) {
                assertThrows(DivideErrorException.class, () -> alu.idiv(size, dividend, divisor),
                        "idiv" + size + " " + lhex(dividend) + "/" + hex(divisor));
            } else {
                long expect = packed(qr[1].mod(mod).longValue(), qr[0].mod(mod).longValue());
                assertEquals(lhex(expect), lhex(alu.idiv(size, dividend, divisor)),
                        "idiv" + size + " " + lhex(dividend) + "/" + hex(divisor));
            }
        }
        // the sample must exercise both outcomes
        assertEquals(true, faults > 1000 && faults < 190_000, "faults: " + faults);
    }
}
