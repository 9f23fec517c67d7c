package org.tessera.guest.monitor.internal;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tessera.machine.api.watch.Denial;

/**
 * The monitor's configuration, checked: the profile, the per-structure overrides, the integrity
 * profile's denial, the ring size, the log file and whether shadow writes complete later. A value
 * that does not parse is logged and replaced by its default.
 *
 * @param profile the profile
 * @param overrides per structure name, the protections that replace the profile's
 * @param denial how the integrity profile denies
 * @param events the number of latest events kept (at least 1)
 * @param logFile the JSON-lines log, or null
 * @param asyncRedirect whether shadow writes complete on the monitor's thread
 */
record MonitorSettings(Profile profile, Map<String, Protection> overrides, Denial denial, int events, String logFile,
        boolean asyncRedirect) {

    private static final System.Logger LOG = System.getLogger(MonitorSettings.class.getName());

    /** The profiles. */
    enum Profile {
        /** Notify on every structure. */
        WATCH,
        /** Notify until the IDT is loaded in protected mode, then deny GDT and IDT writes. */
        INTEGRITY,
        /** Notify on the page directory and page tables only. */
        PAGING,
        /** Nothing. */
        OFF
    }

    /** Configuration keys of the overrides, by structure name. */
    static final Map<String, String> OVERRIDE_KEYS;

    static {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(StructureFinder.GDT, "gdt");
        keys.put(StructureFinder.IDT, "idt");
        keys.put(StructureFinder.LDT, "ldt");
        keys.put(StructureFinder.TSS, "tss");
        keys.put(StructureFinder.PAGE_DIRECTORY, "pageDirectory");
        keys.put(StructureFinder.PAGE_TABLE, "pageTables");
        keys.put(StructureFinder.IVT, "ivt");
        OVERRIDE_KEYS = Map.copyOf(keys);
    }

    static final int DEFAULT_EVENTS = 1000;

    MonitorSettings {
        overrides = Map.copyOf(overrides);
    }

    /** The settings of a configuration's properties (missing ones take their defaults). */
    static MonitorSettings of(Map<String, ?> properties) {
        Profile profile = Profile.WATCH;
        String p = string(properties, "profile");
        if (p != null) {
            try {
                profile = Profile.valueOf(p.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "guest monitor: unknown profile '" + p + "' (watch, integrity, paging or off);"
                        + " using watch");
            }
        }
        Denial denial = Denial.DROP;
        String d = string(properties, "denial");
        if (d != null) {
            Protection parsed = Protection.parse(d);
            if (parsed != null && parsed.denial() != null) {
                denial = parsed.denial();
            } else {
                LOG.log(Level.WARNING, "guest monitor: unknown denial '" + d + "' (drop, gp or pf); using drop");
            }
        }
        Map<String, Protection> overrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : OVERRIDE_KEYS.entrySet()) {
            String v = string(properties, e.getValue());
            if (v == null) {
                continue;
            }
            Protection parsed = Protection.parse(v);
            if (parsed == null) {
                LOG.log(Level.WARNING, "guest monitor: unknown protection '" + v + "' for " + e.getValue()
                        + " (off, notify, drop, gp, pf or shadow); using the profile's");
            } else {
                overrides.put(e.getKey(), parsed);
            }
        }
        int events = DEFAULT_EVENTS;
        Object ev = properties.get("events");
        if (ev != null) {
            try {
                events = ev instanceof Number n ? n.intValue() : Integer.parseInt(ev.toString().strip());
            } catch (NumberFormatException e) {
                events = -1;
            }
            if (events < 1) {
                LOG.log(Level.WARNING, "guest monitor: events must be a number of at least 1 (got " + ev + "); using "
                        + DEFAULT_EVENTS);
                events = DEFAULT_EVENTS;
            }
        }
        Object async = properties.get("asyncRedirect");
        boolean asyncRedirect = async == null || Boolean.parseBoolean(async.toString().strip());
        return new MonitorSettings(profile, overrides, denial, events, string(properties, "logFile"), asyncRedirect);
    }

    /** The default settings: profile watch, no overrides, no log. */
    static MonitorSettings defaults() {
        return of(Map.of());
    }

    /**
     * The protection of a structure.
     *
     * @param structure a structure name ({@link StructureFinder#NAMES})
     * @param idtLoaded whether the guest has loaded its IDT in protected mode (arms the integrity
     *     profile)
     */
    Protection protection(String structure, boolean idtLoaded) {
        Protection override = overrides.get(structure);
        if (override != null) {
            return override;
        }
        boolean tables = structure.equals(StructureFinder.PAGE_DIRECTORY) || structure.equals(StructureFinder.PAGE_TABLE);
        return switch (profile) {
            case WATCH -> Protection.NOTIFY;
            case PAGING -> tables ? Protection.NOTIFY : Protection.OFF;
            case OFF -> Protection.OFF;
            case INTEGRITY -> idtLoaded && (structure.equals(StructureFinder.GDT) || structure.equals(StructureFinder.IDT))
                    ? Protection.denying(denial) : Protection.NOTIFY;
        };
    }

    /** A non-empty, stripped string property, or null. */
    private static String string(Map<String, ?> properties, String key) {
        Object v = properties.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().strip();
        return s.isEmpty() ? null : s;
    }
}
