package org.tessera.guest.monitor.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tessera.machine.api.watch.WatchEvent;

/**
 * The Gogo commands of scope {@code monitor}: {@code structures} (each structure the monitor
 * found: name, protection, physical ranges) and {@code events [n]} (the latest events, one per
 * line). Gogo finds them by their service properties; the bundle needs no Gogo API.
 */
@Component(service = MonitorCommands.class, property = {
    "osgi.command.scope=monitor",
    "osgi.command.function=structures",
    "osgi.command.function=events"
})
public final class MonitorCommands {

    /** Events listed when no count is given. */
    static final int DEFAULT_EVENTS = 20;

    private final GuestMonitor monitor;

    @Activate
    public MonitorCommands(@Reference(name = "monitor") GuestMonitor monitor) {
        this.monitor = monitor;
    }

    /** @return one line per structure: name, protection, ranges */
    public String structures() {
        return structures(monitor);
    }

    /** @return the latest {@value #DEFAULT_EVENTS} events */
    public String events() {
        return events(DEFAULT_EVENTS);
    }

    /** @return the latest {@code n} events, oldest first */
    public String events(int n) {
        return events(monitor, n);
    }

    static String structures(GuestMonitor monitor) {
        Map<String, List<GuestMonitor.Target>> byName = new LinkedHashMap<>();
        for (GuestMonitor.Target t : monitor.structures()) {
            byName.computeIfAbsent(t.region().name() + " " + t.protection().label(), k -> new ArrayList<>()).add(t);
        }
        if (byName.isEmpty()) {
            return "no structures (profile " + monitor.settings().profile().name().toLowerCase(java.util.Locale.ROOT)
                    + ", or no CPU registers yet)";
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, List<GuestMonitor.Target>> e : byName.entrySet()) {
            String[] nameAndPolicy = e.getKey().split(" ");
            b.append(String.format("%-15s %-7s", nameAndPolicy[0], nameAndPolicy[1]));
            String sep = " ";
            for (GuestMonitor.Target t : e.getValue()) {
                b.append(sep).append(StructureFinder.hex(t.region().base())).append('-')
                        .append(StructureFinder.hex(t.region().end()));
                sep = ", ";
            }
            b.append('\n');
        }
        return b.toString().stripTrailing();
    }

    static String events(GuestMonitor monitor, int n) {
        List<WatchEvent> latest = monitor.events(n);
        if (latest.isEmpty()) {
            return "no events";
        }
        StringBuilder b = new StringBuilder();
        for (WatchEvent e : latest) {
            b.append(EventFormat.text(e)).append('\n');
        }
        return b.toString().stripTrailing();
    }
}
