package org.tessera.machine.api.pci;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One function of a PCI device on bus 0 as the configuration mechanism sees it: 256 bytes of
 * configuration space (the type 0 header in bytes 00h-3Fh, device specific registers after it).
 *
 * <h2>Registration (whiteboard)</h2>
 * A component registers this interface as a service with the properties {@link #PCI_DEVICE}
 * ({@code Integer} 0-31) and {@link #PCI_FUNCTION} ({@code Integer} 0-7); there is only bus 0.
 * A service with a missing or out-of-range address is ignored. Where two services claim the same
 * device and function, the higher {@code service.ranking} wins, then the older service. The host
 * binds functions dynamically: one that appears is visible to the next configuration cycle, one
 * that goes away reads as absent (vendor ID FFFFh) from then on.
 *
 * <p>Software finds functions 1-7 of a device only if function 0 exists and sets the
 * multi-function bit (bit 7 of the header type, offset 0Eh); the host itself forwards a cycle to
 * whichever function is registered.
 *
 * <p>A function may also carry {@code device.id}
 * ({@link org.tessera.machine.api.device.StatefulDevice#DEVICE_ID}) and implement
 * {@link org.tessera.machine.api.device.StatefulDevice}: the host then saves its state when the
 * service goes away and restores it into the next service with the same device id (a bundle
 * update), like the memory and IO buses do for their handlers.
 *
 * <h2>Calls</h2>
 * The host calls {@link #configRead} and {@link #configWrite} with {@code offset} in 0-255,
 * {@code size} 1, 2 or 4 and {@code offset} a multiple of {@code size}, so an access never
 * crosses a dword; values are little-endian (the byte at {@code offset} in bits 0-7). Accesses
 * wider than a register, or covering several registers, are the function's to split: a dword
 * write at 04h writes the command register and the status register at once, as on the bus.
 *
 * <p>A function behaves as PCI 2.1 says for the standard header: read-only fields (IDs, class
 * code, header type, unimplemented BAR bits) ignore writes; a base address register answers a
 * write of all ones with its size mask; status bits are cleared by writing 1. Unimplemented
 * registers read 0.
 *
 * <p>Calls come from the CPU thread (an IN/OUT at 0CFCh-0CFFh) and from tools on other threads:
 * an implementation that keeps state must be thread safe. A call may have side effects on the
 * machine (a memory controller remapping memory); it completes them before it returns. A function
 * that throws does not stop the machine: the read answers all ones, the write is dropped and the
 * failure is logged (by the IO bus, as one of the host's port accesses).
 */
@ConsumerType
public interface PciFunction {

    /** Service property: the device number on bus 0 ({@code Integer}, 0-31). */
    String PCI_DEVICE = "tessera.pci.device";
    /** Service property: the function number ({@code Integer}, 0-7). */
    String PCI_FUNCTION = "tessera.pci.function";

    /**
     * Reads configuration space.
     *
     * @param offset the first byte, 0-255, a multiple of {@code size}
     * @param size 1, 2 or 4 bytes
     * @return the bytes, little-endian, in the low {@code size * 8} bits
     */
    int configRead(int offset, int size);

    /**
     * Writes configuration space.
     *
     * @param offset the first byte, 0-255, a multiple of {@code size}
     * @param size 1, 2 or 4 bytes
     * @param value the bytes, little-endian, in the low {@code size * 8} bits (higher bits are to
     *     be ignored)
     */
    void configWrite(int offset, int size, int value);
}
