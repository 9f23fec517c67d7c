package org.tessera.dev.ioports.internal.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.dev.ioports.internal.uart.Uart16550.*;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;

/** The 16550A's registers, FIFOs, interrupts and timing, without OSGi. */
class Uart16550Test {

    private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    private final boolean[] irq = new boolean[1];
    private final Uart16550 uart = new Uart16550("uart.com1", high -> irq[0] = high, sent::write);

    private String sent() {
        return sent.toString(StandardCharsets.ISO_8859_1);
    }

    private void send(String s) {
        for (char c : s.toCharArray()) {
            uart.write(RBR_THR, c);
        }
    }

    private void host(String s) throws InterruptedException {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        uart.hostReceive(b, 0, b.length);
    }

    private String drain() {
        StringBuilder sb = new StringBuilder();
        while ((uart.read(LSR) & LSR_DR) != 0) {
            sb.append((char) uart.read(RBR_THR));
        }
        return sb.toString();
    }

    @org.junit.jupiter.api.BeforeEach
    void eightBits() {
        uart.write(LCR, 0x03);
    }

    @Test
    void resetState() {
        uart.write(LCR, 0);
        assertEquals(0x60, uart.read(LSR));
        assertEquals(0x01, uart.read(IIR_FCR));
        assertEquals(0, uart.read(IER));
        assertEquals(0, uart.read(LCR));
        assertEquals(0, uart.read(MCR));
        assertEquals(MSR_CTS | MSR_DSR | MSR_DCD, uart.read(MSR), "the host side is ready, no deltas");
        assertFalse(irq[0]);
    }

    @Test
    void divisorLatchScratchAndRegisterMasks() {
        uart.write(LCR, 0x80);
        uart.write(RBR_THR, 0x01);
        uart.write(IER, 0x02);
        assertEquals(0x01, uart.read(RBR_THR));
        assertEquals(0x02, uart.read(IER));
        uart.write(LCR, 0x03);
        assertEquals(0, uart.read(IER), "IER untouched by the latch writes");
        assertEquals("", sent(), "nothing sent while DLAB was set");
        uart.write(IER, 0xFF);
        assertEquals(0x0F, uart.read(IER));
        uart.write(MCR, 0xFF);
        assertEquals(0x1F, uart.read(MCR));
        uart.write(SCR, 0x5A);
        assertEquals(0x5A, uart.read(SCR));
        assertEquals(3, uart.read(LCR));
    }

    @Test
    void characterTimeFollowsDivisorAndFormat() {
        uart.write(LCR, 0x80);
        uart.write(RBR_THR, 1);
        uart.write(IER, 0);
        uart.write(LCR, 0x03); // 8N1: 10 bits
        assertEquals(10 * 1_000_000_000L / 115_200, uart.characterNanos());
        uart.write(LCR, 0x1E); // 7E2: 11 bits
        assertEquals(11 * 1_000_000_000L / 115_200, uart.characterNanos());
        uart.write(LCR, 0x04); // 5N1.5: 7.5 bits
        assertEquals(75 * 1_000_000_000L / 1_152_000, uart.characterNanos());
        uart.write(LCR, 0x83);
        uart.write(RBR_THR, 12);
        uart.write(LCR, 0x03);
        assertEquals(10 * 12 * 1_000_000_000L / 115_200, uart.characterNanos(), "9600 baud");
    }

    @Test
    void withoutTimeBytesLeaveAtOnceMaskedToTheWordLength() {
        uart.write(LCR, 0x03);
        send("Hi\u00e9");
        uart.write(LCR, 0x02);
        send("\u00e9");
        assertEquals("Hi\u00e9i", sent());
        assertEquals(0x60, uart.read(LSR));
    }

    @Test
    void threInterruptIsGatedByOut2AndClearedByIirReadOrThrWrite() {
        uart.write(IER, IER_THRE);
        assertFalse(irq[0], "OUT2 off: the PC's IRQ buffer is closed");
        uart.write(MCR, MCR_OUT2);
        assertTrue(irq[0]);
        assertEquals(0x02, uart.read(IIR_FCR));
        assertFalse(irq[0], "reading IIR with THRE as the source clears it");
        assertEquals(0x01, uart.read(IIR_FCR));
        send("x");
        assertTrue(irq[0], "the THR emptied again");
        send("y");
        assertTrue(irq[0]);
        uart.write(IER, 0);
        assertFalse(irq[0]);
        uart.write(IER, IER_THRE);
        assertTrue(irq[0], "enabling the interrupt with THR empty raises it");
    }

    @Test
    void prioritiesAndClearingRules() {
        uart.write(MCR, MCR_LOOP);
        uart.write(IER, 0x0F);
        assertFalse(irq[0], "loopback holds the OUT2 pin inactive");
        send("a");
        assertEquals(0x04, uart.read(IIR_FCR), "received data beats THRE and modem status");
        send("b");
        assertEquals(0x06, uart.read(IIR_FCR), "the overrun: line status first");
        assertEquals(LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT, uart.read(LSR));
        assertEquals(0x61, uart.read(LSR), "OE cleared by the read");
        assertEquals(0x04, uart.read(IIR_FCR));
        assertEquals('b', uart.read(RBR_THR), "without FIFOs the overrun overwrote the RBR");
        assertEquals(0x02, uart.read(IIR_FCR));
        assertEquals(0x00, uart.read(IIR_FCR), "THRE cleared by the IIR read; modem status left");
        assertEquals(MSR_DCTS | MSR_DDSR | MSR_DDCD, uart.read(MSR), "loopback with all outputs off");
        assertEquals(0x01, uart.read(IIR_FCR));
        assertEquals(0, uart.read(MSR));
        assertEquals('b', uart.read(RBR_THR), "an empty RBR repeats its last byte");
        assertFalse(irq[0]);
    }

    @Test
    void loopbackWiresTheModemLines() {
        uart.write(MCR, MCR_LOOP);
        uart.read(MSR);
        uart.write(MCR, MCR_LOOP | MCR_DTR | MCR_RTS | MCR_OUT1 | MCR_OUT2);
        assertEquals(0xF0 | MSR_DCTS | MSR_DDSR | MSR_DDCD, uart.read(MSR), "RI rising sets no delta");
        uart.write(MCR, MCR_LOOP | MCR_RTS);
        assertEquals(MSR_CTS | MSR_DDSR | MSR_TERI | MSR_DDCD, uart.read(MSR), "RI's trailing edge");
        send("z");
        assertEquals("", sent(), "loopback sends nothing to the host");
        assertEquals('z', uart.read(RBR_THR));
        uart.write(MCR, 0);
        assertEquals(0xB0 | MSR_DDSR | MSR_DDCD, uart.read(MSR), "host lines again (CTS was already on)");
    }

    @Test
    void hostLinesSetDeltasAndModemInterrupt() {
        uart.write(MCR, MCR_OUT2);
        uart.write(IER, IER_MODEM);
        assertFalse(irq[0]);
        uart.setHostLines(MSR_CTS | MSR_DSR);
        assertTrue(irq[0]);
        assertEquals(0x00, uart.read(IIR_FCR));
        assertEquals(MSR_CTS | MSR_DSR | MSR_DDCD, uart.read(MSR));
        assertFalse(irq[0]);
    }

    @Test
    void breakInLoopbackAndTheFifoErrorBit() {
        uart.write(IIR_FCR, 0x01);
        uart.write(MCR, MCR_LOOP);
        uart.write(IER, IER_LINE);
        send("a");
        uart.write(LCR, LCR_BREAK);
        uart.write(LCR, 0x03);
        assertEquals(0xC1, uart.read(IIR_FCR), "the break is not at the top yet");
        assertEquals(LSR_DR | LSR_THRE | LSR_TEMT | LSR_FIFO_ERROR, uart.read(LSR));
        assertEquals('a', uart.read(RBR_THR));
        assertEquals(0xC6, uart.read(IIR_FCR), "the break reached the top");
        assertEquals(LSR_DR | LSR_BI | LSR_FE | LSR_THRE | LSR_TEMT | LSR_FIFO_ERROR, uart.read(LSR));
        assertEquals(LSR_DR | LSR_THRE | LSR_TEMT, uart.read(LSR), "read: reported errors cleared");
        assertEquals(0, uart.read(RBR_THR));
        assertEquals(0xC1, uart.read(IIR_FCR));
    }

    @Test
    void fifoControl() {
        uart.write(IIR_FCR, 0xC0);
        assertEquals(0x01, uart.read(IIR_FCR), "FCR bits need bit 0");
        uart.write(IIR_FCR, 0x01);
        assertEquals(0xC1, uart.read(IIR_FCR));
        uart.write(MCR, MCR_LOOP);
        send("0123456789ABCDEFG");
        assertEquals(LSR_OE, uart.read(LSR) & LSR_OE, "17th byte overruns");
        uart.write(IIR_FCR, 0x03);
        assertEquals(0x60, uart.read(LSR), "receive FIFO cleared");
        send("xy");
        uart.write(IIR_FCR, 0x00);
        assertEquals(0x60, uart.read(LSR), "turning FIFOs off clears them");
        assertEquals(0x01, uart.read(IIR_FCR));
    }

    @Test
    void hostBytesAreHeldNotDropped() throws InterruptedException {
        host("abc");
        assertEquals(2, uart.heldBytes(), "without FIFOs the RBR takes one");
        assertEquals(0, uart.read(LSR) & LSR_OE);
        assertEquals("abc", drain());
        uart.write(IIR_FCR, 0x01);
        host("0123456789ABCDEFGHIJ");
        assertEquals(4, uart.heldBytes());
        assertEquals(0, uart.read(LSR) & LSR_OE);
        assertEquals("0123456789ABCDEFGHIJ", drain());
        assertEquals(0, uart.heldBytes());
    }

    @Test
    void withoutTimeDataBelowTheTriggerTimesOutAtOnce() throws InterruptedException {
        uart.write(IIR_FCR, 0xC1);
        uart.write(IER, IER_RDA);
        host("ab");
        assertEquals(0xCC, uart.read(IIR_FCR));
        host("0123456789ABCD");
        assertEquals(0xC4, uart.read(IIR_FCR), "14 and more: received data");
        uart.read(RBR_THR);
        assertEquals(0xC4, uart.read(IIR_FCR), "the 17th byte moved in from the held ones");
    }

    private FakeTime timed(int divisor) {
        FakeTime time = new FakeTime();
        uart.setTime(time, time);
        uart.write(LCR, 0x83);
        uart.write(RBR_THR, divisor);
        uart.write(IER, divisor >>> 8);
        uart.write(LCR, 0x03);
        return time;
    }

    @Test
    void transmitTimingAtBaudRate() {
        FakeTime time = timed(12);
        long ch = uart.characterNanos();
        assertEquals(1_041_666, ch);
        send("A");
        assertEquals(LSR_THRE, uart.read(LSR), "THR moved to the shift register at once; TEMT clear");
        send("B");
        assertEquals(0, uart.read(LSR));
        time.advance(ch - 1);
        assertEquals("", sent());
        time.advance(1);
        assertEquals("A", sent());
        assertEquals(LSR_THRE, uart.read(LSR));
        time.advance(ch);
        assertEquals("AB", sent());
        assertEquals(0x60, uart.read(LSR));
    }

    @Test
    void fifoTransmitBackToBack() {
        FakeTime time = timed(1);
        uart.write(IIR_FCR, 0x07);
        send("0123456789");
        long ch = uart.characterNanos();
        time.advance(5 * ch);
        assertEquals("01234", sent());
        time.advance(5 * ch - 1);
        assertEquals("012345678", sent());
        assertEquals(LSR_THRE, uart.read(LSR));
        time.advance(1);
        assertEquals(0x60, uart.read(LSR));
    }

    @Test
    void receiveTimingTriggerLevelsAndTimeout() throws InterruptedException {
        int[] triggers = {1, 4, 8, 14};
        for (int t = 0; t < 4; t++) {
            FakeTime time = timed(1);
            long ch = uart.characterNanos();
            uart.write(IIR_FCR, t << 6 | 0x07);
            uart.write(IER, IER_RDA);
            host("0123456789ABCDEF");
            for (int n = 1; n <= 16; n++) {
                time.advance(ch);
                int expected = n >= triggers[t] ? 0xC4 : 0xC1;
                assertEquals(expected, uart.read(IIR_FCR), "trigger " + triggers[t] + " after " + n + " bytes");
            }
            assertEquals("0123456789ABCDEF", drain());
        }
    }

    @Test
    void characterTimeoutAfterFourCharacterTimes() throws InterruptedException {
        FakeTime time = timed(1);
        long ch = uart.characterNanos();
        uart.write(IIR_FCR, 0x81);
        uart.write(IER, IER_RDA);
        uart.write(MCR, MCR_OUT2);
        host("abc");
        time.advance(3 * ch);
        assertEquals(0xC1, uart.read(IIR_FCR));
        time.advance(4 * ch - 1);
        assertEquals(0xC1, uart.read(IIR_FCR));
        assertFalse(irq[0]);
        time.advance(1);
        assertEquals(0xCC, uart.read(IIR_FCR));
        assertTrue(irq[0]);
        assertEquals('a', uart.read(RBR_THR));
        assertEquals(0xC1, uart.read(IIR_FCR), "the read cleared the timeout and restarted it");
        assertFalse(irq[0]);
        time.advance(4 * ch);
        assertEquals(0xCC, uart.read(IIR_FCR));
        assertEquals("bc", drain());
        time.advance(10 * ch);
        assertEquals(0xC1, uart.read(IIR_FCR));
    }

    @Test
    void timedHostFlowWaitsForRoom() throws InterruptedException {
        FakeTime time = timed(1);
        long ch = uart.characterNanos();
        host("xyz");
        time.advance(10 * ch);
        assertEquals(LSR_DR, uart.read(LSR) & (LSR_DR | LSR_OE));
        assertEquals(2, uart.heldBytes());
        assertEquals('x', uart.read(RBR_THR));
        time.advance(ch - 1);
        assertEquals(0, uart.read(LSR) & LSR_DR, "the next byte takes a character time");
        time.advance(1);
        assertEquals('y', uart.read(RBR_THR));
    }

    @Test
    void losingTheClockFinishesWhatIsUnderWay() throws InterruptedException {
        FakeTime time = timed(1);
        uart.write(IIR_FCR, 0x01);
        send("abc");
        host("12");
        uart.setTime(null, null);
        assertEquals("abc", sent());
        assertEquals("12", drain());
        assertEquals(0, time.pending());
    }

    @Test
    void stateMovesToAFreshChip() throws InterruptedException {
        FakeTime time = timed(1);
        long ch = uart.characterNanos();
        uart.write(IIR_FCR, 0x41);
        uart.write(IER, 0x03);
        uart.write(SCR, 0x77);
        send("hello");
        host("in");
        time.advance(2 * ch);
        DeviceState state = uart.saveState();
        assertEquals("he", sent());
        uart.close();
        assertEquals("he", sent(), "a saved state's bytes are sent by the next instance");

        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        Uart16550 fresh = new Uart16550("uart.com1", high -> { }, out2::write);
        fresh.setTime(time, time);
        fresh.restoreState(state);
        assertEquals(state, fresh.saveState());
        time.advance(3 * ch);
        assertEquals("llo", out2.toString(StandardCharsets.ISO_8859_1));
        assertEquals(0x77, fresh.read(SCR));
        assertEquals('i', fresh.read(RBR_THR));
        time.advance(ch);
        assertEquals('n', fresh.read(RBR_THR));
        assertThrows(IllegalArgumentException.class,
                () -> fresh.restoreState(DeviceState.builder("uart.com2", 1).build()));
    }

    @Test
    void closeSendsWhatTheTransmitterHolds() {
        timed(12);
        uart.write(IIR_FCR, 0x01);
        send("bye\n");
        assertEquals("", sent());
        uart.close();
        assertEquals("bye\n", sent());
    }
}
