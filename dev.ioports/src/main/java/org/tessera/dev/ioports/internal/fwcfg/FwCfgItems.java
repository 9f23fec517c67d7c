package org.tessera.dev.ioports.internal.fwcfg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The items of the fw_cfg interface, by selector key, immutable once built: the fixed items a
 * one-CPU PC without DMA answers, the file directory (item 0019h) and the files from
 * {@link #FILE_FIRST} upward, in name order (as QEMU sorts them). The RAM size item (0003h)
 * is not here; the device keeps it, because the RAM can change while the machine runs.
 *
 * <p>Key layout as in QEMU: bit 15 selects the architecture-specific items (none here), bit 14
 * (the write flag) is ignored, bits 0-13 are the item.
 */
final class FwCfgItems {

    /** Item: the signature "QEMU". */
    static final int SIGNATURE = 0x00;
    /** Item: interface revision and features (32-bit); bit 0 traditional interface, bit 1 DMA. */
    static final int ID = 0x01;
    /** Item: the machine's UUID (16 bytes). */
    static final int UUID = 0x02;
    /** Item: RAM size in bytes (64-bit). */
    static final int RAM_SIZE = 0x03;
    /** Item: no graphical display (16-bit). */
    static final int NOGRAPHIC = 0x04;
    /** Item: CPUs present at boot (16-bit). */
    static final int NB_CPUS = 0x05;
    /** Item: show the boot menu (16-bit). */
    static final int BOOT_MENU = 0x0E;
    /** Item: the highest number of CPUs (16-bit). */
    static final int MAX_CPUS = 0x0F;
    /** Item: the file directory. */
    static final int FILE_DIR = 0x19;
    /** Key of the first file. */
    static final int FILE_FIRST = 0x20;
    /** Key bit: architecture-specific item. */
    static final int ARCH_LOCAL = 0x8000;
    /** Key bits of the item number (the write flag, bit 14, and {@link #ARCH_LOCAL} masked off). */
    static final int ENTRY_MASK = 0x3FFF;
    /** The most files there are keys for. */
    static final int MAX_FILES = ENTRY_MASK + 1 - FILE_FIRST;
    /** Bytes of a name in a directory entry, the terminating NUL included. */
    static final int NAME_SIZE = 56;
    /** Bytes of one directory entry: size, select, reserved, name. */
    static final int DIR_ENTRY_SIZE = 4 + 2 + 2 + NAME_SIZE;
    /** What the ID item answers: the traditional (port) interface only. */
    static final int ID_TRADITIONAL = 1;

    /** A named file: its directory name and contents. */
    record File(String name, byte[] data) {
        /** The name as the directory holds it. */
        byte[] nameBytes() {
            return name.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Index = item number; null where there is no item. */
    private final byte[][] items;
    private final List<String> names;

    private FwCfgItems(byte[][] items, List<String> names) {
        this.items = items;
        this.names = names;
    }

    /**
     * The items with {@code files} (valid, unique names; at most {@link #MAX_FILES}), which get
     * keys from {@link #FILE_FIRST} in name order.
     */
    static FwCfgItems build(List<File> files) {
        if (files.size() > MAX_FILES) {
            throw new IllegalArgumentException(files.size() + " files, at most " + MAX_FILES);
        }
        List<File> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(File::nameBytes, Arrays::compareUnsigned));
        byte[][] items = new byte[FILE_FIRST + sorted.size()][];
        items[SIGNATURE] = "QEMU".getBytes(StandardCharsets.US_ASCII);
        items[ID] = le(ID_TRADITIONAL, 4);
        items[UUID] = new byte[16];
        items[NOGRAPHIC] = le(0, 2);
        items[NB_CPUS] = le(1, 2);
        items[BOOT_MENU] = le(0, 2);
        items[MAX_CPUS] = le(1, 2);
        items[FILE_DIR] = directory(sorted);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            items[FILE_FIRST + i] = sorted.get(i).data().clone();
            names.add(sorted.get(i).name());
        }
        return new FwCfgItems(items, List.copyOf(names));
    }

    /** The directory: a big-endian count, then per file size, key, reserved and the NUL-padded name. */
    private static byte[] directory(List<File> sorted) {
        byte[] dir = new byte[4 + DIR_ENTRY_SIZE * sorted.size()];
        putBe(dir, 0, sorted.size(), 4);
        for (int i = 0; i < sorted.size(); i++) {
            File f = sorted.get(i);
            int at = 4 + DIR_ENTRY_SIZE * i;
            putBe(dir, at, f.data().length, 4);
            putBe(dir, at + 4, FILE_FIRST + i, 2);
            byte[] name = f.nameBytes();
            if (name.length >= NAME_SIZE) {
                throw new IllegalArgumentException("fw_cfg name " + f.name() + " is longer than " + (NAME_SIZE - 1)
                        + " bytes");
            }
            System.arraycopy(name, 0, dir, at + 8, name.length);
        }
        return dir;
    }

    /**
     * The item for {@code key} (0-FFFFh), or null if there is none. The array is the table's own;
     * callers only read it.
     */
    byte[] item(int key) {
        if ((key & ARCH_LOCAL) != 0) {
            return null;
        }
        int index = key & ENTRY_MASK;
        return index < items.length ? items[index] : null;
    }

    /** The file names in key order. */
    List<String> names() {
        return names;
    }

    /** {@code value} as {@code bytes} little-endian bytes. */
    static byte[] le(long value, int bytes) {
        byte[] b = new byte[bytes];
        putLe(b, 0, value, bytes);
        return b;
    }

    /** Stores {@code value} little-endian. */
    static void putLe(byte[] b, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b[at + i] = (byte) (value >>> (i << 3));
        }
    }

    private static void putBe(byte[] b, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            b[at + i] = (byte) (value >>> ((bytes - 1 - i) << 3));
        }
    }
}
