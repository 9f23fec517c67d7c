package org.tessera.dev.storage.internal.ata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.storage.Drive;

/**
 * One ATA channel in PIO mode: the command block registers (data, error/features, sector count,
 * sector/LBA low, cylinder low/high (LBA mid/high), drive/head, status/command) at offsets 0-7 and
 * the control block (alternate status / device control) shared by a master and a slave device,
 * each a {@link Drive} or absent. Commands complete at once (BSY is never seen). The interrupt
 * output (INTRQ) follows the selected device's pending interrupt while nIEN is clear; a new
 * interrupt always makes a rising edge. Not thread safe (the component locks).
 */
final class AtaChannel {

    /** The INTRQ wire. */
    interface Line {
        void set(boolean high);
    }

    static final int BSY = 0x80;
    static final int DRDY = 0x40;
    static final int DF = 0x20;
    static final int DSC = 0x10;
    static final int DRQ = 0x08;
    static final int ERR = 0x01;

    static final int ABRT = 0x04;
    static final int IDNF = 0x10;
    static final int UNC = 0x40;

    static final int NIEN = 0x02;
    static final int SRST = 0x04;

    /** The largest block of READ/WRITE MULTIPLE. */
    static final int MAX_MULTIPLE = 16;
    static final String MODEL = "TESSERA HARDDISK";
    static final String FIRMWARE = "1.0";

    private static final int IDLE = 0;
    private static final int PIO_IN = 1;
    private static final int PIO_OUT = 2;

    /** One device's own state. */
    static final class Device {
        Drive drive;
        int status = DRDY | DSC;
        int error = 1;
        int multiple;
        /** Logical heads and sectors per track for CHS (INITIALIZE DEVICE PARAMETERS); 0: the drive's. */
        int heads;
        int sectorsPerTrack;
        boolean irqPending;

        int heads() {
            return heads != 0 ? heads : drive.geometry().heads();
        }

        int spt() {
            return sectorsPerTrack != 0 ? sectorsPerTrack : drive.geometry().sectorsPerTrack();
        }

        int cylinders() {
            if (heads == 0 && sectorsPerTrack == 0) {
                return drive.geometry().cylinders();
            }
            long c = drive.sectors() / ((long) heads() * spt());
            return (int) Math.min(c, 65535);
        }
    }

    final String name;
    private final Line line;
    final Device[] devices = {new Device(), new Device()};

    int features;
    int count;
    int sector;
    int cylLow;
    int cylHigh;
    int devHead;
    int control;
    private boolean lineHigh;

    private final byte[] buffer = new byte[MAX_MULTIPLE * Drive.SECTOR_SIZE];
    private int mode = IDLE;
    private int pos;
    private int length;
    /** The transfer's device, command, next LBA, sectors left and block size. */
    private int xferDevice;
    private int xferCommand;
    private long xferLba;
    private int xferLeft;
    private int xferBlock;
    private boolean xferLbaMode;

    AtaChannel(String name, Line line) {
        this.name = name;
        this.line = line;
    }

    /** Attaches or removes (null) the drive of device 0 or 1. */
    void setDrive(int device, Drive drive) {
        Device d = devices[device];
        if (d.drive == drive) {
            return;
        }
        d.drive = drive;
        d.multiple = 0;
        d.heads = 0;
        d.sectorsPerTrack = 0;
        d.status = DRDY | DSC;
        d.error = 1;
        d.irqPending = false;
        if (mode != IDLE && xferDevice == device) {
            mode = IDLE;
        }
        updateLine(false);
    }

    private boolean anyDrive() {
        return devices[0].drive != null || devices[1].drive != null;
    }

    private int selected() {
        return devHead >> 4 & 1;
    }

    // ---------------------------------------------------------------- registers

    /** Reads command block register {@code reg} (0-7). */
    int read(int reg) {
        if (!anyDrive()) {
            return 0xFF;
        }
        Device d = devices[selected()];
        switch (reg) {
            case 0:
                return readData() & 0xFF;
            case 1:
                return d.drive == null ? 0 : d.error;
            case 2:
                return count;
            case 3:
                return sector;
            case 4:
                return cylLow;
            case 5:
                return cylHigh;
            case 6:
                return devHead | 0xA0;
            default:
                if (d.drive == null) {
                    return 0;
                }
                d.irqPending = false;
                updateLine(false);
                return d.status;
        }
    }

    /** Reads the alternate status (no interrupt acknowledge). */
    int readAltStatus() {
        if (!anyDrive()) {
            return 0xFF;
        }
        Device d = devices[selected()];
        return d.drive == null ? 0 : d.status;
    }

    /** Writes command block register {@code reg} (0-7). */
    void write(int reg, int value) {
        int v = value & 0xFF;
        switch (reg) {
            case 0 -> writeData(v | v << 8);
            case 1 -> features = v;
            case 2 -> count = v;
            case 3 -> sector = v;
            case 4 -> cylLow = v;
            case 5 -> cylHigh = v;
            case 6 -> {
                devHead = v | 0xA0;
                updateLine(false);
            }
            default -> command(v);
        }
    }

    /** Writes the device control register. */
    void writeControl(int value) {
        int old = control;
        control = value & 0xFF & (NIEN | SRST);
        if ((control & SRST) != 0) {
            for (Device d : devices) {
                d.status = BSY;
                d.irqPending = false;
            }
            mode = IDLE;
        } else if ((old & SRST) != 0) {
            reset();
        }
        updateLine(false);
    }

    /** The end of a reset: signatures in the registers, device 0 selected, no transfer. */
    private void reset() {
        mode = IDLE;
        for (Device d : devices) {
            d.status = DRDY | DSC;
            d.error = 1;
            d.irqPending = false;
        }
        signature();
        devHead = 0xA0;
    }

    private void signature() {
        count = 1;
        sector = 1;
        cylLow = 0;
        cylHigh = 0;
    }

    /** Reads one 16-bit word of the data register. */
    int readData() {
        if (mode != PIO_IN) {
            return 0xFFFF;
        }
        int w = buffer[pos] & 0xFF | (buffer[pos + 1] & 0xFF) << 8;
        pos += 2;
        if (pos >= length) {
            blockRead();
        }
        return w;
    }

    /** Writes one 16-bit word to the data register. */
    void writeData(int word) {
        if (mode != PIO_OUT) {
            return;
        }
        buffer[pos] = (byte) word;
        buffer[pos + 1] = (byte) (word >>> 8);
        pos += 2;
        if (pos >= length) {
            blockWritten();
        }
    }

    // ---------------------------------------------------------------- interrupts

    private void interrupt(Device d) {
        d.irqPending = true;
        updateLine(true);
    }

    private void updateLine(boolean edge) {
        Device d = devices[selected()];
        boolean high = d.irqPending && (control & NIEN) == 0 && d.drive != null;
        if (high && edge && lineHigh) {
            line.set(false);
            lineHigh = false;
        }
        if (high != lineHigh) {
            lineHigh = high;
            line.set(high);
        }
    }

    /** Whether INTRQ is high. */
    boolean lineHigh() {
        return lineHigh;
    }

    // ---------------------------------------------------------------- commands

    private void command(int cmd) {
        int dev = selected();
        Device d = devices[dev];
        if (cmd == 0x90) {
            diagnostic();
            return;
        }
        if (d.drive == null || (d.status & BSY) != 0) {
            return;
        }
        mode = IDLE;
        d.irqPending = false;
        d.error = 0;
        d.status = DRDY | DSC;
        switch (cmd) {
            case 0xEC -> {
                identify(d);
                startIn(dev, cmd, 0, 1, 1, false, true);
            }
            case 0x20, 0x21 -> transfer(dev, cmd, 1, false);
            case 0xC4 -> {
                if (d.multiple == 0) {
                    abort(d);
                } else {
                    transfer(dev, cmd, d.multiple, false);
                }
            }
            case 0x30, 0x31 -> transfer(dev, cmd, 1, true);
            case 0xC5 -> {
                if (d.multiple == 0) {
                    abort(d);
                } else {
                    transfer(dev, cmd, d.multiple, true);
                }
            }
            case 0x40, 0x41 -> verify(d);
            case 0xC6 -> {
                if (count > MAX_MULTIPLE || Integer.bitCount(count) > 1) {
                    abort(d);
                } else {
                    d.multiple = count;
                    interrupt(d);
                }
            }
            case 0x91 -> {
                if (count == 0) {
                    abort(d);
                } else {
                    d.heads = (devHead & 0x0F) + 1;
                    d.sectorsPerTrack = count;
                    interrupt(d);
                }
            }
            case 0xE7, 0xEA -> {
                try {
                    d.drive.flush();
                } catch (IOException e) {
                    d.status |= ERR | DF;
                    d.error = ABRT;
                }
                interrupt(d);
            }
            case 0xE5 -> {
                count = 0xFF;
                interrupt(d);
            }
            case 0xEF, 0xE0, 0xE1, 0xE2, 0xE3, 0xE6, 0x00 -> {
                if (cmd == 0x00) {
                    abort(d);
                } else {
                    interrupt(d);
                }
            }
            default -> {
                if ((cmd & 0xF0) == 0x70) {
                    long lba = startAddress(d);
                    if (lba < 0 || lba >= d.drive.sectors()) {
                        error(d, IDNF);
                    } else {
                        interrupt(d);
                    }
                } else if ((cmd & 0xF0) == 0x10) {
                    if ((devHead & 0x40) == 0) {
                        cylLow = 0;
                        cylHigh = 0;
                    }
                    interrupt(d);
                } else {
                    abort(d); // IDENTIFY PACKET (A1h), PACKET, DEVICE RESET and all else
                }
            }
        }
    }

    private void abort(Device d) {
        error(d, ABRT);
    }

    private void error(Device d, int error) {
        mode = IDLE;
        d.error = error;
        d.status = DRDY | DSC | ERR;
        interrupt(d);
    }

    private void diagnostic() {
        mode = IDLE;
        for (Device d : devices) {
            d.status = DRDY | DSC;
            d.error = 1;
            d.irqPending = false;
        }
        signature();
        devHead = 0xA0;
        if (devices[0].drive != null) {
            interrupt(devices[0]);
        }
    }

    /** The LBA the registers address for {@code d}, or -1 if the CHS address is outside its translation. */
    private long startAddress(Device d) {
        if ((devHead & 0x40) != 0) {
            return (long) (devHead & 0x0F) << 24 | (long) cylHigh << 16 | cylLow << 8 | sector;
        }
        int c = cylHigh << 8 | cylLow;
        int h = devHead & 0x0F;
        int s = sector;
        int heads = d.heads();
        int spt = d.spt();
        if (h >= heads || s < 1 || s > spt || c >= d.cylinders()) {
            return -1;
        }
        return ((long) c * heads + h) * spt + s - 1;
    }

    /** Puts {@code lba} in the address registers in the addressing mode of the command. */
    private void setAddress(Device d, long lba, boolean lbaMode) {
        if (lbaMode) {
            sector = (int) lba & 0xFF;
            cylLow = (int) (lba >>> 8) & 0xFF;
            cylHigh = (int) (lba >>> 16) & 0xFF;
            devHead = devHead & 0xF0 | (int) (lba >>> 24) & 0x0F;
        } else {
            int spt = d.spt();
            int heads = d.heads();
            long track = lba / spt;
            sector = (int) (lba % spt) + 1;
            int c = (int) (track / heads);
            cylLow = c & 0xFF;
            cylHigh = c >>> 8 & 0xFF;
            devHead = devHead & 0xF0 | (int) (track % heads);
        }
    }

    private void verify(Device d) {
        long lba = startAddress(d);
        int n = count == 0 ? 256 : count;
        boolean lbaMode = (devHead & 0x40) != 0;
        if (lba < 0 || lba >= d.drive.sectors()) {
            error(d, IDNF);
            return;
        }
        if (lba + n > d.drive.sectors()) {
            setAddress(d, d.drive.sectors() - 1, lbaMode);
            count = (int) (lba + n - d.drive.sectors()) & 0xFF;
            error(d, IDNF);
            return;
        }
        setAddress(d, lba + n - 1, lbaMode);
        count = 0;
        interrupt(d);
    }

    private void transfer(int dev, int cmd, int block, boolean out) {
        Device d = devices[dev];
        long lba = startAddress(d);
        int n = count == 0 ? 256 : count;
        if (lba < 0 || lba >= d.drive.sectors()) {
            error(d, IDNF);
            return;
        }
        if (out) {
            if (d.drive.isReadOnly()) {
                abort(d);
                return;
            }
            xferDevice = dev;
            xferCommand = cmd;
            xferLba = lba;
            xferLeft = n;
            xferBlock = block;
            xferLbaMode = (devHead & 0x40) != 0;
            startOutBlock(d, false);
        } else {
            startIn(dev, cmd, lba, n, block, (devHead & 0x40) != 0, false);
        }
    }

    private void startIn(int dev, int cmd, long lba, int n, int block, boolean lbaMode, boolean identify) {
        xferDevice = dev;
        xferCommand = cmd;
        xferLba = lba;
        xferLeft = n;
        xferBlock = block;
        xferLbaMode = lbaMode;
        if (identify) {
            mode = PIO_IN;
            pos = 0;
            length = Drive.SECTOR_SIZE;
            Device d = devices[dev];
            d.status = DRDY | DSC | DRQ;
            interrupt(d);
        } else {
            readBlock();
        }
    }

    /** Loads the next block of a read into the buffer and raises DRQ and the interrupt, or fails. */
    private void readBlock() {
        Device d = devices[xferDevice];
        int n = Math.min(xferBlock, xferLeft);
        for (int i = 0; i < n; i++) {
            long lba = xferLba + i;
            if (lba >= d.drive.sectors()) {
                setAddress(d, lba, xferLbaMode);
                error(d, IDNF);
                return;
            }
            try {
                d.drive.read(lba, buffer, i * Drive.SECTOR_SIZE, 1);
            } catch (IOException | RuntimeException e) {
                setAddress(d, lba, xferLbaMode);
                error(d, UNC);
                return;
            }
        }
        mode = PIO_IN;
        pos = 0;
        length = n * Drive.SECTOR_SIZE;
        d.status = DRDY | DSC | DRQ;
        interrupt(d);
    }

    private void blockRead() {
        Device d = devices[xferDevice];
        if (xferCommand == 0xEC) {
            mode = IDLE;
            d.status = DRDY | DSC;
            return;
        }
        int n = Math.min(xferBlock, xferLeft);
        xferLeft -= n;
        xferLba += n;
        setAddress(d, xferLba - 1, xferLbaMode);
        count = xferLeft & 0xFF;
        if (xferLeft > 0) {
            readBlock();
        } else {
            mode = IDLE;
            d.status = DRDY | DSC;
        }
    }

    private void startOutBlock(Device d, boolean irq) {
        int n = Math.min(xferBlock, xferLeft);
        mode = PIO_OUT;
        pos = 0;
        length = n * Drive.SECTOR_SIZE;
        d.status = DRDY | DSC | DRQ;
        if (irq) {
            interrupt(d);
        }
    }

    private void blockWritten() {
        Device d = devices[xferDevice];
        int n = Math.min(xferBlock, xferLeft);
        for (int i = 0; i < n; i++) {
            long lba = xferLba + i;
            if (lba >= d.drive.sectors()) {
                setAddress(d, lba, xferLbaMode);
                error(d, IDNF);
                return;
            }
            try {
                d.drive.write(lba, buffer, i * Drive.SECTOR_SIZE, 1);
            } catch (IOException | RuntimeException e) {
                setAddress(d, lba, xferLbaMode);
                mode = IDLE;
                d.error = ABRT;
                d.status = DRDY | DSC | ERR | (d.drive.isReadOnly() ? 0 : DF);
                interrupt(d);
                return;
            }
        }
        xferLeft -= n;
        xferLba += n;
        setAddress(d, xferLba - 1, xferLbaMode);
        count = xferLeft & 0xFF;
        if (xferLeft > 0) {
            startOutBlock(d, true);
        } else {
            mode = IDLE;
            d.status = DRDY | DSC;
            interrupt(d);
        }
    }

    // ---------------------------------------------------------------- IDENTIFY

    private void identify(Device d) {
        int[] w = identifyWords(d);
        for (int i = 0; i < 256; i++) {
            buffer[2 * i] = (byte) w[i];
            buffer[2 * i + 1] = (byte) (w[i] >>> 8);
        }
    }

    /** The 256 words of IDENTIFY DEVICE for {@code d}. */
    int[] identifyWords(Device d) {
        int[] w = new int[256];
        Drive.Geometry g = d.drive.geometry();
        long total = d.drive.sectors();
        long lba28 = Math.min(total, 0x0FFFFFFFL);
        w[0] = 0x0040; // fixed device
        w[1] = g.cylinders();
        w[3] = g.heads();
        w[4] = Drive.SECTOR_SIZE * g.sectorsPerTrack();
        w[5] = Drive.SECTOR_SIZE;
        w[6] = g.sectorsPerTrack();
        string(w, 10, 20, String.format("TS%08X%s", (int) (total ^ total >>> 32), d.drive.unit().toUpperCase()));
        w[20] = 3;
        w[21] = 512;
        w[22] = 4;
        string(w, 23, 8, FIRMWARE);
        string(w, 27, 40, MODEL);
        w[47] = 0x8000 | MAX_MULTIPLE;
        w[49] = 0x0200; // LBA
        w[51] = 0x0200;
        w[53] = 0x0003; // words 54-58 and 64-70 valid
        int cyl = d.cylinders();
        int heads = d.heads();
        int spt = d.spt();
        long chs = Math.min((long) cyl * heads * spt, 0xFFFFFFFFL);
        w[54] = cyl;
        w[55] = heads;
        w[56] = spt;
        w[57] = (int) chs & 0xFFFF;
        w[58] = (int) (chs >>> 16) & 0xFFFF;
        w[59] = d.multiple != 0 ? 0x0100 | d.multiple : 0;
        w[60] = (int) lba28 & 0xFFFF;
        w[61] = (int) (lba28 >>> 16) & 0xFFFF;
        w[64] = 0x0003; // PIO modes 3 and 4
        w[65] = 120;
        w[66] = 120;
        w[67] = 120;
        w[68] = 120;
        w[80] = 0x003E; // ATA-1 .. ATA-5
        w[82] = 0x4000; // NOP
        w[83] = 0x4000 | 0x1000; // FLUSH CACHE
        w[84] = 0x4000;
        w[85] = 0x4000;
        w[86] = 0x1000;
        w[87] = 0x4000;
        int sum = 0xA5;
        for (int i = 0; i < 255; i++) {
            sum += (w[i] & 0xFF) + (w[i] >>> 8 & 0xFF);
        }
        w[255] = (-sum & 0xFF) << 8 | 0xA5;
        return w;
    }

    /** ATA string: two characters a word, the first in the high byte, padded with spaces. */
    private static void string(int[] w, int word, int chars, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < chars; i += 2) {
            int hi = i < b.length ? b[i] : ' ';
            int lo = i + 1 < b.length ? b[i + 1] : ' ';
            w[word + i / 2] = (hi & 0xFF) << 8 | lo & 0xFF;
        }
    }

    // ---------------------------------------------------------------- state

    void save(DeviceState.Builder b) {
        b.field("features", features).field("sector.count", count).field("sector", sector).field("cylinder.low", cylLow)
                .field("cylinder.high", cylHigh).field("drive.head", devHead).field("device.control", control)
                .field("intrq", lineHigh ? 1 : 0).field("xfer.mode", mode).field("xfer.pos", pos)
                .field("xfer.length", length).field("xfer.device", xferDevice).field("xfer.command", xferCommand)
                .field("xfer.lba", xferLba).field("xfer.left", xferLeft).field("xfer.block", xferBlock)
                .field("xfer.lba.mode", xferLbaMode ? 1 : 0).blob("buffer", buffer);
        for (int i = 0; i < 2; i++) {
            Device d = devices[i];
            String p = "dev" + i + ".";
            b.field(p + "status", d.status).field(p + "error", d.error).field(p + "multiple", d.multiple)
                    .field(p + "heads", d.heads).field(p + "sectors.per.track", d.sectorsPerTrack)
                    .field(p + "irq.pending", d.irqPending ? 1 : 0);
        }
    }

    void restore(DeviceState s) {
        features = (int) s.field("features") & 0xFF;
        count = (int) s.field("sector.count") & 0xFF;
        sector = (int) s.field("sector") & 0xFF;
        cylLow = (int) s.field("cylinder.low") & 0xFF;
        cylHigh = (int) s.field("cylinder.high") & 0xFF;
        devHead = (int) s.field("drive.head") & 0xFF;
        control = (int) s.field("device.control") & (NIEN | SRST);
        mode = (int) s.field("xfer.mode");
        pos = (int) s.field("xfer.pos");
        length = (int) s.field("xfer.length");
        xferDevice = (int) s.field("xfer.device") & 1;
        xferCommand = (int) s.field("xfer.command");
        xferLba = s.field("xfer.lba");
        xferLeft = (int) s.field("xfer.left");
        xferBlock = (int) s.field("xfer.block");
        xferLbaMode = s.field("xfer.lba.mode") != 0;
        byte[] b = s.blob("buffer");
        System.arraycopy(b, 0, buffer, 0, Math.min(b.length, buffer.length));
        if (mode < IDLE || mode > PIO_OUT || pos < 0 || length > buffer.length || pos > length || xferBlock < 1) {
            mode = IDLE;
        }
        for (int i = 0; i < 2; i++) {
            Device d = devices[i];
            String p = "dev" + i + ".";
            d.status = (int) s.field(p + "status") & 0xFF;
            d.error = (int) s.field(p + "error") & 0xFF;
            d.multiple = (int) s.field(p + "multiple") & 0xFF;
            d.heads = (int) s.field(p + "heads") & 0xFF;
            d.sectorsPerTrack = (int) s.field(p + "sectors.per.track") & 0xFF;
            d.irqPending = s.field(p + "irq.pending") != 0;
        }
        lineHigh = !(s.field("intrq") != 0); // force the wire to be driven to the restored level
        updateLine(false);
    }
}
