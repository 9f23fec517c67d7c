package org.tessera.launcher.internal;

import java.nio.file.Path;

/**
 * One {@code --rom FILE@ADDR} option, checked: the file exists, is not empty and fits below
 * 4 GiB at its base address.
 *
 * @param file the image file, absolute and normalized
 * @param base the physical address of the image's first byte
 * @param length the image's size in bytes
 * @param name the region's name in the memory map (the file name, made unique among the ROMs)
 */
record RomSpec(Path file, long base, long length, String name) {

    /** One past the image's last byte. */
    long end() {
        return base + length;
    }

    /** True if this image and {@code other} share at least one byte of the address space. */
    boolean overlaps(RomSpec other) {
        return base < other.end() && other.base < end();
    }
}
