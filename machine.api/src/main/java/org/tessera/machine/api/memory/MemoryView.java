package org.tessera.machine.api.memory;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable, compiled picture of the physical address space, one entry per 4 KiB page: the
 * fast path of the CPU. The bus publishes a new view (a new object) whenever the memory map
 * changes; a caller that caches page entries (a software TLB) compares
 * {@link MemoryBus#view()} with the view it filled its cache from and drops the cache when they
 * differ.
 *
 * <p>A page is <em>direct</em> for reads when {@link #readArray(int)} is not null: byte
 * {@code a & 0xFFF} of the page is at {@code readArray(page)[arrayOffset(page) + (a & 0xFFF)]};
 * likewise for writes with {@link #writeArray(int)}. Every other page must go through
 * {@link MemoryBus} or {@link BusAccess}. Thread safe (immutable).
 */
@ProviderType
public interface MemoryView {

    /** log2 of the page size. */
    int PAGE_SHIFT = 12;
    /** The page size in bytes. */
    int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** Flag: reads may use {@link #readArray}. */
    int DIRECT_READ = 1;
    /** Flag: writes may use {@link #writeArray}. */
    int DIRECT_WRITE = 1 << 1;
    /** Flag: the page holds a device (memory-mapped IO); every access must reach it. */
    int MMIO = 1 << 2;
    /** Flag: writes are dropped (ROM). */
    int DISCARD_WRITES = 1 << 3;
    /** Flag: nothing is mapped; reads answer all ones, writes are dropped. */
    int OPEN_BUS = 1 << 4;
    /** Flag: more than one region shares the page (regions smaller than a page). */
    int SUBPAGE = 1 << 5;
    /** Flag: a watcher (guest.monitor) wants to see writes to this page. */
    int WATCHED = 1 << 6;
    /** Flag: the page holds decoded instructions cached by the CPU. */
    int CODE = 1 << 7;

    /** Number of pages in the view (the address space size divided by {@link #PAGE_SIZE}). */
    int pageCount();

    /** The flags of a page (bit set of the constants above). */
    int flags(int page);

    /** The array backing direct reads of {@code page}, or null. */
    byte[] readArray(int page);

    /** The array backing direct writes of {@code page}, or null. */
    byte[] writeArray(int page);

    /** Index of the page's first byte in its backing array. */
    int arrayOffset(int page);
}
