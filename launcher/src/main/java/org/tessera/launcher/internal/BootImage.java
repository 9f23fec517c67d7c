package org.tessera.launcher.internal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The program {@code run} puts in memory before it starts the CPU (there is no BIOS yet to boot
 * anything): a raw binary ({@code --load FILE@SEG:OFF}), the boot sector of a floppy image
 * ({@code --floppy IMG}) or the demo that ships inside the launcher ({@code --demo}).
 * {@link ProgramLoader} loads it and sets the registers; its class comment has the start state.
 *
 * @param kind which option asked for it
 * @param file the file (absolute, checked to exist when parsed); null for the demo
 * @param address where it is loaded and started
 */
record BootImage(Kind kind, Path file, RealModeAddress address) {

    /** The size of a boot sector, the part of a floppy image that is loaded. */
    static final int SECTOR = 512;
    /** Where a boot sector is loaded and started, as a PC BIOS does. */
    static final RealModeAddress BOOT_ADDRESS = new RealModeAddress(0x0000, 0x7C00);
    /** Where the demo is loaded and started (it is assembled with {@code org 100h}). */
    static final RealModeAddress DEMO_ADDRESS = new RealModeAddress(0x1000, 0x0100);

    /** The three ways to give a program. */
    enum Kind {
        /** {@code --load FILE@SEG:OFF}: a raw binary. */
        LOAD("--load"),
        /** {@code --floppy IMG}: sector 0 of a floppy image. */
        FLOPPY("--floppy"),
        /** {@code --demo}: the launcher's built-in demo program. */
        DEMO("--demo");

        private final String option;

        Kind(String option) {
            this.option = option;
        }

        /** The command-line option. */
        String option() {
            return option;
        }
    }

    /** Checks the components. */
    BootImage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(address, "address");
        if ((file == null) != (kind == Kind.DEMO)) {
            throw new IllegalArgumentException("the demo has no file; the other images have one");
        }
    }

    /** {@code --load FILE@SEG:OFF}. */
    static BootImage load(Path file, RealModeAddress address) {
        return new BootImage(Kind.LOAD, file, address);
    }

    /** {@code --floppy IMG}. */
    static BootImage floppy(Path file) {
        return new BootImage(Kind.FLOPPY, file, BOOT_ADDRESS);
    }

    /** {@code --demo}. */
    static BootImage demo() {
        return new BootImage(Kind.DEMO, null, DEMO_ADDRESS);
    }

    /** The image's name for messages: the file name, or {@code the demo}. */
    String name() {
        return file == null ? "the demo" : String.valueOf(file.getFileName());
    }
}
