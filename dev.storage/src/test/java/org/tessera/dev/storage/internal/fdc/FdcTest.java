package org.tessera.dev.storage.internal.fdc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.dev.storage.internal.MemDrive;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.IsaDma;
import org.tessera.machine.api.storage.Drive.Geometry;

/** The floppy controller through its ports, with in-memory drives and a fake DMA channel 2. */
class FdcTest {

    /** Channel 2 of a DMA controller: a memory buffer and a count, terminal count at its end. */
    static final class FakeDma implements IsaDma {
        byte[] memory = new byte[0];
        int pos;
        boolean toMemory;
        boolean masked;

        void program(int bytes, boolean toMem) {
            memory = new byte[bytes];
            pos = 0;
            toMemory = toMem;
            masked = false;
        }

        @Override
        public int toMemory(int channel, byte[] data, int offset, int length) {
            if (channel != 2 || masked || !toMemory) {
                return 0;
            }
            int n = Math.min(length, memory.length - pos);
            System.arraycopy(data, offset, memory, pos, n);
            pos += n;
            return n;
        }

        @Override
        public int fromMemory(int channel, byte[] data, int offset, int length) {
            if (channel != 2 || masked || toMemory) {
                return 0;
            }
            int n = Math.min(length, memory.length - pos);
            System.arraycopy(memory, pos, data, offset, n);
            pos += n;
            return n;
        }

        @Override
        public boolean terminalCount(int channel) {
            return pos >= memory.length;
        }
    }

    static final class Lines implements IrqLines {
        boolean high;
        int edges;

        @Override
        public void raise(int irq) {
            assertEquals(6, irq);
            if (!high) {
                edges++;
            }
            high = true;
        }

        @Override
        public void lower(int irq) {
            high = false;
        }

        @Override
        public boolean isRaised(int irq) {
            return high;
        }
    }

    final FdcComponent fdc = new FdcComponent();
    final FakeDma dma = new FakeDma();
    final Lines lines = new Lines();
    final MemDrive fd0 = new MemDrive("fd0", new Geometry(80, 2, 18));
    final MemDrive fd1 = new MemDrive("fd1", new Geometry(80, 2, 9));

    @BeforeEach
    void setUp() {
        fdc.setIrqLines(lines);
        fdc.setDma(dma);
        fdc.addDrive(fd0);
        fdc.addDrive(fd1);
    }

    int in(int port) {
        return fdc.in(port, 1);
    }

    void out(int port, int v) {
        fdc.out(port, 1, v);
    }

    void send(int... bytes) {
        for (int b : bytes) {
            assertEquals(0x80, in(0x3F4) & 0xC0, "RQM, to the controller");
            out(0x3F5, b);
        }
    }

    int[] results() {
        int[] r = new int[10];
        int n = 0;
        while ((in(0x3F4) & 0xC0) == 0xC0) {
            assertTrue((in(0x3F4) & 0x10) != 0, "CB in the result phase");
            r[n++] = in(0x3F5);
        }
        return java.util.Arrays.copyOf(r, n);
    }

    /** DOR reset, out of reset with DMA and IRQ enabled, drive A motor on; the four polling interrupts sensed. */
    void reset() {
        out(0x3F2, 0x00);
        assertEquals(0, in(0x3F4), "in reset");
        int edges = lines.edges;
        out(0x3F2, 0x1C);
        assertEquals(edges + 1, lines.edges, "interrupt after reset");
        for (int d = 0; d < 4; d++) {
            send(0x08);
            int[] r = results();
            assertArrayEquals(new int[] {0xC0 | d, 0}, r);
        }
        assertFalse(lines.high);
        send(0x08);
        assertArrayEquals(new int[] {0x80}, results(), "nothing pending: invalid");
        out(0x3F7, 0); // 500 kbps
        send(0x03, 0xDF, 0x02); // SPECIFY, DMA
        assertArrayEquals(new int[0], results());
    }

    void seek(int drive, int head, int cyl) {
        int edges = lines.edges;
        send(0x0F, head << 2 | drive, cyl);
        assertEquals(edges + 1, lines.edges);
        assertEquals(1 << drive, in(0x3F4) & 0x0F, "drive busy until sensed");
        send(0x08);
        assertArrayEquals(new int[] {0x20 | head << 2 | drive, cyl}, results());
        assertEquals(0, in(0x3F4) & 0x0F);
        assertFalse(lines.high);
    }

    @Test
    void resetSpecifyVersionConfigureDumpreg() {
        reset();
        send(0x10);
        assertArrayEquals(new int[] {0x90}, results());
        send(0x13, 0, 0x57, 0);
        assertArrayEquals(new int[0], results());
        send(0x94);
        assertArrayEquals(new int[] {0x10}, results());
        send(0x0E);
        int[] d = results();
        assertEquals(10, d.length);
        assertEquals(0xDF, d[4]);
        assertEquals(0x02, d[5]);
        assertEquals(0x80, d[7] & 0x80, "locked");
        assertEquals(0x57, d[8]);
        send(0x1F);
        assertArrayEquals(new int[] {0x80}, results(), "invalid command");
        send(0x48); // SENSE INTERRUPT with a flag bit: invalid too
        assertArrayEquals(new int[] {0x80}, results());
    }

    @Test
    void recalibrateSeekAndDiskChange() {
        reset();
        assertEquals(0x80, in(0x3F7) & 0x80, "disk changed at power on");
        send(0x07, 0x00);
        send(0x08);
        assertArrayEquals(new int[] {0x20, 0}, results());
        seek(0, 1, 40);
        assertEquals(0, in(0x3F7) & 0x80, "a step with a diskette clears it");
        send(0x04, 0x04);
        assertArrayEquals(new int[] {0x20 | 0x08 | 0x04}, results(), "ST3: ready, two-sided, head 1");
        seek(0, 0, 0);
        send(0x04, 0x00);
        assertArrayEquals(new int[] {0x20 | 0x10 | 0x08}, results(), "ST3: track 0");
        send(0x07, 0x02); // drive 2: absent
        send(0x08);
        assertArrayEquals(new int[] {0x70 | 2, 0}, results(), "equipment check");
        // relative seek outward 5
        send(0xCF, 0x00, 5);
        send(0x08);
        assertArrayEquals(new int[] {0x20, 5}, results());
        // a new diskette
        fdc.removeDrive(fd0);
        MemDrive other = new MemDrive("fd0", new Geometry(80, 2, 18));
        fdc.addDrive(other);
        assertEquals(0x80, in(0x3F7) & 0x80);
    }

    @Test
    void readDataThroughDma() {
        reset();
        seek(0, 0, 2);
        dma.program(3 * 512, true);
        int edges = lines.edges;
        send(0xE6, 0x00, 2, 0, 4, 2, 18, 0x1B, 0xFF); // C2 H0 R4, 3 sectors by TC
        assertEquals(edges + 1, lines.edges);
        assertEquals(0xD0, in(0x3F4) & 0xF0);
        int[] r = results();
        assertFalse(lines.high, "reading the result clears the interrupt");
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 2, 0, 7, 2}, r);
        long lba = (2 * 2 + 0) * 18 + 3;
        for (int s = 0; s < 3; s++) {
            assertEquals(MemDrive.pattern(lba + s, 0), dma.memory[s * 512]);
            assertEquals(MemDrive.pattern(lba + s, 511), dma.memory[s * 512 + 511]);
        }
        send(0x08);
        assertArrayEquals(new int[] {0x80}, results(), "nothing to sense after a read");
    }

    @Test
    void multiTrackAndEndOfCylinder() {
        reset();
        seek(0, 0, 1);
        // from head 0 sector 17 to head 1 sector 2 (4 sectors), MT
        dma.program(4 * 512, true);
        send(0xC6, 0x00, 1, 0, 17, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x04, 0x00, 0x00, 1, 1, 3, 2}, results());
        long lba = 1 * 36 + 16;
        for (int s = 0; s < 4; s++) {
            assertEquals(MemDrive.pattern(lba + s, 0), dma.memory[s * 512]);
        }
        // TC exactly at the last sector of head 1: C+1, H 0, R 1
        dma.program(2 * 512, true);
        send(0xC6, 0x04, 1, 1, 17, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 2, 0, 1, 2}, results());
        // without MT, EOT reached before TC: end of cylinder
        dma.program(10 * 512, true);
        send(0x46, 0x00, 1, 0, 17, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x80, 0x00, 2, 0, 1, 2}, results());
    }

    @Test
    void writeEndsAtTheEndOfTheCylinder() {
        reset();
        seek(0, 1, 79);
        dma.program(2 * 512, false);
        for (int i = 0; i < dma.memory.length; i++) {
            dma.memory[i] = (byte) (0xC0 + i / 512);
        }
        // MT from head 1 sector 18: the last sector of the cylinder, TC not yet reached
        send(0xC5, 0x04, 79, 1, 18, 2, 18, 0x1B, 0xFF);
        int[] r = results();
        long lba = 79 * 36 + 18 + 17;
        assertEquals((byte) 0xC0, fd0.data[(int) lba * 512]);
        assertArrayEquals(new int[] {0x40, 0x80, 0x00, 80, 0, 1, 2}, r, "end of cylinder");
        assertEquals(512, dma.pos, "one sector moved");
    }

    @Test
    void writeTwoSectorsAndProtected() {
        reset();
        seek(0, 0, 3);
        dma.program(2 * 512, false);
        java.util.Arrays.fill(dma.memory, (byte) 0xAB);
        send(0x45, 0x00, 3, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 3, 0, 3, 2}, results());
        long lba = 3 * 36;
        assertEquals((byte) 0xAB, fd0.data[(int) lba * 512]);
        assertEquals((byte) 0xAB, fd0.data[(int) (lba + 2) * 512 - 1]);
        assertEquals(MemDrive.pattern(lba + 2, 0), fd0.data[(int) (lba + 2) * 512]);

        fd0.readOnly = true;
        dma.program(512, false);
        send(0x45, 0x00, 3, 0, 5, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x02, 0x00, 3, 0, 5, 2}, results(), "not writable");
        send(0x04, 0x00);
        assertEquals(0x40, results()[0] & 0x40, "ST3 write protect");
    }

    @Test
    void sectorNotFoundAndWrongCylinder() {
        reset();
        fdc.fdc().strictSeeks = true;
        seek(0, 0, 5);
        dma.program(512, true);
        send(0x46, 0x00, 5, 0, 19, 2, 19, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x04, 0x00, 5, 0, 19, 2}, results(), "no sector 19");
        send(0x46, 0x00, 6, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x04, 0x10, 6, 0, 1, 2}, results(), "wrong cylinder");
        out(0x3F7, 2); // 250 kbps: a 1.44 MB diskette cannot be read
        send(0x46, 0x00, 5, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x01, 0x00, 5, 0, 1, 2}, results(), "missing address mark");
    }

    @Test
    void formatTrack() {
        reset();
        seek(1, 1, 10);
        out(0x3F7, 2); // 720 KB at 250 kbps
        dma.program(9 * 4, false);
        for (int s = 0; s < 9; s++) {
            dma.memory[4 * s] = 10;
            dma.memory[4 * s + 1] = 1;
            dma.memory[4 * s + 2] = (byte) (s + 1);
            dma.memory[4 * s + 3] = 2;
        }
        send(0x4D, 0x05, 2, 9, 0x54, 0xF6);
        int[] r = results();
        assertEquals(0x05, r[0]);
        assertEquals(0, r[1]);
        long lba = (10 * 2 + 1) * 9;
        for (int s = 0; s < 9; s++) {
            assertEquals((byte) 0xF6, fd1.data[(int) (lba + s) * 512]);
            assertEquals((byte) 0xF6, fd1.data[(int) (lba + s) * 512 + 511]);
        }
        assertEquals(MemDrive.pattern(lba + 9, 0), fd1.data[(int) (lba + 9) * 512]);
        assertEquals(MemDrive.pattern(lba - 1, 0), fd1.data[(int) (lba - 1) * 512]);
    }

    @Test
    void readIdAndNoMedium() {
        reset();
        seek(0, 0, 7);
        send(0x4A, 0x00);
        assertArrayEquals(new int[] {0x00, 0, 0, 7, 0, 1, 2}, results());
        send(0x4A, 0x00);
        assertArrayEquals(new int[] {0x00, 0, 0, 7, 0, 2, 2}, results());
        fd1.medium = false;
        out(0x3F7, 2);
        send(0x4A, 0x01);
        int[] r = results();
        assertEquals(0x48 | 1, r[0], "abnormal, not ready");
        dma.program(512, true);
        send(0x46, 0x01, 0, 0, 1, 2, 9, 0x1B, 0xFF);
        assertEquals(0x49, results()[0]);
        assertEquals(0, dma.pos);
    }

    @Test
    void dmaMaskedIsAnOverrunAndIrqGatedByDor() {
        reset();
        dma.program(512, true);
        dma.masked = true;
        send(0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x10, 0x00, 0, 0, 1, 2}, results());

        out(0x3F2, 0x14); // DMA gate off
        int edges = lines.edges;
        send(0x07, 0x00);
        assertEquals(edges, lines.edges);
        out(0x3F2, 0x1C);
        assertTrue(lines.high, "gated on: the pending interrupt shows");
        send(0x08);
        assertArrayEquals(new int[] {0x20, 0}, results());
    }

    @Test
    void softwareResetThroughDsrAndHotSwap() {
        reset();
        seek(0, 0, 9);
        out(0x3F4, 0x80);
        assertTrue(lines.high);
        for (int d = 0; d < 4; d++) {
            send(0x08);
            assertEquals(0xC0 | d, results()[0]);
        }
        send(0x0F, 0x00, 12);
        DeviceState s = fdc.saveState();
        FdcComponent next = new FdcComponent();
        next.addDrive(fd0);
        next.restoreState(s);
        next.out(0x3F5, 1, 0x08);
        assertEquals(0x20, next.in(0x3F5, 1));
        assertEquals(12, next.in(0x3F5, 1));
        assertEquals(0x80, next.in(0x3F4, 1));
    }

    /** Out of reset as a BIOS leaves it that never programs the data rate: DOR, the polls sensed, SPECIFY. */
    void powerOnWithoutDataRate() {
        out(0x3F2, 0x1C);
        for (int d = 0; d < 4; d++) {
            send(0x08);
            assertArrayEquals(new int[] {0xC0 | d, 0}, results());
        }
        send(0x03, 0xDF, 0x02);
        assertArrayEquals(new int[0], results());
    }

    /** The head's cylinder on drive {@code drive}, from DUMPREG. */
    int pcn(int drive) {
        send(0x0E);
        return results()[drive];
    }

    @Test
    void aHighDensityDisketteReadsAtThePowerOnDataRate() {
        powerOnWithoutDataRate();
        seek(0, 0, 2);
        dma.program(512, true);
        send(0x46, 0x00, 2, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 2, 0, 2, 2}, results(), "500 kbps without a CCR write");
        long lba = 2 * 36;
        assertEquals(MemDrive.pattern(lba, 0), dma.memory[0]);
        assertEquals(MemDrive.pattern(lba, 511), dma.memory[511]);

        // the 720 KB diskette in B: needs 250 kbps, which the guest must select
        dma.program(512, true);
        send(0x46, 0x01, 0, 0, 1, 2, 9, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x41, 0x01, 0x00, 0, 0, 1, 2}, results(), "missing address mark at 500 kbps");
        out(0x3F7, 2);
        dma.program(512, true);
        send(0x46, 0x01, 0, 0, 1, 2, 9, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x01, 0x00, 0x00, 0, 0, 2, 2}, results());
        assertEquals(MemDrive.pattern(0, 0), dma.memory[0]);
    }

    @Test
    void aRecalibrateDropsTheResetPollsThatWereNotSensed() {
        driveOneOnCylinder7();
        out(0x3F2, 0x00);
        int edges = lines.edges;
        out(0x3F2, 0x1C);
        assertEquals(edges + 1, lines.edges);
        send(0x08);
        assertArrayEquals(new int[] {0xC0, 0}, results(), "the BIOS senses one poll");
        assertTrue(lines.high, "three polls are still pending");

        send(0x07, 0x01); // RECALIBRATE drive 1 (its head is on cylinder 7)
        assertEquals(edges + 2, lines.edges, "a new interrupt");
        send(0x08);
        assertArrayEquals(new int[] {0x20 | 1, 0}, results(), "the recalibrate's status, not a poll's");
        assertFalse(lines.high);
        send(0x08);
        assertArrayEquals(new int[] {0x80}, results(), "the other polls are gone");
    }

    /** Drive 1's head to cylinder 7, sensed. */
    void driveOneOnCylinder7() {
        out(0x3F2, 0x1C);
        for (int d = 0; d < 4; d++) {
            send(0x08);
            results();
        }
        seek(1, 0, 7);
    }

    @Test
    void aReadDropsTheResetPollsThatWereNotSensed() {
        out(0x3F2, 0x1C);
        send(0x08);
        assertArrayEquals(new int[] {0xC0, 0}, results());
        send(0x03, 0xDF, 0x02);
        results();
        dma.program(512, true);
        send(0x46, 0x00, 0, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 0, 0, 2, 2}, results());
        assertFalse(lines.high);
        send(0x08);
        assertArrayEquals(new int[] {0x80}, results(), "no poll left to sense after the read");
    }

    @Test
    void sensedPollsAndASeekStatusStayInOrder() {
        out(0x3F2, 0x1C);
        for (int d = 0; d < 4; d++) {
            send(0x08);
            results();
        }
        send(0x0F, 0x00, 3);
        send(0x0F, 0x01, 4);
        send(0x08);
        assertArrayEquals(new int[] {0x20, 3}, results(), "a seek status is not a poll: kept");
        send(0x08);
        assertArrayEquals(new int[] {0x21, 4}, results());
    }

    @Test
    void aReadOnAnotherCylinderMovesTheHead() {
        reset();
        seek(0, 0, 5);
        dma.program(512, true);
        int edges = lines.edges;
        send(0x46, 0x04, 9, 1, 3, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x04, 0x00, 0x00, 9, 1, 4, 2}, results(), "read without a seek first");
        assertEquals(edges + 1, lines.edges);
        long lba = 9 * 36 + 18 + 2;
        assertEquals(MemDrive.pattern(lba, 0), dma.memory[0]);
        assertEquals(9, pcn(0), "the head is on cylinder 9 now");
        send(0x08);
        assertArrayEquals(new int[] {0x80}, results(), "no seek status to sense");

        // a write too
        dma.program(512, false);
        java.util.Arrays.fill(dma.memory, (byte) 0x5E);
        send(0x45, 0x00, 12, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 12, 0, 2, 2}, results());
        assertEquals((byte) 0x5E, fd0.data[12 * 36 * 512]);
        assertEquals(12, pcn(0));
    }

    @Test
    void strictSeeksKeepTheHeadUnlessImpliedSeeksAreConfigured() {
        reset();
        fdc.fdc().strictSeeks = true;
        seek(0, 0, 5);
        dma.program(512, true);
        send(0x46, 0x00, 9, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x40, 0x04, 0x10, 9, 0, 1, 2}, results(), "wrong cylinder");
        assertEquals(5, pcn(0), "the head stays");
        assertEquals(0, dma.pos);

        send(0x13, 0, 0x40 | 0x20, 0); // CONFIGURE: implied seeks
        dma.program(512, true);
        send(0x46, 0x00, 9, 0, 1, 2, 18, 0x1B, 0xFF);
        assertArrayEquals(new int[] {0x00, 0x00, 0x00, 9, 0, 2, 2}, results());
        assertEquals(9, pcn(0));
    }
}
