package org.tessera.dev.vga.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.RegionHandler;

/** The device's faces: access sizes, the port handler, the clock fallback. */
class VgaDeviceTest {

    @Test
    void theWindowTakesBytesAndThePortsBytesAndWords() {
        VgaFixture vga = new VgaFixture();
        assertEquals(RegionHandler.BYTE, vga.device.accessSizes());
        VgaPortHandler ports = new VgaPortHandler(vga.device);
        assertEquals(PortHandler.BYTE | PortHandler.WORD, ports.accessSizes());
    }

    @Test
    void thePortHandlerReachesTheDeviceAndItsState() {
        VgaFixture vga = new VgaFixture();
        VgaPortHandler ports = new VgaPortHandler(vga.device);
        ports.out(0x1CE, 2, 1);
        ports.out(0x1CF, 2, 1024);
        assertEquals(1024, ports.in(0x1CF, 2));
        assertEquals(1, ports.in(0x1CE, 2));
        ports.out(0x3C2, 1, 0x67);
        ports.out(0x3D4, 2, 0x340E);
        assertEquals(0x34, vga.hw.crtc[0x0E]);
        assertEquals(0xFF, ports.in(0x1D0, 1));
        assertEquals(0xFF, ports.in(0x3CB, 1));
        VgaFixture other = new VgaFixture();
        new VgaPortHandler(other.device).restoreState(ports.saveState());
        assertEquals(0x34, other.hw.crtc[0x0E]);
        assertEquals(1024, other.vbeRead(1));
    }

    @Test
    void everyClaimedPortIsAVgaOrVbePort() {
        int[] expected = {0x1CE, 0x1CF, 0x1D0, 0x3B4, 0x3B5, 0x3BA, 0x3C0, 0x3C1, 0x3C2, 0x3C3, 0x3C4, 0x3C5, 0x3C6,
            0x3C7, 0x3C8, 0x3C9, 0x3CA, 0x3CB, 0x3CC, 0x3CD, 0x3CE, 0x3CF, 0x3D4, 0x3D5, 0x3DA};
        assertArrayEquals(expected, VgaPortHandler.PORTS);
    }

    @Test
    void withoutAVirtualClockTheHostClockDrivesTheRetrace() {
        VgaDevice device = new VgaDevice(1 << 20);
        long before = System.nanoTime();
        long t = device.nanos();
        long after = System.nanoTime();
        assertEquals(true, t >= before && t <= after);
        device.setClock(() -> 42);
        assertEquals(42, device.nanos());
    }
}
