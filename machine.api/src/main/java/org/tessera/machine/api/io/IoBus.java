package org.tessera.machine.api.io;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The IO address space, provided by {@code dev.ioports}. Thread safe. Ports are 0-FFFFh; a size
 * is 1, 2 or 4. Unclaimed ports read all ones and ignore writes; a failing handler never makes
 * this bus throw.
 */
@ProviderType
public interface IoBus {

    /** Reads {@code size} bytes from {@code port} (IN). */
    int in(int port, int size);

    /** Writes {@code size} bytes to {@code port} (OUT). */
    void out(int port, int size, int value);

    /** The port map: runs of consecutive ports with the same owner, in port order. */
    List<PortRangeInfo> ports();

    /** The bus's counters. */
    IoCounters counters();
}
