package org.tessera.cpu.core.internal.alu;

import static org.tessera.cpu.core.internal.alu.Flags.AF;
import static org.tessera.cpu.core.internal.alu.Flags.CF;
import static org.tessera.cpu.core.internal.alu.Flags.OF;

/**
 * The i386 integer ALU: computes results and records the arithmetic flags in a {@link LazyFlags}.
 *
 * <h2>Conventions</h2>
 * <ul>
 * <li>{@code size} is the operand size in bits: 8, 16 or 32. It is not checked. When the caller
 *     passes a constant the JIT folds all size-dependent shifts and masks away.</li>
 * <li>Operands are ints of which only the low {@code size} bits are used; results are returned
 *     zero-extended (masked to {@code size} bits).</li>
 * <li>Flags are recorded in the {@link LazyFlags} given to the constructor. Nothing allocates.</li>
 * </ul>
 *
 * <h2>Choices for flags the manuals leave undefined</h2>
 * <ul>
 * <li>AND, OR, XOR, TEST: AF = 0.</li>
 * <li>SHL, SHR, SAR, SHLD, SHRD (count != 0): AF = 0.</li>
 * <li>OF of shifts and rotates for counts other than 1: computed from the final result with the
 *     count-1 formula. Left shifts/rotates (SHL, ROL, RCL, SHLD): MSB(result) XOR CF. Right
 *     shifts/rotates (SHR, ROR, RCR, SHRD): MSB(result) XOR MSB-1(result), which for count 1 is
 *     the MSB of the original operand (SHR) or the sign change (SHRD). SAR: 0.</li>
 * <li>SHLD/SHRD of 16 bits with a count of 17..31: the operand is shifted as the 48-bit
 *     value dest:src:dest (SHLD) or dest:src:dest read from the low end (SHRD), i.e. bits keep
 *     coming in from the other operand and then from the destination again.</li>
 * <li>MUL, IMUL: SF, ZF, PF from the low half of the result; AF = 0.</li>
 * <li>DIV, IDIV: all six flags unchanged.</li>
 * <li>DAA, DAS: OF = the signed overflow of adding (subtracting) the correction to AL.</li>
 * <li>AAA, AAS: SF, ZF, PF from the final AL (after masking to the low nibble); OF = 0.</li>
 * <li>AAM, AAD: CF = OF = AF = 0.</li>
 * <li>BSF, BSR: only ZF changes. BT, BTS, BTR, BTC: only CF changes.</li>
 * </ul>
 */
public final class Alu {

    private final LazyFlags flags;

    /**
     * Creates an ALU that records its flags in the given holder.
     *
     * @param flags the CPU's lazy flags
     */
    public Alu(LazyFlags flags) {
        this.flags = flags;
    }

    /**
     * The flags this ALU writes.
     *
     * @return the lazy flags
     */
    public LazyFlags flags() {
        return flags;
    }

    /**
     * Sign-extends the low {@code size} bits of a value.
     *
     * @param size 8, 16 or 32
     * @param v the value
     * @return v sign-extended from {@code size} bits to 32
     */
    public static int signExtend(int size, int v) {
        final int s = 32 - size;
        return (v << s) >> s;
    }

    /**
     * The all-ones mask of an operand size.
     *
     * @param size 8, 16 or 32
     * @return 0xFF, 0xFFFF or 0xFFFFFFFF
     */
    public static int mask(int size) {
        return -1 >>> (32 - size);
    }

    // ================================================================== add / subtract

    /**
     * ADD.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a + b
     */
    public int add(int size, int a, int b) {
        final int s = 32 - size;
        final int x = (a << s) >> s;
        final int y = (b << s) >> s;
        final int r = ((x + y) << s) >> s;
        flags.setAdd(x, y, r);
        return r & (-1 >>> s);
    }

    /**
     * ADC: add with the current CF as carry in.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a + b + CF
     */
    public int adc(int size, int a, int b) {
        final int s = 32 - size;
        final int c = flags.carry();
        final int x = (a << s) >> s;
        final int y = (b << s) >> s;
        final int r = ((x + y + c) << s) >> s;
        flags.setAdc(x, y, r, c);
        return r & (-1 >>> s);
    }

    /**
     * SUB.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a - b
     */
    public int sub(int size, int a, int b) {
        final int s = 32 - size;
        final int x = (a << s) >> s;
        final int y = (b << s) >> s;
        final int r = ((x - y) << s) >> s;
        flags.setSub(x, y, r);
        return r & (-1 >>> s);
    }

    /**
     * SBB: subtract with the current CF as borrow in.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a - b - CF
     */
    public int sbb(int size, int a, int b) {
        final int s = 32 - size;
        final int c = flags.carry();
        final int x = (a << s) >> s;
        final int y = (b << s) >> s;
        final int r = ((x - y - c) << s) >> s;
        flags.setSbb(x, y, r, c);
        return r & (-1 >>> s);
    }

    /**
     * CMP: the flags of SUB without the result.
     *
     * @param size operand size
     * @param a first operand
     * @param b second operand
     */
    public void cmp(int size, int a, int b) {
        final int s = 32 - size;
        final int x = (a << s) >> s;
        final int y = (b << s) >> s;
        flags.setSub(x, y, ((x - y) << s) >> s);
    }

    /**
     * NEG: 0 - a; CF = (a != 0).
     *
     * @param size operand size
     * @param a operand
     * @return -a
     */
    public int neg(int size, int a) {
        final int s = 32 - size;
        final int x = (a << s) >> s;
        final int r = (-x << s) >> s;
        flags.setSub(0, x, r);
        return r & (-1 >>> s);
    }

    /**
     * INC: a + 1, CF unchanged.
     *
     * @param size operand size
     * @param a operand
     * @return a + 1
     */
    public int inc(int size, int a) {
        final int s = 32 - size;
        final int x = (a << s) >> s;
        final int r = ((x + 1) << s) >> s;
        flags.setInc(x, r, flags.carry());
        return r & (-1 >>> s);
    }

    /**
     * DEC: a - 1, CF unchanged.
     *
     * @param size operand size
     * @param a operand
     * @return a - 1
     */
    public int dec(int size, int a) {
        final int s = 32 - size;
        final int x = (a << s) >> s;
        final int r = ((x - 1) << s) >> s;
        flags.setDec(x, r, flags.carry());
        return r & (-1 >>> s);
    }

    // ================================================================== logic

    /**
     * AND; CF = OF = AF = 0.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a &amp; b
     */
    public int and(int size, int a, int b) {
        final int s = 32 - size;
        final int r = a & b;
        flags.setLogic((r << s) >> s);
        return r & (-1 >>> s);
    }

    /**
     * OR; CF = OF = AF = 0.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a | b
     */
    public int or(int size, int a, int b) {
        final int s = 32 - size;
        final int r = a | b;
        flags.setLogic((r << s) >> s);
        return r & (-1 >>> s);
    }

    /**
     * XOR; CF = OF = AF = 0.
     *
     * @param size operand size
     * @param a destination operand
     * @param b source operand
     * @return a ^ b
     */
    public int xor(int size, int a, int b) {
        final int s = 32 - size;
        final int r = a ^ b;
        flags.setLogic((r << s) >> s);
        return r & (-1 >>> s);
    }

    /**
     * One of the eight ALU operations of opcodes 00-3F and group 1, by its number (the opcode's
     * bits 5-3 or the ModR/M reg field): ADD, OR, ADC, SBB, AND, SUB, XOR, CMP.
     *
     * @return the result; for CMP (7), which only sets the flags, {@code a}
     */
    public int arith(int op, int size, int a, int b) {
        switch (op) {
            case 0:
                return add(size, a, b);
            case 1:
                return or(size, a, b);
            case 2:
                return adc(size, a, b);
            case 3:
                return sbb(size, a, b);
            case 4:
                return and(size, a, b);
            case 5:
                return sub(size, a, b);
            case 6:
                return xor(size, a, b);
            default:
                cmp(size, a, b);
                return a;
        }
    }

    /**
     * One of the group 2 shifts and rotates by its ModR/M reg field: ROL, ROR, RCL, RCR, SHL,
     * SHR, SAL (= SHL), SAR.
     */
    public int shift(int op, int size, int v, int count) {
        switch (op) {
            case 0:
                return rol(size, v, count);
            case 1:
                return ror(size, v, count);
            case 2:
                return rcl(size, v, count);
            case 3:
                return rcr(size, v, count);
            case 4:
            case 6:
                return shl(size, v, count);
            case 5:
                return shr(size, v, count);
            default:
                return sar(size, v, count);
        }
    }

    /**
     * TEST: the flags of AND without the result.
     *
     * @param size operand size
     * @param a first operand
     * @param b second operand
     */
    public void test(int size, int a, int b) {
        final int s = 32 - size;
        flags.setLogic(((a & b) << s) >> s);
    }

    // ================================================================== shifts

    /**
     * SHL/SAL. The count is masked to 5 bits; a masked count of 0 changes no flags. CF is the
     * last bit shifted out (0 once the count exceeds the size); OF = MSB(result) XOR CF;
     * SF, ZF, PF from the result; AF = 0.
     *
     * @param size operand size
     * @param a operand
     * @param count shift count (masked to 5 bits here)
     * @return the shifted value
     */
    public int shl(int size, int a, int count) {
        final int s = 32 - size;
        final int n = count & 31;
        if (n == 0) {
            return a & (-1 >>> s);
        }
        final long wide = (a & (0xFFFFFFFFL >>> s)) << n;
        final int cf = (int) (wide >>> size) & 1;
        final int r = ((int) wide << s) >> s;
        flags.setResult(r, cf | (((r >>> 31) ^ cf) << 11));
        return r & (-1 >>> s);
    }

    /**
     * SHR. The count is masked to 5 bits; a masked count of 0 changes no flags. CF is the last
     * bit shifted out; OF = MSB(result) XOR MSB-1(result) (the original MSB for count 1);
     * SF, ZF, PF from the result; AF = 0.
     *
     * @param size operand size
     * @param a operand
     * @param count shift count (masked to 5 bits here)
     * @return the shifted value
     */
    public int shr(int size, int a, int count) {
        final int s = 32 - size;
        final int n = count & 31;
        final int v = a & (-1 >>> s);
        if (n == 0) {
            return v;
        }
        final int r = v >>> n;
        final int cf = (v >>> (n - 1)) & 1;
        final int t = r << s;
        flags.setResult(t >> s, cf | (((t ^ (t << 1)) >>> 31) << 11));
        return r;
    }

    /**
     * SAR. The count is masked to 5 bits; a masked count of 0 changes no flags. CF is the last
     * bit shifted out (the sign once the count reaches the size); OF = 0; SF, ZF, PF from the
     * result; AF = 0.
     *
     * @param size operand size
     * @param a operand
     * @param count shift count (masked to 5 bits here)
     * @return the shifted value
     */
    public int sar(int size, int a, int count) {
        final int s = 32 - size;
        final int n = count & 31;
        if (n == 0) {
            return a & (-1 >>> s);
        }
        final int v = (a << s) >> s;
        final int r = v >> n;
        flags.setResult(r, (v >> (n - 1)) & 1);
        return r & (-1 >>> s);
    }

    /**
     * ROL. The count is masked to 5 bits; a masked count of 0 changes no flags; otherwise the
     * value rotates by (count mod size). Only CF (= LSB of the result) and OF
     * (= MSB(result) XOR CF) change.
     *
     * @param size operand size
     * @param a operand
     * @param count rotate count (masked to 5 bits here)
     * @return the rotated value
     */
    public int rol(int size, int a, int count) {
        final int m = -1 >>> (32 - size);
        final int v = a & m;
        final int n = count & 31;
        if (n == 0) {
            return v;
        }
        final int k = n & (size - 1);
        final int r = ((v << k) | (v >>> (size - k))) & m;
        final int cf = r & 1;
        flags.setCfOf(cf | ((((r >>> (size - 1)) ^ cf) & 1) << 11));
        return r;
    }

    /**
     * ROR. The count is masked to 5 bits; a masked count of 0 changes no flags; otherwise the
     * value rotates by (count mod size). Only CF (= MSB of the result) and OF
     * (= MSB(result) XOR MSB-1(result)) change.
     *
     * @param size operand size
     * @param a operand
     * @param count rotate count (masked to 5 bits here)
     * @return the rotated value
     */
    public int ror(int size, int a, int count) {
        final int m = -1 >>> (32 - size);
        final int v = a & m;
        final int n = count & 31;
        if (n == 0) {
            return v;
        }
        final int k = n & (size - 1);
        final int r = ((v >>> k) | (v << (size - k))) & m;
        final int cf = (r >>> (size - 1)) & 1;
        flags.setCfOf(cf | (((cf ^ (r >>> (size - 2))) & 1) << 11));
        return r;
    }

    /**
     * RCL: rotate left through CF. The count is masked to 5 bits (a masked count of 0 changes
     * nothing), then taken modulo 9 (8-bit) or 17 (16-bit). Only CF and OF
     * (= MSB(result) XOR CF) change.
     *
     * @param size operand size
     * @param a operand
     * @param count rotate count
     * @return the rotated value
     */
    public int rcl(int size, int a, int count) {
        final int m = -1 >>> (32 - size);
        final int v = a & m;
        int n = count & 31;
        if (n == 0) {
            return v;
        }
        if (size == 8) {
            n %= 9;
        } else if (size == 16) {
            n %= 17;
        }
        final int w = size + 1;
        final long x = ((long) flags.carry() << size) | (v & 0xFFFFFFFFL);
        final long rot = ((x << n) | (x >>> (w - n))) & ((1L << w) - 1);
        final int r = (int) rot & m;
        final int cf = (int) (rot >>> size) & 1;
        flags.setCfOf(cf | ((((r >>> (size - 1)) ^ cf) & 1) << 11));
        return r;
    }

    /**
     * RCR: rotate right through CF. The count is masked to 5 bits (a masked count of 0 changes
     * nothing), then taken modulo 9 (8-bit) or 17 (16-bit). Only CF and OF
     * (= MSB(result) XOR MSB-1(result), i.e. old MSB XOR old CF for count 1) change.
     *
     * @param size operand size
     * @param a operand
     * @param count rotate count
     * @return the rotated value
     */
    public int rcr(int size, int a, int count) {
        final int m = -1 >>> (32 - size);
        final int v = a & m;
        int n = count & 31;
        if (n == 0) {
            return v;
        }
        if (size == 8) {
            n %= 9;
        } else if (size == 16) {
            n %= 17;
        }
        final int w = size + 1;
        final long x = ((long) flags.carry() << size) | (v & 0xFFFFFFFFL);
        final long rot = ((x >>> n) | (x << (w - n))) & ((1L << w) - 1);
        final int r = (int) rot & m;
        final int cf = (int) (rot >>> size) & 1;
        flags.setCfOf(cf | ((((r >>> (size - 1)) ^ (r >>> (size - 2))) & 1) << 11));
        return r;
    }

    /**
     * SHLD (16 or 32 bits): shifts {@code dest} left, filling from the top of {@code src}. The
     * count is masked to 5 bits; a masked count of 0 changes no flags. CF is the last bit
     * shifted out of dest; OF = MSB(result) XOR CF; SF, ZF, PF from the result; AF = 0. For
     * 16-bit counts above 16 see the class notes.
     *
     * @param size 16 or 32
     * @param dest destination operand
     * @param src source operand (unchanged by the instruction)
     * @param count shift count (masked to 5 bits here)
     * @return the new destination
     */
    public int shld(int size, int dest, int src, int count) {
        final int n = count & 31;
        if (n == 0) {
            return dest & (-1 >>> (32 - size));
        }
        final int r;
        final int cf;
        if (size == 32) {
            final long v = ((long) dest << 32) | (src & 0xFFFFFFFFL);
            r = (int) ((v << n) >>> 32);
            cf = (int) (v >>> (64 - n)) & 1;
        } else {
            final long d = dest & 0xFFFFL;
            final long v = (d << 32) | ((src & 0xFFFFL) << 16) | d;
            r = (int) ((v << n) >>> 32) & 0xFFFF;
            cf = (int) (v >>> (48 - n)) & 1;
        }
        final int s = 32 - size;
        final int t = r << s;
        flags.setResult(t >> s, cf | (((t >>> 31) ^ cf) << 11));
        return r;
    }

    /**
     * SHRD (16 or 32 bits): shifts {@code dest} right, filling from the bottom of {@code src}.
     * The count is masked to 5 bits; a masked count of 0 changes no flags. CF is the last bit
     * shifted out of dest; OF = MSB(result) XOR MSB-1(result) (the sign change for count 1);
     * SF, ZF, PF from the result; AF = 0. For 16-bit counts above 16 see the class notes.
     *
     * @param size 16 or 32
     * @param dest destination operand
     * @param src source operand (unchanged by the instruction)
     * @param count shift count (masked to 5 bits here)
     * @return the new destination
     */
    public int shrd(int size, int dest, int src, int count) {
        final int n = count & 31;
        if (n == 0) {
            return dest & (-1 >>> (32 - size));
        }
        final long v;
        final int r;
        if (size == 32) {
            v = ((long) src << 32) | (dest & 0xFFFFFFFFL);
            r = (int) (v >>> n);
        } else {
            final long d = dest & 0xFFFFL;
            v = (d << 32) | ((src & 0xFFFFL) << 16) | d;
            r = (int) (v >>> n) & 0xFFFF;
        }
        final int cf = (int) (v >>> (n - 1)) & 1;
        final int s = 32 - size;
        final int t = r << s;
        flags.setResult(t >> s, cf | (((t ^ (t << 1)) >>> 31) << 11));
        return r;
    }

    // ================================================================== multiply / divide

    /**
     * MUL (one operand, unsigned, double-width result). CF = OF = (high half != 0); SF, ZF, PF
     * from the low half; AF = 0.
     *
     * @param size operand size
     * @param a first factor (AL, AX or EAX)
     * @param b second factor
     * @return the product zero-extended: bits 0..size-1 are the low half (AL/AX/EAX), bits
     *         size..2*size-1 the high half (AH/DX/EDX)
     */
    public long mul(int size, int a, int b) {
        final int s = 32 - size;
        final long m = 0xFFFFFFFFL >>> s;
        final long p = (a & m) * (b & m);
        flags.setResult(((int) p << s) >> s, (p >>> size) != 0 ? CF | OF : 0);
        return p;
    }

    /**
     * IMUL one-operand form (signed, double-width result). CF = OF = (the product does not fit
     * in {@code size} bits signed); SF, ZF, PF from the low half; AF = 0.
     *
     * @param size operand size
     * @param a first factor (AL, AX or EAX)
     * @param b second factor
     * @return the exact signed product: bits 0..size-1 are the low half, bits size..2*size-1 the
     *         high half (higher bits are copies of the sign)
     */
    public long imul(int size, int a, int b) {
        final int s = 32 - size;
        final long p = (long) ((a << s) >> s) * ((b << s) >> s);
        final int lo = ((int) p << s) >> s;
        flags.setResult(lo, p != lo ? CF | OF : 0);
        return p;
    }

    /**
     * IMUL two- and three-operand forms (signed, truncated result). CF = OF = (the product does
     * not fit in {@code size} bits signed); SF, ZF, PF from the result; AF = 0.
     *
     * @param size 16 or 32 (8 works too)
     * @param a first factor
     * @param b second factor
     * @return the low {@code size} bits of the product
     */
    public int imulTrunc(int size, int a, int b) {
        final int s = 32 - size;
        final long p = (long) ((a << s) >> s) * ((b << s) >> s);
        final int lo = ((int) p << s) >> s;
        flags.setResult(lo, p != lo ? CF | OF : 0);
        return lo & (-1 >>> s);
    }

    /**
     * DIV (unsigned). Flags are left unchanged (all six are undefined).
     *
     * @param size operand size
     * @param dividend the double-width dividend in its low 2*size bits: AX, DX:AX or EDX:EAX
     * @param divisor the divisor (low {@code size} bits used)
     * @return remainder in bits 32..63, quotient in bits 0..31 (each zero-extended from size)
     * @throws DivideErrorException if the divisor is 0 or the quotient does not fit in size bits
     */
    public long div(int size, long dividend, int divisor) {
        if (size == 32) {
            final long d = divisor & 0xFFFFFFFFL;
            // the quotient fits in 32 bits iff the high half is below the divisor (covers d = 0)
            if ((dividend >>> 32) >= d) {
                throw DivideErrorException.INSTANCE;
            }
            final long q;
            if (dividend >= 0) {
                q = dividend / d;
            } else {
                q = Long.divideUnsigned(dividend, d);
            }
            return ((dividend - q * d) << 32) | q;
        }
        final long n = dividend & (-1L >>> (64 - 2 * size));
        final long d = divisor & (0xFFFFFFFFL >>> (32 - size));
        if ((n >>> size) >= d) {
            throw DivideErrorException.INSTANCE;
        }
        final long q = n / d;
        return ((n - q * d) << 32) | q;
    }

    /**
     * IDIV (signed, quotient truncated toward zero, remainder with the sign of the dividend).
     * A quotient of exactly -2^(size-1) (-128, -32768, ...) is valid, as on the 386. Flags are
     * left unchanged (all six are undefined).
     *
     * @param size operand size
     * @param dividend the double-width dividend in its low 2*size bits: AX, DX:AX or EDX:EAX
     * @param divisor the divisor (low {@code size} bits used)
     * @return remainder in bits 32..63, quotient in bits 0..31 (each masked to size bits)
     * @throws DivideErrorException if the divisor is 0 or the quotient does not fit in size bits
     */
    public long idiv(int size, long dividend, int divisor) {
        final int sh = 64 - 2 * size;
        final long n = (dividend << sh) >> sh;
        final int s = 32 - size;
        final long d = (divisor << s) >> s;
        if (d == 0) {
            throw DivideErrorException.INSTANCE;
        }
        final long q = n / d; // Long.MIN_VALUE / -1 wraps to MIN_VALUE and is rejected below
        final long lim = 1L << (size - 1);
        if (q >= lim || q < -lim) {
            throw DivideErrorException.INSTANCE;
        }
        final long m = 0xFFFFFFFFL >>> s;
        return (((n - q * d) & m) << 32) | (q & m);
    }

    // ================================================================== BCD

    /**
     * DAA, as in the Intel pseudocode. CF, AF from the adjustment; SF, ZF, PF from AL; OF = the
     * signed overflow of AL + correction.
     *
     * @param ax AX (low 16 bits used)
     * @return the new AX (AH unchanged)
     */
    public int daa(int ax) {
        final int al = ax & 0xFF;
        final boolean oldCf = flags.cf();
        int corr = 0;
        int f = 0;
        if ((al & 0x0F) > 9 || flags.af()) {
            corr = 0x06;
            f = AF;
        }
        if (al > 0x99 || oldCf) {
            corr |= 0x60;
            f |= CF;
        }
        final int r = (al + corr) & 0xFF;
        f |= ((al ^ r) & (corr ^ r) & 0x80) << 4;
        flags.setResult((byte) r, f);
        return (ax & 0xFF00) | r;
    }

    /**
     * DAS, as in the Intel pseudocode (including its CF = borrow of AL - 6 when AL &lt; 6 and
     * AF = 1). CF, AF from the adjustment; SF, ZF, PF from AL; OF = the signed overflow of
     * AL - correction.
     *
     * @param ax AX (low 16 bits used)
     * @return the new AX (AH unchanged)
     */
    public int das(int ax) {
        final int al = ax & 0xFF;
        final boolean oldCf = flags.cf();
        int corr = 0;
        int f = 0;
        if ((al & 0x0F) > 9 || flags.af()) {
            corr = 0x06;
            f = AF | (al < 6 ? CF : 0);
        }
        if (al > 0x99 || oldCf) {
            corr |= 0x60;
            f |= CF;
        }
        final int r = (al - corr) & 0xFF;
        f |= ((al ^ corr) & (al ^ r) & 0x80) << 4;
        flags.setResult((byte) r, f);
        return (ax & 0xFF00) | r;
    }

    /**
     * AAA (as on the 286 and later: AX + 0x106, so a carry out of AL reaches AH). CF = AF = the
     * adjustment; SF, ZF, PF from the final AL; OF = 0.
     *
     * @param ax AX (low 16 bits used)
     * @return the new AX
     */
    public int aaa(int ax) {
        int v = ax & 0xFFFF;
        int f = 0;
        if ((v & 0x0F) > 9 || flags.af()) {
            v += 0x106;
            f = AF | CF;
        }
        v &= 0xFF0F;
        flags.setResult(v & 0x0F, f);
        return v;
    }

    /**
     * AAS (AX - 6, then AH - 1). CF = AF = the adjustment; SF, ZF, PF from the final AL; OF = 0.
     *
     * @param ax AX (low 16 bits used)
     * @return the new AX
     */
    public int aas(int ax) {
        int v = ax & 0xFFFF;
        int f = 0;
        if ((v & 0x0F) > 9 || flags.af()) {
            v -= 0x106;
            f = AF | CF;
        }
        v &= 0xFF0F;
        flags.setResult(v & 0x0F, f);
        return v;
    }

    /**
     * AAM imm8: AH = AL / imm8, AL = AL mod imm8. SF, ZF, PF from AL; CF = OF = AF = 0.
     *
     * @param ax AX (only AL is used)
     * @param imm8 the base (low 8 bits used; 10 for the plain mnemonic)
     * @return the new AX
     * @throws DivideErrorException if imm8 is 0
     */
    public int aam(int ax, int imm8) {
        final int base = imm8 & 0xFF;
        if (base == 0) {
            throw DivideErrorException.INSTANCE;
        }
        final int al = ax & 0xFF;
        final int q = al / base;
        final int r = al - q * base;
        flags.setResult((byte) r, 0);
        return (q << 8) | r;
    }

    /**
     * AAD imm8: AL = (AL + AH * imm8) mod 256, AH = 0. SF, ZF, PF from AL; CF = OF = AF = 0.
     *
     * @param ax AX (low 16 bits used)
     * @param imm8 the base (low 8 bits used; 10 for the plain mnemonic)
     * @return the new AX
     */
    public int aad(int ax, int imm8) {
        final int r = ((ax & 0xFF) + ((ax >>> 8) & 0xFF) * (imm8 & 0xFF)) & 0xFF;
        flags.setResult((byte) r, 0);
        return r;
    }

    // ================================================================== bit operations

    /**
     * BSF: index of the lowest set bit. ZF = (source == 0); other flags unchanged.
     *
     * @param size 16 or 32
     * @param src source operand
     * @param dest current destination value, returned unchanged when the source is 0
     * @return the bit index, or {@code dest} if the source is 0
     */
    public int bsf(int size, int src, int dest) {
        final int v = src & (-1 >>> (32 - size));
        if (v == 0) {
            flags.setZf(true);
            return dest;
        }
        flags.setZf(false);
        return Integer.numberOfTrailingZeros(v);
    }

    /**
     * BSR: index of the highest set bit. ZF = (source == 0); other flags unchanged.
     *
     * @param size 16 or 32
     * @param src source operand
     * @param dest current destination value, returned unchanged when the source is 0
     * @return the bit index, or {@code dest} if the source is 0
     */
    public int bsr(int size, int src, int dest) {
        final int v = src & (-1 >>> (32 - size));
        if (v == 0) {
            flags.setZf(true);
            return dest;
        }
        flags.setZf(false);
        return 31 - Integer.numberOfLeadingZeros(v);
    }

    /**
     * BT with a register operand: CF = the selected bit; other flags unchanged.
     *
     * @param size 16 or 32
     * @param value the bit string
     * @param bit bit offset, taken modulo {@code size}
     */
    public void bt(int size, int value, int bit) {
        flags.setCf(((value >>> (bit & (size - 1))) & 1) != 0);
    }

    /**
     * BTS: CF = the selected bit, then set it; other flags unchanged.
     *
     * @param size 16 or 32
     * @param value the bit string
     * @param bit bit offset, taken modulo {@code size}
     * @return the new value
     */
    public int bts(int size, int value, int bit) {
        final int m = 1 << (bit & (size - 1));
        flags.setCf((value & m) != 0);
        return (value | m) & (-1 >>> (32 - size));
    }

    /**
     * BTR: CF = the selected bit, then clear it; other flags unchanged.
     *
     * @param size 16 or 32
     * @param value the bit string
     * @param bit bit offset, taken modulo {@code size}
     * @return the new value
     */
    public int btr(int size, int value, int bit) {
        final int m = 1 << (bit & (size - 1));
        flags.setCf((value & m) != 0);
        return (value & ~m) & (-1 >>> (32 - size));
    }

    /**
     * BTC: CF = the selected bit, then complement it; other flags unchanged.
     *
     * @param size 16 or 32
     * @param value the bit string
     * @param bit bit offset, taken modulo {@code size}
     * @return the new value
     */
    public int btc(int size, int value, int bit) {
        final int m = 1 << (bit & (size - 1));
        flags.setCf((value & m) != 0);
        return (value ^ m) & (-1 >>> (32 - size));
    }

    /**
     * BSWAP (32-bit; flags unaffected).
     *
     * @param value the register value
     * @return the value with its bytes reversed
     */
    public static int bswap(int value) {
        return Integer.reverseBytes(value);
    }
}
