package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.watch.Watch;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WatchSpec;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/**
 * Self-modifying code detection goes through the bus's watches: every page that holds compiled
 * code is watched as code ({@link WatchSpec#code}), a write the bus announces there counts as a
 * write to compiled code (the blocks are checked again before they next run), and the watches
 * follow the bus's watch service as it comes and goes.
 */
class CodeWatchTest {

    /** A watch service that keeps what it is given. */
    static final class Watches implements MemoryWatches {
        final List<Handle> added = new ArrayList<>();

        final class Handle implements Watch {
            final WatchSpec spec;
            boolean active = true;

            Handle(WatchSpec spec) {
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
                active = false;
            }
        }

        @Override
        public Watch add(WatchSpec spec) {
            Handle h = new Handle(spec);
            added.add(h);
            return h;
        }

        @Override
        public List<Watch> watches() {
            return added.stream().filter(h -> h.active).map(h -> (Watch) h).toList();
        }

        @Override
        public long events() {
            return 0;
        }
    }

    private static PagingRig loop() {
        PagingRig rig = new PagingRig(1);
        rig.code("""
                xor bx, bx
                mov cx, 50
                l: add bx, 1
                loop l
                """);
        return rig;
    }

    @Test
    void compiledCodePagesAreWatchedAsCodeAndAnnouncedWritesCount() {
        PagingRig rig = loop();
        Watches w = new Watches();
        rig.cpu.mem.setWatches(w);
        rig.runToEnd();
        assertTrue(rig.cpu.blocksCompiled() > 0, "the loop was compiled");
        List<Watch> code = w.watches();
        assertEquals(1, code.size(), "one page of compiled code: " + code);
        WatchSpec spec = code.get(0).spec();
        assertTrue(spec.code());
        assertEquals(WritePolicy.NOTIFY, spec.policy());
        assertEquals(PagingRig.CODE, spec.base());
        assertEquals(4096, spec.size());

        int before = rig.cpu.mem.codeWriteCount();
        spec.listener().written(new WatchEvent(0, "code", PagingRig.CODE + 5, 1, 0, 0x90, WriteOrigin.DEVICE, 0, 0,
                WritePolicy.NOTIFY, WatchEvent.Outcome.WRITTEN));
        assertEquals(before + 1, rig.cpu.mem.codeWriteCount(), "a write the bus announced counts");
    }

    @Test
    void theWatchesFollowTheWatchService() {
        PagingRig rig = loop();
        Watches first = new Watches();
        rig.cpu.mem.setWatches(first);
        rig.runToEnd();
        assertEquals(1, first.watches().size());

        rig.cpu.mem.setWatches(null);
        assertTrue(first.watches().isEmpty(), "the service went away: its watches are cancelled");

        Watches second = new Watches();
        rig.cpu.mem.setWatches(second);
        assertTrue(second.added.isEmpty(), "placed by the CPU thread, not the caller's");
        rig.r.eip = PagingRig.CODE;
        rig.runToEnd();
        assertEquals(1, second.watches().size(), "the compiled pages are watched on the new service");
        assertFalse(first.added.get(0).active);
    }
}
