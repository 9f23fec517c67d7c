package org.tessera.machine.api.memory;

/** What a physical memory access does. */
public enum AccessType {
    /** A data read. */
    READ,
    /** A data write. */
    WRITE,
    /** An instruction fetch: a read that the handler may treat like any other read. */
    FETCH;

    /** @return true for {@link #WRITE} */
    public boolean isWrite() {
        return this == WRITE;
    }
}
