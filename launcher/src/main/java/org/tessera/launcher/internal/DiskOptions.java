package org.tessera.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The disk and firmware options of {@code run} and {@code shell}: {@code --fda}, {@code --fdb},
 * {@code --hda}, {@code --hdb IMG} attach raw images to the drives, {@code --boot} orders the
 * drives the BIOS boots from, {@code --snapshot} keeps every image file unchanged (writes go to a
 * copy-on-write overlay), {@code --bios FILE} boots a real BIOS image instead of the built-in one
 * and {@code --vgabios FILE} gives the VGA card that BIOS's option ROM. An image is checked here so
 * that a bad one is a clear usage error: a disk image must be a readable, non-empty file whose
 * size is whole sectors, and a floppy image one of the PC formats; a BIOS image a whole number of
 * 64 KiB, a VGA BIOS at most 128 KiB.
 */
final class DiskOptions {

    /** The option of each unit. */
    static final Map<String, String> UNITS = Map.of("--fda", "fd0", "--fdb", "fd1", "--hda", "hd0", "--hdb", "hd1");

    /** Floppy image sizes the drives know (160K to 2.88M). */
    static final List<Long> FLOPPY_SIZES = List.of(163_840L, 184_320L, 327_680L, 368_640L, 737_280L, 1_228_800L,
            1_474_560L, 2_949_120L);

    /**
     * The drives of a run.
     *
     * @param images image file (absolute) by unit, in the order given
     * @param bootOrder the BIOS's boot order, e.g. {@code "a,c"}, or null for its default
     * @param snapshot writes go to an overlay, never to the files
     * @param bios a system BIOS image (absolute) instead of the built-in BIOS, or null
     * @param vgabios the VGA card's BIOS image (absolute), or null
     * @param firmwareLog where the firmware's own messages go (Bochs ports 400h-403h, 500h-503h):
     *        a file (absolute), {@code -} for standard output, or null for the log
     */
    record Disks(Map<String, Path> images, String bootOrder, boolean snapshot, Path bios, Path vgabios,
            String firmwareLog) {
        /** No disk options. */
        static final Disks NONE = new Disks(Map.of(), null, false);

        Disks {
            images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
        }

        /** Drives and boot order on the built-in BIOS. */
        Disks(Map<String, Path> images, String bootOrder, boolean snapshot) {
            this(images, bootOrder, snapshot, null, null, null);
        }

        /** These options with {@code floppy} in drive A: as a snapshot, and nothing else. */
        Disks withSnapshotFloppy(Path floppy) {
            return new Disks(Map.of("fd0", floppy), null, true, bios, vgabios, firmwareLog);
        }

        /** Whether real firmware replaces the built-in BIOS. */
        boolean firmware() {
            return bios != null;
        }

        /** Whether any drive gets an image. */
        boolean any() {
            return !images.isEmpty();
        }
    }

    private final Map<String, Path> images = new LinkedHashMap<>();
    private String boot;
    private boolean snapshot;
    private Path bios;
    private Path vgabios;
    private String firmwareLog;

    /** Whether {@code name} is a disk option. */
    static boolean handles(String name) {
        return UNITS.containsKey(name) || name.equals("--boot") || name.equals("--snapshot") || name.equals("--bios")
                || name.equals("--vgabios") || name.equals("--firmware-log");
    }

    /**
     * Takes one disk option.
     *
     * @param value its value (inline or the next argument), null for {@code --snapshot}
     */
    void take(String name, String value) throws UsageException {
        switch (name) {
            case "--snapshot" -> snapshot = true;
            case "--bios" -> {
                if (bios != null) {
                    throw new UsageException("--bios is given twice");
                }
                bios = firmware(name, value, true);
            }
            case "--firmware-log" -> {
                if (firmwareLog != null) {
                    throw new UsageException("--firmware-log is given twice");
                }
                if (value.equals("-") || value.equals("stdout")) {
                    firmwareLog = "-";
                } else {
                    Path file = Path.of(value).toAbsolutePath().normalize();
                    if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
                        throw new UsageException("--firmware-log: no such folder for " + file);
                    }
                    if (Files.isDirectory(file)) {
                        throw new UsageException("--firmware-log: " + file + " is a folder, not a file");
                    }
                    firmwareLog = file.toString();
                }
            }
            case "--vgabios" -> {
                if (vgabios != null) {
                    throw new UsageException("--vgabios is given twice");
                }
                vgabios = firmware(name, value, false);
            }
            case "--boot" -> {
                if (boot != null) {
                    throw new UsageException("--boot is given twice");
                }
                boot = bootOrder(value);
            }
            default -> {
                String unit = UNITS.get(name);
                if (images.containsKey(unit)) {
                    throw new UsageException(name + " is given twice");
                }
                images.put(unit, image(name, value, unit.startsWith("fd")));
            }
        }
    }

    /** Whether the option takes a value. */
    static boolean takesValue(String name) {
        return !name.equals("--snapshot");
    }

    /** What the option's value is, for the message when it is missing. */
    static String valueHint(String name) {
        return switch (name) {
            case "--boot" -> "ORDER, the drives the BIOS boots from (a, c, a,c or c,a)";
            case "--bios" -> "FILE, a system BIOS image";
            case "--vgabios" -> "FILE, a VGA BIOS image";
            case "--firmware-log" -> "FILE, or - for standard output";
            default -> "IMG, a disk image";
        };
    }

    Disks build() throws UsageException {
        if ((boot != null || snapshot) && images.isEmpty()) {
            throw new UsageException((boot != null ? "--boot" : "--snapshot") + " needs a disk image (--fda, --fdb, --hda, --hdb)");
        }
        if (vgabios != null && bios == null) {
            throw new UsageException("--vgabios needs --bios: the built-in BIOS has video services of its own");
        }
        if (firmwareLog != null && bios == null) {
            throw new UsageException("--firmware-log needs --bios: the built-in BIOS has no messages of its own");
        }
        return images.isEmpty() && bios == null ? Disks.NONE : new Disks(images, boot, snapshot, bios, vgabios, firmwareLog);
    }

    /** Largest system BIOS image: the flash window below 4 GiB. */
    static final long MAX_BIOS = 16L << 20;
    /** Largest VGA BIOS: the option ROM space C0000h-DFFFFh. */
    static final long MAX_VGA_BIOS = 128L << 10;

    /** A firmware image file, checked: readable, and a size the machine can map. */
    private static Path firmware(String option, String value, boolean system) throws UsageException {
        Path file = readableFile(option, value, "file");
        long size = size(option, file);
        if (size == 0) {
            throw new UsageException(option + ": the image is empty: " + file);
        }
        if (system && (size % (64 << 10) != 0 || size > MAX_BIOS)) {
            throw new UsageException(option + ": " + file + " (" + size + " bytes) is not a BIOS image: its size must be a whole "
                    + "number of 64 KiB (64 KiB, 128 KiB, 256 KiB...) up to 16 MiB");
        }
        if (!system && size > MAX_VGA_BIOS) {
            throw new UsageException(option + ": " + file + " (" + size + " bytes) does not fit in the option ROM space "
                    + "C0000h-DFFFFh (128 KiB)");
        }
        return file;
    }

    private static Path readableFile(String option, String value, String what) throws UsageException {
        Path file = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new UsageException(option + ": " + what + " not found: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException(option + ": not a readable file: " + file);
        }
        return file;
    }

    private static long size(String option, Path file) throws UsageException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UsageException(option + ": cannot be read: " + file + " (" + e.getMessage() + ")");
        }
    }

    /** {@code a}, {@code c} or both in order, comma separated: {@code c,a}. */
    static String bootOrder(String value) throws UsageException {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.matches("[ac](,[ac])?") || v.equals("a,a") || v.equals("c,c")) {
            throw new UsageException("--boot: '" + value + "' is not a boot order (a, c, a,c or c,a)");
        }
        return v;
    }

    private static Path image(String option, String value, boolean floppy) throws UsageException {
        Path file = readableFile(option, value, "image");
        long size = size(option, file);
        if (size == 0) {
            throw new UsageException(option + ": the image is empty: " + file);
        }
        if (size % 512 != 0) {
            throw new UsageException(option + ": " + file + " is truncated: " + size + " bytes is not a whole number of 512-byte sectors");
        }
        if (floppy && !FLOPPY_SIZES.contains(size)) {
            throw new UsageException(option + ": " + file + " (" + size + " bytes) matches no floppy format "
                    + "(160K, 180K, 320K, 360K, 720K, 1.2M, 1.44M, 2.88M)");
        }
        return file;
    }
}
