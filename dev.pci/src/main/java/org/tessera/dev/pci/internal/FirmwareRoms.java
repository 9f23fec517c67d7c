package org.tessera.dev.pci.internal;

import java.util.Arrays;
import java.util.Map;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The firmware ROMs a memory controller may shadow: the {@link RegionHandler} services with
 * {@link RegionHandler#REGION_FIRMWARE}, by base, size and priority. Reads find the ROM of
 * highest priority covering the address and read it as the bus would (its direct memory if it
 * has one, else through the handler), so that shadowed segments can still read the ROM below.
 * The list is an immutable array replaced on every change; a read allocates nothing.
 */
final class FirmwareRoms {

    private static final Rom[] NONE = new Rom[0];

    private volatile Rom[] roms = NONE;

    /** Adds (or updates) a ROM; one without a valid base and size is ignored. */
    synchronized void add(RegionHandler handler, Map<String, ?> props) {
        long base = number(props.get(RegionHandler.REGION_BASE));
        long size = number(props.get(RegionHandler.REGION_SIZE));
        Rom[] without = without(handler);
        if (base < 0 || size <= 0) {
            roms = without;
            return;
        }
        Object p = props.get(RegionHandler.REGION_PRIORITY);
        int priority = p instanceof Number n ? n.intValue() : 0;
        Rom[] next = Arrays.copyOf(without, without.length + 1);
        next[without.length] = new Rom(handler, base, size, priority);
        roms = next;
    }

    /** Removes a ROM. */
    synchronized void remove(RegionHandler handler) {
        roms = without(handler);
    }

    private Rom[] without(RegionHandler handler) {
        return Arrays.stream(roms).filter(r -> r.handler != handler).toArray(Rom[]::new);
    }

    private static long number(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v != null) {
            try {
                return Long.decode(v.toString().trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Reads {@code size} bytes (1, 2 or 4) at physical {@code address} from the ROMs, little
     * endian; a byte no ROM covers reads FFh.
     */
    int read(long address, int size) {
        Rom[] all = roms;
        Rom r = covering(all, address, size);
        if (r != null) {
            long offset = address - r.base;
            byte[] direct = r.handler.directMemory();
            if (direct != null && offset + size <= direct.length) {
                int v = 0;
                for (int i = size - 1; i >= 0; i--) {
                    v = v << 8 | direct[(int) offset + i] & 0xFF;
                }
                return v;
            }
            if ((r.handler.accessSizes() & size) != 0) {
                return r.handler.read(offset, size);
            }
        }
        if (size == 1) {
            return r == null ? 0xFF : r.handler.read(address - r.base, 1) & 0xFF;
        }
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (read(address + i, 1) & 0xFF) << (i << 3);
        }
        return v;
    }

    /** The ROM of highest priority covering all of {@code [address, address + size)}, or null. */
    private static Rom covering(Rom[] all, long address, int size) {
        Rom best = null;
        for (Rom r : all) {
            if (r.base <= address && address + size <= r.base + r.size
                    && (best == null || r.priority > best.priority)) {
                best = r;
            }
        }
        return best;
    }

    /** One firmware region. */
    private record Rom(RegionHandler handler, long base, long size, int priority) {
    }
}
