package org.tessera.machine.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device that owns a range of IO ports.
 *
 * <p>Registered as a whiteboard service with the properties {@link #PORT_BASE} and
 * {@link #PORT_COUNT} ({@code Integer}); a handler that owns scattered ports registers one
 * service with {@link #PORT_LIST} (an {@code int[]} or {@code Integer[]} of ports) instead.
 * Optional: {@code device.id} and {@link #PORT_PRIORITY} (higher wins where two claim a port).
 *
 * <p>The IO bus calls {@link #in} and {@link #out} with the first port and a size from
 * {@link #accessSizes()}; a wider access is split into the accepted sizes, lowest port first,
 * and its bytes assembled little-endian. Calls come from the CPU thread and from tools; an
 * implementation keeping state must be thread safe. A handler that throws is counted and logged;
 * an IN then answers all ones and an OUT is dropped.
 */
@ConsumerType
public interface PortHandler {

    /** Service property: the first port ({@code Integer}). */
    String PORT_BASE = "tessera.port.base";
    /** Service property: the number of consecutive ports ({@code Integer}). */
    String PORT_COUNT = "tessera.port.count";
    /** Service property: individual ports ({@code int[]}), instead of base and count. */
    String PORT_LIST = "tessera.port.list";
    /** Service property: priority where claims overlap ({@code Integer}, default 0). */
    String PORT_PRIORITY = "tessera.port.priority";
    /** Service property: a short name for port maps ({@code String}). */
    String PORT_NAME = "tessera.port.name";

    /** Access size bit: bytes (the bit value is the size). */
    int BYTE = 1;
    /** Access size bit: 16-bit words. */
    int WORD = 2;
    /** Access size bit: 32-bit double words. */
    int DWORD = 4;

    /** The sizes this handler accepts (a mask of BYTE, WORD, DWORD; BYTE must be included). */
    default int accessSizes() {
        return BYTE;
    }

    /** Reads {@code size} bytes from {@code port}; the result is in the low bits. */
    int in(int port, int size);

    /** Writes the low {@code size * 8} bits of {@code value} to {@code port}. */
    void out(int port, int size, int value);
}
