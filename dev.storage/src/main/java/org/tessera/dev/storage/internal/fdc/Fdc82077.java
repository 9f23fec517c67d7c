package org.tessera.dev.storage.internal.fdc;

import java.io.IOException;
import java.util.ArrayDeque;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.io.IsaDma;
import org.tessera.machine.api.storage.Drive;

/**
 * The part of an 82077AA floppy disk controller (PC-AT mode) that BIOSes and DOS use, addressed by
 * register offset from 3F0h: DOR (2), TDR (3), MSR/DSR (4), FIFO (5), DIR/CCR (7). Commands go
 * through the FIFO in the command, execution and result phases; data moves through DMA channel 2
 * ({@link IsaDma}); the interrupt output (IRQ6) is gated by DOR bit 3. Mechanics take no time: a
 * seek has finished when its command byte is written, a read has finished (and its interrupt is
 * up) when the last parameter is written.
 *
 * <p>The medium is the {@link Drive}'s image, formatted as its geometry says: on cylinder c, head
 * h the sector IDs are (c, h, 1..spt, 2), MFM, at the data rate of the format (500 kbps for 1.2 and
 * 1.44 MB, 250 kbps for 720 KB, 250 or 300 for 360 KB and smaller, 1 Mbps for 2.88 MB). Not
 * modelled: non-DMA execution (answers an overrun), READ TRACK, READ/WRITE DELETED DATA, VERIFY,
 * SCAN; drives 2 and 3 are never present. Not thread safe (the component locks).
 */
final class Fdc82077 {

    /** The interrupt wire. */
    interface Line {
        void set(boolean high);
    }

    static final int DMA_CHANNEL = 2;

    static final int MSR_RQM = 0x80;
    static final int MSR_DIO = 0x40;
    static final int MSR_NDMA = 0x20;
    static final int MSR_CB = 0x10;

    static final int DOR_NRESET = 0x04;
    static final int DOR_DMAGATE = 0x08;

    static final int ST0_ABNORMAL = 0x40;
    static final int ST0_INVALID = 0x80;
    static final int ST0_POLL = 0xC0;
    static final int ST0_SE = 0x20;
    static final int ST0_EC = 0x10;
    static final int ST0_NR = 0x08;
    static final int ST1_EN = 0x80;
    static final int ST1_DE = 0x20;
    static final int ST1_OR = 0x10;
    static final int ST1_ND = 0x04;
    static final int ST1_NW = 0x02;
    static final int ST1_MA = 0x01;
    static final int ST2_DD = 0x20;
    static final int ST2_WC = 0x10;
    static final int ST2_BC = 0x02;
    static final int ST3_WP = 0x40;
    static final int ST3_RDY = 0x20;
    static final int ST3_T0 = 0x10;
    static final int ST3_TS = 0x08;

    /** CONFIGURE defaults: implied seek off, FIFO disabled, polling on, threshold 1. */
    static final int CONFIG_DEFAULT = 0x20;
    static final int CONFIG_EIS = 0x40;
    static final int CONFIG_NOPOLL = 0x10;

    private final Line line;
    final Drive[] drives = new Drive[4];
    private IsaDma dma;

    int dor;
    int tdr;
    /**
     * The data rate (CCR/DSR bits 0-1), 500 kbps at power-on as in QEMU's model: the Bochs BIOS
     * reads 1.44 MB diskettes without ever programming it (the datasheet's 250 kbps after a
     * hardware reset would fail every read of such a BIOS; BIOSes that program it are unaffected).
     */
    int dataRate = 0;
    /**
     * Whether a read or write on another cylinder than the head's fails (ST2 wrong cylinder)
     * unless implied seeks are configured, as the datasheet says. Off by default: Bochs's and
     * QEMU's controllers move the head to the command's cylinder, and the Bochs BIOS reads every
     * track without seeking first.
     */
    boolean strictSeeks;
    int specify1;
    int specify2;
    int config = CONFIG_DEFAULT;
    int pretrk;
    int perpendicular;
    boolean lock;
    int lastEot;
    final int[] pcn = new int[4];
    final boolean[] diskChange = {true, true, true, true};
    final int[] nextId = {1, 1, 1, 1};
    /** Drives seeking: the busy bits of the MSR, until the interrupt is sensed. */
    int driveBusy;

    private final byte[] command = new byte[9];
    private int commandLength;
    private int commandExpected;
    private final int[] result = new int[10];
    private int resultPos;
    private int resultLength;
    /** Pending SENSE INTERRUPT STATUS answers: ST0 << 8 | PCN. */
    private final ArrayDeque<Integer> senses = new ArrayDeque<>();
    private boolean intPending;
    /** Whether reading the first result byte clears the interrupt (a data command's result). */
    private boolean resultClearsInt;
    private boolean lineHigh;
    private final byte[] sector = new byte[Drive.SECTOR_SIZE];

    Fdc82077(Line line) {
        this.line = line;
    }

    void setDma(IsaDma dma) {
        this.dma = dma;
    }

    /** Attaches (or with null removes) the drive of unit 0 or 1: its disk change line goes active. */
    void setDrive(int unit, Drive drive) {
        if (drives[unit] != drive) {
            drives[unit] = drive;
            diskChange[unit] = true;
            nextId[unit] = 1;
        }
    }

    private boolean inReset() {
        return (dor & DOR_NRESET) == 0;
    }

    // ---------------------------------------------------------------- registers

    int read(int reg) {
        switch (reg) {
            case 2:
                return dor;
            case 3:
                return tdr;
            case 4:
                return msr();
            case 5:
                return readFifo();
            case 7: {
                return diskChange[dor & 3] ? 0x80 : 0x00;
            }
            default:
                return 0xFF;
        }
    }

    void write(int reg, int value) {
        int v = value & 0xFF;
        switch (reg) {
            case 2 -> writeDor(v);
            case 3 -> tdr = v & 3;
            case 4 -> {
                dataRate = v & 3;
                if ((v & 0x80) != 0 && !inReset()) {
                    enterReset();
                    leaveReset();
                }
            }
            case 5 -> writeFifo(v);
            case 7 -> dataRate = v & 3;
            default -> {
            }
        }
    }

    int msr() {
        if (inReset()) {
            return 0;
        }
        if (resultLength > 0) {
            return MSR_RQM | MSR_DIO | MSR_CB | driveBusy;
        }
        return MSR_RQM | (commandLength > 0 ? MSR_CB : 0) | driveBusy;
    }

    private void writeDor(int v) {
        boolean wasReset = inReset();
        dor = v;
        if (!wasReset && inReset()) {
            enterReset();
        } else if (wasReset && !inReset()) {
            leaveReset();
        }
        updateLine(false);
    }

    private void enterReset() {
        commandLength = 0;
        resultLength = 0;
        resultPos = 0;
        senses.clear();
        intPending = false;
        driveBusy = 0;
        if (!lock) {
            config = CONFIG_DEFAULT;
            pretrk = 0;
        }
        perpendicular &= 0x3C;
        updateLine(false);
    }

    private void leaveReset() {
        if ((config & CONFIG_NOPOLL) == 0) {
            for (int d = 0; d < 4; d++) {
                senses.add((ST0_POLL | d) << 8 | pcn[d]);
            }
        }
        interrupt();
    }

    // ---------------------------------------------------------------- interrupt

    private void interrupt() {
        intPending = true;
        updateLine(true);
    }

    private void clearInterrupt() {
        intPending = false;
        updateLine(false);
    }

    private void updateLine(boolean edge) {
        boolean high = intPending && (dor & DOR_DMAGATE) != 0 && !inReset();
        if (high && edge && lineHigh) {
            lineHigh = false;
            line.set(false);
        }
        if (high != lineHigh) {
            lineHigh = high;
            line.set(high);
        }
    }

    boolean lineHigh() {
        return lineHigh;
    }

    // ---------------------------------------------------------------- FIFO

    private int readFifo() {
        if (inReset() || resultLength == 0) {
            return 0xFF;
        }
        if (resultPos == 0 && resultClearsInt) {
            resultClearsInt = false;
            clearInterrupt();
        }
        int v = result[resultPos++];
        if (resultPos >= resultLength) {
            resultLength = 0;
            resultPos = 0;
        }
        return v;
    }

    private void writeFifo(int v) {
        if (inReset() || resultLength > 0) {
            return;
        }
        if (commandLength == 0) {
            commandExpected = length(v);
            if (commandExpected == 0) {
                result(false, ST0_INVALID);
                return;
            }
        }
        command[commandLength++] = (byte) v;
        if (commandLength == commandExpected) {
            commandLength = 0;
            execute();
        }
    }

    /** The bytes of the command {@code b} starts, or 0 if it is invalid. */
    private static int length(int b) {
        int op = b & 0x1F;
        int flags = b & 0xE0;
        return switch (op) {
            case 0x06 -> 9; // READ DATA: MT MFM SK
            case 0x05 -> (flags & 0x20) == 0 ? 9 : 0; // WRITE DATA: MT MFM
            case 0x0A -> (flags & 0xBF) == 0 ? 2 : 0; // READ ID: MFM
            case 0x0D -> (flags & 0xBF) == 0 ? 6 : 0; // FORMAT TRACK: MFM
            case 0x03 -> flags == 0 ? 3 : 0;
            case 0x04 -> flags == 0 ? 2 : 0;
            case 0x07 -> flags == 0 ? 2 : 0;
            case 0x08 -> flags == 0 ? 1 : 0;
            case 0x0F -> (flags & 0x20) == 0 ? 3 : 0; // SEEK, relative: RS DIR
            case 0x0E -> flags == 0 ? 1 : 0;
            case 0x10 -> flags == 0 ? 1 : 0;
            case 0x12 -> flags == 0 ? 2 : 0;
            case 0x13 -> flags == 0 ? 4 : 0;
            case 0x14 -> (flags & 0x7F) == 0 ? 1 : 0; // LOCK
            default -> 0;
        };
    }

    private void result(boolean clearsInt, int... bytes) {
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        resultLength = bytes.length;
        resultPos = 0;
        resultClearsInt = clearsInt;
    }

    // ---------------------------------------------------------------- commands

    private int b(int i) {
        return command[i] & 0xFF;
    }

    private void execute() {
        int cmd = b(0);
        switch (cmd & 0x1F) {
            case 0x03 -> {
                specify1 = b(1);
                specify2 = b(2);
            }
            case 0x04 -> senseDriveStatus();
            case 0x07 -> recalibrate();
            case 0x08 -> senseInterrupt();
            case 0x0F -> seek(cmd);
            case 0x06 -> readWrite(cmd, false);
            case 0x05 -> readWrite(cmd, true);
            case 0x0A -> readId(cmd);
            case 0x0D -> format(cmd);
            case 0x0E -> result(false, pcn[0], pcn[1], pcn[2], pcn[3], specify1, specify2, lastEot,
                    (lock ? 0x80 : 0) | perpendicular & 0x3F, config, pretrk);
            case 0x10 -> result(false, 0x90);
            case 0x12 -> perpendicular = b(1) & 0x3F;
            case 0x13 -> {
                config = b(2);
                pretrk = b(3);
            }
            case 0x14 -> {
                lock = (cmd & 0x80) != 0;
                result(false, lock ? 0x10 : 0x00);
            }
            default -> result(false, ST0_INVALID);
        }
    }

    private Drive drive(int ds) {
        return drives[ds & 3];
    }

    private void senseDriveStatus() {
        int ds = b(1) & 3;
        int hd = b(1) >> 2 & 1;
        Drive d = drive(ds);
        int st3 = hd << 2 | ds;
        if (d != null) {
            st3 |= ST3_RDY | ST3_TS;
            if (pcn[ds] == 0) {
                st3 |= ST3_T0;
            }
            if (!d.hasMedium() || d.isReadOnly()) {
                st3 |= ST3_WP;
            }
        }
        result(false, st3);
    }

    private void recalibrate() {
        int ds = b(1) & 3;
        Drive d = drive(ds);
        if (d == null) {
            // no track 0 signal in 79 steps: equipment check
            pcn[ds] = 0;
            seekDone(ds, ST0_ABNORMAL | ST0_SE | ST0_EC | ds);
            return;
        }
        step(ds, 0);
        seekDone(ds, ST0_SE | ds);
    }

    private void seek(int cmd) {
        int ds = b(1) & 3;
        int hd = b(1) >> 2 & 1;
        int target = b(2);
        if ((cmd & 0x80) != 0) {
            target = (cmd & 0x40) != 0 ? Math.min(255, pcn[ds] + target) : Math.max(0, pcn[ds] - target);
        }
        step(ds, target);
        seekDone(ds, ST0_SE | hd << 2 | ds);
    }

    /** Moves the head: a step pulse with a diskette in the drive resets its disk change line. */
    private void step(int ds, int target) {
        Drive d = drive(ds);
        if (target != pcn[ds] && d != null && d.hasMedium()) {
            diskChange[ds] = false;
        }
        pcn[ds] = target;
    }

    private void seekDone(int ds, int st0) {
        dropResetPolls();
        senses.add(st0 << 8 | pcn[ds]);
        driveBusy |= 1 << ds;
        interrupt();
    }

    private void senseInterrupt() {
        Integer s = senses.poll();
        if (s == null) {
            result(false, ST0_INVALID);
            return;
        }
        int ds = s >> 8 & 3;
        driveBusy &= ~(1 << ds);
        if (senses.isEmpty()) {
            clearInterrupt();
        }
        result(false, s >> 8 & 0xFF, s & 0xFF);
    }

    /** Whether drive {@code d}'s medium is readable at the data rate now, in MFM. */
    private boolean rateMatches(Drive d) {
        int spt = d.geometry().sectorsPerTrack();
        int cyl = d.geometry().cylinders();
        if (spt >= 36) {
            return dataRate == 3;
        }
        if (spt >= 15) {
            return dataRate == 0;
        }
        if (cyl >= 80) {
            return dataRate == 2;
        }
        return dataRate == 1 || dataRate == 2;
    }

    /**
     * The common checks before a read, write, format or READ ID on drive {@code ds} and head
     * {@code hd}: the result bytes of a failure (ST0 ST1 ST2), or null when the track is readable.
     */
    private int[] trackCheck(int cmd, int ds, int hd) {
        Drive d = drive(ds);
        int base = hd << 2 | ds;
        if (d == null || !d.hasMedium()) {
            return new int[] {ST0_ABNORMAL | ST0_NR | base, ST1_MA, 0};
        }
        Drive.Geometry g = d.geometry();
        if ((cmd & 0x40) == 0 || !rateMatches(d) || pcn[ds] >= g.cylinders() || hd >= g.heads()) {
            return new int[] {ST0_ABNORMAL | base, ST1_MA, 0};
        }
        return null;
    }

    /**
     * A new interrupt condition ends the reset's polling statuses that were not sensed: BIOSes
     * sense one after a reset and go on with RECALIBRATE, whose own status must come next (the
     * 82077AA, and Bochs and QEMU, drop them when the next interrupt is raised).
     */
    private void dropResetPolls() {
        senses.removeIf(s -> (s >> 8 & 0xC0) == ST0_POLL);
    }

    private void dataResult(int st0, int st1, int st2, int c, int h, int r, int n) {
        dropResetPolls();
        result(true, st0, st1, st2, c & 0xFF, h & 0xFF, r & 0xFF, n & 0xFF);
        interrupt();
    }

    private void readWrite(int cmd, boolean write) {
        boolean mt = (cmd & 0x80) != 0;
        int ds = b(1) & 3;
        int head = b(1) >> 2 & 1;
        int c = b(2);
        int h = b(3);
        int r = b(4);
        int n = b(5);
        int eot = b(6);
        lastEot = eot;
        if ((config & CONFIG_EIS) != 0 || !strictSeeks) {
            step(ds, c);
        }
        int[] fail = trackCheck(cmd, ds, head);
        if (fail != null) {
            dataResult(fail[0], fail[1], fail[2], c, h, r, n);
            return;
        }
        Drive d = drive(ds);
        Drive.Geometry g = d.geometry();
        if (write && d.isReadOnly()) {
            dataResult(ST0_ABNORMAL | head << 2 | ds, ST1_NW, 0, c, h, r, n);
            return;
        }
        IsaDma channel = dma;
        if ((specify2 & 1) != 0 || channel == null) {
            // non-DMA execution is not modelled; without a DMA controller no byte moves
            dataResult(ST0_ABNORMAL | head << 2 | ds, ST1_OR, 0, c, h, r, n);
            return;
        }
        int st0 = 0;
        int st1 = 0;
        int st2 = 0;
        while (true) {
            int track = pcn[ds];
            if (c != track || h != head || n != 2 || r < 1 || r > g.sectorsPerTrack()) {
                st0 = ST0_ABNORMAL;
                st1 = ST1_ND;
                if (c != track) {
                    st2 = c == 0xFF ? ST2_BC : ST2_WC;
                }
                break;
            }
            long lba = g.lba(track, head, r);
            boolean tc;
            if (write) {
                java.util.Arrays.fill(sector, (byte) 0);
                int moved = channel.fromMemory(DMA_CHANNEL, sector, 0, sector.length);
                tc = channel.terminalCount(DMA_CHANNEL);
                if (moved < sector.length && !tc) {
                    st0 = ST0_ABNORMAL;
                    st1 = ST1_OR;
                    break;
                }
                try {
                    d.write(lba, sector, 0, 1);
                } catch (IOException e) {
                    st0 = ST0_ABNORMAL;
                    st1 = d.isReadOnly() ? ST1_NW : ST1_DE;
                    break;
                }
            } else {
                try {
                    d.read(lba, sector, 0, 1);
                } catch (IOException e) {
                    st0 = ST0_ABNORMAL;
                    st1 = ST1_DE;
                    st2 = ST2_DD;
                    break;
                }
                int moved = channel.toMemory(DMA_CHANNEL, sector, 0, sector.length);
                tc = channel.terminalCount(DMA_CHANNEL);
                if (moved < sector.length && !tc) {
                    st0 = ST0_ABNORMAL;
                    st1 = ST1_OR;
                    break;
                }
            }
            // the next sector
            boolean endOfTrack = r == eot;
            if (!endOfTrack) {
                r++;
            } else if (mt && head == 0) {
                head = 1;
                h ^= 1;
                r = 1;
                endOfTrack = false;
            } else {
                if (mt) {
                    head = 0;
                    h ^= 1;
                }
                c++;
                r = 1;
            }
            if (tc) {
                break;
            }
            if (endOfTrack) {
                st0 = ST0_ABNORMAL;
                st1 = ST1_EN;
                break;
            }
        }
        dataResult(st0 | head << 2 | ds, st1, st2, c, h, r, n);
    }

    private void readId(int cmd) {
        int ds = b(1) & 3;
        int hd = b(1) >> 2 & 1;
        int[] fail = trackCheck(cmd, ds, hd);
        if (fail != null) {
            dataResult(fail[0], fail[1], fail[2], pcn[ds], hd, 1, 2);
            return;
        }
        int spt = drive(ds).geometry().sectorsPerTrack();
        int r = nextId[ds];
        nextId[ds] = r % spt + 1;
        dataResult(hd << 2 | ds, 0, 0, pcn[ds], hd, r, 2);
    }

    private void format(int cmd) {
        int ds = b(1) & 3;
        int hd = b(1) >> 2 & 1;
        int n = b(2);
        int sc = b(3);
        int filler = b(5);
        int[] fail = trackCheck(cmd, ds, hd);
        if (fail != null) {
            dataResult(fail[0], fail[1], fail[2], pcn[ds], hd, 1, n);
            return;
        }
        Drive d = drive(ds);
        Drive.Geometry g = d.geometry();
        if (d.isReadOnly()) {
            dataResult(ST0_ABNORMAL | hd << 2 | ds, ST1_NW, 0, pcn[ds], hd, 1, n);
            return;
        }
        IsaDma channel = dma;
        if ((specify2 & 1) != 0 || channel == null) {
            dataResult(ST0_ABNORMAL | hd << 2 | ds, ST1_OR, 0, pcn[ds], hd, 1, n);
            return;
        }
        byte[] id = new byte[4];
        java.util.Arrays.fill(sector, (byte) filler);
        int c = pcn[ds];
        int h = hd;
        int r = 1;
        int nn = n;
        for (int i = 0; i < sc; i++) {
            int moved = channel.fromMemory(DMA_CHANNEL, id, 0, 4);
            if (moved < 4) {
                dataResult(ST0_ABNORMAL | hd << 2 | ds, ST1_OR, 0, c, h, r, nn);
                return;
            }
            c = id[0] & 0xFF;
            h = id[1] & 0xFF;
            r = id[2] & 0xFF;
            nn = id[3] & 0xFF;
            long lba = g.lba(pcn[ds], hd, r);
            if (lba >= 0) {
                try {
                    d.write(lba, sector, 0, 1);
                } catch (IOException e) {
                    dataResult(ST0_ABNORMAL | ST0_EC | hd << 2 | ds, d.isReadOnly() ? ST1_NW : 0, 0, c, h, r, nn);
                    return;
                }
            }
            if (channel.terminalCount(DMA_CHANNEL) && i + 1 < sc) {
                break;
            }
        }
        dataResult(hd << 2 | ds, 0, 0, c, h, r, nn);
    }

    // ---------------------------------------------------------------- state

    void save(DeviceState.Builder b) {
        b.field("dor", dor).field("tdr", tdr).field("data.rate", dataRate).field("specify.1", specify1)
                .field("specify.2", specify2).field("config", config).field("pretrk", pretrk)
                .field("perpendicular", perpendicular).field("lock", lock ? 1 : 0).field("eot", lastEot)
                .field("drive.busy", driveBusy).field("int", intPending ? 1 : 0).field("intrq", lineHigh ? 1 : 0)
                .field("command.length", commandLength).field("command.expected", commandExpected)
                .field("result.pos", resultPos).field("result.length", resultLength)
                .field("result.clears.int", resultClearsInt ? 1 : 0).blob("command", command.clone());
        byte[] res = new byte[result.length];
        for (int i = 0; i < res.length; i++) {
            res[i] = (byte) result[i];
        }
        b.blob("result", res);
        for (int d = 0; d < 4; d++) {
            b.field("pcn." + d, pcn[d]).field("disk.change." + d, diskChange[d] ? 1 : 0).field("next.id." + d, nextId[d]);
        }
        byte[] q = new byte[senses.size() * 2];
        int i = 0;
        for (int s : senses) {
            q[i++] = (byte) (s >> 8);
            q[i++] = (byte) s;
        }
        b.blob("senses", q);
    }

    void restore(DeviceState s) {
        dor = (int) s.field("dor") & 0xFF;
        tdr = (int) s.field("tdr") & 3;
        dataRate = (int) s.field("data.rate") & 3;
        specify1 = (int) s.field("specify.1") & 0xFF;
        specify2 = (int) s.field("specify.2") & 0xFF;
        config = (int) s.field("config") & 0xFF;
        pretrk = (int) s.field("pretrk") & 0xFF;
        perpendicular = (int) s.field("perpendicular") & 0xFF;
        lock = s.field("lock") != 0;
        lastEot = (int) s.field("eot") & 0xFF;
        driveBusy = (int) s.field("drive.busy") & 0x0F;
        intPending = s.field("int") != 0;
        commandLength = (int) s.field("command.length");
        commandExpected = (int) s.field("command.expected");
        resultPos = (int) s.field("result.pos");
        resultLength = (int) s.field("result.length");
        resultClearsInt = s.field("result.clears.int") != 0;
        byte[] cmd = s.blob("command");
        System.arraycopy(cmd, 0, command, 0, Math.min(cmd.length, command.length));
        byte[] res = s.blob("result");
        for (int i = 0; i < Math.min(res.length, result.length); i++) {
            result[i] = res[i] & 0xFF;
        }
        if (commandLength < 0 || commandLength >= 9 || commandExpected > 9 || resultLength < 0
                || resultLength > result.length || resultPos < 0 || resultPos > resultLength) {
            commandLength = 0;
            resultLength = 0;
            resultPos = 0;
        }
        for (int d = 0; d < 4; d++) {
            pcn[d] = (int) s.field("pcn." + d) & 0xFF;
            diskChange[d] = s.field("disk.change." + d) != 0;
            nextId[d] = (int) Math.max(1, s.field("next.id." + d, 1));
        }
        senses.clear();
        byte[] q = s.blob("senses");
        for (int i = 0; i + 1 < q.length; i += 2) {
            senses.add((q[i] & 0xFF) << 8 | q[i + 1] & 0xFF);
        }
        lineHigh = s.field("intrq") == 0;
        updateLine(false);
    }
}
