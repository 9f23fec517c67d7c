package org.tessera.cpu.core.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertion helpers shared by the ALU tests. */
final class FlagAsserts {

    private FlagAsserts() {
    }

    /** Renders EFLAGS arithmetic bits readably, e.g. "CF ZF PF". */
    static String fmt(int f) {
        StringBuilder sb = new StringBuilder();
        if ((f & Flags.OF) != 0) {
            sb.append("OF ");
        }
        if ((f & Flags.SF) != 0) {
            sb.append("SF ");
        }
        if ((f & Flags.ZF) != 0) {
            sb.append("ZF ");
        }
        if ((f & Flags.AF) != 0) {
            sb.append("AF ");
        }
        if ((f & Flags.PF) != 0) {
            sb.append("PF ");
        }
        if ((f & Flags.CF) != 0) {
            sb.append("CF ");
        }
        return "[" + sb.toString().trim() + "] (0x" + Integer.toHexString(f) + ")";
    }

    /** Asserts the six flags (and that every single-flag reader agrees with them). */
    static void assertArith(int expected, LazyFlags f, String what) {
        int actual = f.arith();
        if (actual != expected) {
            fail(what + ": expected flags " + fmt(expected) + " but got " + fmt(actual) + " from " + f);
        }
        assertConsistent(f, what);
    }

    /** Asserts the flags selected by {@code mask}. */
    static void assertArithMasked(int expected, int mask, LazyFlags f, String what) {
        int actual = f.arith();
        if ((actual & mask) != (expected & mask)) {
            fail(what + ": expected flags " + fmt(expected & mask) + " under mask " + fmt(mask)
                    + " but got " + fmt(actual & mask) + " from " + f);
        }
        assertConsistent(f, what);
    }

    /** Asserts that cf()..af() and condition(0..15) agree with arith(). */
    static void assertConsistent(LazyFlags f, String what) {
        int a = f.arith();
        assertEquals((a & Flags.ARITH), a, what + ": arith() has stray bits");
        boolean cf = (a & Flags.CF) != 0;
        boolean pf = (a & Flags.PF) != 0;
        boolean af = (a & Flags.AF) != 0;
        boolean zf = (a & Flags.ZF) != 0;
        boolean sf = (a & Flags.SF) != 0;
        boolean of = (a & Flags.OF) != 0;
        assertEquals(cf, f.cf(), what + ": cf()");
        assertEquals(cf ? 1 : 0, f.carry(), what + ": carry()");
        assertEquals(pf, f.pf(), what + ": pf()");
        assertEquals(af, f.af(), what + ": af()");
        assertEquals(zf, f.zf(), what + ": zf()");
        assertEquals(sf, f.sf(), what + ": sf()");
        assertEquals(of, f.of(), what + ": of()");
        boolean[] expect = {
            of, !of, cf, !cf, zf, !zf, cf || zf, !(cf || zf),
            sf, !sf, pf, !pf, sf != of, sf == of, zf || sf != of, !(zf || sf != of)
        };
        for (int cc = 0; cc < 16; cc++) {
            assertEquals(expect[cc], f.condition(cc), what + ": condition(" + cc + ") with " + fmt(a));
        }
    }

    static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
