package org.tessera.guest.monitor.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.watch.RedirectedWrite;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WatchSpec;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/**
 * Watches for tests, as the bus keeps them: a journal of adds and cancels, and writes that follow
 * the policy of the watch they fall in (one watch per write; the write must not cross its edge).
 */
final class FakeWatches implements MemoryWatches {

    private final FakeMemory memory;
    private final List<FakeWatch> all = new ArrayList<>();
    /** "add NAME BASE SIZE POLICY" and "cancel NAME BASE SIZE POLICY", in order. */
    final List<String> journal = new ArrayList<>();
    private long sequence;

    FakeWatches(FakeMemory memory) {
        this.memory = memory;
    }

    final class FakeWatch implements Watch {
        final WatchSpec spec;
        volatile boolean active = true;

        FakeWatch(WatchSpec spec) {
            this.spec = spec;
        }

        @Override
        public WatchSpec spec() {
            return spec;
        }

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public void cancel() {
            synchronized (FakeWatches.this) {
                if (active) {
                    active = false;
                    journal.add("cancel " + describe(spec));
                }
            }
        }
    }

    static String describe(WatchSpec s) {
        String policy = s.policy().name().toLowerCase();
        if (s.policy() == WritePolicy.DENY) {
            policy += "/" + s.denial().name().toLowerCase();
        }
        return s.name() + " " + StructureFinder.hex(s.base()) + " " + Long.toHexString(s.size()) + " " + policy;
    }

    @Override
    public synchronized Watch add(WatchSpec spec) {
        FakeWatch w = new FakeWatch(spec);
        all.add(w);
        journal.add("add " + describe(spec));
        return w;
    }

    @Override
    public synchronized List<Watch> watches() {
        return List.copyOf(all.stream().filter(w -> w.active).toList());
    }

    /** The active watches, described. */
    synchronized List<String> active() {
        return all.stream().filter(w -> w.active).map(w -> describe(w.spec)).toList();
    }

    @Override
    public synchronized long events() {
        return sequence;
    }

    /** Takes and clears the journal. */
    synchronized List<String> drain() {
        List<String> out = List.copyOf(journal);
        journal.clear();
        return out;
    }

    /**
     * A write of {@code size} bytes as the bus would make it.
     *
     * @return a latch counted down when the write is done (at once unless redirected later)
     */
    CountDownLatch write(long address, int size, int value, WriteOrigin origin) {
        FakeWatch target = null;
        synchronized (this) {
            for (FakeWatch w : all) {
                if (w.active && address >= w.spec.base() && address + size <= w.spec.base() + w.spec.size()) {
                    target = w;
                    break;
                }
            }
        }
        CountDownLatch done = new CountDownLatch(1);
        if (target == null) {
            memory.write(address, size, value);
            done.countDown();
            return done;
        }
        WatchSpec spec = target.spec;
        int old = memory.read(address, size);
        switch (spec.policy()) {
            case NOTIFY -> {
                memory.write(address, size, value);
                event(spec, address, size, old, value, origin, WatchEvent.Outcome.WRITTEN);
                done.countDown();
            }
            case DENY -> {
                if (origin == WriteOrigin.GUEST) {
                    event(spec, address, size, old, value, origin, spec.denial() == org.tessera.machine.api.watch.Denial.DROP
                            ? WatchEvent.Outcome.DROPPED : WatchEvent.Outcome.FAULTED);
                } else {
                    memory.write(address, size, value);
                    event(spec, address, size, old, value, origin, WatchEvent.Outcome.WRITTEN);
                }
                done.countDown();
            }
            case REDIRECT -> {
                AtomicBoolean completed = new AtomicBoolean();
                RedirectedWrite w = new RedirectedWrite() {
                    @Override
                    public long address() {
                        return address;
                    }

                    @Override
                    public int size() {
                        return size;
                    }

                    @Override
                    public int value() {
                        return value;
                    }

                    @Override
                    public int oldValue() {
                        return old;
                    }

                    @Override
                    public WriteOrigin origin() {
                        return origin;
                    }

                    @Override
                    public int cs() {
                        return 8;
                    }

                    @Override
                    public int eip() {
                        return 0x1234;
                    }

                    @Override
                    public void store(int v) {
                        memory.write(address, size, v);
                    }

                    @Override
                    public boolean complete() {
                        if (!completed.compareAndSet(false, true)) {
                            return false;
                        }
                        event(spec, address, size, old, value, origin, WatchEvent.Outcome.REDIRECTED);
                        done.countDown();
                        return true;
                    }
                };
                spec.redirect().redirect(w);
            }
        }
        return done;
    }

    private void event(WatchSpec spec, long address, int size, int old, int value, WriteOrigin origin,
            WatchEvent.Outcome outcome) {
        long seq;
        synchronized (this) {
            seq = sequence++;
        }
        if (spec.listener() != null) {
            spec.listener().written(new WatchEvent(seq, spec.name(), address, size, old, value, origin,
                    origin == WriteOrigin.DEVICE ? 0 : 8, origin == WriteOrigin.DEVICE ? 0 : 0x1234, spec.policy(),
                    outcome));
        }
    }
}
