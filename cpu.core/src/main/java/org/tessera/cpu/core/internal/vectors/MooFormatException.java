package org.tessera.cpu.core.internal.vectors;

import java.io.IOException;

/**
 * A MOO file is corrupt or truncated: a chunk runs past the end, a length does not fit its
 * contents, a required part is missing. The message names the file and the byte offset (in the
 * decompressed data for a gzipped file).
 */
public final class MooFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;

    /**
     * @param source the file
     * @param offset the byte offset of the problem in the (decompressed) data
     * @param detail what is wrong, without the file and offset
     */
    public MooFormatException(String source, long offset, String detail) {
        super(source + ": corrupt MOO data at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + detail);
        this.source = source;
        this.offset = offset;
    }

    /** The file. */
    public String source() {
        return source;
    }

    /** The byte offset of the problem in the (decompressed) data. */
    public long offset() {
        return offset;
    }
}
