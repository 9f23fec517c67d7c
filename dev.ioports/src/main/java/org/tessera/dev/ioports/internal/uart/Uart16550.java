package org.tessera.dev.ioports.internal.uart;

import java.lang.System.Logger.Level;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The registers and FIFOs of a 16550A UART, without any OSGi: the eight registers at offsets
 * 0-7, the 16-byte transmit and receive FIFOs, the interrupt logic and the serial timing.
 *
 * <p><b>Timing.</b> With a {@link VirtualClock} and {@link VirtualTimers} (see {@link #setTime}) a
 * character takes (1 start + data + parity + stop bits) x 16 x divisor / 1.8432 MHz of machine time
 * to leave the transmitter shift register and to arrive from the host; the receive timeout is 4
 * character times after the last character or the last read. Without them everything is instant:
 * a byte written to THR is sent at once (THRE and TEMT stay set), a host byte is received as soon
 * as the FIFO has room, and data below the trigger level reports a character timeout at once.
 *
 * <p><b>Host flow.</b> Bytes from the host ({@link #hostReceive}) that the receiver cannot take
 * yet (the FIFO, or the RBR without FIFOs, is full) are held, in order, and handed to the receiver
 * as the guest reads; the host's thread waits while {@value #HOLD_LIMIT} bytes are held. Host
 * bytes therefore never overrun. The guest's own bytes in loopback can overrun, as on the chip.
 *
 * <p><b>IRQ.</b> The interrupt output is gated by MCR OUT2 as on the PC; in loopback the chip
 * forces its OUT2 pin inactive, so no IRQ reaches the interrupt controller (IIR still works).
 *
 * <p>Thread safe: every entry point locks this object; the IRQ and the host output are called
 * with the lock held and must not call back.
 */
final class Uart16550 {

    /** The interrupt output (already gated by OUT2). */
    interface IrqOutput {
        void level(boolean high);
    }

    /** Where transmitted bytes go. */
    interface HostOutput {
        void transmit(int b);
    }

    /** Register offsets. */
    static final int RBR_THR = 0;
    static final int IER = 1;
    static final int IIR_FCR = 2;
    static final int LCR = 3;
    static final int MCR = 4;
    static final int LSR = 5;
    static final int MSR = 6;
    static final int SCR = 7;

    /** LSR bits. */
    static final int LSR_DR = 0x01;
    static final int LSR_OE = 0x02;
    static final int LSR_PE = 0x04;
    static final int LSR_FE = 0x08;
    static final int LSR_BI = 0x10;
    static final int LSR_THRE = 0x20;
    static final int LSR_TEMT = 0x40;
    static final int LSR_FIFO_ERROR = 0x80;
    static final int LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI;

    /** IER bits. */
    static final int IER_RDA = 0x01;
    static final int IER_THRE = 0x02;
    static final int IER_LINE = 0x04;
    static final int IER_MODEM = 0x08;

    /** IIR interrupt ids (bits 0-3). */
    static final int IIR_NONE = 0x01;
    static final int IIR_LINE = 0x06;
    static final int IIR_RDA = 0x04;
    static final int IIR_TIMEOUT = 0x0C;
    static final int IIR_THRE = 0x02;
    static final int IIR_MODEM = 0x00;
    static final int IIR_FIFOS = 0xC0;

    /** MCR bits. */
    static final int MCR_DTR = 0x01;
    static final int MCR_RTS = 0x02;
    static final int MCR_OUT1 = 0x04;
    static final int MCR_OUT2 = 0x08;
    static final int MCR_LOOP = 0x10;

    /** MSR bits. */
    static final int MSR_DCTS = 0x01;
    static final int MSR_DDSR = 0x02;
    static final int MSR_TERI = 0x04;
    static final int MSR_DDCD = 0x08;
    static final int MSR_CTS = 0x10;
    static final int MSR_DSR = 0x20;
    static final int MSR_RI = 0x40;
    static final int MSR_DCD = 0x80;

    /** LCR bits. */
    static final int LCR_STOP = 0x04;
    static final int LCR_PARITY = 0x08;
    static final int LCR_BREAK = 0x40;
    static final int LCR_DLAB = 0x80;

    /** FCR bits. */
    static final int FCR_ENABLE = 0x01;
    static final int FCR_CLEAR_RX = 0x02;
    static final int FCR_CLEAR_TX = 0x04;

    /** The FIFO depth. */
    static final int FIFO = 16;
    /** The most host bytes held before the host's thread waits. */
    static final int HOLD_LIMIT = 4096;
    /** The input clock of the PC's UART divided by 16: the baud rate for divisor 1. */
    static final long BAUD_BASE = 115_200;

    /** State record format. */
    static final int STATE_VERSION = 1;

    private static final System.Logger LOG = System.getLogger(Uart16550.class.getName());
    private static final int[] TRIGGERS = {1, 4, 8, 14};

    private final String deviceId;
    private final IrqOutput irq;
    private final HostOutput host;

    private VirtualClock clock;
    private VirtualTimers timers;

    private int ier;
    private int lcr;
    private int mcr;
    private int scr;
    /** FCR as written (bit 0 FIFO enable, bit 3 DMA mode, bits 6-7 trigger); bits 1-2 never kept. */
    private int fcr;
    private int divisor = 12;
    /** OE/PE/FE/BI as LSR reports them until it is read. */
    private int lsrErrors;
    /** MSR bits 4-7 as last seen, and the delta bits 0-3. */
    private int msrLines;
    private int msrDeltas;
    /** CTS/DSR/RI/DCD from the host (MSR bit positions), used outside loopback. */
    private int hostLines = MSR_CTS | MSR_DSR | MSR_DCD;
    /** The THRE interrupt is pending (set when THR empties, cleared by IIR read or THR write). */
    private boolean thrInterrupt;
    /** The character timeout is pending (timed mode; cleared by an RBR read). */
    private boolean timeoutInterrupt;
    /** The last byte the RBR showed. */
    private int lastRbr;

    private final byte[] rxData = new byte[FIFO];
    private final byte[] rxErrors = new byte[FIFO];
    private int rxHead;
    private int rxCount;
    private final byte[] txData = new byte[FIFO];
    private int txHead;
    private int txCount;
    /** The byte in the transmitter shift register, or -1. */
    private int tsr = -1;

    /** Host bytes waiting for room in the receiver. */
    private byte[] held = new byte[256];
    private int heldHead;
    private int heldCount;

    /** Machine times of the pending events (0: none). */
    private long txDeadline;
    private long arrivalDeadline;
    private long timeoutDeadline;
    private VirtualTimers.Scheduled txEvent;
    private VirtualTimers.Scheduled arrivalEvent;
    private VirtualTimers.Scheduled timeoutEvent;

    private boolean irqLevel;
    private boolean closed;
    /** Nothing was transmitted or queued since the last {@link #saveState()}. */
    private boolean savedSinceTx;
    private boolean txDropLogged;

    Uart16550(String deviceId, IrqOutput irq, HostOutput host) {
        this.deviceId = deviceId;
        this.irq = irq;
        this.host = host;
        msrLines = hostLines;
    }

    // ---------------------------------------------------------------- registers

    /** Reads the register at {@code offset} (0-7). */
    synchronized int read(int offset) {
        switch (offset & 7) {
            case RBR_THR:
                return (lcr & LCR_DLAB) != 0 ? divisor & 0xFF : readRbr();
            case IER:
                return (lcr & LCR_DLAB) != 0 ? divisor >>> 8 & 0xFF : ier;
            case IIR_FCR:
                return readIir();
            case LCR:
                return lcr;
            case MCR:
                return mcr;
            case LSR:
                return readLsr();
            case MSR:
                return readMsr();
            default:
                return scr;
        }
    }

    /** Writes {@code value} (low byte) to the register at {@code offset} (0-7). */
    synchronized void write(int offset, int value) {
        int v = value & 0xFF;
        switch (offset & 7) {
            case RBR_THR -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divisor = divisor & 0xFF00 | v;
                } else {
                    writeThr(v);
                }
            }
            case IER -> {
                if ((lcr & LCR_DLAB) != 0) {
                    divisor = divisor & 0xFF | v << 8;
                } else {
                    writeIer(v);
                }
            }
            case IIR_FCR -> writeFcr(v);
            case LCR -> writeLcr(v);
            case MCR -> writeMcr(v);
            case LSR -> {
                // factory test register on the 16550A; writes are not meant for software
            }
            case MSR -> {
                // read only
            }
            default -> scr = v;
        }
        updateIrq();
    }

    private int readRbr() {
        if (rxCount == 0) {
            return lastRbr;
        }
        lastRbr = rxData[rxHead] & 0xFF;
        rxErrors[rxHead] = 0;
        rxHead = (rxHead + 1) % FIFO;
        rxCount--;
        timeoutInterrupt = false;
        if (rxCount > 0) {
            lsrErrors |= rxErrors[rxHead];
        }
        restartTimeout();
        acceptHeld();
        updateIrq();
        return lastRbr;
    }

    private int readIir() {
        int id = interruptId();
        if (id == IIR_THRE) {
            thrInterrupt = false;
            updateIrq();
        }
        return id | (fifoEnabled() ? IIR_FIFOS : 0);
    }

    private int readLsr() {
        int value = lsr();
        lsrErrors = 0;
        if (rxCount > 0) {
            rxErrors[rxHead] = 0;
        }
        updateIrq();
        return value;
    }

    private int readMsr() {
        int value = msrLines | msrDeltas;
        msrDeltas = 0;
        updateIrq();
        return value;
    }

    private void writeThr(int v) {
        thrInterrupt = false;
        savedSinceTx = false;
        if (txCount >= fifoDepth()) {
            if (!txDropLogged) {
                txDropLogged = true;
                LOG.log(Level.DEBUG, deviceId + ": THR written while the transmitter is full; byte lost as on the chip");
            }
            return;
        }
        txData[(txHead + txCount) % FIFO] = (byte) v;
        txCount++;
        startTransmitter();
    }

    private void writeIer(int v) {
        int old = ier;
        ier = v & 0x0F;
        if ((ier & IER_THRE) != 0 && (old & IER_THRE) == 0 && txCount == 0) {
            thrInterrupt = true;
        }
    }

    private void writeFcr(int v) {
        boolean wasOn = fifoEnabled();
        boolean on = (v & FCR_ENABLE) != 0;
        if (wasOn != on) {
            clearRx();
            clearTx();
        }
        if (!on) {
            fcr = 0;
        } else {
            fcr = v & 0xC9;
            if ((v & FCR_CLEAR_RX) != 0) {
                clearRx();
            }
            if ((v & FCR_CLEAR_TX) != 0) {
                clearTx();
            }
        }
        acceptHeld();
    }

    private void clearRx() {
        rxHead = 0;
        rxCount = 0;
        java.util.Arrays.fill(rxErrors, (byte) 0);
        timeoutInterrupt = false;
        cancelTimeout();
    }

    private void clearTx() {
        boolean had = txCount > 0;
        txHead = 0;
        txCount = 0;
        if (had) {
            thrInterrupt = true;
        }
    }

    private void writeLcr(int v) {
        boolean breakBefore = (lcr & LCR_BREAK) != 0;
        lcr = v;
        if (!breakBefore && (v & LCR_BREAK) != 0 && loopback()) {
            // the receiver sees the line held at space: one break character
            receive(0, LSR_BI | LSR_FE);
        }
    }

    private void writeMcr(int v) {
        boolean wasLoop = loopback();
        mcr = v & 0x1F;
        updateLines();
        if (wasLoop != loopback()) {
            startTransmitter();
        }
    }

    // ---------------------------------------------------------------- derived values

    private boolean fifoEnabled() {
        return (fcr & FCR_ENABLE) != 0;
    }

    private int fifoDepth() {
        return fifoEnabled() ? FIFO : 1;
    }

    private int trigger() {
        return fifoEnabled() ? TRIGGERS[fcr >>> 6 & 3] : 1;
    }

    private boolean loopback() {
        return (mcr & MCR_LOOP) != 0;
    }

    private boolean timed() {
        return clock != null && timers != null;
    }

    private int lsr() {
        int v = lsrErrors;
        if (rxCount > 0) {
            v |= LSR_DR;
        }
        if (txCount == 0) {
            v |= LSR_THRE;
            if (tsr < 0) {
                v |= LSR_TEMT;
            }
        }
        if (fifoEnabled()) {
            for (int i = 0; i < rxCount; i++) {
                if (rxErrors[(rxHead + i) % FIFO] != 0) {
                    v |= LSR_FIFO_ERROR;
                    break;
                }
            }
        }
        return v;
    }

    /** The IIR bits 0-3 now: the highest priority interrupt that is enabled and pending. */
    private int interruptId() {
        if ((ier & IER_LINE) != 0 && lsrErrors != 0) {
            return IIR_LINE;
        }
        if ((ier & IER_RDA) != 0 && rxCount > 0) {
            if (rxCount >= trigger()) {
                return IIR_RDA;
            }
            if (fifoEnabled() && (timeoutInterrupt || !timed())) {
                return IIR_TIMEOUT;
            }
        }
        if ((ier & IER_THRE) != 0 && thrInterrupt) {
            return IIR_THRE;
        }
        if ((ier & IER_MODEM) != 0 && msrDeltas != 0) {
            return IIR_MODEM;
        }
        return IIR_NONE;
    }

    private void updateIrq() {
        boolean level = interruptId() != IIR_NONE && (mcr & MCR_OUT2) != 0 && !loopback();
        if (level != irqLevel) {
            irqLevel = level;
            irq.level(level);
        }
    }

    /** The interrupt output now (after the OUT2 gate). */
    synchronized boolean irqLevel() {
        return irqLevel;
    }

    private void updateLines() {
        int lines;
        if (loopback()) {
            lines = ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0) | ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0)
                    | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0) | ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0);
        } else {
            lines = hostLines;
        }
        int changed = lines ^ msrLines;
        if ((changed & MSR_CTS) != 0) {
            msrDeltas |= MSR_DCTS;
        }
        if ((changed & MSR_DSR) != 0) {
            msrDeltas |= MSR_DDSR;
        }
        if ((changed & MSR_RI) != 0 && (lines & MSR_RI) == 0) {
            msrDeltas |= MSR_TERI;
        }
        if ((changed & MSR_DCD) != 0) {
            msrDeltas |= MSR_DDCD;
        }
        msrLines = lines;
    }

    /**
     * The nanoseconds one character takes at the current divisor and line format: (1 start + data
     * + parity + stop) bits, each 16 x divisor cycles of 1.8432 MHz.
     */
    long characterNanos() {
        int wordLength = 5 + (lcr & 3);
        int halfBits = 2 * (1 + wordLength + ((lcr & LCR_PARITY) != 0 ? 1 : 0));
        if ((lcr & LCR_STOP) == 0) {
            halfBits += 2;
        } else {
            halfBits += wordLength == 5 ? 3 : 4;
        }
        long d = divisor == 0 ? 0x10000 : divisor;
        return halfBits * d * 1_000_000_000L / (2 * BAUD_BASE);
    }

    private int wordMask() {
        return (1 << 5 + (lcr & 3)) - 1;
    }

    // ---------------------------------------------------------------- transmitter

    private void startTransmitter() {
        while (tsr < 0 && txCount > 0) {
            tsr = txData[txHead] & 0xFF;
            txHead = (txHead + 1) % FIFO;
            txCount--;
            if (txCount == 0) {
                thrInterrupt = true;
            }
            if (timed()) {
                if (txDeadline == 0) {
                    txDeadline = clock.nanos() + characterNanos();
                }
                scheduleTx();
                return;
            }
            shiftOut();
        }
        if (tsr >= 0 && timed() && txEvent == null) {
            scheduleTx();
        }
    }

    private void scheduleTx() {
        if (txDeadline == 0) {
            txDeadline = clock.nanos() + characterNanos();
        }
        txEvent = timers.schedule(txDeadline, this::transmitted);
    }

    /** Timer: the shift register has sent its byte. */
    private synchronized void transmitted() {
        if (closed || tsr < 0) {
            return;
        }
        txEvent = null;
        long end = txDeadline;
        shiftOut();
        // back to back: the next character starts when this one ended, not when the timer ran
        txDeadline = txCount > 0 ? end + characterNanos() : 0;
        startTransmitter();
        updateIrq();
    }

    /** The byte in the shift register leaves it: to the host, or in loopback to the receiver. */
    private void shiftOut() {
        int b = tsr & wordMask();
        tsr = -1;
        savedSinceTx = false;
        if (loopback()) {
            receive(b, 0);
        } else {
            host.transmit(b);
        }
    }

    // ---------------------------------------------------------------- receiver

    /** A character reaches the receiver (from the host or the loopback). */
    private void receive(int b, int errors) {
        int value = b & wordMask();
        if (rxCount >= fifoDepth()) {
            lsrErrors |= LSR_OE;
            if (!fifoEnabled()) {
                rxData[rxHead] = (byte) value;
                rxErrors[rxHead] = (byte) errors;
                lsrErrors |= errors;
            }
        } else {
            int slot = (rxHead + rxCount) % FIFO;
            rxData[slot] = (byte) value;
            rxErrors[slot] = (byte) errors;
            rxCount++;
            if (rxCount == 1) {
                lsrErrors |= errors;
            }
        }
        timeoutInterrupt = false;
        restartTimeout();
        updateIrq();
    }

    private void restartTimeout() {
        cancelTimeout();
        if (timed() && fifoEnabled() && rxCount > 0) {
            timeoutDeadline = clock.nanos() + 4 * characterNanos();
            scheduleTimeout();
        }
    }

    private void scheduleTimeout() {
        timeoutEvent = timers.schedule(timeoutDeadline, this::timedOut);
    }

    private void cancelTimeout() {
        if (timeoutEvent != null) {
            timeoutEvent.cancel();
            timeoutEvent = null;
        }
        timeoutDeadline = 0;
    }

    /** Timer: 4 character times without a character or a read. */
    private synchronized void timedOut() {
        if (closed) {
            return;
        }
        timeoutEvent = null;
        timeoutDeadline = 0;
        if (rxCount > 0 && fifoEnabled()) {
            timeoutInterrupt = true;
            updateIrq();
        }
    }

    /**
     * Bytes from the host: received when the receiver has room, held in order otherwise. Waits
     * while {@value #HOLD_LIMIT} bytes are held (the host is slowed, nothing is dropped).
     *
     * @throws InterruptedException if the waiting thread is interrupted; the bytes not taken yet
     *     are then not taken
     */
    synchronized void hostReceive(byte[] bytes, int offset, int length) throws InterruptedException {
        for (int i = 0; i < length; i++) {
            while (heldCount >= HOLD_LIMIT && !closed) {
                wait();
            }
            if (closed) {
                return;
            }
            hold(bytes[offset + i]);
            acceptHeld();
        }
    }

    private void hold(byte b) {
        if (heldCount == held.length) {
            byte[] bigger = new byte[held.length * 2];
            for (int i = 0; i < heldCount; i++) {
                bigger[i] = held[(heldHead + i) % held.length];
            }
            held = bigger;
            heldHead = 0;
        }
        held[(heldHead + heldCount) % held.length] = b;
        heldCount++;
    }

    private int takeHeld() {
        int b = held[heldHead] & 0xFF;
        heldHead = (heldHead + 1) % held.length;
        heldCount--;
        notifyAll();
        return b;
    }

    /** Moves held host bytes into the receiver: at once without time, one per character time with it. */
    private void acceptHeld() {
        if (heldCount == 0 || rxCount >= fifoDepth() || closed) {
            return;
        }
        if (!timed()) {
            while (heldCount > 0 && rxCount < fifoDepth()) {
                receive(takeHeld(), 0);
            }
            return;
        }
        if (arrivalEvent == null) {
            if (arrivalDeadline == 0) {
                arrivalDeadline = clock.nanos() + characterNanos();
            }
            arrivalEvent = timers.schedule(arrivalDeadline, this::arrived);
        }
    }

    /** Timer: a held host byte has been shifted in. */
    private synchronized void arrived() {
        if (closed) {
            return;
        }
        arrivalEvent = null;
        long end = arrivalDeadline;
        arrivalDeadline = 0;
        if (heldCount > 0 && rxCount < fifoDepth()) {
            receive(takeHeld(), 0);
            if (heldCount > 0 && rxCount < fifoDepth()) {
                // a steady stream: the next character ends one character time after this one
                arrivalDeadline = end + characterNanos();
            }
        }
        acceptHeld();
    }

    /** The host's modem lines (MSR bit positions CTS, DSR, RI, DCD), seen outside loopback. */
    synchronized void setHostLines(int lines) {
        hostLines = lines & 0xF0;
        updateLines();
        updateIrq();
    }

    /** The bytes the host has sent that the receiver has not taken yet. */
    synchronized int heldBytes() {
        return heldCount;
    }

    // ---------------------------------------------------------------- time and life cycle

    /**
     * Sets the machine clock and timers (either null: instant timing). Pending events move to the
     * new timers at their deadlines; without time whatever is under way completes at once.
     */
    synchronized void setTime(VirtualClock newClock, VirtualTimers newTimers) {
        cancelEvents();
        clock = newClock;
        timers = newTimers;
        if (!timed()) {
            txDeadline = 0;
            arrivalDeadline = 0;
            timeoutDeadline = 0;
        }
        resume();
    }

    private void cancelEvents() {
        for (VirtualTimers.Scheduled s : new VirtualTimers.Scheduled[] {txEvent, arrivalEvent, timeoutEvent}) {
            if (s != null) {
                s.cancel();
            }
        }
        txEvent = null;
        arrivalEvent = null;
        timeoutEvent = null;
    }

    /** Starts what the state says is under way (after a time change or a restore). */
    private void resume() {
        if (closed) {
            return;
        }
        if (tsr >= 0 && !timed()) {
            shiftOut();
        }
        startTransmitter();
        if (timed() && fifoEnabled() && rxCount > 0 && !timeoutInterrupt) {
            if (timeoutDeadline == 0) {
                timeoutDeadline = clock.nanos() + 4 * characterNanos();
            }
            scheduleTimeout();
        }
        acceptHeld();
        updateIrq();
    }

    /**
     * Stops: cancels the timers and wakes a waiting host thread. Unless the state was saved since
     * (a hot swap hands it to the next instance), the bytes still in the transmitter are sent to
     * the host first, so no output is lost.
     */
    synchronized void close() {
        cancelEvents();
        if (!savedSinceTx && !loopback()) {
            if (tsr >= 0) {
                shiftOut();
            }
            while (txCount > 0) {
                tsr = txData[txHead] & 0xFF;
                txHead = (txHead + 1) % FIFO;
                txCount--;
                shiftOut();
            }
        }
        closed = true;
        notifyAll();
    }

    // ---------------------------------------------------------------- state

    synchronized DeviceState saveState() {
        savedSinceTx = true;
        return DeviceState.builder(deviceId, STATE_VERSION)
                .field("ier", ier).field("lcr", lcr).field("mcr", mcr).field("scr", scr).field("fcr", fcr)
                .field("dll", divisor & 0xFF).field("dlm", divisor >>> 8)
                .field("lsr.errors", lsrErrors).field("msr.lines", msrLines).field("msr.deltas", msrDeltas)
                .field("host.lines", hostLines).field("rbr", lastRbr)
                .field("int.thre", thrInterrupt ? 1 : 0).field("int.timeout", timeoutInterrupt ? 1 : 0)
                .field("tsr", tsr)
                .field("time.tx", txDeadline).field("time.rx", arrivalDeadline).field("time.timeout", timeoutDeadline)
                .blob("rx.fifo", ordered(rxData, rxHead, rxCount))
                .blob("rx.errors", ordered(rxErrors, rxHead, rxCount))
                .blob("tx.fifo", ordered(txData, txHead, txCount))
                .blob("host.held", ordered(held, heldHead, heldCount))
                .build();
    }

    private static byte[] ordered(byte[] ring, int head, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = ring[(head + i) % ring.length];
        }
        return out;
    }

    synchronized void restoreState(DeviceState s) {
        s.require(deviceId, STATE_VERSION, STATE_VERSION);
        byte[] rx = s.blob("rx.fifo");
        byte[] rxe = s.blob("rx.errors");
        byte[] tx = s.blob("tx.fifo");
        byte[] hostHeld = s.blob("host.held");
        long t = s.field("tsr");
        if (rx.length > FIFO || rxe.length != rx.length || tx.length > FIFO || t < -1 || t > 0xFF) {
            throw new IllegalArgumentException("UART state out of range: " + s);
        }
        cancelEvents();
        ier = (int) s.field("ier") & 0x0F;
        lcr = (int) s.field("lcr") & 0xFF;
        mcr = (int) s.field("mcr") & 0x1F;
        scr = (int) s.field("scr") & 0xFF;
        fcr = (int) s.field("fcr") & 0xC9;
        divisor = (int) (s.field("dll") & 0xFF | (s.field("dlm") & 0xFF) << 8);
        lsrErrors = (int) s.field("lsr.errors") & LSR_ERRORS;
        msrLines = (int) s.field("msr.lines") & 0xF0;
        msrDeltas = (int) s.field("msr.deltas") & 0x0F;
        hostLines = (int) s.field("host.lines", hostLines) & 0xF0;
        lastRbr = (int) s.field("rbr", 0) & 0xFF;
        thrInterrupt = s.field("int.thre") != 0;
        timeoutInterrupt = s.field("int.timeout") != 0;
        tsr = (int) t;
        txDeadline = s.field("time.tx", 0);
        arrivalDeadline = s.field("time.rx", 0);
        timeoutDeadline = s.field("time.timeout", 0);
        System.arraycopy(rx, 0, rxData, 0, rx.length);
        System.arraycopy(rxe, 0, rxErrors, 0, rx.length);
        rxHead = 0;
        rxCount = rx.length;
        System.arraycopy(tx, 0, txData, 0, tx.length);
        txHead = 0;
        txCount = tx.length;
        held = new byte[Math.max(256, Integer.highestOneBit(Math.max(1, hostHeld.length)) * 2)];
        System.arraycopy(hostHeld, 0, held, 0, hostHeld.length);
        heldHead = 0;
        heldCount = hostHeld.length;
        if (!timed()) {
            txDeadline = 0;
            arrivalDeadline = 0;
            timeoutDeadline = 0;
        }
        updateLines();
        resume();
    }

    @Override
    public synchronized String toString() {
        return deviceId + "[divisor " + divisor + ", lcr " + Integer.toHexString(lcr) + ", rx " + rxCount + ", tx "
                + txCount + (tsr >= 0 ? "+1" : "") + ", held " + heldCount + "]";
    }
}
