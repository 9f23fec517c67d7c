package org.tessera.machine.api.memory;

import java.util.List;
import java.util.function.IntUnaryOperator;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The physical address space of the machine, provided by the {@code mem.bus} bundle.
 *
 * <p>Callers: the CPU (through {@link #view()} for RAM and {@link #newAccess()} for everything
 * else), the firmware, the launcher's tools. All methods are thread safe. Addresses are physical,
 * unsigned, below 2<sup>32</sup>; a size is 1, 2 or 4.
 *
 * <p>Unmapped memory is open bus: reads answer all ones, writes are dropped, both counted. A
 * handler that throws is counted and logged and the access answers as open bus; the bus itself
 * never throws for a guest access.
 */
@ProviderType
public interface MemoryBus {

    /**
     * Reads {@code size} bytes little-endian. Waits (bounded by the bus's configured timeout)
     * for a handler that answers later or for a device being swapped.
     */
    int read(long address, int size);

    /** Writes {@code size} bytes little-endian; waits like {@link #read}. */
    void write(long address, int size, int value);

    /**
     * Reads, applies {@code update} and writes the result back to the targets the read resolved
     * (a write to ROM is dropped, the read still happens).
     *
     * @return the value read
     */
    int readModifyWrite(long address, int size, IntUnaryOperator update);

    /** A new, reusable access for callers that suspend instead of waiting. */
    BusAccess newAccess();

    /** The current compiled view (a new object after every change). */
    MemoryView view();

    /**
     * Asks the bus to compile the view again, re-reading every handler's direct mapping. A
     * handler calls this when {@link RegionHandler#directMemory()} changes; the new view is
     * published before this method returns.
     */
    void remap();

    /**
     * Says that the device with this id ({@code StatefulDevice.DEVICE_ID} of its regions) leaves
     * for good: the bus does not wait for a replacement when its regions go away (or stops
     * waiting, if they are gone already), and accesses there no longer wait for one. A device that
     * takes itself out of the machine on purpose (a BIOS disabled by its configuration) calls this;
     * a bundle being updated does not, so accesses wait for the new instance.
     */
    void retire(String deviceId);

    /** The memory map: the regions bound now, ordered by base address then priority. */
    List<RegionInfo> regions();

    /** The bus's counters. */
    BusCounters counters();
}
