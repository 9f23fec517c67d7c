package org.tessera.dev.ioports.internal.pic;

/**
 * One 8259A programmable interrupt controller, as the datasheet describes it: the interrupt
 * request register (IRR), in-service register (ISR) and interrupt mask register (IMR), the
 * priority resolver with rotation, the initialization sequence ICW1-ICW4 and the operation
 * commands OCW1-OCW3. Not thread safe: {@link PicPair} guards it.
 *
 * <p>Inputs: {@link #setInput} sets the level of one IR pin. An edge-triggered input latches its
 * request in IRR on a low-to-high transition and keeps it until it is acknowledged (so a short
 * pulse is not lost); a level-triggered input requests while it is high and its IRR bit follows
 * the pin. Whether an input is level triggered comes from ICW1's LTIM bit (all inputs) or, with
 * LTIM clear, from the edge/level control register (ELCR) that the chipset gives.
 *
 * <p>Output: {@link #intOutput()} is the INT pin. It stays low until the chip has been through a
 * complete initialization sequence, and while a new sequence is in progress.
 */
final class Pic8259 {

    /** Lowest-priority level after initialization: IR7, so IR0 is the highest. */
    private static final int DEFAULT_LOWEST = 7;

    /** Interrupt request register. */
    int irr;
    /** In-service register. */
    int isr;
    /** Interrupt mask register (OCW1). */
    int imr;
    /** The levels of the IR pins now. */
    int pins;
    /** Edge/level control register: a set bit makes that input level triggered (when LTIM is clear). */
    int elcr;

    /** ICW1 as written (LTIM, SNGL, IC4...). */
    int icw1;
    /** The vector base, ICW2 with its low three bits clear. */
    int vectorBase;
    /** ICW3: on a master the inputs that have slaves, on a slave its cascade id. */
    int icw3;
    /** ICW4 as written (0 when ICW1 said none follows). */
    int icw4;
    /** 0 when no sequence is in progress, else the ICW expected next (2, 3 or 4). */
    int initStep;
    /** Whether a complete initialization sequence was done since reset. */
    boolean initialized;

    /** The level with the lowest priority (rotation moves it). */
    int lowest = DEFAULT_LOWEST;
    /** OCW3: reads of the even port return ISR (true) or IRR. */
    boolean readIsr;
    /** OCW3: the next read is a poll. */
    boolean poll;
    /** OCW3: special mask mode. */
    boolean specialMask;
    /** OCW2: rotate in automatic EOI mode. */
    boolean rotateAutoEoi;

    /** Whether this chip is the master of a cascade (its inputs listed in ICW3 have slaves). */
    private final boolean master;

    Pic8259(boolean master) {
        this.master = master;
    }

    boolean isMaster() {
        return master;
    }

    // ------------------------------------------------------------------ configuration bits

    boolean levelTriggered(int ir) {
        return (icw1 & 0x08) != 0 || (elcr & (1 << ir)) != 0;
    }

    private int levelMask() {
        return (icw1 & 0x08) != 0 ? 0xFF : elcr & 0xFF;
    }

    boolean single() {
        return (icw1 & 0x02) != 0;
    }

    boolean autoEoi() {
        return (icw4 & 0x02) != 0;
    }

    boolean specialFullyNested() {
        return (icw4 & 0x10) != 0;
    }

    /** The inputs that have a slave behind them (a master in cascade mode only). */
    int slaveInputs() {
        return master && !single() ? icw3 & 0xFF : 0;
    }

    // ------------------------------------------------------------------ inputs

    /** Sets the level of IR pin {@code ir}. */
    void setInput(int ir, boolean high) {
        int bit = 1 << ir;
        boolean was = (pins & bit) != 0;
        if (high) {
            pins |= bit;
            if (!was || levelTriggered(ir)) {
                irr |= bit;
            }
        } else {
            pins &= ~bit;
            if (levelTriggered(ir)) {
                irr &= ~bit;
            }
        }
    }

    /** Re-derives IRR for level-triggered inputs (after the trigger mode changed). */
    void refreshLevelInputs() {
        int level = levelMask();
        irr = (irr & ~level) | (pins & level);
    }

    // ------------------------------------------------------------------ priority

    /** Priority rank of level {@code ir}: 0 is the highest. */
    private int rank(int ir) {
        return (ir - lowest - 1) & 7;
    }

    /** The level of rank {@code r}. */
    private int levelOfRank(int r) {
        return (lowest + 1 + r) & 7;
    }

    /** The highest-priority level set in {@code bits}, or -1. */
    int highest(int bits) {
        for (int r = 0; r < 8; r++) {
            int ir = levelOfRank(r);
            if ((bits & (1 << ir)) != 0) {
                return ir;
            }
        }
        return -1;
    }

    /**
     * The request the priority resolver would hand to the CPU now: the highest-priority unmasked
     * IRR bit not blocked by an in-service level of higher (or, outside special fully nested mode
     * on a slave input, equal) priority. In special mask mode a masked in-service level blocks
     * nothing. Returns -1 if there is none.
     */
    int pendingRequest() {
        int requests = irr & ~imr & 0xFF;
        if (requests == 0) {
            return -1;
        }
        int blocking = specialMask ? isr & ~imr : isr;
        for (int r = 0; r < 8; r++) {
            int ir = levelOfRank(r);
            int bit = 1 << ir;
            if ((blocking & bit) != 0) {
                boolean sameLevelAllowed = specialFullyNested() && (slaveInputs() & bit) != 0;
                if (!(sameLevelAllowed && (requests & bit) != 0)) {
                    return -1;
                }
            }
            if ((requests & bit) != 0) {
                return ir;
            }
        }
        return -1;
    }

    /** The INT pin. */
    boolean intOutput() {
        return initialized && initStep == 0 && pendingRequest() >= 0;
    }

    /**
     * The INTA sequence for level {@code ir} (as chosen by {@link #pendingRequest()}): moves the
     * request from IRR to ISR (not kept in ISR in automatic EOI mode, where rotation may follow).
     */
    void acknowledge(int ir) {
        int bit = 1 << ir;
        if (!levelTriggered(ir)) {
            irr &= ~bit;
        }
        if (autoEoi()) {
            if (rotateAutoEoi) {
                lowest = ir;
            }
        } else {
            isr |= bit;
        }
    }

    /** The vector of level {@code ir} (8086 mode: base plus level). */
    int vector(int ir) {
        return (vectorBase | ir) & 0xFF;
    }

    // ------------------------------------------------------------------ ports

    /** A write to the even port (A0 = 0): ICW1, OCW2 or OCW3. */
    void writeCommand(int value) {
        value &= 0xFF;
        if ((value & 0x10) != 0) {
            icw1(value);
        } else if ((value & 0x08) == 0) {
            ocw2(value);
        } else {
            ocw3(value);
        }
    }

    /** A write to the odd port (A0 = 1): ICW2-ICW4 during initialization, else OCW1. */
    void writeData(int value) {
        value &= 0xFF;
        switch (initStep) {
            case 2 -> {
                vectorBase = value & 0xF8;
                initStep = !single() ? 3 : (icw1 & 0x01) != 0 ? 4 : 0;
            }
            case 3 -> {
                icw3 = value;
                initStep = (icw1 & 0x01) != 0 ? 4 : 0;
            }
            case 4 -> {
                icw4 = value & 0x1F;
                initStep = 0;
            }
            default -> imr = value;
        }
        if (initStep == 0) {
            initialized = true;
        }
    }

    /** A read of the even port: a poll if one was asked for, else IRR or ISR as OCW3 chose. */
    int readCommand() {
        if (poll) {
            return pollRead();
        }
        return readIsr ? isr : irr;
    }

    /** A read of the odd port: a poll if one was asked for, else IMR. */
    int readData() {
        if (poll) {
            return pollRead();
        }
        return imr;
    }

    /**
     * The poll: the read acts as an interrupt acknowledge. Answers 80h plus the level if there
     * is a request (which goes in service), else 0.
     */
    int pollRead() {
        poll = false;
        int ir = initialized ? pendingRequest() : -1;
        if (ir < 0) {
            return 0;
        }
        acknowledge(ir);
        return 0x80 | ir;
    }

    private void icw1(int value) {
        icw1 = value;
        initStep = 2;
        imr = 0;
        isr = 0;
        lowest = DEFAULT_LOWEST;
        specialMask = false;
        readIsr = false;
        poll = false;
        rotateAutoEoi = false;
        if ((value & 0x01) == 0) {
            icw4 = 0;
        }
        // The edge sense circuit is reset: an edge-triggered input needs a new low-to-high
        // transition, a level-triggered one requests while it is high.
        irr = pins & levelMask();
    }

    private void ocw2(int value) {
        int level = value & 7;
        switch (value >>> 5) {
            case 0b001 -> nonSpecificEoi(false);
            case 0b011 -> isr &= ~(1 << level);
            case 0b101 -> nonSpecificEoi(true);
            case 0b100 -> rotateAutoEoi = true;
            case 0b000 -> rotateAutoEoi = false;
            case 0b111 -> {
                isr &= ~(1 << level);
                lowest = level;
            }
            case 0b110 -> lowest = level;
            default -> {
                // 010: no operation
            }
        }
    }

    private void nonSpecificEoi(boolean rotate) {
        int blocking = specialMask ? isr & ~imr : isr;
        int ir = highest(blocking);
        if (ir < 0) {
            return;
        }
        isr &= ~(1 << ir);
        if (rotate) {
            lowest = ir;
        }
    }

    private void ocw3(int value) {
        if ((value & 0x40) != 0) {
            specialMask = (value & 0x20) != 0;
        }
        if ((value & 0x04) != 0) {
            poll = true;
        }
        if ((value & 0x02) != 0) {
            readIsr = (value & 0x01) != 0;
        }
    }

    /** Back to the power-on state (ELCR and pin levels are the chipset's and stay). */
    void reset() {
        irr = 0;
        isr = 0;
        imr = 0;
        icw1 = 0;
        vectorBase = 0;
        icw3 = 0;
        icw4 = 0;
        initStep = 0;
        initialized = false;
        lowest = DEFAULT_LOWEST;
        readIsr = false;
        poll = false;
        specialMask = false;
        rotateAutoEoi = false;
    }
}
