package org.tessera.dev.ioports.internal.cmos;

import java.util.List;
import java.util.Locale;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * The CMOS memory bytes of the IBM AT layout that BIOSes and DOS read: drive types, equipment,
 * memory sizes, checksum, boot order (Bochs/SeaBIOS layout at 3Dh and 38h).
 */
final class CmosMemory {

    static final int FLOPPY_TYPES = 0x10;
    static final int DISK_TYPES = 0x12;
    static final int EQUIPMENT = 0x14;
    static final int BASE_LOW = 0x15;
    static final int BASE_HIGH = 0x16;
    static final int EXT_LOW = 0x17;
    static final int EXT_HIGH = 0x18;
    static final int DISK0_EXT_TYPE = 0x19;
    static final int DISK1_EXT_TYPE = 0x1A;
    static final int CHECKSUM_HIGH = 0x2E;
    static final int CHECKSUM_LOW = 0x2F;
    static final int EXT2_LOW = 0x30;
    static final int EXT2_HIGH = 0x31;
    static final int HIGH_MEM_LOW = 0x34;
    static final int HIGH_MEM_HIGH = 0x35;
    static final int BOOT_THIRD = 0x38;
    static final int BOOT_FIRST_SECOND = 0x3D;

    /** The most extended memory bytes 17h/18h and 30h/31h can say: 63 MiB. */
    static final long MAX_EXTENDED_KB = 0xFC00;

    private CmosMemory() {
    }

    /** The drive type nibble for {@code name} (none, 360K, 1.2M, 720K, 1.44M, 2.88M). */
    static int floppyType(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "", "NONE" -> 0;
            case "360K" -> 1;
            case "1.2M" -> 2;
            case "720K" -> 3;
            case "1.44M" -> 4;
            case "2.88M" -> 5;
            default -> throw new IllegalArgumentException("unknown floppy drive type " + name);
        };
    }

    /** The boot device code for {@code name} (floppy 1, disk 2, cdrom 3). */
    static int bootDevice(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "floppy", "a", "fd" -> 1;
            case "disk", "hd", "c" -> 2;
            case "cdrom", "cd" -> 3;
            default -> throw new IllegalArgumentException("unknown boot device " + name);
        };
    }

    /** Writes the configuration bytes (drives, equipment, base memory, boot order) and the checksum. */
    static void writeConfiguration(CmosChip chip, int floppyA, int floppyB, int hardDisks, boolean fpu,
            String bootOrder) {
        chip.poke(FLOPPY_TYPES, floppyA << 4 | floppyB);
        int disks = Math.max(0, Math.min(2, hardDisks));
        chip.poke(DISK_TYPES, (disks >= 1 ? 0xF0 : 0) | (disks >= 2 ? 0x0F : 0));
        chip.poke(DISK0_EXT_TYPE, disks >= 1 ? 47 : 0);
        chip.poke(DISK1_EXT_TYPE, disks >= 2 ? 47 : 0);
        int floppies = (floppyA != 0 ? 1 : 0) + (floppyB != 0 ? 1 : 0);
        int equipment = (floppies > 0 ? 0x01 : 0) | (fpu ? 0x02 : 0) | (floppies > 1 ? 0x40 : 0);
        chip.poke(EQUIPMENT, equipment);
        chip.poke(BASE_LOW, 640 & 0xFF);
        chip.poke(BASE_HIGH, 640 >> 8);
        int[] order = new int[3];
        String[] names = bootOrder.isBlank() ? new String[0] : bootOrder.split(",");
        if (names.length > 3) {
            throw new IllegalArgumentException("more than three boot devices: " + bootOrder);
        }
        for (int i = 0; i < names.length; i++) {
            order[i] = bootDevice(names[i]);
        }
        chip.poke(BOOT_FIRST_SECOND, order[1] << 4 | order[0]);
        chip.poke(BOOT_THIRD, order[2] << 4 | (chip.peek(BOOT_THIRD) & 0x0F));
        writeChecksum(chip);
    }

    /** Writes the memory sizes for {@code extendedKb} KiB above 1 MiB, and the checksum. */
    static void writeMemory(CmosChip chip, long extendedKb) {
        long ext = Math.min(Math.max(extendedKb, 0), MAX_EXTENDED_KB);
        chip.poke(EXT_LOW, (int) ext & 0xFF);
        chip.poke(EXT_HIGH, (int) (ext >> 8));
        chip.poke(EXT2_LOW, (int) ext & 0xFF);
        chip.poke(EXT2_HIGH, (int) (ext >> 8));
        long above16 = Math.max(0, extendedKb - 15 * 1024) / 64;
        above16 = Math.min(above16, 0xFFFF);
        chip.poke(HIGH_MEM_LOW, (int) above16 & 0xFF);
        chip.poke(HIGH_MEM_HIGH, (int) (above16 >> 8));
        writeChecksum(chip);
    }

    /** The sum of bytes 10h-2Dh, stored big-endian at 2Eh-2Fh. */
    static int checksum(CmosChip chip) {
        int sum = 0;
        for (int i = FLOPPY_TYPES; i < CHECKSUM_HIGH; i++) {
            sum += chip.peek(i);
        }
        return sum & 0xFFFF;
    }

    static void writeChecksum(CmosChip chip) {
        int sum = checksum(chip);
        chip.poke(CHECKSUM_HIGH, sum >> 8);
        chip.poke(CHECKSUM_LOW, sum & 0xFF);
    }

    /**
     * KiB of RAM mapped contiguously from 1 MiB up (following adjacent RAM regions), or -1 if no
     * RAM is mapped at 1 MiB.
     */
    static long extendedKb(List<RegionInfo> regions) {
        long address = 0x100000;
        boolean found = false;
        boolean extended = true;
        while (extended) {
            extended = false;
            for (RegionInfo r : regions) {
                if ("ram".equals(r.kind()) && r.base() <= address && address < r.end()) {
                    address = r.end();
                    found = true;
                    extended = true;
                }
            }
        }
        return found ? (address - 0x100000) >> 10 : -1;
    }
}
