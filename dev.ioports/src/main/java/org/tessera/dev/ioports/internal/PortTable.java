package org.tessera.dev.ioports.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.tessera.machine.api.io.PortRangeInfo;

/**
 * The compiled port map: for each of the 65536 ports the slot of the handler that owns it, or
 * null. Immutable once built; the bus publishes a new table with one volatile write whenever a
 * handler comes or goes, and the IN/OUT path reads nothing else.
 */
final class PortTable {

    /**
     * Precedence of slots, lowest first: priority, then {@code service.ranking}, then the lower
     * {@code service.id} (registered earlier) wins.
     */
    static final Comparator<PortSlot> PRECEDENCE = Comparator
            .<PortSlot>comparingInt(s -> s.properties.priority())
            .thenComparingInt(s -> s.properties.ranking())
            .thenComparing(s -> s.properties.serviceId(), Comparator.reverseOrder());

    private final PortSlot[] owners;

    private PortTable(PortSlot[] owners) {
        this.owners = owners;
    }

    /** A table in which no port is claimed. */
    static PortTable empty() {
        return new PortTable(new PortSlot[HandlerProperties.PORT_SPACE]);
    }

    /** Compiles the table for {@code slots}: where claims overlap, the higher precedence wins. */
    static PortTable compile(Collection<PortSlot> slots) {
        List<PortSlot> ordered = new ArrayList<>(slots);
        ordered.sort(PRECEDENCE);
        PortSlot[] owners = new PortSlot[HandlerProperties.PORT_SPACE];
        for (PortSlot slot : ordered) {
            for (int port : slot.properties.ports()) {
                owners[port] = slot;
            }
        }
        return new PortTable(owners);
    }

    /** The slot owning {@code port} (0-FFFFh), or null. */
    PortSlot owner(int port) {
        return owners[port];
    }

    /**
     * The widest piece the owner {@code slot} of {@code port} takes in one call: the largest
     * accepted size not above {@code remaining} whose ports all belong to {@code slot} without
     * wrapping past FFFFh; at least 1.
     */
    int pieceWidth(PortSlot slot, int port, int remaining) {
        int sizes = slot.sizes;
        for (int width = 4; width > 1; width >>= 1) {
            if (width <= remaining && (sizes & width) != 0 && port + width <= HandlerProperties.PORT_SPACE
                    && ownsAll(slot, port, width)) {
                return width;
            }
        }
        return 1;
    }

    private boolean ownsAll(PortSlot slot, int port, int width) {
        for (int i = 1; i < width; i++) {
            if (owners[port + i] != slot) {
                return false;
            }
        }
        return true;
    }

    /** The port map as runs of consecutive ports with the same owner, in port order. */
    List<PortRangeInfo> runs() {
        List<PortRangeInfo> runs = new ArrayList<>();
        int port = 0;
        while (port < owners.length) {
            PortSlot slot = owners[port];
            int last = port;
            while (last + 1 < owners.length && owners[last + 1] == slot) {
                last++;
            }
            if (slot != null) {
                HandlerProperties p = slot.properties;
                runs.add(new PortRangeInfo(port, last, p.name(), p.deviceId(), p.owner()));
            }
            port = last + 1;
        }
        return List.copyOf(runs);
    }
}
