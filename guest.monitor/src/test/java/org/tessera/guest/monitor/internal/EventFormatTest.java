package org.tessera.guest.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.machine.api.watch.WatchEvent;
import org.tessera.machine.api.watch.WriteOrigin;
import org.tessera.machine.api.watch.WritePolicy;

/** The JSON line of an event, byte for byte, and the shell's line. */
class EventFormatTest {

    private static WatchEvent event(int size, int old, int value) {
        return new WatchEvent(12, "idt", 0x46008, size, old, value, WriteOrigin.GUEST, 8, 0x812A, WritePolicy.NOTIFY,
                WatchEvent.Outcome.WRITTEN);
    }

    @Test
    void aFourByteWriteIsOneFlatObject() {
        assertEquals("{\"seq\":12,\"watch\":\"idt\",\"address\":\"0x00046008\",\"size\":4,\"old\":\"0x00000000\","
                + "\"new\":\"0x00088e00\",\"origin\":\"guest\",\"cs\":\"0x0008\",\"eip\":\"0x0000812a\","
                + "\"policy\":\"notify\",\"outcome\":\"written\"}", EventFormat.json(event(4, 0, 0x88E00)));
    }

    @Test
    void valuesHaveTwoDigitsPerByteOfThePiece() {
        assertEquals("\"old\":\"0x12\",\"new\":\"0xff\"", values(EventFormat.json(event(1, 0xFFFF_FF12, 0x1FF))));
        assertEquals("\"old\":\"0x1234\",\"new\":\"0xabcd\"", values(EventFormat.json(event(2, 0x5551_234, 0xABCD))));
        assertEquals("\"old\":\"0x123456\",\"new\":\"0x000001\"", values(EventFormat.json(event(3, 0x7F12_3456, 1))));
        assertEquals("\"old\":\"0xffffffff\",\"new\":\"0x80000000\"",
                values(EventFormat.json(event(4, -1, 0x8000_0000))));
    }

    private static String values(String json) {
        int from = json.indexOf("\"old\"");
        int to = json.indexOf(",\"origin\"");
        return json.substring(from, to);
    }

    @Test
    void enumsAreLowerCaseAndHighAddressesStayUnsigned() {
        WatchEvent e = new WatchEvent(7, "page-table", 0xFFFF_F000L, 4, 0, 0x1003, WriteOrigin.CPU, 0xFFFF,
                0xFFFF_FFF0, WritePolicy.DENY, WatchEvent.Outcome.FAULTED);
        assertEquals("{\"seq\":7,\"watch\":\"page-table\",\"address\":\"0xfffff000\",\"size\":4,\"old\":\"0x00000000\","
                + "\"new\":\"0x00001003\",\"origin\":\"cpu\",\"cs\":\"0xffff\",\"eip\":\"0xfffffff0\","
                + "\"policy\":\"deny\",\"outcome\":\"faulted\"}", EventFormat.json(e));
    }

    @Test
    void namesAreEscaped() {
        StringBuilder b = new StringBuilder();
        EventFormat.string(b, "a\"b\\c\n\u0001");
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\"", b.toString());
    }

    @Test
    void theShellLineSaysTheSame() {
        assertEquals("#12 idt 0x00046008/4 0x00000000 -> 0x00088e00 guest at 0008:0000812a notify written",
                EventFormat.text(event(4, 0, 0x88E00)));
    }
}
