package org.tessera.guest.monitor.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.SystemRegisters;
import org.tessera.machine.api.cpu.SystemRegistersListener;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.watch.RedirectedWrite;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WatchListener;
import org.tessera.machine.api.watch.WatchSpec;
import org.tessera.machine.api.watch.WriteRedirect;

/**
 * The guest monitor: keeps write watches on the guest's system structures where they are now.
 *
 * <p>It learns the system registers from the CPU (a {@link SystemRegistersListener}, called on
 * the CPU thread after every change; {@link Processor#systemRegisters()} when it starts while a
 * guest runs), finds the structures' physical ranges ({@link StructureFinder}) and moves its
 * watches: those no longer wanted are cancelled, new ones added, unchanged ones stay. A write to
 * the page directory or a page table that changes an entry (not just its accessed or dirty bit)
 * makes it look again, so a directory entry that points to a new table moves the table's watch.
 *
 * <p>The policy of each structure comes from the configuration ({@link MonitorSettings}); every
 * event goes to the {@link EventLog}. Shadow protection redirects a structure's writes: the value
 * is stored into memory and into a copy the monitor keeps of the region, on the monitor's thread
 * (the CPU takes its redirect exit) or at once. Deactivation cancels every watch and flushes the
 * log: the guest runs on undisturbed. State changes are serialised on the component.
 *
 * <p>The monitor runs only with a configuration (PID {@value #PID}; an empty one means profile
 * watch): a machine that has the bundle but no configuration behaves exactly as without it, and
 * no profile is applied before the configuration arrives.
 */
@Component(service = {SystemRegistersListener.class, GuestMonitor.class}, immediate = true,
        configurationPid = GuestMonitor.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MonitorConfig.class)
public final class GuestMonitor implements SystemRegistersListener {

    /** Configuration PID. */
    static final String PID = "tessera.monitor";

    private static final System.Logger LOG = System.getLogger(GuestMonitor.class.getName());
    /** IDTR as a reset leaves it: a guest that has not loaded an IDT. */
    private static final int RESET_IDT_BASE = 0;
    private static final int RESET_IDT_LIMIT = 0x3FF;

    /** A watch the monitor wants: where, and how protected. */
    record Target(Region region, Protection protection) {
    }

    /** A watch in force, with its shadow copy (shadow protection only). */
    private record Installed(Watch watch, Shadow shadow) {
    }

    private final MemoryWatches watches;
    private final PhysicalReader memory;
    private final StructureFinder finder;
    private final WatchListener listener = this::written;
    private final EventLog log;
    private final ExecutorService redirects;

    /** Guarded by this. */
    private MonitorSettings settings;
    private SystemRegisters registers;
    private boolean idtLoaded;
    private boolean active;
    private List<Region> structures = List.of();
    private final Map<Target, Installed> installed = new LinkedHashMap<>();

    private volatile Processor processor;

    /** Constructor for Declarative Services. */
    @Activate
    public GuestMonitor(@Reference(name = "watches") MemoryWatches watches, @Reference(name = "bus") MemoryBus bus, Map<String, Object> properties) {
        this(watches, bus::read, MonitorSettings.of(properties));
    }

    /** A monitor on {@code memory} (tests): active, with no registers until told. */
    GuestMonitor(MemoryWatches watches, PhysicalReader memory, MonitorSettings settings) {
        this.watches = Objects.requireNonNull(watches, "watches");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.finder = new StructureFinder(memory);
        this.settings = settings;
        this.log = new EventLog(settings.events());
        this.log.file(settings.logFile());
        this.redirects = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tessera-monitor-redirect");
            t.setDaemon(true);
            return t;
        });
        synchronized (this) {
            active = true;
            Processor p = processor;
            if (p != null) {
                takeRegisters(p.systemRegisters());
            }
        }
    }

    /** The CPU, when the machine has one: where the registers come from when the monitor starts mid-run. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindProcessor(Processor p) {
        processor = p;
        synchronized (this) {
            if (active && registers == null) {
                SystemRegisters regs = p.systemRegisters();
                if (regs != null) {
                    takeRegisters(regs);
                }
            }
        }
    }

    void unbindProcessor(Processor p) {
        if (processor == p) {
            processor = null;
        }
    }

    /** A new configuration: profile, overrides, ring, log file; the watches move at once. */
    @Modified
    void modified(Map<String, Object> properties) {
        configure(MonitorSettings.of(properties));
    }

    /** Applies new settings (also for tests). */
    synchronized void configure(MonitorSettings newSettings) {
        settings = newSettings;
        log.capacity(newSettings.events());
        log.file(newSettings.logFile());
        refresh();
    }

    /** Cancels every watch, completes what is still being redirected, flushes and closes the log. */
    @Deactivate
    void deactivate() {
        synchronized (this) {
            active = false;
            for (Installed i : installed.values()) {
                i.watch().cancel();
            }
            installed.clear();
            structures = List.of();
        }
        redirects.shutdown();
        try {
            if (!redirects.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "guest monitor: shadow writes still pending after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }

    @Override
    public synchronized void changed(SystemRegisters regs) {
        if (active && regs != null) {
            takeRegisters(regs);
        }
    }

    /** Guarded by this. */
    private void takeRegisters(SystemRegisters regs) {
        registers = regs;
        if (regs.protectedMode() && (regs.idtBase() != RESET_IDT_BASE || regs.idtLimit() != RESET_IDT_LIMIT)) {
            idtLoaded = true;
        }
        refresh();
    }

    /** Finds the structures again and moves the watches by the difference. Guarded by this. */
    private void refresh() {
        if (!active) {
            return;
        }
        List<Region> found = registers == null ? List.of() : finder.find(registers);
        structures = List.copyOf(found);
        Map<Target, Boolean> wanted = new LinkedHashMap<>();
        for (Region r : found) {
            Protection p = settings.protection(r.name(), idtLoaded);
            if (p != Protection.OFF) {
                wanted.put(new Target(r, p), Boolean.TRUE);
            }
        }
        installed.entrySet().removeIf(e -> {
            if (wanted.containsKey(e.getKey())) {
                return false;
            }
            e.getValue().watch().cancel();
            return true;
        });
        for (Target t : wanted.keySet()) {
            if (!installed.containsKey(t)) {
                installed.put(t, install(t));
            }
        }
    }

    private Installed install(Target t) {
        Region r = t.region();
        Protection p = t.protection();
        return switch (p.policy()) {
            case NOTIFY -> new Installed(watches.add(WatchSpec.notify(r.name(), r.base(), r.size(), listener)), null);
            case DENY -> new Installed(watches.add(WatchSpec.deny(r.name(), r.base(), r.size(), p.denial(), listener)),
                    null);
            case REDIRECT -> {
                Shadow shadow = new Shadow(r, memory);
                yield new Installed(watches.add(WatchSpec.redirect(r.name(), r.base(), r.size(), shadow, listener)),
                        shadow);
            }
        };
    }

    /** Every event of every watch: logged; a changed table entry makes the monitor look again. */
    private void written(WatchEvent e) {
        log.record(e);
        if (e.outcome() == WatchEvent.Outcome.WRITTEN || e.outcome() == WatchEvent.Outcome.REDIRECTED) {
            tableWritten(e.watch(), e.address(), e.size(), e.oldValue(), e.newValue());
        }
    }

    /** Looks again if a write changed a page directory or page table entry beyond its A and D bits. */
    private void tableWritten(String watch, long address, int size, int oldValue, int newValue) {
        if (!watch.equals(StructureFinder.PAGE_DIRECTORY) && !watch.equals(StructureFinder.PAGE_TABLE)) {
            return;
        }
        long mask = size >= 4 ? 0xFFFF_FFFFL : (1L << (8 * size)) - 1;
        long changed = (oldValue ^ newValue) & mask;
        if ((address & 3) == 0) {
            changed &= ~0x60L; // accessed and dirty bits
        }
        if (changed != 0) {
            synchronized (this) {
                refresh();
            }
        }
    }

    /** A shadow copy of one region, and the redirect that keeps it. */
    private final class Shadow implements WriteRedirect {
        private final Region region;
        private final byte[] bytes;

        Shadow(Region region, PhysicalReader memory) {
            this.region = region;
            this.bytes = new byte[(int) region.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) memory.read(region.base() + i, 1);
            }
        }

        @Override
        public boolean redirect(RedirectedWrite write) {
            boolean async;
            synchronized (GuestMonitor.this) {
                async = settings.asyncRedirect();
            }
            if (async) {
                try {
                    redirects.execute(() -> complete(write));
                    return false;
                } catch (RejectedExecutionException stopped) {
                    // the monitor is going: complete here
                }
            }
            complete(write);
            return true;
        }

        private void complete(RedirectedWrite write) {
            try {
                write.store(write.value());
                synchronized (bytes) {
                    for (int i = 0; i < write.size(); i++) {
                        long offset = write.address() + i - region.base();
                        if (offset >= 0 && offset < bytes.length) {
                            bytes[(int) offset] = (byte) (write.value() >>> (8 * i));
                        }
                    }
                }
            } finally {
                write.complete();
            }
            tableWritten(region.name(), write.address(), write.size(), write.oldValue(), write.value());
        }

        byte[] copy() {
            synchronized (bytes) {
                return bytes.clone();
            }
        }
    }

    // ---- what the monitor does, for the shell and for tests ----

    /** The structures found last, with the protection each has now. */
    synchronized List<Target> structures() {
        List<Target> out = new ArrayList<>();
        for (Region r : structures) {
            out.add(new Target(r, settings.protection(r.name(), idtLoaded)));
        }
        return out;
    }

    /** The watches in force, in the order they were added. */
    synchronized List<Target> watched() {
        return List.copyOf(installed.keySet());
    }

    /** The shadow copy of a region under shadow protection, or null. */
    synchronized byte[] shadow(Region region) {
        for (Map.Entry<Target, Installed> e : installed.entrySet()) {
            if (e.getKey().region().equals(region) && e.getValue().shadow() != null) {
                return e.getValue().shadow().copy();
            }
        }
        return null;
    }

    /** Whether the integrity profile is armed: the guest has loaded its IDT in protected mode. */
    synchronized boolean idtLoaded() {
        return idtLoaded;
    }

    /** The latest {@code n} events, oldest first. */
    List<WatchEvent> events(int n) {
        return log.latest(n);
    }

    /** The current settings. */
    synchronized MonitorSettings settings() {
        return settings;
    }
}
