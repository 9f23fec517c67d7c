package org.tessera.mem.bus.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.memory.RegionInfo;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WatchSpec;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/**
 * The memory bus: binds {@link RegionHandler} services as they come and go, compiles the flat
 * view after every change and publishes it with one volatile write, and serves accesses from the
 * published view: direct pages from their arrays, everything else piece by piece through the
 * region slots.
 *
 * <p>It also keeps the write watches ({@link MemoryWatches}): the {@link WatchTable} travels in
 * the published view, whose watched pages carry {@link MemoryView#WATCHED} (no direct write
 * array) or {@link MemoryView#CODE}. A watch change derives the next view from the current one,
 * copying only the chunks it touches; a region change compiles the regions and paints the
 * watches again. Writes on flagged pages are cut at watch edges and judged piece by piece; the
 * synchronous paths here write as {@link WriteOrigin#DEVICE} with CS:EIP 0.
 */
@Component(service = {MemoryBus.class, MemoryWatches.class}, immediate = true, configurationPid = PhysicalBus.PID)
@Designate(ocd = PhysicalBus.Config.class)
public final class PhysicalBus implements MemoryBus, MemoryWatches {

    /** The configuration PID. */
    public static final String PID = "tessera.bus";

    private static final System.Logger LOG = System.getLogger(PhysicalBus.class.getName());

    /** The bus's configuration. */
    @ObjectClassDefinition(name = "Tessera memory bus", description = "Timeouts of the physical memory bus")
    public @interface Config {
        /** How long an access waits for a device being swapped. */
        @AttributeDefinition(description = "How long (ms) an access waits for a region device that is being replaced before it answers as open bus")
        long swapTimeoutMillis() default 2000;

        /** How long a synchronous access waits for a deferred answer. */
        @AttributeDefinition(description = "How long (ms) a synchronous access waits for a handler that answers later")
        long deferredTimeoutMillis() default 5000;
    }

    private final BusStats stats = new BusStats();
    private final FailureLog failures = new FailureLog(stats);
    private final BusSettings settings = new BusSettings();
    private final SwapTimer swapTimer = new SwapTimer(settings);
    private final WatchReporter watching = new WatchReporter(stats);
    private final Object structure = new Object();
    private final Object compiling = new Object();
    /** Slots in binding order (guarded by structure). */
    private final List<RegionSlot> slots = new ArrayList<>();
    private final Map<String, RegionSlot> byDevice = new HashMap<>();
    private final Map<RegionHandler, Binding> bindings = new IdentityHashMap<>();
    private final Map<RegionHandler, RegionSlot> slotOf = new IdentityHashMap<>();
    /** Running number of watch additions (guarded by compiling). */
    private long watchOrdinal;

    private volatile CompiledView view = ViewCompiler.compile(List.of());

    /** Creates a bus with nothing mapped and default settings. */
    public PhysicalBus() {
    }

    @Activate
    @Modified
    void configure(Config config) {
        settings.update(config.swapTimeoutMillis(), config.deferredTimeoutMillis());
    }

    @Deactivate
    void deactivate() {
        swapTimer.shutdown();
    }

    // ------------------------------------------------------------------ whiteboard

    @Reference(service = RegionHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addHandler(RegionHandler handler, ServiceReference<RegionHandler> ref) {
        bind(handler, properties(ref), owner(ref));
    }

    void removeHandler(RegionHandler handler, ServiceReference<RegionHandler> ref) {
        unbind(handler);
    }

    void updatedHandler(RegionHandler handler, ServiceReference<RegionHandler> ref) {
        update(handler, properties(ref), owner(ref));
    }

    /**
     * A bound handler's properties changed (it moved, grew or changed priority): the slot keeps
     * the handler and its state and the view is compiled again. Package-private for tests.
     */
    void update(RegionHandler handler, Map<String, ?> props, String owner) {
        Binding b;
        try {
            b = Binding.of(handler, props, owner);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "unmapping a region handler whose new properties are wrong: {0}", e.getMessage());
            unbind(handler);
            return;
        }
        synchronized (structure) {
            Binding old = bindings.get(handler);
            RegionSlot slot = slotOf.get(handler);
            if (old == null || slot == null) {
                return;
            }
            if (!java.util.Objects.equals(old.deviceId(), b.deviceId())) {
                // another device now: treat as leaving and arriving
                b = null;
            } else {
                bindings.put(handler, b);
                slot.rebind(old, b);
            }
        }
        if (b == null) {
            unbind(handler);
            bind(handler, props, owner);
            return;
        }
        recompile();
    }

    /** Binds a handler with its service properties; package-private for tests. */
    void bind(RegionHandler handler, Map<String, ?> props, String owner) {
        Binding b;
        try {
            b = Binding.of(handler, props, owner);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "ignoring a region handler: {0}", e.getMessage());
            return;
        }
        boolean changed;
        synchronized (structure) {
            bindings.put(handler, b);
            RegionSlot slot = b.deviceId() == null ? null : byDevice.get(b.deviceId());
            if (slot == null) {
                slot = new RegionSlot(b, stats, failures);
                slots.add(slot);
                if (b.deviceId() != null) {
                    byDevice.put(b.deviceId(), slot);
                }
                changed = true;
            } else {
                changed = slot.arrive(b);
            }
            slotOf.put(handler, slot);
        }
        LOG.log(Level.DEBUG, "bound region {0} [{1}, +{2}) from {3}", b.name(), Long.toHexString(b.base()),
                Long.toHexString(b.size()), owner);
        if (changed) {
            recompile();
        }
    }

    /** Unbinds a handler; package-private for tests. */
    void unbind(RegionHandler handler) {
        Binding b;
        RegionSlot slot;
        synchronized (structure) {
            b = bindings.remove(handler);
            slot = slotOf.remove(handler);
            if (b == null || slot == null) {
                return;
            }
            slot.markLeaving(b);
        }
        // first take any direct mapping away, so that new accesses go through the slot and wait
        recompile();
        boolean changed = slot.depart(b, settings.swapTimeoutNanos());
        synchronized (structure) {
            if (slot.retired()) {
                slots.remove(slot);
                if (slot.deviceId() != null) {
                    // only this slot: after a retire() the id may have a new slot already
                    byDevice.remove(slot.deviceId(), slot);
                }
            }
        }
        if (changed) {
            recompile();
        }
    }

    @Override
    public void retire(String deviceId) {
        boolean gone;
        synchronized (structure) {
            RegionSlot slot = byDevice.get(deviceId);
            if (slot == null) {
                return;
            }
            gone = slot.retire();
            if (gone) {
                slots.remove(slot);
                byDevice.remove(deviceId);
            }
        }
        if (gone) {
            recompile();
        }
    }

    private void recompile() {
        synchronized (compiling) {
            List<RegionSlot> snapshot;
            synchronized (structure) {
                snapshot = new ArrayList<>(slots);
            }
            view = ViewCompiler.withWatches(ViewCompiler.compile(snapshot), view.watches);
            stats.viewsPublished.increment();
        }
    }

    private static Map<String, Object> properties(ServiceReference<?> ref) {
        Map<String, Object> props = new HashMap<>();
        for (String key : ref.getPropertyKeys()) {
            props.put(key, ref.getProperty(key));
        }
        return props;
    }

    private static String owner(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        return bundle == null ? "?" : bundle.getSymbolicName();
    }

    // ------------------------------------------------------------------ accesses

    @Override
    public int read(long address, int size) {
        long a = address & Pieces.SPACE_MASK;
        CompiledView v = view;
        int off = (int) a & (MemoryView.PAGE_SIZE - 1);
        if (off + size <= MemoryView.PAGE_SIZE && (size == 1 || size == 2 || size == 4)) {
            int page = (int) (a >>> MemoryView.PAGE_SHIFT);
            CompiledView.Chunk c = v.chunks[page >>> CompiledView.CHUNK_SHIFT];
            int i = page & (CompiledView.CHUNK_PAGES - 1);
            byte[] array = c.read[i];
            if (array != null) {
                return Pieces.readLE(array, c.offset[i] + off, size);
            }
        }
        return slow(v, a, size, AccessType.READ, 0);
    }

    @Override
    public void write(long address, int size, int value) {
        long a = address & Pieces.SPACE_MASK;
        CompiledView v = view;
        int off = (int) a & (MemoryView.PAGE_SIZE - 1);
        if (off + size <= MemoryView.PAGE_SIZE && (size == 1 || size == 2 || size == 4)) {
            int page = (int) (a >>> MemoryView.PAGE_SHIFT);
            CompiledView.Chunk c = v.chunks[page >>> CompiledView.CHUNK_SHIFT];
            int i = page & (CompiledView.CHUNK_PAGES - 1);
            byte[] array = c.write[i];
            // a watched page has no write array; a code page keeps it for the CPU alone
            if (array != null && (c.flags[i] & MemoryView.CODE) == 0) {
                Pieces.writeLE(array, c.offset[i] + off, size, value);
                return;
            }
        }
        slow(v, a, size, AccessType.WRITE, value);
    }

    /** The slow path: piece by piece, each resolved against {@code v} when it is performed. */
    private int slow(CompiledView v, long a, int size, AccessType type, int value) {
        Pieces.checkSize(size);
        int result = 0;
        int done = 0;
        boolean write = type.isWrite();
        while (done < size) {
            long pa = (a + done) & Pieces.SPACE_MASK;
            Target t = v.target(pa);
            WatchEntry[] cover = null;
            long edge = Long.MAX_VALUE;
            if (write && (v.flags(Pieces.page(pa)) & (MemoryView.WATCHED | MemoryView.CODE)) != 0) {
                int seg = v.watches.segment(pa);
                if (seg >= 0) {
                    cover = v.watches.cover(seg);
                    edge = v.watches.end(seg);
                } else {
                    edge = v.watches.edgeAfter(pa);
                }
            }
            int s = Pieces.next(v, t, pa, size - done, edge);
            if (s < size && done == 0) {
                stats.splitAccesses.increment();
            }
            int part = write ? (value >>> (done << 3)) & Pieces.mask(s) : 0;
            int r = cover == null ? perform(t, pa, s, type, part) : performWatched(cover, t, pa, s, part);
            result |= (r & Pieces.mask(s)) << (done << 3);
            done += s;
        }
        return type.isWrite() ? 0 : result;
    }

    /** Performs one piece synchronously. */
    private int perform(Target t, long a, int s, AccessType type, int value) {
        if (t.kind == Target.Kind.MMIO || (t.kind != Target.Kind.OPEN_BUS && !t.directCovers(a + s - 1))) {
            return t.slot.access(a, a - t.base, s, type, value, timeoutFor(t));
        }
        return performImmediate(t, a, s, type, value);
    }

    /**
     * Performs a watched write piece synchronously, as {@link WriteOrigin#DEVICE}: never denied;
     * a redirect is waited for (bounded by the deferred timeout).
     */
    private int performWatched(WatchEntry[] cover, Target t, long a, int s, int value) {
        WritePolicy policy = WatchReporter.strictest(cover);
        if (policy == null) {
            return perform(t, a, s, AccessType.WRITE, value);
        }
        int old = WatchReporter.oldValue(t, a, s);
        if (policy == WritePolicy.REDIRECT) {
            RedirectedPiece r = new RedirectedPiece(this, cover, t, a, s, value, old, WriteOrigin.DEVICE, 0, 0, null);
            r.start(WatchReporter.first(cover, WritePolicy.REDIRECT));
            if (!r.token.isDone()) {
                stats.deferredAccesses.increment();
                try {
                    if (!r.token.await(settings.deferredTimeoutNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                        r.token.fail(new IllegalStateException("no redirect within the bus timeout"));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    r.token.fail(e);
                }
            }
            return 0;
        }
        perform(t, a, s, AccessType.WRITE, value);
        watching.report(cover, a, s, old, value, WriteOrigin.DEVICE, 0, 0,
                WatchReporter.keeps(t) ? WatchEvent.Outcome.WRITTEN : WatchEvent.Outcome.DROPPED);
        return 0;
    }

    /** Writes a piece into the memory underneath any watch (a redirect's store), synchronously. */
    void performUnderneath(Target t, long a, int s, int value) {
        perform(t, a, s, AccessType.WRITE, value);
    }

    private long timeoutFor(Target t) {
        return t.slot.available() ? settings.deferredTimeoutNanos() : settings.swapTimeoutNanos();
    }

    /** Performs a piece on directly mapped memory or open bus; never calls a handler. */
    int performImmediate(Target t, long a, int s, AccessType type, int value) {
        switch (t.kind) {
            case RAM:
                if (type.isWrite()) {
                    Pieces.writeLE(t.direct, (int) (a - t.base), s, value);
                    return 0;
                }
                return Pieces.readLE(t.direct, (int) (a - t.base), s);
            case ROM:
                if (type.isWrite()) {
                    stats.romWritesDropped.increment();
                    return 0;
                }
                return Pieces.readLE(t.direct, (int) (a - t.base), s);
            default:
                if (type.isWrite()) {
                    stats.openBusWrites.increment();
                    return 0;
                }
                stats.openBusReads.increment();
                return Pieces.ones(s);
        }
    }

    @Override
    public int readModifyWrite(long address, int size, IntUnaryOperator update) {
        SuspendableAccess access = new SuspendableAccess(this);
        access.prepare(address, size, AccessType.READ, 0);
        finish(access);
        int old = access.value();
        access.prepareWriteBack(update.applyAsInt(old));
        finish(access);
        return old;
    }

    private void finish(SuspendableAccess access) {
        while (!access.proceed()) {
            try {
                long timeout = settings.deferredTimeoutNanos() + settings.swapTimeoutNanos();
                if (!access.await(timeout, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    access.pendingPiece().fail(new IllegalStateException("no answer within the bus timeout"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                access.pendingPiece().fail(e);
            }
        }
    }

    @Override
    public BusAccess newAccess() {
        return new SuspendableAccess(this);
    }

    @Override
    public MemoryView view() {
        return view;
    }

    CompiledView currentView() {
        return view;
    }

    BusStats stats() {
        return stats;
    }

    WatchReporter watching() {
        return watching;
    }

    SwapTimer swapTimer() {
        return swapTimer;
    }

    @Override
    public void remap() {
        recompile();
    }

    @Override
    public List<RegionInfo> regions() {
        return view.regions;
    }

    @Override
    public BusCounters counters() {
        return stats.snapshot();
    }

    // ------------------------------------------------------------------ watches

    @Override
    public Watch add(WatchSpec spec) {
        java.util.Objects.requireNonNull(spec, "spec");
        synchronized (compiling) {
            WatchEntry e = new WatchEntry(this, spec, watchOrdinal++);
            CompiledView v = view;
            view = ViewCompiler.withWatches(v, v.watches.with(e), e.start, e.end);
            stats.viewsPublished.increment();
            LOG.log(Level.DEBUG, "added {0}", e);
            return e;
        }
    }

    /** Ends a watch: publishes a view without it before returning. Idempotent. */
    void cancel(WatchEntry e) {
        synchronized (compiling) {
            if (!e.active()) {
                return;
            }
            e.deactivate();
            CompiledView v = view;
            view = ViewCompiler.withWatches(v, v.watches.without(e), e.start, e.end);
            stats.viewsPublished.increment();
            LOG.log(Level.DEBUG, "cancelled {0}", e);
        }
    }

    @Override
    public List<Watch> watches() {
        return view.watches.watches();
    }

    @Override
    public long events() {
        return watching.events();
    }
}
