package org.tessera.dev.ioports.internal.pic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.cpu.InterruptLine;
import org.tessera.machine.api.device.DeviceState;

/** The 8259A pair through its ports, lines and INTA, with a fake INTR pin. */
class PicTest {

    /** A fake CPU INTR pin that records every call. */
    static final class FakeLine implements InterruptLine {
        final List<Boolean> calls = new ArrayList<>();
        volatile boolean asserted;

        @Override
        public synchronized void setAsserted(boolean a) {
            calls.add(a);
            asserted = a;
        }

        @Override
        public boolean isAsserted() {
            return asserted;
        }
    }

    private PicComponent pic;
    private FakeLine intr;

    @BeforeEach
    void setUp() {
        pic = new PicComponent();
        intr = new FakeLine();
        pic.setInterruptLine(intr);
    }

    /** The BIOS's programming: vectors 08h and 70h, cascade on IR2, 8086 mode. */
    private void initPc(int icw4) {
        pic.out(0x20, 1, 0x11);
        pic.out(0x21, 1, 0x08);
        pic.out(0x21, 1, 0x04);
        pic.out(0x21, 1, icw4);
        pic.out(0xA0, 1, 0x11);
        pic.out(0xA1, 1, 0x70);
        pic.out(0xA1, 1, 0x02);
        pic.out(0xA1, 1, icw4);
        pic.out(0x21, 1, 0x00);
        pic.out(0xA1, 1, 0x00);
    }

    private void initPc() {
        initPc(0x01);
    }

    private void eoiMaster() {
        pic.out(0x20, 1, 0x20);
    }

    private void eoiSlave() {
        pic.out(0xA0, 1, 0x20);
    }

    private int isr(int port) {
        pic.out(port, 1, 0x0B);
        return pic.in(port, 1);
    }

    private int irr(int port) {
        pic.out(port, 1, 0x0A);
        return pic.in(port, 1);
    }

    @Test
    void neverRaisesIntrBeforeInitialization() {
        pic.raise(0);
        pic.raise(12);
        assertFalse(intr.asserted);
        assertEquals(-1, pic.acknowledge());
        // half an initialization does not count either
        pic.out(0x20, 1, 0x11);
        pic.out(0x21, 1, 0x08);
        pic.lower(1);
        pic.raise(1);
        assertFalse(intr.asserted);
        pic.out(0x21, 1, 0x04);
        pic.out(0x21, 1, 0x01);
        assertTrue(intr.asserted, "IR1's edge came after ICW1");
        assertEquals(0x09, pic.acknowledge());
    }

    @Test
    void initializationSequenceAndImr() {
        initPc();
        assertEquals(0, pic.in(0x21, 1));
        pic.out(0x21, 1, 0xB8);
        assertEquals(0xB8, pic.in(0x21, 1));
        // single mode without ICW4: ICW1, ICW2, then OCW1 at once
        pic.out(0x20, 1, 0x12);
        assertEquals(0, pic.in(0x21, 1), "ICW1 clears the IMR");
        pic.out(0x21, 1, 0x20);
        pic.out(0x21, 1, 0x55);
        assertEquals(0x55, pic.in(0x21, 1), "the byte after ICW2 is OCW1 in single mode without IC4");
        pic.out(0x21, 1, 0x00);
        pic.raise(3);
        assertEquals(0x23, pic.acknowledge());
    }

    @Test
    void edgeTriggeredRequestIsLatchedAndDeliveredOnce() {
        initPc();
        pic.pulse(1);
        assertTrue(intr.asserted);
        assertEquals(0x02, irr(0x20));
        assertEquals(0x09, pic.acknowledge());
        assertFalse(intr.asserted);
        assertEquals(0x02, isr(0x20));
        assertEquals(0, irr(0x20));
        eoiMaster();
        assertEquals(0, isr(0x20));
        assertFalse(intr.asserted, "an edge is one request");
        // a line held high gives no new request without a new edge
        pic.raise(4);
        assertEquals(0x0C, pic.acknowledge());
        eoiMaster();
        assertFalse(intr.asserted);
    }

    @Test
    void levelTriggeredThroughElcrAndLtim() {
        initPc();
        pic.out(0x4D1, 1, 0xFF);
        assertEquals(0xDE, pic.in(0x4D1, 1), "IRQ8 and IRQ13 are fixed edge");
        pic.out(0x4D0, 1, 0xFF);
        assertEquals(0xF8, pic.in(0x4D0, 1), "IRQ0-2 are fixed edge");
        pic.raise(11);
        assertTrue(intr.asserted);
        assertEquals(0x73, pic.acknowledge());
        eoiSlave();
        eoiMaster();
        assertTrue(intr.asserted, "still high: requests again");
        assertEquals(0x73, pic.acknowledge());
        pic.lower(11);
        eoiSlave();
        eoiMaster();
        assertFalse(intr.asserted);
        // LTIM makes every master input level triggered
        pic.out(0x4D0, 1, 0);
        pic.out(0x20, 1, 0x19);
        pic.out(0x21, 1, 0x08);
        pic.out(0x21, 1, 0x04);
        pic.out(0x21, 1, 0x01);
        pic.raise(0);
        assertEquals(0x08, pic.acknowledge());
        eoiMaster();
        assertEquals(0x08, pic.acknowledge());
    }

    @Test
    void fixedPriorityAndNesting() {
        initPc();
        pic.pulse(5);
        pic.pulse(3);
        assertEquals(0x0B, pic.acknowledge(), "IR3 before IR5");
        pic.pulse(1);
        assertTrue(intr.asserted, "a higher level interrupts an in-service lower one");
        assertEquals(0x09, pic.acknowledge());
        assertEquals(0x0A, isr(0x20));
        assertFalse(intr.asserted, "IR5 waits for both");
        eoiMaster(); // ends IR1, the highest in service
        assertEquals(0x08, isr(0x20));
        assertFalse(intr.asserted);
        eoiMaster();
        assertTrue(intr.asserted);
        assertEquals(0x0D, pic.acknowledge());
    }

    @Test
    void specificEoiAndSetPriority() {
        initPc();
        pic.pulse(6);
        assertEquals(0x0E, pic.acknowledge());
        pic.pulse(4);
        assertEquals(0x0C, pic.acknowledge());
        pic.out(0x20, 1, 0x66); // specific EOI for IR6
        assertEquals(0x10, isr(0x20));
        pic.out(0x20, 1, 0x64);
        assertEquals(0, isr(0x20));
        // set priority: IR4 lowest, so IR5 is highest
        pic.out(0x20, 1, 0xC4);
        pic.pulse(3);
        pic.pulse(5);
        assertEquals(0x0D, pic.acknowledge());
        eoiMaster();
        assertEquals(0x0B, pic.acknowledge());
        eoiMaster();
        // a no-op OCW2 changes nothing
        pic.out(0x20, 1, 0x40);
        assertEquals(0, isr(0x20));
    }

    @Test
    void rotateOnNonSpecificAndSpecificEoi() {
        initPc();
        pic.pulse(0);
        pic.pulse(1);
        assertEquals(0x08, pic.acknowledge());
        pic.out(0x20, 1, 0xA0); // rotate on non-specific EOI: IR0 becomes lowest
        pic.pulse(0);
        assertEquals(0x09, pic.acknowledge(), "IR1 is now the highest");
        pic.out(0x20, 1, 0xE1); // rotate on specific EOI for IR1: IR1 lowest, IR2 highest
        pic.pulse(3);
        assertEquals(0x0B, pic.acknowledge(), "IR3 before IR0 now");
        pic.out(0x20, 1, 0x20);
        assertEquals(0x08, pic.acknowledge());
        pic.out(0x20, 1, 0x20);
    }

    @Test
    void autoEoiAndRotateInAutoEoi() {
        initPc(0x03);
        pic.pulse(3);
        assertEquals(0x0B, pic.acknowledge());
        assertEquals(0, isr(0x20), "nothing stays in service");
        pic.out(0x20, 1, 0x80); // rotate in AEOI mode
        pic.pulse(3);
        assertEquals(0x0B, pic.acknowledge());
        pic.pulse(0);
        pic.pulse(4);
        assertEquals(0x0C, pic.acknowledge(), "IR3 was made lowest, IR4 is highest");
        pic.out(0x20, 1, 0x00); // clear rotate in AEOI
        pic.pulse(1);
        assertEquals(0x08, pic.acknowledge(), "IR4 is lowest now: IR5.. then IR0");
        assertEquals(0x09, pic.acknowledge());
    }

    @Test
    void maskedRequestsWaitInIrr() {
        initPc();
        pic.out(0x21, 1, 0x02);
        pic.pulse(1);
        assertFalse(intr.asserted);
        assertEquals(0x02, irr(0x20));
        pic.out(0x21, 1, 0x00);
        assertTrue(intr.asserted);
        assertEquals(0x09, pic.acknowledge());
    }

    @Test
    void cascadeDeliversSlaveVectorsAndNeedsBothEois() {
        initPc();
        pic.pulse(12);
        assertTrue(intr.asserted);
        assertEquals(0x04, irr(0x20));
        assertEquals(0x74, pic.acknowledge());
        assertEquals(0x04, isr(0x20));
        assertEquals(0x10, isr(0xA0));
        pic.pulse(8);
        assertFalse(intr.asserted, "the master's IR2 is in service");
        eoiSlave();
        assertFalse(intr.asserted);
        eoiMaster();
        assertTrue(intr.asserted);
        assertEquals(0x70, pic.acknowledge());
        eoiSlave();
        eoiMaster();
        // IRQ2 arrives as IRQ9
        pic.pulse(2);
        assertEquals(0x71, pic.acknowledge());
        eoiSlave();
        eoiMaster();
        // the master's IR0 is above the whole slave
        pic.pulse(14);
        pic.pulse(0);
        assertEquals(0x08, pic.acknowledge());
        eoiMaster();
        assertEquals(0x76, pic.acknowledge());
    }

    @Test
    void slaveRequestPendingAfterAcknowledgeIsANewEdge() {
        initPc(0x03); // automatic EOI in both
        pic.pulse(8);
        pic.pulse(12);
        assertEquals(0x70, pic.acknowledge());
        assertTrue(intr.asserted, "IRQ12 follows");
        assertEquals(0x74, pic.acknowledge());
        assertFalse(intr.asserted);
    }

    @Test
    void specialFullyNestedLetsTheSlaveInterruptItself() {
        pic.out(0x20, 1, 0x11);
        pic.out(0x21, 1, 0x08);
        pic.out(0x21, 1, 0x04);
        pic.out(0x21, 1, 0x11); // SFNM
        pic.out(0xA0, 1, 0x11);
        pic.out(0xA1, 1, 0x70);
        pic.out(0xA1, 1, 0x02);
        pic.out(0xA1, 1, 0x01);
        pic.pulse(12);
        assertEquals(0x74, pic.acknowledge());
        pic.pulse(8);
        assertTrue(intr.asserted, "a higher slave level while the master's IR2 is in service");
        assertEquals(0x70, pic.acknowledge());
    }

    @Test
    void spuriousIrq7WhenTheRequestWentAway() {
        initPc();
        pic.out(0x4D0, 1, 0x08);
        pic.raise(3);
        assertTrue(intr.asserted);
        pic.lower(3);
        assertEquals(0x0F, pic.acknowledge(), "IRQ7's vector");
        assertEquals(0, isr(0x20), "no ISR bit for a spurious interrupt");
        // masked after INTR went up (the CPU was already committed)
        pic.pulse(5);
        pic.out(0x21, 1, 0x20);
        assertEquals(0x0F, pic.acknowledge());
        assertEquals(0, isr(0x20));
    }

    @Test
    void spuriousIrq15BehindTheCascade() {
        initPc();
        pic.out(0x4D1, 1, 0x08);
        pic.raise(11);
        assertTrue(intr.asserted);
        pic.out(0xA1, 1, 0x08); // the slave request goes (masked) while the master already latched IR2
        assertEquals(0x77, pic.acknowledge(), "IRQ15's vector");
        assertEquals(0, isr(0xA0));
        assertEquals(0x04, isr(0x20), "the master's IR2 is in service: the handler must EOI the master");
        eoiMaster();
    }

    @Test
    void pollCommand() {
        initPc();
        pic.out(0x21, 1, 0x40);
        pic.pulse(6);
        pic.out(0x20, 1, 0x0C);
        assertEquals(0x00, pic.in(0x20, 1), "a masked request is not polled");
        pic.out(0x21, 1, 0x00);
        pic.out(0x20, 1, 0x0C);
        assertEquals(0x86, pic.in(0x20, 1));
        assertEquals(0x40, isr(0x20));
        assertFalse(intr.asserted);
        pic.out(0x20, 1, 0x0C);
        assertEquals(0x00, pic.in(0x21, 1), "no request: I bit clear");
        assertEquals(0, pic.in(0x21, 1), "the poll is over: IMR again");
        eoiMaster();
        // poll the cascade: master says IR2, the slave says its level
        pic.pulse(13);
        pic.out(0x20, 1, 0x0C);
        assertEquals(0x82, pic.in(0x20, 1));
        pic.out(0xA0, 1, 0x0C);
        assertEquals(0x85, pic.in(0xA0, 1));
    }

    @Test
    void specialMaskModeEnablesLowerLevels() {
        initPc();
        pic.pulse(3);
        assertEquals(0x0B, pic.acknowledge());
        pic.pulse(5);
        assertFalse(intr.asserted, "IR3 in service blocks IR5");
        pic.out(0x21, 1, 0x08); // mask IR3
        pic.out(0x20, 1, 0x68); // set special mask mode
        assertTrue(intr.asserted, "lower levels are enabled in special mask mode");
        assertEquals(0x0D, pic.acknowledge());
        pic.out(0x20, 1, 0x65); // specific EOI IR5
        pic.out(0x20, 1, 0x48); // reset special mask mode
        pic.out(0x21, 1, 0x00);
        pic.out(0x20, 1, 0x63);
        assertEquals(0, isr(0x20));
    }

    @Test
    void intrFollowsTheMasterAndIsDrivenOnlyOnChange() {
        initPc();
        intr.calls.clear();
        pic.pulse(1);
        pic.pulse(3);
        assertEquals(List.of(true), intr.calls);
        pic.acknowledge();
        assertEquals(List.of(true, false), intr.calls);
        // a new line service gets the level at once
        FakeLine other = new FakeLine();
        pic.unsetInterruptLine(intr);
        pic.setInterruptLine(other);
        assertEquals(List.of(false), other.calls);
    }

    @Test
    void stateMovesToANewInstance() {
        initPc();
        pic.out(0x4D1, 1, 0x08);
        pic.out(0x21, 1, 0x10);
        pic.pulse(12);
        pic.acknowledge();
        pic.pulse(1);
        pic.out(0x20, 1, 0xC5);
        pic.raise(11);
        DeviceState s = pic.saveState();
        PicComponent next = new PicComponent();
        FakeLine line2 = new FakeLine();
        next.setInterruptLine(line2);
        next.restoreState(s);
        assertEquals(s, next.saveState());
        assertTrue(line2.asserted);
        assertEquals(0x10, next.in(0x21, 1));
        assertEquals(0x08, next.in(0x4D1, 1));
        assertEquals(0x09, next.acknowledge());
        assertThrows(IllegalArgumentException.class,
                () -> next.restoreState(DeviceState.builder("pit", 1).build()));
    }
}
