package org.tessera.dev.pci.internal;

import java.util.Arrays;

/**
 * The 256 bytes of one function's configuration space with, per bit, whether software may write
 * it ({@linkplain #register write mask}) or clear it by writing 1 ({@linkplain #status
 * write-1-to-clear}). Everything else is read-only: the IDs, the class code, the header type,
 * the bits of a base address register below its size, and every byte no register claims (which
 * reads 0, as PCI 2.1 wants of unimplemented registers).
 *
 * <p>A function builds its space with the builder methods (the type 0 header and its own
 * registers, each with its reset value and mask) and then calls {@link #seal()}, which takes the
 * current bytes as the reset state. Not thread safe: the owning function serialises calls.
 * {@link #read} and {@link #write} allocate nothing.
 */
final class ConfigSpace {

    /** Bytes of configuration space. */
    static final int SIZE = 256;

    static final int VENDOR_ID = 0x00;
    static final int DEVICE_ID = 0x02;
    static final int COMMAND = 0x04;
    static final int STATUS = 0x06;
    static final int REVISION = 0x08;
    static final int CLASS_CODE = 0x09;
    static final int CACHE_LINE_SIZE = 0x0C;
    static final int LATENCY_TIMER = 0x0D;
    static final int HEADER_TYPE = 0x0E;
    static final int BAR0 = 0x10;
    static final int INTERRUPT_LINE = 0x3C;
    static final int INTERRUPT_PIN = 0x3D;

    /** Header type bit 7: the device has more functions than function 0. */
    static final int MULTI_FUNCTION = 0x80;
    /** Command bit 0: I/O space enable. */
    static final int COMMAND_IO = 0x0001;
    /** Command bit 1: memory space enable. */
    static final int COMMAND_MEMORY = 0x0002;
    /** Command bit 2: bus master enable. */
    static final int COMMAND_MASTER = 0x0004;
    /** Status bits 10:9 = 01: medium DEVSEL# timing. */
    static final int STATUS_DEVSEL_MEDIUM = 0x0200;
    /** Status bit 7: fast back-to-back capable. */
    static final int STATUS_FAST_B2B = 0x0080;

    private final byte[] bytes = new byte[SIZE];
    private final byte[] writable = new byte[SIZE];
    private final byte[] clearable = new byte[SIZE];
    private byte[] resetBytes;

    /**
     * A space with the identification fields set (all read-only).
     *
     * @param vendor vendor ID
     * @param device device ID
     * @param revision revision ID
     * @param classCode class code (base class, sub-class, programming interface: 24 bits)
     * @param headerType header type byte (layout and multi-function bit)
     */
    ConfigSpace(int vendor, int device, int revision, int classCode, int headerType) {
        put(VENDOR_ID, 2, vendor);
        put(DEVICE_ID, 2, device);
        put(REVISION, 1, revision);
        put(CLASS_CODE, 3, classCode);
        put(HEADER_TYPE, 1, headerType);
    }

    /**
     * Declares a register: its reset value and which of its bits software may write (the other
     * bits keep their value whatever is written).
     *
     * @param offset the first byte
     * @param size its width in bytes (1-4)
     */
    ConfigSpace register(int offset, int size, int resetValue, int writeMask) {
        checkBuilding();
        put(offset, size, resetValue);
        for (int i = 0; i < size; i++) {
            writable[offset + i] = (byte) (writeMask >>> (i << 3));
        }
        return this;
    }

    /** The command register: reset value and writable bits. */
    ConfigSpace command(int resetValue, int writeMask) {
        return register(COMMAND, 2, resetValue, writeMask);
    }

    /**
     * The status register: reset value and the error bits that writing 1 clears (writing 0
     * leaves them; the other bits are read-only).
     */
    ConfigSpace status(int resetValue, int clearMask) {
        return writeOneToClear(STATUS, 2, resetValue, clearMask);
    }

    /** A register whose {@code clearMask} bits are cleared by writing 1; its other bits are read-only. */
    ConfigSpace writeOneToClear(int offset, int size, int resetValue, int clearMask) {
        checkBuilding();
        put(offset, size, resetValue);
        for (int i = 0; i < size; i++) {
            clearable[offset + i] = (byte) (clearMask >>> (i << 3));
            writable[offset + i] &= (byte) ~(clearMask >>> (i << 3));
        }
        return this;
    }

    /**
     * An I/O base address register of {@code size} bytes (a power of two, 4-256): bit 0 reads 1
     * (I/O space), the bits below the size read 0, all 32 bits above are writable, so that a
     * write of FFFFFFFFh reads back as {@code ~(size - 1) | 1}, whose complement plus one is the
     * size. It resets to 0000_0001h (not placed).
     *
     * @param index the BAR, 0-5
     */
    ConfigSpace ioBar(int index, int size) {
        if (index < 0 || index > 5 || size < 4 || size > 256 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("I/O BAR " + index + " of " + size + " bytes");
        }
        return register(BAR0 + 4 * index, 4, 0x1, ~(size - 1));
    }

    /** Interrupt pin (read-only, 1-4 for INTA#-INTD#) and a writable interrupt line register (reset 0). */
    ConfigSpace interrupt(int pin) {
        register(INTERRUPT_LINE, 1, 0, 0xFF);
        return register(INTERRUPT_PIN, 1, pin, 0);
    }

    /** Ends the building: the current bytes become the reset state. */
    ConfigSpace seal() {
        checkBuilding();
        resetBytes = bytes.clone();
        return this;
    }

    private void checkBuilding() {
        if (resetBytes != null) {
            throw new IllegalStateException("configuration space already sealed");
        }
    }

    /** Back to the reset state. */
    void reset() {
        System.arraycopy(resetBytes, 0, bytes, 0, SIZE);
    }

    /** Reads {@code size} bytes at {@code offset}, little-endian. */
    int read(int offset, int size) {
        int v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | bytes[offset + i] & 0xFF;
        }
        return v;
    }

    /**
     * A configuration write of {@code size} bytes at {@code offset}: writable bits take the
     * value's bits, write-1-to-clear bits written as 1 are cleared, the rest stays.
     */
    void write(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            int o = offset + i;
            int v = value >>> (i << 3);
            int w = writable[o];
            int b = bytes[o] & ~w | v & w;
            bytes[o] = (byte) (b & ~(v & clearable[o]));
        }
    }

    /** The byte at {@code offset}. */
    int get8(int offset) {
        return bytes[offset] & 0xFF;
    }

    /** The device's own update of {@code size} bytes at {@code offset}, whatever the masks say. */
    void put(int offset, int size, int value) {
        for (int i = 0; i < size; i++) {
            bytes[offset + i] = (byte) (value >>> (i << 3));
        }
    }

    /** Sets status bits as the hardware does (an error it detected); software clears them. */
    void setStatus(int bits) {
        put(STATUS, 2, read(STATUS, 2) | bits);
    }

    /** A copy of the 256 bytes (the saved state). */
    byte[] save() {
        return bytes.clone();
    }

    /**
     * Takes over saved bytes: the bits software can change (writable or clearable) come from
     * {@code saved}, the read-only ones stay as this implementation resets them (its IDs win).
     *
     * @throws IllegalArgumentException if {@code saved} is not 256 bytes
     */
    void load(byte[] saved) {
        if (saved.length != SIZE) {
            throw new IllegalArgumentException("configuration space of " + saved.length + " bytes");
        }
        for (int i = 0; i < SIZE; i++) {
            int soft = writable[i] | clearable[i];
            bytes[i] = (byte) (resetBytes[i] & ~soft | saved[i] & soft);
        }
    }

    @Override
    public String toString() {
        return String.format("config %04x:%04x %s", read(VENDOR_ID, 2), read(DEVICE_ID, 2),
                Arrays.toString(Arrays.copyOf(bytes, 16)));
    }
}
