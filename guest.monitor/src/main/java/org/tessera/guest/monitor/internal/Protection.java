package org.tessera.guest.monitor.internal;

import java.util.Locale;
import org.tessera.machine.api.watch.Denial;
import org.tessera.machine.api.watch.WritePolicy;

/** What the monitor does with a structure, as the configuration names it. */
enum Protection {
    /** Not watched. */
    OFF(null, null),
    /** Watched: writes happen and are reported. */
    NOTIFY(WritePolicy.NOTIFY, null),
    /** Guest writes are dropped. */
    DROP(WritePolicy.DENY, Denial.DROP),
    /** Guest writes raise #GP(0). */
    GP(WritePolicy.DENY, Denial.GENERAL_PROTECTION),
    /** Guest writes raise #PF. */
    PF(WritePolicy.DENY, Denial.PAGE_FAULT),
    /** Writes are redirected: stored into memory and into the monitor's shadow copy. */
    SHADOW(WritePolicy.REDIRECT, null);

    private final WritePolicy policy;
    private final Denial denial;

    Protection(WritePolicy policy, Denial denial) {
        this.policy = policy;
        this.denial = denial;
    }

    /** The watch policy, or null for {@link #OFF}. */
    WritePolicy policy() {
        return policy;
    }

    /** The denial of a denying protection, or null. */
    Denial denial() {
        return denial;
    }

    /** The configuration's name of it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protection that denies the way {@code denial} says. */
    static Protection denying(Denial denial) {
        return switch (denial) {
            case DROP -> DROP;
            case GENERAL_PROTECTION -> GP;
            case PAGE_FAULT -> PF;
        };
    }

    /** Parses a configuration value (case-insensitive), or null if it names no protection. */
    static Protection parse(String value) {
        if (value == null) {
            return null;
        }
        for (Protection p : values()) {
            if (p.label().equalsIgnoreCase(value.strip())) {
                return p;
            }
        }
        return null;
    }
}
