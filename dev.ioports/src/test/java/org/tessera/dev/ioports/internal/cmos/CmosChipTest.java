package org.tessera.dev.ioports.internal.cmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;

/** The MC146818 model with fake machine time. */
class CmosChipTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final FakeMachine machine = new FakeMachine();
    private final CmosChip chip = new CmosChip(machine);

    private void powerOn(String time) {
        chip.powerOn(LocalDateTime.parse(time));
    }

    private int rd(int i) {
        chip.writeIndex(i);
        return chip.readData();
    }

    private void wr(int i, int v) {
        chip.writeIndex(i);
        chip.writeData(v);
    }

    private String timeBytes() {
        chip.sync();
        StringBuilder sb = new StringBuilder();
        for (int i : new int[] {9, 8, 7, 6, 4, 2, 0}) {
            sb.append(String.format("%02X ", chip.peek(i)));
        }
        return sb.append(String.format("c%02X", chip.peek(0x32))).toString();
    }

    @Test
    void powerOnHoldsTheTimeInBcd24h() {
        powerOn("2024-02-28T13:45:59");
        assertEquals(0x59, rd(0));
        assertEquals(0x45, rd(2));
        assertEquals(0x13, rd(4));
        assertEquals(0x04, rd(6), "Wednesday is day 4 (Sunday 1)");
        assertEquals(0x28, rd(7));
        assertEquals(0x02, rd(8));
        assertEquals(0x24, rd(9));
        assertEquals(0x20, rd(0x32));
        assertEquals(0x26, rd(0x0A));
        assertEquals(0x02, rd(0x0B));
        assertEquals(0x00, rd(0x0C));
        assertEquals(0x80, rd(0x0D), "valid RAM and time");
    }

    @Test
    void firstUpdateHalfASecondAfterPowerOnThenEverySecond() {
        powerOn("2024-02-28T23:59:58");
        machine.runUntil(499 * MS);
        assertEquals(0x58, rd(0));
        machine.runUntil(500 * MS);
        assertEquals(0x59, rd(0));
        machine.runUntil(1500 * MS - 1);
        assertEquals(0x59, rd(0));
        machine.runUntil(1500 * MS);
        assertEquals("24 02 29 05 00 00 00 c20", timeBytes(), "2024 is a leap year: 29 February, Thursday");
        machine.runUntil(1500 * MS + 86_400 * S);
        assertEquals("24 03 01 06 00 00 00 c20", timeBytes());
    }

    @Test
    void yearAndCenturyWrap() {
        powerOn("2099-12-31T23:59:59");
        machine.runUntil(500 * MS);
        assertEquals("00 01 01 06 00 00 00 c21", timeBytes(), "1 January 2100 is a Friday");
        chip.sync();
        assertEquals(LocalDateTime.parse("2100-01-01T00:00:00"), chip.time());
    }

    @Test
    void binaryAnd12HourFormat() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0B, 0x80 | CmosChip.B_DM_BINARY); // SET, binary, 12 h
        wr(0, 59);
        wr(2, 59);
        wr(4, 0x80 | 11); // 11 PM
        wr(6, 7);
        wr(7, 31);
        wr(8, 12);
        wr(9, 99);
        wr(0x0B, CmosChip.B_DM_BINARY);
        machine.runUntil(500 * MS);
        assertEquals(12, rd(4), "midnight is 12 AM");
        assertEquals(0, rd(0));
        assertEquals(1, rd(7));
        assertEquals(1, rd(8));
        assertEquals(0, rd(9));
        assertEquals(1, rd(6));
        wr(0x0B, 0x80 | CmosChip.B_DM_BINARY);
        wr(4, 11);
        wr(2, 59);
        wr(0, 59);
        wr(0x0B, CmosChip.B_DM_BINARY);
        machine.runUntil(1500 * MS);
        assertEquals(0x80 | 12, rd(4), "noon is 12 PM");
        machine.runUntil(1500 * MS + 3600 * S);
        assertEquals(0x80 | 1, rd(4));
    }

    @Test
    void bcd12HourPm() {
        powerOn("2000-01-01T13:00:00");
        wr(0x0B, 0x80);
        chip.setTime(LocalDateTime.parse("2000-01-01T13:00:00"));
        wr(0x0B, 0x00);
        assertEquals(0x81, rd(4), "1 PM in BCD 12 h");
        assertEquals(LocalDateTime.parse("2000-01-01T13:00:00"), chip.time());
    }

    @Test
    void setFreezesTheTimeAndGuestWritesSetIt() {
        powerOn("2000-01-01T00:00:00");
        machine.runUntil(2 * S);
        assertEquals(0x02, rd(0), "updates at 0.5 s and 1.5 s");
        wr(0x0B, 0x82);
        assertEquals(0x82, rd(0x0B));
        wr(0, 0x30);
        wr(2, 0x10);
        machine.runUntil(10 * S);
        assertEquals(0x30, rd(0), "no update while SET");
        assertFalse((rd(0x0A) & 0x80) != 0, "no UIP while SET");
        wr(0x0B, 0x02);
        machine.runUntil(10 * S + 499 * MS);
        assertEquals(0x30, rd(0));
        machine.runUntil(10 * S + 500 * MS);
        assertEquals(0x31, rd(0), "the divider kept its phase");
        assertEquals(0x10, rd(2));
    }

    @Test
    void setClearsUie() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0B, 0x12);
        wr(0x0B, 0x92);
        assertEquals(0x82, rd(0x0B));
    }

    @Test
    void uipIsHighInTheLast2228MicrosecondsBeforeAnUpdate() {
        powerOn("2000-01-01T00:00:00");
        long update = 500 * MS;
        machine.runUntil(update - CmosChip.UIP_NANOS - 1);
        assertEquals(0x26, rd(0x0A));
        machine.runUntil(update - CmosChip.UIP_NANOS);
        assertEquals(0xA6, rd(0x0A));
        assertEquals(0x00, rd(0), "not updated yet");
        machine.runUntil(update);
        assertEquals(0x26, rd(0x0A));
        assertEquals(0x01, rd(0));
        wr(0x0A, 0xA6);
        assertEquals(0x26, rd(0x0A), "UIP is read only");
    }

    @Test
    void dividerResetStopsTheClockAndRestartsHalfASecondLater() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0A, 0x70);
        machine.runUntil(5 * S);
        assertEquals(0x00, rd(0));
        wr(0x0A, 0x26);
        machine.runUntil(5 * S + 499 * MS);
        assertEquals(0x00, rd(0));
        machine.runUntil(5 * S + 500 * MS);
        assertEquals(0x01, rd(0));
    }

    @Test
    void updateEndedInterruptEverySecondAndRegisterCClearsIt() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0B, 0x12);
        assertEquals(1, machine.live(), "one task for the next update");
        machine.runUntil(500 * MS);
        assertEquals(List.of("raise@" + 500 * MS), machine.irq);
        assertEquals(0, machine.live(), "nothing scheduled while the line is high");
        machine.runUntil(3 * S);
        assertEquals(0x90, rd(0x0C) & 0xB0, "IRQF and UF (PF counts at 1024 Hz without PIE)");
        assertEquals(List.of("raise@" + 500 * MS, "lower@" + 3 * S), machine.irq);
        assertEquals(0x00, rd(0x0C), "read clears");
        machine.runUntil(3500 * MS);
        assertEquals("raise@" + 3500 * MS, machine.irq.get(2));
    }

    @Test
    void flagsAreSetWithoutEnablesButNoInterruptNorTask() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0A, 0x2F);
        assertEquals(0, machine.live());
        machine.runUntil(2 * S);
        assertEquals(0x50, rd(0x0C), "PF and UF without IRQF");
        assertEquals(List.of(), machine.irq);
    }

    @Test
    void periodicInterruptAtTheSelectedRate() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0A, 0x26); // 1024 Hz
        wr(0x0B, 0x42);
        List<Long> raised = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            machine.runUntil(machine.now + 2 * MS);
            int before = machine.irq.size();
            assertTrue(before > 0);
            raised.add(Long.parseLong(machine.irq.get(before - 1).substring(6)));
            assertEquals(0xC0, rd(0x0C) & 0xC0);
        }
        for (long t : raised) {
            // the divider starts half a second before power-on; a task runs within 1 ns after the boundary
            assertTrue((t + S / 2) * 1024 % S < 1024, "at a 1024 Hz boundary: " + t);
        }
    }

    @Test
    void periodicRatesTable() {
        assertEquals(0, CmosChip.periodTicks(0));
        assertEquals(128, CmosChip.periodTicks(1), "256 Hz");
        assertEquals(256, CmosChip.periodTicks(2), "128 Hz");
        assertEquals(4, CmosChip.periodTicks(3), "8192 Hz");
        assertEquals(32, CmosChip.periodTicks(6), "1024 Hz");
        assertEquals(16384, CmosChip.periodTicks(15), "2 Hz");
    }

    @Test
    void periodicAtTwoHertzCountsEdges() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0A, 0x2F);
        wr(0x0B, 0x42);
        int edges = 0;
        for (int i = 0; i < 10; i++) {
            machine.runUntil(machine.now + 500 * MS);
            if (chip.lineHigh()) {
                edges++;
                rd(0x0C);
            }
        }
        assertEquals(10, edges);
    }

    @Test
    void alarmWithExactAndDontCareValues() {
        powerOn("2000-01-01T10:00:00");
        wr(1, 0x05);
        wr(3, 0x00);
        wr(5, 0x10);
        wr(0x0B, 0x22);
        machine.runUntil(4 * S);
        assertEquals(List.of(), machine.irq);
        machine.runUntil(5 * S);
        assertEquals(List.of("raise@" + 4500 * MS), machine.irq, "10:00:05 is reached at 4.5 s");
        assertEquals(0xB0, rd(0x0C) & 0xB0, "IRQF, AF and UF");

        wr(1, 0xC0);
        wr(3, 0xFF);
        wr(5, 0xC5);
        machine.runUntil(6 * S);
        assertEquals(3, machine.irq.size(), "don't care in all three: every second");
        assertEquals(0xB0, rd(0x0C) & 0xB0);
        wr(1, 0x30);
        machine.runUntil(29 * S);
        assertEquals(0x10, rd(0x0C) & 0x30, "no alarm before :30 (reached at 29.5 s)");
        machine.runUntil(30 * S);
        assertEquals(0xA0, rd(0x0C) & 0xA0, "alarm once a minute at :30");
        machine.runUntil(89 * S);
        assertEquals(0x00, rd(0x0C) & 0x20);
        machine.runUntil(90 * S);
        assertEquals(0x20, rd(0x0C) & 0x20);
    }

    @Test
    void alarmFlagWithoutEnableRaisesNothing() {
        powerOn("2000-01-01T10:00:00");
        wr(1, 0xFF);
        wr(3, 0xFF);
        wr(5, 0xFF);
        machine.runUntil(2 * S);
        assertEquals(0x70, rd(0x0C), "PF (1024 Hz), AF, UF; no IRQF");
        assertEquals(List.of(), machine.irq);
    }

    @Test
    void enablingWhileAFlagIsSetRaisesAndDisablingLowers() {
        powerOn("2000-01-01T00:00:00");
        machine.runUntil(S);
        wr(0x0B, 0x12);
        assertEquals(List.of("raise@" + S), machine.irq);
        wr(0x0B, 0x02);
        assertEquals(List.of("raise@" + S, "lower@" + S), machine.irq);
    }

    @Test
    void withoutTimersInterruptsComeWhenTheGuestLooks() {
        machine.timersPresent = false;
        powerOn("2000-01-01T00:00:00");
        wr(0x0B, 0x12);
        machine.runUntil(2 * S);
        assertEquals(List.of(), machine.irq);
        rd(0x0A);
        assertEquals(List.of("raise@" + 2 * S), machine.irq);
    }

    @Test
    void longGapsCrossedWithCalendarArithmetic() {
        powerOn("2023-12-31T12:00:00");
        machine.runUntil(500 * MS + 400L * 86_400 * S);
        chip.sync();
        assertEquals(LocalDateTime.parse("2025-02-03T12:00:01"), chip.time());
        assertEquals(0x02, rd(6), "Monday");
    }

    @Test
    void nmiMaskBitAndIndexWidth() {
        powerOn("2000-01-01T00:00:00");
        chip.writeIndex(0x8F);
        assertTrue(chip.nmiMasked());
        chip.writeData(0x5A);
        assertEquals(0x5A, chip.peek(0x0F), "bit 7 is not part of the index");
        chip.writeIndex(0x0F);
        assertFalse(chip.nmiMasked());
        assertEquals(0x5A, chip.readData());
        assertEquals(0x0F, chip.readIndex());
        wr(0x7F, 0x12);
        assertEquals(0x12, rd(0x7F));
    }

    @Test
    void registersCAndDIgnoreWrites() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0C, 0xF0);
        wr(0x0D, 0x00);
        assertEquals(0x00, rd(0x0C));
        assertEquals(0x80, rd(0x0D));
    }

    @Test
    void stateMovesToAnotherChipOnTheSameClock() {
        powerOn("2000-01-01T00:00:00");
        wr(0x0B, 0x12);
        wr(0x40, 0x77);
        chip.writeIndex(0x85);
        machine.runUntil(1200 * MS);
        DeviceState state = chip.save("cmos");
        chip.close();

        FakeMachine same = machine;
        CmosChip other = new CmosChip(same);
        other.restore(state, "cmos");
        assertEquals(0x77, other.peek(0x40));
        assertTrue(other.nmiMasked());
        assertEquals(0x05, other.readIndex() & 0x7F);
        assertEquals(state, other.save("cmos"));
        assertThrows(IllegalArgumentException.class, () -> other.restore(DeviceState.builder("kbc", 1).build(), "cmos"));
        assertNotEquals(0, same.irq.size());
    }
}
