package org.tessera.cpu.core.internal.alu;

import static org.tessera.cpu.core.internal.alu.Flags.AF;
import static org.tessera.cpu.core.internal.alu.Flags.ARITH;
import static org.tessera.cpu.core.internal.alu.Flags.CF;
import static org.tessera.cpu.core.internal.alu.Flags.OF;
import static org.tessera.cpu.core.internal.alu.Flags.PF;
import static org.tessera.cpu.core.internal.alu.Flags.SF;
import static org.tessera.cpu.core.internal.alu.Flags.ZF;

/**
 * The six arithmetic flags (CF, PF, AF, ZF, SF, OF) of one CPU, held lazily.
 *
 * <h2>Representation</h2>
 * The last flag-setting operation is remembered as a kind plus up to four ints, and each flag is
 * derived only when it is read. All values are stored <em>sign-extended from the operand size to
 * 32 bits</em> (an 8-bit 0x80 is stored as 0xFFFFFF80). Sign extension preserves both the signed
 * and the unsigned order of operands, so the flags come out of 32-bit arithmetic without knowing
 * the operand size:
 * <ul>
 * <li>ZF: {@code res == 0}; SF: {@code res < 0}; PF: parity of {@code res & 0xFF};</li>
 * <li>AF: bit 4 of {@code a ^ b ^ res} (the carry or borrow into bit 4);</li>
 * <li>OF: sign of {@code (a ^ res) & (b ^ res)} for additions,
 *     of {@code (a ^ b) & (a ^ res)} for subtractions;</li>
 * <li>CF: {@code res <u a} after ADD ({@code res <=u a} after ADC with carry in),
 *     {@code a <u b} after SUB/CMP/NEG ({@code a <=u b} after SBB with borrow in).</li>
 * </ul>
 * Kinds:
 * <ul>
 * <li>{@code ADD}, {@code ADC} (carry in was 1), {@code SUB} (also CMP and NEG as 0 - x),
 *     {@code SBB} (borrow in was 1): all six flags from a, b, res.</li>
 * <li>{@code INC}, {@code DEC}: like ADD/SUB with b = 1, but CF is the preserved old CF, kept in
 *     {@code aux}.</li>
 * <li>{@code RESULT}: ZF, SF, PF from res; CF, OF, AF are the bits of {@code aux}. Used for
 *     logic ops, shifts, multiplies and BCD adjustments.</li>
 * <li>{@code EAGER}: all six flags are the bits of {@code aux} (after {@link #setArith}).</li>
 * </ul>
 * Setting a lazy state is four or five field writes; reading one flag is a switch on the kind
 * and a compare. {@link #condition(int)} tests the stored operands directly after SUB/CMP.
 *
 * <p>The public setters are for the ALU and for CPU code that computes results inline; their
 * arguments must follow the sign-extension contract above. Not thread-safe (one per CPU).
 */
public final class LazyFlags {

    private static final int K_ADD = 0;
    private static final int K_ADC = 1;
    private static final int K_SUB = 2;
    private static final int K_SBB = 3;
    private static final int K_INC = 4;
    private static final int K_DEC = 5;
    private static final int K_RESULT = 6;
    private static final int K_EAGER = 7;

    /** XOR with this turns an unsigned int compare into a signed one. */
    private static final int MIN = Integer.MIN_VALUE;

    /** Condition code: overflow (OF = 1). */
    public static final int CC_O = 0;
    /** Condition code: no overflow (OF = 0). */
    public static final int CC_NO = 1;
    /** Condition code: below / carry (CF = 1). */
    public static final int CC_B = 2;
    /** Condition code: above or equal / no carry (CF = 0). */
    public static final int CC_AE = 3;
    /** Condition code: equal / zero (ZF = 1). */
    public static final int CC_E = 4;
    /** Condition code: not equal / not zero (ZF = 0). */
    public static final int CC_NE = 5;
    /** Condition code: below or equal (CF = 1 or ZF = 1). */
    public static final int CC_BE = 6;
    /** Condition code: above (CF = 0 and ZF = 0). */
    public static final int CC_A = 7;
    /** Condition code: sign (SF = 1). */
    public static final int CC_S = 8;
    /** Condition code: no sign (SF = 0). */
    public static final int CC_NS = 9;
    /** Condition code: parity even (PF = 1). */
    public static final int CC_P = 10;
    /** Condition code: parity odd (PF = 0). */
    public static final int CC_NP = 11;
    /** Condition code: less (SF != OF). */
    public static final int CC_L = 12;
    /** Condition code: greater or equal (SF = OF). */
    public static final int CC_GE = 13;
    /** Condition code: less or equal (ZF = 1 or SF != OF). */
    public static final int CC_LE = 14;
    /** Condition code: greater (ZF = 0 and SF = OF). */
    public static final int CC_G = 15;

    private int kind = K_EAGER;
    private int a;
    private int b;
    private int res;
    private int aux;

    /** Creates the flags with all six arithmetic flags clear. */
    public LazyFlags() {
    }

    // ------------------------------------------------------------------ setters (hot path)

    /**
     * Records an addition {@code res = a + b}.
     *
     * @param a first operand, sign-extended to 32 bits
     * @param b second operand, sign-extended to 32 bits
     * @param res result, sign-extended to 32 bits
     */
    public void setAdd(int a, int b, int res) {
        this.kind = K_ADD;
        this.a = a;
        this.b = b;
        this.res = res;
    }

    /**
     * Records an add with carry {@code res = a + b + carryIn}.
     *
     * @param a first operand, sign-extended
     * @param b second operand, sign-extended
     * @param res result, sign-extended
     * @param carryIn the carry in, 0 or 1
     */
    public void setAdc(int a, int b, int res, int carryIn) {
        this.kind = K_ADD + carryIn;
        this.a = a;
        this.b = b;
        this.res = res;
    }

    /**
     * Records a subtraction {@code res = a - b} (SUB, CMP; NEG as {@code 0 - b}).
     *
     * @param a minuend, sign-extended
     * @param b subtrahend, sign-extended
     * @param res result, sign-extended
     */
    public void setSub(int a, int b, int res) {
        this.kind = K_SUB;
        this.a = a;
        this.b = b;
        this.res = res;
    }

    /**
     * Records a subtract with borrow {@code res = a - b - borrowIn}.
     *
     * @param a minuend, sign-extended
     * @param b subtrahend, sign-extended
     * @param res result, sign-extended
     * @param borrowIn the borrow in, 0 or 1
     */
    public void setSbb(int a, int b, int res, int borrowIn) {
        this.kind = K_SUB + borrowIn;
        this.a = a;
        this.b = b;
        this.res = res;
    }

    /**
     * Records an increment {@code res = a + 1}, CF being kept from before.
     *
     * @param a operand, sign-extended
     * @param res result, sign-extended
     * @param oldCf the CF to keep, as the {@link Flags#CF} bit (0 or 1)
     */
    public void setInc(int a, int res, int oldCf) {
        this.kind = K_INC;
        this.a = a;
        this.b = 1;
        this.res = res;
        this.aux = oldCf;
    }

    /**
     * Records a decrement {@code res = a - 1}, CF being kept from before.
     *
     * @param a operand, sign-extended
     * @param res result, sign-extended
     * @param oldCf the CF to keep, as the {@link Flags#CF} bit (0 or 1)
     */
    public void setDec(int a, int res, int oldCf) {
        this.kind = K_DEC;
        this.a = a;
        this.b = 1;
        this.res = res;
        this.aux = oldCf;
    }

    /**
     * Records a logic operation (AND, OR, XOR, TEST): ZF, SF, PF from the result; CF = OF = 0;
     * AF = 0 (undefined on the hardware).
     *
     * @param res result, sign-extended
     */
    public void setLogic(int res) {
        this.kind = K_RESULT;
        this.res = res;
        this.aux = 0;
    }

    /**
     * Records an operation whose ZF, SF and PF come from its result and whose CF, OF and AF are
     * known.
     *
     * @param res result, sign-extended
     * @param cfOfAf the CF, OF and AF values as EFLAGS bits; other bits are ignored
     */
    public void setResult(int res, int cfOfAf) {
        this.kind = K_RESULT;
        this.res = res;
        this.aux = cfOfAf & (CF | OF | AF);
    }

    /**
     * Stores known values of the six arithmetic flags (POPF, SAHF, IRET, task switch, ...).
     *
     * @param eflagsBits EFLAGS bits; only CF, PF, AF, ZF, SF and OF are used
     */
    public void setArith(int eflagsBits) {
        this.kind = K_EAGER;
        this.aux = eflagsBits & ARITH;
    }

    /**
     * Replaces some of the six flags, keeping the others.
     *
     * @param mask the flags to replace (EFLAGS bits, within {@link Flags#ARITH})
     * @param eflagsBits their new values (EFLAGS bits)
     */
    public void setMasked(int mask, int eflagsBits) {
        int k = kind;
        if (k == K_EAGER || (k == K_RESULT && (mask & (ZF | SF | PF)) == 0)) {
            aux = (aux & ~mask) | (eflagsBits & mask & ARITH);
        } else if ((k == K_INC || k == K_DEC) && mask == CF) {
            aux = eflagsBits & CF;
        } else {
            setArith((arith() & ~mask) | (eflagsBits & mask));
        }
    }

    /**
     * Sets CF, keeping the other flags (STC, CLC, CMC, BT...).
     *
     * @param value the new CF
     */
    public void setCf(boolean value) {
        setMasked(CF, value ? CF : 0);
    }

    /**
     * Sets ZF, keeping the other flags (BSF, BSR; LAR, LSL, VERR, VERW).
     *
     * @param value the new ZF
     */
    public void setZf(boolean value) {
        setMasked(ZF, value ? ZF : 0);
    }

    /**
     * Sets CF and OF, keeping the other flags (rotates).
     *
     * @param cfOf the new CF and OF as EFLAGS bits; other bits ignored
     */
    public void setCfOf(int cfOf) {
        setMasked(CF | OF, cfOf);
    }

    // ------------------------------------------------------------------ readers

    /**
     * Computes all six arithmetic flags.
     *
     * @return CF, PF, AF, ZF, SF and OF as EFLAGS bits (other bits 0)
     */
    public int arith() {
        final int k = kind;
        if (k == K_EAGER) {
            return aux;
        }
        final int r = res;
        int f = Flags.parity(r) | ((r >>> 24) & SF) | (r == 0 ? ZF : 0);
        if (k == K_RESULT) {
            return f | aux;
        }
        final int x = a;
        final int y = b;
        f |= (x ^ y ^ r) & AF;
        switch (k) {
            case K_ADD:
                return f | ((((x ^ r) & (y ^ r)) >>> 20) & OF) | ((r ^ MIN) < (x ^ MIN) ? CF : 0);
            case K_ADC:
                return f | ((((x ^ r) & (y ^ r)) >>> 20) & OF) | ((r ^ MIN) <= (x ^ MIN) ? CF : 0);
            case K_SUB:
                return f | ((((x ^ y) & (x ^ r)) >>> 20) & OF) | ((x ^ MIN) < (y ^ MIN) ? CF : 0);
            case K_SBB:
                return f | ((((x ^ y) & (x ^ r)) >>> 20) & OF) | ((x ^ MIN) <= (y ^ MIN) ? CF : 0);
            case K_INC:
                return f | ((((x ^ r) & (y ^ r)) >>> 20) & OF) | aux;
            default: // K_DEC
                return f | ((((x ^ y) & (x ^ r)) >>> 20) & OF) | aux;
        }
    }

    /**
     * Carry flag.
     *
     * @return CF
     */
    public boolean cf() {
        switch (kind) {
            case K_ADD:
                return (res ^ MIN) < (a ^ MIN);
            case K_ADC:
                return (res ^ MIN) <= (a ^ MIN);
            case K_SUB:
                return (a ^ MIN) < (b ^ MIN);
            case K_SBB:
                return (a ^ MIN) <= (b ^ MIN);
            default:
                return (aux & CF) != 0;
        }
    }

    /**
     * Carry flag as a number, for ADC, SBB, RCL, RCR.
     *
     * @return 1 if CF is set, else 0
     */
    public int carry() {
        return cf() ? 1 : 0;
    }

    /**
     * Zero flag.
     *
     * @return ZF
     */
    public boolean zf() {
        return kind == K_EAGER ? (aux & ZF) != 0 : res == 0;
    }

    /**
     * Sign flag.
     *
     * @return SF
     */
    public boolean sf() {
        return kind == K_EAGER ? (aux & SF) != 0 : res < 0;
    }

    /**
     * Parity flag (even parity of the low byte of the result).
     *
     * @return PF
     */
    public boolean pf() {
        return kind == K_EAGER ? (aux & PF) != 0 : Flags.evenParity(res);
    }

    /**
     * Auxiliary carry flag.
     *
     * @return AF
     */
    public boolean af() {
        final int k = kind;
        if (k >= K_RESULT) {
            return (aux & AF) != 0;
        }
        return ((a ^ b ^ res) & AF) != 0;
    }

    /**
     * Overflow flag.
     *
     * @return OF
     */
    public boolean of() {
        switch (kind) {
            case K_ADD:
            case K_ADC:
            case K_INC:
                return ((a ^ res) & (b ^ res)) < 0;
            case K_SUB:
            case K_SBB:
            case K_DEC:
                return ((a ^ b) & (a ^ res)) < 0;
            default:
                return (aux & OF) != 0;
        }
    }

    /**
     * Evaluates a condition code as used by Jcc, SETcc and CMOVcc (the low nibble of the
     * opcode): O, NO, B, AE, E, NE, BE, A, S, NS, P, NP, L, GE, LE, G. After SUB/CMP the
     * unsigned and signed relations are read straight from the stored operands.
     *
     * @param cc condition code 0..15 (see the {@code CC_*} constants)
     * @return whether the condition holds
     */
    public boolean condition(int cc) {
        final boolean r;
        switch ((cc >> 1) & 7) {
            case 0:
                r = of();
                break;
            case 1:
                r = cf();
                break;
            case 2:
                r = zf();
                break;
            case 3:
                r = kind == K_SUB ? (a ^ MIN) <= (b ^ MIN) : cf() || zf();
                break;
            case 4:
                r = sf();
                break;
            case 5:
                r = pf();
                break;
            case 6:
                r = kind == K_SUB ? a < b : sf() != of();
                break;
            default:
                r = kind == K_SUB ? a <= b : zf() || sf() != of();
                break;
        }
        return r ^ ((cc & 1) != 0);
    }

    /**
     * Debug description of the current lazy state (allocates; not for the hot path).
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        return "LazyFlags[kind=" + kind + ", a=0x" + Integer.toHexString(a) + ", b=0x"
                + Integer.toHexString(b) + ", res=0x" + Integer.toHexString(res) + ", aux=0x"
                + Integer.toHexString(aux) + ", arith=0x" + Integer.toHexString(arith()) + "]";
    }
}
