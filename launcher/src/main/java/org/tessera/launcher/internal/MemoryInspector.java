package org.tessera.launcher.internal;

import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * {@code peek} and {@code poke}: reads and writes of physical memory through the
 * {@link MemoryBus}, with the care a tool owes a running machine. Reading a device can change it
 * (a FIFO pops, a VGA loads its latches), so regions of kind {@code mmio} are read only when the
 * user forces it; unmapped bytes are not read at all (they would only count as open-bus reads).
 */
final class MemoryInspector {

    /** Bytes {@code peek} shows when no count is given. */
    static final int DEFAULT_COUNT = 64;
    /** The most bytes one {@code peek} shows. */
    static final int MAX_COUNT = 65536;

    static final String PEEK_USAGE = "usage: peek [-f] ADDR [COUNT]";
    static final String POKE_USAGE = "usage: poke ADDR VALUE [SIZE]";

    /**
     * A parsed {@code peek}.
     *
     * @param address first byte
     * @param count number of bytes
     * @param force read MMIO regions too
     */
    record PeekRequest(long address, int count, boolean force) {
    }

    /**
     * A parsed {@code poke}.
     *
     * @param address first byte
     * @param value the value, in the low {@code size * 8} bits
     * @param size 1, 2 or 4
     */
    record PokeRequest(long address, int value, int size) {
    }

    /**
     * Parses {@code [-f] ADDR [COUNT]} ({@code -f} or {@code --force} may stand anywhere).
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static PeekRequest parsePeek(String... args) {
        boolean force = false;
        List<String> positional = new ArrayList<>();
        for (String a : args) {
            if (a.equals("-f") || a.equals("--force")) {
                force = true;
            } else if (a.startsWith("-") && a.length() > 1 && !Character.isDigit(a.charAt(1))) {
                throw new IllegalArgumentException("unknown option '" + a + "'; " + PEEK_USAGE);
            } else {
                positional.add(a);
            }
        }
        if (positional.isEmpty() || positional.size() > 2) {
            throw new IllegalArgumentException(PEEK_USAGE);
        }
        long address = Numbers.parseAddress(positional.get(0));
        long count = positional.size() > 1 ? Numbers.parseNumber(positional.get(1), "count") : DEFAULT_COUNT;
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + " (got " + count + ")");
        }
        if (address + count > Numbers.ADDRESS_SPACE) {
            throw new IllegalArgumentException("0x" + Numbers.hex32(address) + " + " + count
                    + " bytes goes beyond the 4 GiB address space");
        }
        return new PeekRequest(address, (int) count, force);
    }

    /**
     * Parses {@code ADDR VALUE [SIZE]}.
     *
     * @throws IllegalArgumentException with a message for the user
     */
    static PokeRequest parsePoke(String... args) {
        if (args.length < 2 || args.length > 3) {
            throw new IllegalArgumentException(POKE_USAGE);
        }
        long address = Numbers.parseAddress(args[0]);
        long value = Numbers.parseNumber(args[1], "value");
        long size = args.length > 2 ? Numbers.parseNumber(args[2], "size") : 1;
        if (size != 1 && size != 2 && size != 4) {
            throw new IllegalArgumentException("size must be 1, 2 or 4 (got " + args[2] + ")");
        }
        if (value >= 1L << (8 * size)) {
            throw new IllegalArgumentException("value " + args[1] + " does not fit in " + size + " byte"
                    + (size == 1 ? "" : "s"));
        }
        if (address + size > Numbers.ADDRESS_SPACE) {
            throw new IllegalArgumentException("0x" + Numbers.hex32(address) + " + " + size
                    + " bytes goes beyond the 4 GiB address space");
        }
        return new PokeRequest(address, (int) value, (int) size);
    }

    /**
     * Reads the bytes of a {@code peek}.
     *
     * @return one entry per byte: its value, or null for a byte no region maps
     * @throws IllegalArgumentException if the range touches an MMIO region and the request is not
     *     forced
     */
    Integer[] read(MemoryBus bus, PeekRequest request) {
        List<RegionInfo> regions = bus.regions();
        long end = request.address() + request.count();
        if (!request.force()) {
            for (RegionInfo r : regions) {
                if ("mmio".equals(r.kind()) && r.base() < end && request.address() < r.end()) {
                    throw new IllegalArgumentException("0x" + Numbers.hex32(request.address()) + "-0x"
                            + Numbers.hex32(end - 1) + " touches MMIO region " + r.name() + " (" + r.owner()
                            + "): reading a device can change it; use peek -f to read anyway");
                }
            }
        }
        Integer[] bytes = new Integer[request.count()];
        for (int i = 0; i < bytes.length; i++) {
            long a = request.address() + i;
            if (mapped(regions, a)) {
                bytes[i] = bus.read(a, 1) & 0xFF;
            }
        }
        return bytes;
    }

    /**
     * Performs a {@code poke}.
     *
     * @return what was done, in one line (says so when the write was dropped)
     */
    String write(MemoryBus bus, PokeRequest request) {
        List<RegionInfo> regions = bus.regions();
        bus.write(request.address(), request.size(), request.value());
        String what = String.format(java.util.Locale.ROOT, "wrote 0x%0" + (request.size() * 2) + "X (%d byte%s) at 0x%s",
                request.value(), request.size(), request.size() == 1 ? "" : "s", Numbers.hex32(request.address()));
        RegionInfo target = owner(regions, request.address());
        if (target == null) {
            return what + " (unmapped: the write was dropped as open bus)";
        }
        if ("rom".equals(target.kind())) {
            return what + " (ROM " + target.name() + ": the write was dropped)";
        }
        return what;
    }

    private static boolean mapped(List<RegionInfo> regions, long address) {
        return owner(regions, address) != null;
    }

    /** The region of highest priority that covers {@code address}, or null. */
    private static RegionInfo owner(List<RegionInfo> regions, long address) {
        RegionInfo best = null;
        for (RegionInfo r : regions) {
            if (r.available() && r.base() <= address && address < r.end()
                    && (best == null || r.priority() > best.priority())) {
                best = r;
            }
        }
        return best;
    }
}
