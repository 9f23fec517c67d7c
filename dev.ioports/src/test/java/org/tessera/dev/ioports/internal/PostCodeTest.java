package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.dev.ioports.internal.TestSupport.Props;
import org.tessera.machine.api.device.DeviceState;

/** The POST code port 80h. */
class PostCodeTest {

    @Test
    void beforeAnyCodeReadsAllOnes() {
        PostCodeComponent post = new PostCodeComponent();
        assertEquals(-1, post.lastCode());
        assertEquals(0, post.count());
        assertEquals(0xFF, post.in(0x80, 1));
    }

    @Test
    void keepsTheLastCodeAndCounts() {
        IoBusComponent bus = new IoBusComponent();
        PostCodeComponent post = new PostCodeComponent();
        bus.bind(post, Props.sid(1).range(0x80, 1).device("post").map(), "o");
        bus.out(0x80, 1, 0x12);
        bus.out(0x80, 1, 0x34);
        assertEquals(0x34, bus.in(0x80, 1));
        bus.out(0x80, 2, 0xAA55);
        assertEquals(0x55, post.lastCode());
        assertEquals(3, post.count());
        assertEquals(0xFF55, bus.in(0x80, 2));
        bus.deactivate();
    }

    @Test
    void stateMovesToANewInstance() {
        PostCodeComponent old = new PostCodeComponent();
        old.out(0x80, 1, 0xC0);
        old.out(0x80, 1, 0xDE);
        PostCodeComponent fresh = new PostCodeComponent();
        fresh.restoreState(old.saveState());
        assertEquals(0xDE, fresh.lastCode());
        assertEquals(2, fresh.count());
        assertEquals(0xDE, fresh.in(0x80, 1));

        PostCodeComponent empty = new PostCodeComponent();
        empty.restoreState(new PostCodeComponent().saveState());
        assertEquals(-1, empty.lastCode());
    }

    @Test
    void badStateIsRefusedAndLeavesTheDeviceAsItWas() {
        PostCodeComponent post = new PostCodeComponent();
        post.out(0x80, 1, 7);
        assertThrows(IllegalArgumentException.class,
                () -> post.restoreState(DeviceState.builder("debugcon", 1).build()));
        assertThrows(IllegalArgumentException.class,
                () -> post.restoreState(DeviceState.builder("post", 1).field("code", 0x100).field("count", 1).build()));
        assertThrows(IllegalArgumentException.class,
                () -> post.restoreState(DeviceState.builder("post", 1).field("count", 1).build()));
        assertEquals(7, post.lastCode());
        assertEquals(1, post.count());
    }

    @Test
    void hotSwapThroughTheBusKeepsTheCode() {
        IoBusComponent bus = new IoBusComponent();
        PostCodeComponent a = new PostCodeComponent();
        bus.bind(a, Props.sid(1).range(0x80, 1).device("post").map(), "o");
        bus.out(0x80, 1, 0x3C);
        bus.unbind(1);
        PostCodeComponent b = new PostCodeComponent();
        bus.bind(b, Props.sid(2).range(0x80, 1).device("post").map(), "o");
        assertEquals(0x3C, bus.in(0x80, 1));
        assertEquals(1, b.count());
        bus.deactivate();
    }
}
