package org.tessera.cpu.core.internal;

import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.cpu.core.internal.alu.LazyFlags;

/**
 * EFLAGS as the architecture sees it: the six arithmetic flags kept lazily, the others in the
 * register file. Knows which bits an instruction may change (POPF, IRET, SAHF).
 */
final class FlagsUnit {

    /** Bits POPF/IRET may load in real mode or at CPL 0 (16-bit forms use the low half). */
    static final int WRITABLE = Flags.CF | Flags.PF | Flags.AF | Flags.ZF | Flags.SF | Flags.TF | Flags.IF | Flags.DF
            | Flags.OF | Flags.IOPL | Flags.NT | Flags.AC | Flags.ID;

    private final RegisterFile r;
    private final LazyFlags lazy;

    FlagsUnit(RegisterFile r, LazyFlags lazy) {
        this.r = r;
        this.lazy = lazy;
    }

    /** The whole EFLAGS value. */
    int get() {
        return r.flagsOther | lazy.arith() | 2;
    }

    /** Loads the bits of {@code mask} from {@code value}; the others are unchanged. */
    void set(int value, int mask) {
        int arithMask = mask & Flags.ARITH;
        if (arithMask == Flags.ARITH) {
            lazy.setArith(value & Flags.ARITH);
        } else if (arithMask != 0) {
            lazy.setMasked(arithMask, value);
        }
        int other = mask & ~Flags.ARITH;
        r.flagsOther = ((r.flagsOther & ~other) | (value & other) | 2) & ~(Flags.ARITH | 0x8028);
    }

    boolean isSet(int bit) {
        return (r.flagsOther & bit) != 0;
    }

    void setBit(int bit, boolean on) {
        r.flagsOther = on ? r.flagsOther | bit : r.flagsOther & ~bit;
    }

    LazyFlags lazy() {
        return lazy;
    }
}
