package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.dev.ioports.internal.TestSupport.Props;
import org.tessera.dev.ioports.internal.bochs.BochsPortsComponent;
import org.tessera.dev.ioports.internal.fwcfg.FwCfgComponent;

/**
 * The Bochs firmware ports and fw_cfg behind the IO bus, with the port claims their components
 * declare: which accesses reach them whole and which the bus splits; the E9h console beside them.
 */
class FirmwarePortsBusTest {

    private final IoBusComponent bus = new IoBusComponent();

    @AfterEach
    void close() {
        bus.deactivate();
    }

    private BochsPortsComponent bochs() {
        BochsPortsComponent d = new BochsPortsComponent();
        bus.bind(d, Props.sid(1).list(new Integer[] {0x400, 0x401, 0x402, 0x403, 0x500, 0x501, 0x502, 0x503, 0x8900})
                .device("bochs.firmware").map(), "o");
        return d;
    }

    private FwCfgComponent fwcfg() {
        FwCfgComponent d = new FwCfgComponent();
        bus.bind(d, Props.sid(2).range(0x510, 2).device("fw_cfg").map(), "o");
        return d;
    }

    @Test
    void fwCfgWordSelectAndByteReads() {
        fwcfg();
        bus.out(0x510, 2, 0x0001);
        bus.out(0x510, 2, 0x0000);
        byte[] sig = new byte[4];
        for (int i = 0; i < 4; i++) {
            sig[i] = (byte) bus.in(0x511, 1);
        }
        assertArrayEquals("QEMU".getBytes(StandardCharsets.US_ASCII), sig);
        bus.out(0x510, 2, 0x0005);
        assertEquals(0xFF01, bus.in(0x511, 2), "512h is not fw_cfg's: a byte and open bus");
        bus.out(0x510, 4, 0xFFFF_0001);
        assertEquals(1, bus.in(0x511, 1), "a 32-bit write selects with its low word");
    }

    @Test
    void bochsPortsThroughTheBus() {
        BochsPortsComponent d = bochs();
        assertEquals(0xE9, bus.in(0x402, 1));
        assertEquals(0xFF, bus.in(0x403, 1));
        bus.out(0x402, 2, 'B' << 8 | 'A');
        assertArrayEquals("AB".getBytes(StandardCharsets.US_ASCII), d.saveState().blob("biosLine"),
                "a word at 402h is a character for each port");
        bus.out(0x401, 2, 0);
        assertEquals(1, d.saveState().field("biosPanic"), "a word at 401h is one value");
        bus.out(0x8900, 2, 'h' << 8 | 'S');
        assertEquals(1, d.saveState().field("shutdown"), "8901h is not claimed: only the S arrives");
    }

    @Test
    void debugConsoleOnE9hIsUndisturbed() {
        bochs();
        fwcfg();
        DebugConsoleComponent console = new DebugConsoleComponent(null, 1024);
        console.configure("none");
        bus.bind(console, Props.sid(3).range(0xE9, 1).device("debugcon").map(), "o");
        bus.out(0xE9, 1, 'x');
        bus.out(0x402, 1, 'y');
        assertEquals("x", console.text());
        assertEquals(0xE9, bus.in(0xE9, 1));
        console.deactivate();
    }
}
