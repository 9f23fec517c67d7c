package org.tessera.guest.monitor.internal;

/**
 * Reads guest-physical memory without side effects on the guest's state (no accessed or dirty
 * bits). In the machine it is the memory bus's {@code read}; tests pass a byte array.
 */
@FunctionalInterface
interface PhysicalReader {

    /** {@code size} bytes (1, 2 or 4) at {@code address}, little-endian. */
    int read(long address, int size);
}
