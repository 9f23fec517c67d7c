package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tessera.dev.ioports.internal.TestSupport.Props;

/** Property parsing, the byte ring and the log throttle. */
class SupportClassesTest {

    @Test
    void propertiesParseBaseCountAndNames() {
        HandlerProperties p = HandlerProperties.parse(
                Props.sid(9).range(0x3F8, 8).priority(3).ranking(2).device("uart.com1").map(), "bsn");
        assertArrayEquals(new int[] {0x3F8, 0x3F9, 0x3FA, 0x3FB, 0x3FC, 0x3FD, 0x3FE, 0x3FF}, p.ports());
        assertEquals(3, p.priority());
        assertEquals(2, p.ranking());
        assertEquals(9, p.serviceId());
        assertEquals("uart.com1", p.name(), "device.id names an unnamed handler");
        assertEquals("bsn", p.owner());

        HandlerProperties s = HandlerProperties.parse(Props.sid(1).list("0x60, 0x64").map(), null);
        assertArrayEquals(new int[] {0x60, 0x64}, s.ports());
        assertEquals("service 1", s.name());
        assertNull(s.deviceId());
    }

    @Test
    void propertiesRejectBadClaims() {
        assertThrows(IllegalArgumentException.class,
                () -> HandlerProperties.parse(Props.sid(1).range(0xFFFF, 2).map(), "o"));
        assertThrows(IllegalArgumentException.class,
                () -> HandlerProperties.parse(Props.sid(1).range(0x10, -1).map(), "o"));
        assertThrows(IllegalArgumentException.class,
                () -> HandlerProperties.parse(Props.sid(1).list(new long[] {-1}).map(), "o"));
        assertThrows(IllegalArgumentException.class,
                () -> HandlerProperties.parse(Props.sid(1).list("serial").map(), "o"));
        assertThrows(IllegalArgumentException.class,
                () -> HandlerProperties.parse(Props.sid(1).list(Set.of(new Object())).map(), "o"));
        assertThrows(IllegalArgumentException.class,
                () -> HandlerProperties.parse(new Props().range(0, 1).map(), "o"));
        assertEquals(0, HandlerProperties.parse(Props.sid(1).range(0xFFFF, 1).map(), "o").ports()[0] - 0xFFFF);
    }

    @Test
    void ringKeepsTheNewestBytesInOrder() {
        ByteRing ring = new ByteRing(5000);
        List<Byte> expected = new ArrayList<>();
        boolean anyDropped = false;
        for (int i = 0; i < 12345; i++) {
            anyDropped |= ring.add((byte) i);
            expected.add((byte) i);
        }
        assertTrue(anyDropped);
        byte[] kept = ring.toArray();
        assertEquals(5000, kept.length);
        for (int i = 0; i < kept.length; i++) {
            assertEquals((byte) (12345 - 5000 + i), kept[i]);
        }
        assertEquals(12345 - 5000, ring.dropped());

        ring.clear();
        assertFalse(ring.add((byte) 1));
        assertArrayEquals(new byte[] {1}, ring.toArray());

        ring.replace(new byte[] {1, 2, 3}, 4);
        assertArrayEquals(new byte[] {1, 2, 3}, ring.toArray());
        assertEquals(4, ring.dropped());
        ByteRing small = new ByteRing(2);
        small.replace(new byte[] {1, 2, 3}, 0);
        assertArrayEquals(new byte[] {2, 3}, small.toArray());
        assertEquals(1, small.dropped());
    }

    @Test
    void throttleLogsTheFirstFewThenEveryNth() {
        LogThrottle t = new LogThrottle(5, 1000);
        List<Long> logged = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            long n = t.next();
            if (n != 0) {
                logged.add(n);
            }
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 1000L, 2000L, 3000L), logged);
    }
}
