package org.tessera.firmware.bios.internal;

import java.io.IOException;
import java.util.function.Function;
import org.tessera.machine.api.storage.Drive;

/**
 * INT 13h on the {@link Drive} services: DL 00h/01h are fd0/fd1, 80h-83h hd0-hd3.
 *
 * <p>Supported: AH=00h reset, 01h last status, 02h read, 03h write, 04h verify, 08h parameters
 * (floppy: drive type, geometry, ES:DI to the diskette table at F000:EFC7; disk: translated
 * geometry), 0Ch seek, 0Dh reset, 10h ready, 11h recalibrate, 15h type, 16h change line (never
 * changed), 41h/42h/43h/48h EDD for hard disks. Errors: AH 01h bad command, 03h write protected, 04h
 * sector not found, 20h controller failure (an image read/write error), 80h drive not ready (no
 * medium, no drive); CF set. Not supported: 05h format, a 64 KiB DMA boundary error (transfers across
 * it just work), 4Bh and the other EDD functions.
 */
final class DiskServices {

    private final Function<String, Drive> drives;

    /** @param drives the drive of a unit ("fd0", "hd0"), or null */
    DiskServices(Function<String, Drive> drives) {
        this.drives = drives;
    }

    static String unit(int dl) {
        if (dl < 0x80) {
            return dl < 2 ? "fd" + dl : null;
        }
        return dl < 0x84 ? "hd" + (dl - 0x80) : null;
    }

    Drive drive(int dl) {
        String u = unit(dl);
        return u == null ? null : drives.apply(u);
    }

    int count(boolean floppy) {
        int n = 0;
        for (int i = 0; i < (floppy ? 2 : 4); i++) {
            if (drives.apply((floppy ? "fd" : "hd") + i) != null) {
                n++;
            }
        }
        return n;
    }

    void int13(Guest g) {
        int ah = g.ah();
        int dl = g.dl();
        Drive d = drive(dl);
        int status = switch (ah) {
            case 0x00, 0x0D, 0x11 -> d == null && dl >= 0x80 ? 0x01 : 0;
            case 0x01 -> {
                int last = g.rb(dl < 0x80 ? Bda.FLOPPY_STATUS : Bda.DISK_STATUS);
                g.setAh(last);
                g.carry(last != 0);
                yield -1;
            }
            case 0x02, 0x03, 0x04 -> transfer(g, d, ah);
            case 0x08 -> parameters(g, d, dl);
            case 0x0C, 0x10 -> d == null ? 0x80 : d.hasMedium() ? 0 : 0xAA;
            case 0x15 -> {
                if (d == null) {
                    g.setAh(0);
                } else if (d.isFloppy()) {
                    g.setAh(0x02);
                } else {
                    long n = d.sectors();
                    g.setCx((int) (n >>> 16));
                    g.setDx((int) n);
                    g.setAh(0x03);
                }
                g.carry(false);
                yield -1;
            }
            case 0x16 -> d == null ? 0x80 : 0;
            case 0x41 -> {
                if (d == null || d.isFloppy() || g.bx() != 0x55AA) {
                    yield 0x01;
                }
                g.setBx(0xAA55);
                g.setAh(0x21);
                g.setCx(0x0001);
                g.carry(false);
                yield -1;
            }
            case 0x42, 0x43 -> extended(g, d, ah == 0x43);
            case 0x48 -> edd(g, d);
            default -> 0x01;
        };
        if (status >= 0) {
            finish(g, dl, status);
        }
    }

    private void finish(Guest g, int dl, int status) {
        g.wb(dl < 0x80 ? Bda.FLOPPY_STATUS : Bda.DISK_STATUS, status);
        g.setAh(status);
        g.carry(status != 0);
    }

    private int transfer(Guest g, Drive d, int ah) {
        int count = g.al();
        if (d == null) {
            g.setAl(0);
            return 0x80;
        }
        if (!d.hasMedium()) {
            g.setAl(0);
            return 0xAA;
        }
        int cyl = g.ch() | (g.cl() & 0xC0) << 2;
        int sector = g.cl() & 0x3F;
        int head = g.dh();
        long lba = d.geometry().lba(cyl, head, sector);
        if (count == 0 || lba < 0 || lba + count > d.sectors()) {
            g.setAl(0);
            return 0x04;
        }
        if (ah == 0x03 && d.isReadOnly()) {
            g.setAl(0);
            return 0x03;
        }
        long buffer = Guest.linear(g.es(), g.bx());
        int status = move(g, d, lba, count, buffer, ah);
        g.setAl(status == 0 ? count : 0);
        return status;
    }

    /** Reads (02h), writes (03h) or verifies (04h) {@code count} sectors at {@code lba}. */
    private int move(Guest g, Drive d, long lba, int count, long buffer, int ah) {
        byte[] buf = new byte[count * Drive.SECTOR_SIZE];
        try {
            if (ah == 0x03) {
                g.read(buffer, buf, 0, buf.length);
                d.write(lba, buf, 0, count);
            } else {
                d.read(lba, buf, 0, count);
                if (ah == 0x02) {
                    g.write(buffer, buf, 0, buf.length);
                }
            }
            return 0;
        } catch (IOException e) {
            return 0x20;
        }
    }

    private int parameters(Guest g, Drive d, int dl) {
        if (dl < 0x80) {
            if (d == null) {
                return 0x01;
            }
            Drive.Geometry geo = d.hasMedium() ? d.geometry() : new Drive.Geometry(80, 2, 18);
            int type = switch (geo.sectorsPerTrack()) {
                case 9 -> geo.cylinders() > 40 ? 3 : 1;
                case 15 -> 2;
                case 36 -> 5;
                default -> 4;
            };
            int maxCyl = geo.cylinders() - 1;
            g.setAx(0);
            g.setBx(type);
            g.setCx((maxCyl & 0xFF) << 8 | (maxCyl >> 2 & 0xC0) | geo.sectorsPerTrack());
            g.setDx((geo.heads() - 1) << 8 | count(true));
            g.set(org.tessera.machine.api.cpu.Register.ES, Rom.SEGMENT);
            g.set16(org.tessera.machine.api.cpu.Register.EDI, Rom.DISKETTE_TABLE);
            g.carry(false);
            g.wb(Bda.FLOPPY_STATUS, 0);
            return -1;
        }
        if (d == null) {
            return 0x01;
        }
        Drive.Geometry geo = d.geometry();
        int maxCyl = Math.min(geo.cylinders(), 1024) - 1;
        g.setAx(0);
        g.setCx((maxCyl & 0xFF) << 8 | (maxCyl >> 2 & 0xC0) | Math.min(geo.sectorsPerTrack(), 63));
        g.setDx((Math.min(geo.heads(), 256) - 1) << 8 | count(false));
        g.carry(false);
        g.wb(Bda.DISK_STATUS, 0);
        return -1;
    }

    private int extended(Guest g, Drive d, boolean write) {
        if (d == null || d.isFloppy()) {
            return 0x01;
        }
        long packet = Guest.linear(g.ds(), g.si());
        int count = g.rw(packet + 2);
        long buffer = Guest.linear(g.rw(packet + 6), g.rw(packet + 4));
        long lba = (g.rd(packet + 8) & 0xFFFFFFFFL) | (long) g.rd(packet + 12) << 32;
        if (lba < 0 || lba + count > d.sectors() || count > 127) {
            g.ww(packet + 2, 0);
            return 0x04;
        }
        if (write && d.isReadOnly()) {
            g.ww(packet + 2, 0);
            return 0x03;
        }
        int status = count == 0 ? 0 : move(g, d, lba, count, buffer, write ? 0x03 : 0x02);
        if (status != 0) {
            g.ww(packet + 2, 0);
        }
        return status;
    }

    private int edd(Guest g, Drive d) {
        if (d == null || d.isFloppy()) {
            return 0x01;
        }
        long p = Guest.linear(g.ds(), g.si());
        if (g.rw(p) < 26) {
            return 0x01;
        }
        Drive.Geometry geo = d.geometry();
        g.ww(p, 26);
        g.ww(p + 2, 0x0002);
        g.wd(p + 4, geo.cylinders());
        g.wd(p + 8, geo.heads());
        g.wd(p + 12, geo.sectorsPerTrack());
        g.wd(p + 16, (int) d.sectors());
        g.wd(p + 20, (int) (d.sectors() >>> 32));
        g.ww(p + 24, Drive.SECTOR_SIZE);
        return 0;
    }

    /** Reads sector 0 of {@code d} to 0000:7C00; for INT 19h. */
    boolean loadBootSector(Guest g, Drive d) {
        return d != null && d.hasMedium() && d.sectors() > 0 && move(g, d, 0, 1, 0x7C00, 0x02) == 0;
    }
}
