package org.tessera.dev.storage.internal.ata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.dev.storage.internal.MemDrive;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.storage.Drive.Geometry;

/** The primary ATA channel through its ports, with in-memory drives. */
class AtaTest {

    /** IRQ lines that log raise and lower. */
    static final class Lines implements IrqLines {
        final boolean[] level = new boolean[16];
        final List<String> log = new ArrayList<>();
        int edges;

        @Override
        public void raise(int irq) {
            if (!level[irq]) {
                edges++;
            }
            level[irq] = true;
            log.add("+" + irq);
        }

        @Override
        public void lower(int irq) {
            level[irq] = false;
            log.add("-" + irq);
        }

        @Override
        public boolean isRaised(int irq) {
            return level[irq];
        }
    }

    static final int BSY = 0x80, DRDY = 0x40, DF = 0x20, DSC = 0x10, DRQ = 0x08, ERR = 0x01;

    final AtaPrimaryComponent ata = new AtaPrimaryComponent();
    final Lines lines = new Lines();
    // 100 cylinders of 16 heads 63 sectors, plus 10 sectors beyond
    final MemDrive hd0 = new MemDrive("hd0", new Geometry(100, 16, 63), 100 * 16 * 63 + 10);

    @BeforeEach
    void setUp() {
        ata.setIrqLines(lines);
        ata.addDrive(hd0);
    }

    int in(int port) {
        return ata.in(port, PortHandler.BYTE);
    }

    void out(int port, int v) {
        ata.out(port, PortHandler.BYTE, v);
    }

    int word() {
        return ata.in(0x1F0, PortHandler.WORD);
    }

    void lba(int dev, long lba, int count) {
        out(0x1F6, 0xE0 | dev << 4 | (int) (lba >>> 24 & 15));
        out(0x1F2, count);
        out(0x1F3, (int) lba & 0xFF);
        out(0x1F4, (int) (lba >>> 8) & 0xFF);
        out(0x1F5, (int) (lba >>> 16) & 0xFF);
    }

    void chs(int c, int h, int s, int count) {
        out(0x1F6, 0xA0 | h);
        out(0x1F2, count);
        out(0x1F3, s);
        out(0x1F4, c & 0xFF);
        out(0x1F5, c >>> 8);
    }

    byte[] readSectors(int n) {
        byte[] b = new byte[n * 512];
        for (int i = 0; i < b.length; i += 2) {
            int w = word();
            b[i] = (byte) w;
            b[i + 1] = (byte) (w >>> 8);
        }
        return b;
    }

    static String string(int[] w, int from, int words) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < from + words; i++) {
            sb.append((char) (w[i] >>> 8)).append((char) (w[i] & 0xFF));
        }
        return sb.toString().trim();
    }

    @Test
    void identifyDevice() {
        out(0x1F6, 0xA0);
        out(0x1F7, 0xEC);
        assertEquals(DRDY | DSC | DRQ, in(0x3F6));
        assertTrue(lines.level[14]);
        assertEquals(DRDY | DSC | DRQ, in(0x1F7));
        assertFalse(lines.level[14], "reading status acknowledges");
        int[] w = new int[256];
        for (int i = 0; i < 256; i++) {
            w[i] = word();
        }
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(0x0040, w[0]);
        assertEquals(100, w[1]);
        assertEquals(16, w[3]);
        assertEquals(63, w[6]);
        assertEquals("TESSERA HARDDISK", string(w, 27, 20));
        assertEquals("1.0", string(w, 23, 4));
        assertFalse(string(w, 10, 10).isEmpty());
        assertEquals(0x8010, w[47]);
        assertTrue((w[49] & 0x0200) != 0, "LBA");
        assertEquals(100 * 16 * 63, w[57] | w[58] << 16);
        assertEquals(100 * 16 * 63 + 10, w[60] | w[61] << 16);
        int sum = 0;
        for (int x : w) {
            sum += (x & 0xFF) + (x >>> 8);
        }
        assertEquals(0, sum & 0xFF, "checksum");
        assertEquals(0xA5, w[255] & 0xFF);
    }

    @Test
    void readSectorsLbaAndChs() {
        lba(0, 100_000, 2);
        out(0x1F7, 0x20);
        assertEquals(DRDY | DSC | DRQ, in(0x1F7));
        byte[] b = readSectors(1);
        assertEquals(MemDrive.pattern(100_000, 0), b[0]);
        assertEquals(MemDrive.pattern(100_000, 511), b[511]);
        assertEquals(DRDY | DSC | DRQ, in(0x1F7), "second sector ready");
        b = readSectors(1);
        assertEquals(MemDrive.pattern(100_001, 0), b[0]);
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(0, in(0x1F2));
        assertEquals(100_001 & 0xFF, in(0x1F3), "address of the last sector");

        // C=2 H=3 S=5 -> (2*16+3)*63+4
        chs(2, 3, 5, 1);
        out(0x1F7, 0x20);
        b = readSectors(1);
        long l = (2 * 16 + 3) * 63 + 4;
        assertEquals(MemDrive.pattern(l, 0), b[0]);
        assertEquals(MemDrive.pattern(l, 1), b[1]);
        assertEquals(DRDY | DSC, in(0x1F7));

        // the sectors beyond the CHS geometry by LBA
        lba(0, 100 * 16 * 63 + 9, 1);
        out(0x1F7, 0x20);
        assertEquals(MemDrive.pattern(100 * 16 * 63 + 9, 0), readSectors(1)[0]);
    }

    @Test
    void dwordDataAccess() {
        lba(0, 7, 1);
        out(0x1F7, 0x20);
        int d = ata.in(0x1F0, PortHandler.DWORD);
        assertEquals(7, d);
        for (int i = 4; i < 512; i += 4) {
            ata.in(0x1F0, PortHandler.DWORD);
        }
        assertEquals(DRDY | DSC, in(0x1F7));
    }

    @Test
    void writeSectorsWithInterruptPerSector() {
        lba(0, 500, 2);
        int edges = lines.edges;
        out(0x1F7, 0x30);
        assertEquals(DRDY | DSC | DRQ, in(0x3F6));
        assertEquals(edges, lines.edges, "no interrupt before the first block");
        for (int i = 0; i < 256; i++) {
            ata.out(0x1F0, PortHandler.WORD, 0xA000 | i);
        }
        assertEquals(edges + 1, lines.edges);
        assertEquals(DRDY | DSC | DRQ, in(0x1F7));
        for (int i = 0; i < 256; i++) {
            ata.out(0x1F0, PortHandler.WORD, 0xB000 | i);
        }
        assertEquals(edges + 2, lines.edges);
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(0x01, hd0.data[500 * 512 + 2]);
        assertEquals((byte) 0xA0, hd0.data[500 * 512 + 3]);
        assertEquals((byte) 0xB0, hd0.data[501 * 512 + 511]);
        assertEquals(MemDrive.pattern(502, 0), hd0.data[502 * 512]);
    }

    @Test
    void multipleMode() {
        out(0x1F6, 0xA0);
        lba(0, 10, 5);
        out(0x1F7, 0xC4);
        assertEquals(DRDY | DSC | ERR, in(0x1F7), "READ MULTIPLE before SET MULTIPLE aborts");
        assertEquals(0x04, in(0x1F1));

        out(0x1F2, 3);
        out(0x1F7, 0xC6);
        assertEquals(DRDY | DSC | ERR, in(0x1F7), "not a power of two");
        out(0x1F2, 4);
        out(0x1F7, 0xC6);
        assertEquals(DRDY | DSC, in(0x1F7));

        lba(0, 10, 6);
        int edges = lines.edges;
        out(0x1F7, 0xC4);
        assertEquals(edges + 1, lines.edges);
        assertEquals(DRDY | DSC | DRQ, in(0x1F7));
        byte[] b = readSectors(4);
        assertEquals(MemDrive.pattern(13, 0), b[3 * 512]);
        assertEquals(edges + 2, lines.edges, "one interrupt per block");
        assertEquals(DRDY | DSC | DRQ, in(0x1F7));
        b = readSectors(2);
        assertEquals(MemDrive.pattern(15, 0), b[512]);
        assertEquals(DRDY | DSC, in(0x1F7));

        lba(0, 20, 4);
        out(0x1F7, 0xC5);
        for (int i = 0; i < 4 * 256; i++) {
            ata.out(0x1F0, PortHandler.WORD, 0x1234);
        }
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(0x34, hd0.data[23 * 512 + 510]);

        out(0x1F7, 0xEC);
        int[] w = new int[256];
        for (int i = 0; i < 256; i++) {
            w[i] = word();
        }
        assertEquals(0x0104, w[59]);
    }

    @Test
    void nIenMasksTheInterrupt() {
        out(0x3F6, 0x02);
        lba(0, 1, 1);
        int edges = lines.edges;
        out(0x1F7, 0x20);
        assertEquals(edges, lines.edges);
        assertFalse(lines.level[14]);
        assertEquals(DRDY | DSC | DRQ, in(0x3F6));
        out(0x3F6, 0x00);
        assertTrue(lines.level[14], "the pending interrupt shows once enabled");
        in(0x1F7);
        assertFalse(lines.level[14]);
    }

    @Test
    void eachInterruptIsAnEdge() {
        lba(0, 1, 1);
        out(0x1F7, 0x40);
        assertTrue(lines.level[14]);
        int edges = lines.edges;
        out(0x1F7, 0x40); // the guest did not read the status: still a new edge
        assertEquals(edges + 1, lines.edges);
    }

    @Test
    void errorPaths() {
        lba(0, 100 * 16 * 63 + 10, 1);
        out(0x1F7, 0x20);
        assertEquals(DRDY | DSC | ERR, in(0x1F7));
        assertEquals(0x10, in(0x1F1), "IDNF beyond the end");

        chs(0, 0, 64, 1);
        out(0x1F7, 0x20);
        assertEquals(0x10, in(0x1F1), "sector 64 of 63");
        assertEquals(DRDY | DSC | ERR, in(0x1F7));

        out(0x1F7, 0xA1);
        assertEquals(DRDY | DSC | ERR, in(0x1F7));
        assertEquals(0x04, in(0x1F1), "IDENTIFY PACKET aborts on a disk");

        out(0x1F7, 0xFF);
        assertEquals(0x04, in(0x1F1), "unknown command aborts");

        hd0.readOnly = true;
        lba(0, 3, 1);
        out(0x1F7, 0x30);
        assertEquals(DRDY | DSC | ERR, in(0x1F7), "write protected: no DRQ");
        assertEquals(0x04, in(0x1F1));
        assertEquals(MemDrive.pattern(3, 0), hd0.data[3 * 512]);
        hd0.readOnly = false;

        hd0.failing = true;
        lba(0, 3, 1);
        out(0x1F7, 0x20);
        assertEquals(DRDY | DSC | ERR, in(0x1F7));
        assertEquals(0x40, in(0x1F1), "UNC");
        lba(0, 3, 1);
        out(0x1F7, 0x30);
        for (int i = 0; i < 256; i++) {
            ata.out(0x1F0, PortHandler.WORD, 0);
        }
        assertEquals(DRDY | DSC | ERR | DF, in(0x1F7));
        assertEquals(0x04, in(0x1F1));
        out(0x1F7, 0xE7);
        assertEquals(DRDY | DSC | ERR | DF, in(0x1F7));
        hd0.failing = false;
        out(0x1F7, 0xE7);
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(1, hd0.flushes);
    }

    @Test
    void absentSlaveAndNoDrives() {
        out(0x1F6, 0xB0);
        assertEquals(0, in(0x1F7), "absent slave");
        out(0x1F7, 0xEC);
        assertEquals(0, in(0x1F7), "ignores commands");
        out(0x1F6, 0xA0);
        assertEquals(DRDY | DSC, in(0x1F7));
        ata.removeDrive(hd0);
        assertEquals(0xFF, in(0x1F7), "no drives: floating bus");
    }

    @Test
    void softResetAndDiagnostic() {
        out(0x1F6, 0xA4);
        out(0x3F6, 0x04);
        assertEquals(BSY, in(0x3F6) & BSY, "busy while SRST");
        out(0x3F6, 0x00);
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(1, in(0x1F1));
        assertEquals(1, in(0x1F2));
        assertEquals(1, in(0x1F3));
        assertEquals(0, in(0x1F4));
        assertEquals(0, in(0x1F5));
        assertEquals(0xA0, in(0x1F6), "device 0 selected");

        out(0x1F4, 0x55);
        out(0x1F7, 0x90);
        assertEquals(1, in(0x1F1));
        assertEquals(0, in(0x1F4));
        assertTrue(lines.level[14]);
    }

    @Test
    void initializeDeviceParametersChangesTheTranslation() {
        out(0x1F6, 0xA0 | 3); // 4 heads
        out(0x1F2, 17);
        out(0x1F7, 0x91);
        assertEquals(DRDY | DSC, in(0x1F7));
        chs(1, 2, 3, 1);
        out(0x1F7, 0x20);
        long l = (1 * 4 + 2) * 17 + 2;
        assertEquals(MemDrive.pattern(l, 0), readSectors(1)[0]);
        chs(1, 4, 1, 1);
        out(0x1F7, 0x20);
        assertEquals(0x10, in(0x1F1), "head 4 of 4");
    }

    @Test
    void verifySeekSetFeaturesAndState() {
        lba(0, 50, 3);
        out(0x1F7, 0x40);
        assertEquals(DRDY | DSC, in(0x1F7));
        assertEquals(52, in(0x1F3));
        lba(0, 50, 1);
        out(0x1F7, 0x70);
        assertEquals(DRDY | DSC, in(0x1F7));
        out(0x1F1, 0x03);
        out(0x1F7, 0xEF);
        assertEquals(DRDY | DSC, in(0x1F7));

        lba(0, 9, 1);
        out(0x1F7, 0x20);
        for (int i = 0; i < 10; i++) {
            word();
        }
        DeviceState s = ata.saveState();
        AtaPrimaryComponent next = new AtaPrimaryComponent();
        next.addDrive(hd0);
        next.restoreState(s);
        assertEquals(DRDY | DSC | DRQ, next.in(0x1F7, 1));
        assertEquals(MemDrive.pattern(9, 20), (byte) next.in(0x1F0, 2));
    }

    @Test
    void secondaryChannel() {
        AtaSecondaryComponent sec = new AtaSecondaryComponent();
        sec.setIrqLines(lines);
        MemDrive hd3 = new MemDrive("hd3", new Geometry(2, 16, 63));
        sec.addDrive(hd3);
        sec.addDrive(hd0); // not its unit
        assertEquals(0, sec.in(0x177, 1), "master absent, slave present");
        sec.out(0x176, 1, 0xF0);
        sec.out(0x172, 1, 1);
        sec.out(0x173, 1, 5);
        sec.out(0x174, 1, 0);
        sec.out(0x175, 1, 0);
        sec.out(0x177, 1, 0x20);
        assertTrue(lines.level[15]);
        assertEquals(5, sec.in(0x170, 2) & 0xFF);
    }
}
