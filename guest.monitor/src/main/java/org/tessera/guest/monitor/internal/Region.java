package org.tessera.guest.monitor.internal;

/**
 * One physical range of a guest structure: a structure whose linear range runs over pages that
 * are not adjacent in physical memory is several regions with the same name.
 *
 * @param name the structure: {@code gdt}, {@code idt}, {@code ldt}, {@code tss},
 *     {@code page-directory}, {@code page-table} or {@code ivt}
 * @param base first physical address
 * @param size bytes (at least 1)
 */
record Region(String name, long base, long size) {

    /** The last byte's address. */
    long end() {
        return base + size - 1;
    }

    @Override
    public String toString() {
        return name + " " + StructureFinder.hex(base) + "-" + StructureFinder.hex(end());
    }
}
