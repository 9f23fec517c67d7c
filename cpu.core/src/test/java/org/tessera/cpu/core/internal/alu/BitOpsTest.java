package org.tessera.cpu.core.internal.alu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.assertArith;
import static org.tessera.cpu.core.internal.alu.FlagAsserts.hex;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** BSF, BSR, BT, BTS, BTR, BTC, BSWAP and the parity helper. */
class BitOpsTest {

    private static final int CF = Flags.CF;
    private static final int PF = Flags.PF;
    private static final int AF = Flags.AF;
    private static final int ZF = Flags.ZF;
    private static final int SF = Flags.SF;
    private static final int OF = Flags.OF;

    private final LazyFlags lf = new LazyFlags();
    private final Alu alu = new Alu(lf);

    @Test
    void flagConstants() {
        assertEquals(0x1, Flags.CF);
        assertEquals(0x4, Flags.PF);
        assertEquals(0x10, Flags.AF);
        assertEquals(0x40, Flags.ZF);
        assertEquals(0x80, Flags.SF);
        assertEquals(0x100, Flags.TF);
        assertEquals(0x200, Flags.IF);
        assertEquals(0x400, Flags.DF);
        assertEquals(0x800, Flags.OF);
        assertEquals(0x3000, Flags.IOPL);
        assertEquals(0x4000, Flags.NT);
        assertEquals(0x10000, Flags.RF);
        assertEquals(0x20000, Flags.VM);
        assertEquals(0x40000, Flags.AC);
        assertEquals(0x200000, Flags.ID);
        assertEquals(0x8D5, Flags.ARITH);
    }

    @Test
    void parityOfEveryByte() {
        for (int v = 0; v < 256; v++) {
            int ones = 0;
            for (int i = 0; i < 8; i++) {
                ones += (v >> i) & 1;
            }
            int expect = ones % 2 == 0 ? Flags.PF : 0;
            assertEquals(expect, Flags.parity(v), "parity " + v);
            assertEquals(expect, Flags.parity(v | 0xABCD00), "parity ignores high bits " + v);
            assertEquals(expect != 0, Flags.evenParity(v - 256), "evenParity " + v);
        }
    }

    @Test
    void bsfBsr() {
        lf.setArith(CF | SF | OF | PF | AF | ZF);
        assertEquals(8, alu.bsf(32, 0x00000100, 99));
        assertArith(CF | SF | OF | PF | AF, lf, "bsf nonzero: ZF=0, rest kept");
        assertEquals(99, alu.bsf(32, 0, 99), "bsf zero: destination unchanged");
        assertArith(CF | SF | OF | PF | AF | ZF, lf, "bsf zero: ZF=1");
        assertEquals(5, alu.bsf(16, 0x10000, 5), "bsf16 sees only 16 bits");
        assertEquals(true, lf.zf());
        assertEquals(31, alu.bsf(32, 0x80000000, 0));
        assertEquals(0, alu.bsf(16, 0xFFFF, 7));
        assertEquals(false, lf.zf());
        assertEquals(31, alu.bsr(32, 0x80000001, 0));
        assertEquals(8, alu.bsr(16, 0x0101, 0));
        assertEquals(15, alu.bsr(16, 0x18000, 0));
        assertEquals(0, alu.bsr(32, 1, 55));
        assertEquals(7, alu.bsr(16, 0, 7));
        assertEquals(true, lf.zf());
        // ZF set lazily after a CMP keeps the CMP's other flags
        alu.cmp(8, 1, 2);
        int before = lf.arith();
        alu.bsr(32, 4, 0);
        assertArith(before & ~ZF, lf, "bsr after cmp");
    }

    @Test
    void btFamily() {
        alu.cmp(16, 0x8000, 0x0001); // OF, AF, PF lazily; CF=0
        int before = lf.arith();
        alu.bt(32, 0x80000000, 31);
        assertArith(before | CF, lf, "bt 31");
        alu.bt(32, 0x80000000, 63);
        assertEquals(true, lf.cf(), "bit offset modulo 32");
        alu.bt(16, 0x0001, 16);
        assertEquals(true, lf.cf(), "bit offset modulo 16");
        alu.bt(16, 0x0001, 1);
        assertArith(before, lf, "bt clear bit");
        assertEquals(hex(0x8000), hex(alu.bts(16, 0, 15)));
        assertEquals(false, lf.cf());
        assertEquals(hex(0x8000), hex(alu.bts(16, 0x8000, 31)), "bts16 offset 31 = 15, already set");
        assertEquals(true, lf.cf());
        assertEquals(hex(0xFFFFFFFE), hex(alu.btr(32, 0xFFFFFFFF, 0)));
        assertEquals(true, lf.cf());
        assertEquals(hex(0x0000FFFE), hex(alu.btr(16, 0xFFFFFFFF, 16)), "btr16 masks result");
        assertEquals(hex(2), hex(alu.btc(32, 0, 33)));
        assertEquals(false, lf.cf());
        assertEquals(hex(0), hex(alu.btc(32, 2, 1)));
        assertArith(before | CF, lf, "btc: only CF changes");
    }

    @Test
    void bswap() {
        assertEquals(hex(0x78563412), hex(Alu.bswap(0x12345678)));
        assertEquals(hex(0x000000FF), hex(Alu.bswap(0xFF000000)));
    }

    @Test
    void helpers() {
        assertEquals(hex(0xFF), hex(Alu.mask(8)));
        assertEquals(hex(0xFFFF), hex(Alu.mask(16)));
        assertEquals(hex(0xFFFFFFFF), hex(Alu.mask(32)));
        assertEquals(-128, Alu.signExtend(8, 0x1280));
        assertEquals(0x7FFF, Alu.signExtend(16, 0x7FFF));
        assertEquals(-32768, Alu.signExtend(16, 0x8000));
        assertEquals(0x80000000, Alu.signExtend(32, 0x80000000));
    }

    @Test
    void bsfBsrRandom() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            int v = rnd.nextInt() >>> rnd.nextInt(32);
            if (rnd.nextBoolean()) {
                v <<= rnd.nextInt(32);
            }
            for (int size : new int[] {16, 32}) {
                int m = Alu.mask(size);
                int lo = -1;
                int hi = -1;
                for (int b = 0; b < size; b++) {
                    if (((v >>> b) & 1) != 0) {
                        if (lo < 0) {
                            lo = b;
                        }
                        hi = b;
                    }
                }
                assertEquals(lo < 0 ? 1234 : lo, alu.bsf(size, v, 1234), "bsf" + size + " " + hex(v));
                assertEquals((v & m) == 0, lf.zf());
                assertEquals(hi < 0 ? 1234 : hi, alu.bsr(size, v, 1234), "bsr" + size + " " + hex(v));
                assertEquals((v & m) == 0, lf.zf());
            }
        }
    }
}
