package org.tessera.machine.api.memory;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device that owns a range of the physical address space.
 *
 * <h2>Registration (whiteboard)</h2>
 * A component registers this interface as a service with the properties {@link #REGION_BASE}
 * and {@link #REGION_SIZE} (both {@code Long} or {@code Integer}, in bytes; the size may be
 * smaller than a page), optionally {@link #REGION_PRIORITY} (an {@code Integer}, default 0;
 * where regions overlap, the higher priority owns the bytes, so a device window at 10 hides
 * RAM at 0) and {@code device.id} ({@link org.tessera.machine.api.device.StatefulDevice#DEVICE_ID}).
 * The bus binds handlers dynamically: a handler that appears or goes away changes the memory
 * map at once, while the machine runs.
 *
 * <h2>Calls</h2>
 * The bus calls {@link #read} and {@link #write} with an offset relative to the region base and
 * a size that is one of the sizes in {@link #accessSizes()}; wider or unaligned accesses are
 * split by the bus into accepted sizes, lowest address first, so the handler sees the CPU's
 * accesses in program order. Calls come from the CPU thread and, for tools, from other threads:
 * an implementation that keeps state must be thread safe. Calls never overlap for one access,
 * and the bus never calls a handler concurrently with {@code saveState}/{@code restoreState}
 * of the same device during a swap.
 *
 * <h2>Answering later (redirect)</h2>
 * A handler that cannot answer now overrides {@link #submit(RegionAccess)}: it keeps the access,
 * returns {@code false}, and completes it later from any thread with
 * {@link RegionAccess#complete(int)}. The caller then either waits or suspends the instruction.
 *
 * <h2>Errors</h2>
 * A handler that throws does not stop the machine: the bus counts and logs the failure, a read
 * answers as open bus (all ones) and a write is dropped.
 */
@ConsumerType
public interface RegionHandler {

    /** Service property: first physical address of the region ({@code Long} or {@code Integer}). */
    String REGION_BASE = "tessera.region.base";
    /** Service property: size of the region in bytes ({@code Long} or {@code Integer}). */
    String REGION_SIZE = "tessera.region.size";
    /** Service property: priority where regions overlap ({@code Integer}, default 0, higher wins). */
    String REGION_PRIORITY = "tessera.region.priority";
    /** Service property: a short human-readable name for memory maps ({@code String}). */
    String REGION_NAME = "tessera.region.name";

    /**
     * Service property ({@code Boolean}): the region is firmware ROM that a memory controller may
     * shadow, the system BIOS's alias below 1 MiB or an option ROM. A chipset that maps RAM over
     * such a region in some modes (the i440FX's PAM registers: reads from RAM, writes to RAM,
     * either or both) tracks these handlers so that reads it does not send to RAM still reach the
     * ROM.
     */
    String REGION_FIRMWARE = "tessera.region.firmware";

    /** Access size bit: bytes. The bit value equals the size, so {@code (accessSizes() & size) != 0} tests a size. */
    int BYTE = 1;
    /** Access size bit: 16-bit words. */
    int WORD = 2;
    /** Access size bit: 32-bit double words. */
    int DWORD = 4;

    /**
     * The access sizes this handler accepts, as a mask of {@link #BYTE}, {@link #WORD} and
     * {@link #DWORD}; {@link #BYTE} must be among them. The bus only calls the handler with
     * accepted sizes and at offsets aligned to the size.
     */
    default int accessSizes() {
        return BYTE;
    }

    /**
     * Whether reading has no side effects (plain memory: true; a FIFO or a VGA latch load:
     * false). The bus and tools only read side-effect-free regions speculatively, e.g. for a
     * memory dump.
     */
    default boolean readsAreSideEffectFree() {
        return false;
    }

    /**
     * Memory the bus may map directly: the bus then lets its callers read (and, if
     * {@link #directWritable()}, write) this array without calling the handler. Byte 0 of the
     * array is the region base; little-endian. Return {@code null} (the default) for a region
     * that must see every access. A handler whose answer changes (a VGA leaving a linear mode)
     * calls {@link MemoryBus#remap()} so that the bus takes the mapping back before the next
     * access.
     */
    default byte[] directMemory() {
        return null;
    }

    /** Whether writes may go straight to {@link #directMemory()}; ROM answers false. */
    default boolean directWritable() {
        return false;
    }

    /**
     * Reads {@code size} bytes at {@code offset} from the region base.
     *
     * @return the value, little-endian, in the low {@code size * 8} bits
     */
    int read(long offset, int size);

    /** Writes the low {@code size * 8} bits of {@code value} at {@code offset}, little-endian. */
    void write(long offset, int size, int value);

    /**
     * Starts one access. The default answers at once through {@link #read}/{@link #write} and
     * returns {@code true}. A handler that answers later keeps {@code access}, returns
     * {@code false} and calls {@link RegionAccess#complete(int)} (or
     * {@link RegionAccess#fail(Throwable)}) exactly once, from any thread. The access object
     * belongs to the bus and must not be used after it is completed.
     *
     * @return true if the access was completed before returning
     */
    default boolean submit(RegionAccess access) {
        if (access.type().isWrite()) {
            write(access.offset(), access.size(), access.value());
            access.complete(0);
        } else {
            access.complete(read(access.offset(), access.size()));
        }
        return true;
    }
}
