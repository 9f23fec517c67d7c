package org.tessera.dev.ioports.internal.pic;

import org.tessera.machine.api.device.DeviceState;

/**
 * The PC's two 8259A controllers: the master at ports 20h-21h, the slave at A0h-A1h with its INT
 * pin wired to the master's IR2, and the PIIX edge/level control registers at 4D0h-4D1h. ISA
 * line IRQ2 is wired to the slave's IR1 (it arrives as IRQ9). Thread safe: every method holds
 * the pair's lock.
 */
public final class PicPair {

    /** ELCR bits that are always 0 (IRQ0, 1, 2, 8 and 13 are edge triggered on the PIIX). */
    static final int ELCR_FIXED_ZERO = 0x2107;

    /** The format of the state record. */
    public static final int STATE_VERSION = 1;

    private final Pic8259 master = new Pic8259(true);
    private final Pic8259 slave = new Pic8259(false);
    /** The 16 ISA lines as devices drive them (bit n = IRQn). */
    private int lines;

    /** Sets ISA line {@code irq} (0-15) high or low; answers the master's INT pin afterwards. */
    public synchronized boolean setLine(int irq, boolean high) {
        checkIrq(irq);
        if (high) {
            lines |= 1 << irq;
        } else {
            lines &= ~(1 << irq);
        }
        if (irq < 8 && irq != 2) {
            master.setInput(irq, high);
        } else {
            int ir = irq == 2 || irq == 9 ? 1 : irq - 8;
            boolean level = ir == 1 ? (lines & 0x204) != 0 : high;
            slave.setInput(ir, level);
        }
        return cascade();
    }

    /** Whether ISA line {@code irq} is high. */
    public synchronized boolean isLineHigh(int irq) {
        checkIrq(irq);
        return (lines & (1 << irq)) != 0;
    }

    /** The master's INT pin (the CPU's INTR). */
    public synchronized boolean output() {
        return master.intOutput();
    }

    /** Feeds the slave's INT pin into the master's IR2; answers the master's INT pin. */
    private boolean cascade() {
        master.setInput(2, slave.intOutput());
        return master.intOutput();
    }

    /**
     * The INTA cycle: the vector of the highest-priority request, which goes in service. A
     * request that went away before the acknowledge (a level-triggered line dropped, or it was
     * masked) gives the spurious vector of IR7 of the master (or, behind the cascade, of the
     * slave: IRQ15, with the master's IR2 in service) and sets no ISR bit. Answers -1 only if the
     * master has not been initialized (it then never asserts INTR).
     */
    public synchronized int acknowledge() {
        if (!master.initialized || master.initStep != 0) {
            return -1;
        }
        int ir = master.pendingRequest();
        if (ir < 0) {
            return master.vector(7);
        }
        master.acknowledge(ir);
        int vector;
        if ((master.slaveInputs() & (1 << ir)) == 0) {
            vector = master.vector(ir);
        } else if ((slave.icw3 & 7) != ir) {
            vector = 0xFF; // no slave answers for this input: the data bus floats
        } else {
            int sir = slave.initialized && slave.initStep == 0 ? slave.pendingRequest() : -1;
            if (sir < 0) {
                vector = slave.vector(7);
            } else {
                slave.acknowledge(sir);
                vector = slave.vector(sir);
            }
        }
        // The slave's INT drops during the INTA sequence: a request still pending there is a new
        // edge at the master's IR2.
        master.setInput(2, false);
        cascade();
        return vector;
    }

    /** A read of port 20h/21h ({@code slaveChip} false) or A0h/A1h (true), {@code a0} the low address bit. */
    public synchronized int read(boolean slaveChip, int a0) {
        Pic8259 chip = slaveChip ? slave : master;
        int v = a0 == 0 ? chip.readCommand() : chip.readData();
        cascade();
        return v & 0xFF;
    }

    /** A write of port 20h/21h or A0h/A1h; answers the master's INT pin afterwards. */
    public synchronized boolean write(boolean slaveChip, int a0, int value) {
        Pic8259 chip = slaveChip ? slave : master;
        if (a0 == 0) {
            chip.writeCommand(value);
        } else {
            chip.writeData(value);
        }
        return cascade();
    }

    /** The ELCR byte {@code index} (0: IRQ0-7 at 4D0h, 1: IRQ8-15 at 4D1h). */
    public synchronized int readElcr(int index) {
        return (index == 0 ? master.elcr : slave.elcr) & 0xFF;
    }

    /** Writes ELCR byte {@code index}; fixed bits stay 0. Answers the master's INT pin. */
    public synchronized boolean writeElcr(int index, int value) {
        if (index == 0) {
            master.elcr = value & ~ELCR_FIXED_ZERO & 0xFF;
            master.refreshLevelInputs();
        } else {
            slave.elcr = value & ~(ELCR_FIXED_ZERO >>> 8) & 0xFF;
            slave.refreshLevelInputs();
        }
        return cascade();
    }

    /** Both controllers back to their power-on state (lines and ELCR stay). */
    public synchronized boolean reset() {
        master.reset();
        slave.reset();
        return cascade();
    }

    // ------------------------------------------------------------------ state

    private static final String[] CHIP_FIELDS = {"irr", "isr", "imr", "icw1", "icw2", "icw3", "icw4", "initStep",
        "initialized", "lowestPriority", "readIsr", "poll", "specialMask", "rotateAutoEoi", "elcr", "pins"};

    /** Adds the pair's registers to {@code b}. */
    public synchronized DeviceState.Builder save(DeviceState.Builder b) {
        saveChip(b, "master.", master);
        saveChip(b, "slave.", slave);
        return b.field("lines", lines);
    }

    private static void saveChip(DeviceState.Builder b, String p, Pic8259 c) {
        b.field(p + "irr", c.irr).field(p + "isr", c.isr).field(p + "imr", c.imr).field(p + "icw1", c.icw1)
                .field(p + "icw2", c.vectorBase).field(p + "icw3", c.icw3).field(p + "icw4", c.icw4)
                .field(p + "initStep", c.initStep).field(p + "initialized", c.initialized ? 1 : 0)
                .field(p + "lowestPriority", c.lowest).field(p + "readIsr", c.readIsr ? 1 : 0)
                .field(p + "poll", c.poll ? 1 : 0).field(p + "specialMask", c.specialMask ? 1 : 0)
                .field(p + "rotateAutoEoi", c.rotateAutoEoi ? 1 : 0).field(p + "elcr", c.elcr)
                .field(p + "pins", c.pins);
    }

    /**
     * Takes over the registers of a record written by {@link #save}; answers the master's INT pin.
     *
     * @throws IllegalArgumentException if a field is missing or out of range (nothing changes then)
     */
    public synchronized boolean restore(DeviceState state) {
        for (String p : new String[] {"master.", "slave."}) {
            for (String f : CHIP_FIELDS) {
                long v = state.field(p + f);
                long max = f.equals("initStep") ? 4 : f.equals("lowestPriority") ? 7 : 0xFF;
                if (v < 0 || v > max) {
                    throw new IllegalArgumentException("PIC state field " + p + f + " out of range: " + v);
                }
            }
        }
        long l = state.field("lines");
        if (l < 0 || l > 0xFFFF) {
            throw new IllegalArgumentException("PIC state field lines out of range: " + l);
        }
        restoreChip(state, "master.", master);
        restoreChip(state, "slave.", slave);
        lines = (int) l;
        return cascade();
    }

    private static void restoreChip(DeviceState s, String p, Pic8259 c) {
        c.irr = (int) s.field(p + "irr");
        c.isr = (int) s.field(p + "isr");
        c.imr = (int) s.field(p + "imr");
        c.icw1 = (int) s.field(p + "icw1");
        c.vectorBase = (int) s.field(p + "icw2") & 0xF8;
        c.icw3 = (int) s.field(p + "icw3");
        c.icw4 = (int) s.field(p + "icw4");
        c.initStep = (int) s.field(p + "initStep");
        c.initialized = s.field(p + "initialized") != 0;
        c.lowest = (int) s.field(p + "lowestPriority");
        c.readIsr = s.field(p + "readIsr") != 0;
        c.poll = s.field(p + "poll") != 0;
        c.specialMask = s.field(p + "specialMask") != 0;
        c.rotateAutoEoi = s.field(p + "rotateAutoEoi") != 0;
        c.elcr = (int) s.field(p + "elcr");
        c.pins = (int) s.field(p + "pins");
    }

    private static void checkIrq(int irq) {
        if (irq < 0 || irq > 15) {
            throw new IllegalArgumentException("IRQ " + irq + " is not 0-15");
        }
    }
}
