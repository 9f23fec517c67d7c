package org.tessera.cpu.core.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertArith;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertConsistent;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.hex;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Randomized cross-check of the lazy flags against an eager, textbook computation of each flag
 * from wide (long) arithmetic, plus condition-code and partial-update checks.
 */
class LazyFlagsCrossCheckTest {

    private static final int ROUNDS = 200_000;

    private static final int[] EDGES = {
        0, 1, 2, 0x0F, 0x10, 0x7E, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x100, 0x7FFF, 0x8000, 0x8001,
        0xFFFE, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE, 0xFFFFFFFF
    };

    private static final int[] SIZES = {8, 16, 32};

    private final LazyFlags lf = new LazyFlags();
    private final Alu alu = new Alu(lf);

    // ------------------------------------------------------------------ eager reference

    private static long umask(int size) {
        return (1L << size) - 1;
    }

    private static long signed(int size, long v) {
        int sh = 64 - size;
        return (v << sh) >> sh;
    }

    private static int szp(int size, long r) {
        int f = 0;
        if ((r & umask(size)) == 0) {
            f |= Flags.ZF;
        }
        if (((r >>> (size - 1)) & 1) != 0) {
            f |= Flags.SF;
        }
        int ones = 0;
        for (int i = 0; i < 8; i++) {
            ones += (int) (r >>> i) & 1;
        }
        if (ones % 2 == 0) {
            f |= Flags.PF;
        }
        return f;
    }

    /** Eager ADD/ADC: returns result | flags << 32. */
    private static long refAdd(int size, int a, int b, int c) {
        long m = umask(size);
        long ua = a & m;
        long ub = b & m;
        long sum = ua + ub + c;
        long r = sum & m;
        int f = szp(size, r);
        if (sum > m) {
            f |= Flags.CF;
        }
        long ssum = signed(size, ua) + signed(size, ub) + c;
        if (ssum != signed(size, r)) {
            f |= Flags.OF;
        }
        if ((ua & 0xF) + (ub & 0xF) + c > 0xF) {
            f |= Flags.AF;
        }
        return r | ((long) f << 32);
    }

    /** Eager SUB/SBB: returns result | flags << 32. */
    private static long refSub(int size, int a, int b, int c) {
        long m = umask(size);
        long ua = a & m;
        long ub = b & m;
        long diff = ua - ub - c;
        long r = diff & m;
        int f = szp(size, r);
        if (diff < 0) {
            f |= Flags.CF;
        }
        long sdiff = signed(size, ua) - signed(size, ub) - c;
        if (sdiff != signed(size, r)) {
            f |= Flags.OF;
        }
        if ((ua & 0xF) - (ub & 0xF) - c < 0) {
            f |= Flags.AF;
        }
        return r | ((long) f << 32);
    }

    private static int operand(SplittableRandom rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return EDGES[rnd.nextInt(EDGES.length)];
            case 1:
                return EDGES[rnd.nextInt(EDGES.length)] + rnd.nextInt(-2, 3);
            default:
                return rnd.nextInt();
        }
    }

    // ------------------------------------------------------------------ tests

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void randomOpsMatchEagerReference(int size) {
        SplittableRandom rnd = new SplittableRandom(0x5EED + size);
        long m = umask(size);
        for (int i = 0; i < ROUNDS; i++) {
            int a = operand(rnd);
            int b = operand(rnd);
            int before = rnd.nextInt() & Flags.ARITH;
            // put the flags into a random representation: eager, or lazily after some op
            if (rnd.nextBoolean()) {
                lf.setArith(before);
            } else {
                alu.add(32, rnd.nextInt(), rnd.nextInt());
                lf.setMasked(Flags.ARITH, before);
                if (lf.arith() != before) {
                    throw new AssertionError("setMasked(ARITH) did not store " + hex(before));
                }
            }
            int c = before & Flags.CF;
            int op = rnd.nextInt(12);
            long ref;
            int got;
            String what;
            switch (op) {
                case 0:
                    ref = refAdd(size, a, b, 0);
                    got = alu.add(size, a, b);
                    what = "add";
                    break;
                case 1:
                    ref = refAdd(size, a, b, c);
                    got = alu.adc(size, a, b);
                    what = "adc";
                    break;
                case 2:
                    ref = refSub(size, a, b, 0);
                    got = alu.sub(size, a, b);
                    what = "sub";
                    break;
                case 3:
                    ref = refSub(size, a, b, c);
                    got = alu.sbb(size, a, b);
                    what = "sbb";
                    break;
                case 4:
                    ref = refSub(size, a, b, 0);
                    alu.cmp(size, a, b);
                    got = (int) ref;
                    what = "cmp";
                    break;
                case 5:
                    ref = refSub(size, 0, a, 0);
                    got = alu.neg(size, a);
                    what = "neg";
                    break;
                case 6: {
                    long r = a & b & m;
                    ref = r | ((long) szp(size, r) << 32);
                    got = alu.and(size, a, b);
                    what = "and";
                    break;
                }
                case 7: {
                    long r = (a | b) & m;
                    ref = r | ((long) szp(size, r) << 32);
                    got = alu.or(size, a, b);
                    what = "or";
                    break;
                }
                case 8: {
                    long r = (a ^ b) & m;
                    ref = r | ((long) szp(size, r) << 32);
                    got = alu.xor(size, a, b);
                    what = "xor";
                    break;
                }
                case 9: {
                    long r = a & b & m;
                    ref = r | ((long) szp(size, r) << 32);
                    alu.test(size, a, b);
                    got = (int) r;
                    what = "test";
                    break;
                }
                case 10: {
                    long full = refAdd(size, a, 1, 0);
                    ref = (full & ~((long) Flags.CF << 32)) | ((long) c << 32);
                    got = alu.inc(size, a);
                    what = "inc";
                    break;
                }
                default: {
                    long full = refSub(size, a, 1, 0);
                    ref = (full & ~((long) Flags.CF << 32)) | ((long) c << 32);
                    got = alu.dec(size, a);
                    what = "dec";
                    break;
                }
            }
            String ctx = what + size + " " + hex(a) + "," + hex(b) + " flags before " + hex(before);
            assertEquals(hex((int) ref), hex(got), ctx + ": result");
            int expectFlags = (int) (ref >>> 32);
            // check the single readers first (before arith() is ever called on this state)
            assertEquals((expectFlags & Flags.CF) != 0, lf.cf(), ctx + ": cf()");
            assertEquals((expectFlags & Flags.OF) != 0, lf.of(), ctx + ": of()");
            assertEquals((expectFlags & Flags.AF) != 0, lf.af(), ctx + ": af()");
            assertArith(expectFlags, lf, ctx);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 16, 32})
    void conditionsAfterCmpMatchRelations(int size) {
        SplittableRandom rnd = new SplittableRandom(42 + size);
        long m = umask(size);
        for (int i = 0; i < ROUNDS; i++) {
            int a = operand(rnd);
            int b = rnd.nextInt(8) == 0 ? a : operand(rnd);
            alu.cmp(size, a, b);
            long ua = a & m;
            long ub = b & m;
            long sa = signed(size, ua);
            long sb = signed(size, ub);
            long ref = refSub(size, a, b, 0);
            int f = (int) (ref >>> 32);
            boolean of = (f & Flags.OF) != 0;
            boolean sf = (f & Flags.SF) != 0;
            boolean pf = (f & Flags.PF) != 0;
            boolean[] expect = {
                of, !of, ua < ub, ua >= ub, ua == ub, ua != ub, ua <= ub, ua > ub,
                sf, !sf, pf, !pf, sa < sb, sa >= sb, sa <= sb, sa > sb
            };
            for (int cc = 0; cc < 16; cc++) {
                assertEquals(expect[cc], lf.condition(cc),
                        "cmp" + size + " " + hex(a) + "," + hex(b) + " cc=" + cc);
            }
        }
    }

    @Test
    void conditionsMatchFlagsForEveryRepresentation() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < ROUNDS; i++) {
            int size = SIZES[rnd.nextInt(3)];
            lf.setArith(rnd.nextInt());
            int a = operand(rnd);
            int b = operand(rnd);
            switch (rnd.nextInt(10)) {
                case 0:
                    alu.add(size, a, b);
                    break;
                case 1:
                    alu.adc(size, a, b);
                    break;
                case 2:
                    alu.sbb(size, a, b);
                    break;
                case 3:
                    alu.inc(size, a);
                    break;
                case 4:
                    alu.dec(size, a);
                    break;
                case 5:
                    alu.xor(size, a, b);
                    break;
                case 6:
                    alu.shl(size, a, b);
                    break;
                case 7:
                    alu.imulTrunc(size, a, b);
                    break;
                case 8:
                    alu.neg(size, a);
                    break;
                default:
                    break; // eager
            }
            assertConsistent(lf, "round " + i);
        }
    }

    @Test
    void partialUpdatesKeepOtherFlags() {
        SplittableRandom rnd = new SplittableRandom(99);
        int[] masks = {Flags.CF, Flags.ZF, Flags.CF | Flags.OF, Flags.AF | Flags.PF, Flags.ARITH, Flags.SF};
        for (int i = 0; i < 50_000; i++) {
            int size = SIZES[rnd.nextInt(3)];
            switch (rnd.nextInt(7)) {
                case 0:
                    alu.add(size, operand(rnd), operand(rnd));
                    break;
                case 1:
                    alu.sub(size, operand(rnd), operand(rnd));
                    break;
                case 2:
                    alu.inc(size, operand(rnd));
                    break;
                case 3:
                    alu.dec(size, operand(rnd));
                    break;
                case 4:
                    alu.and(size, operand(rnd), operand(rnd));
                    break;
                case 5:
                    alu.sar(size, operand(rnd), 1 + rnd.nextInt(31));
                    break;
                default:
                    lf.setArith(rnd.nextInt());
                    break;
            }
            int before = lf.arith();
            int mask = masks[rnd.nextInt(masks.length)];
            int bits = rnd.nextInt();
            lf.setMasked(mask, bits);
            assertArith((before & ~mask) | (bits & mask & Flags.ARITH), lf, "setMasked " + hex(mask));
            before = lf.arith();
            boolean v = rnd.nextBoolean();
            lf.setCf(v);
            assertArith((before & ~Flags.CF) | (v ? Flags.CF : 0), lf, "setCf");
            before = lf.arith();
            lf.setZf(!v);
            assertArith((before & ~Flags.ZF) | (!v ? Flags.ZF : 0), lf, "setZf");
            before = lf.arith();
            lf.setCfOf(bits);
            assertArith((before & ~(Flags.CF | Flags.OF)) | (bits & (Flags.CF | Flags.OF)), lf, "setCfOf");
        }
    }

    @Test
    void setArithStoresOnlyArithmeticBits() {
        lf.setArith(0xFFFFFFFF);
        assertArith(Flags.ARITH, lf, "all ones");
        lf.setArith(Flags.IF | Flags.DF | Flags.TF | 0x2);
        assertArith(0, lf, "no arithmetic bits");
        for (int f = 0; f <= Flags.ARITH; f++) {
            if ((f & ~Flags.ARITH) == 0) {
                lf.setArith(f);
                assertArith(f, lf, "eager " + hex(f));
            }
        }
    }

    @Test
    void newInstanceHasClearFlags() {
        assertArith(0, new LazyFlags(), "fresh");
    }
}
