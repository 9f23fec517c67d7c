package org.tessera.dev.vga.internal;

/**
 * A VGA device outside a framework with helpers that speak ports and A0000-relative memory, and
 * a settable machine clock.
 */
final class VgaFixture {

    final VgaDevice device;
    final VgaHardware hw;
    long now;

    VgaFixture() {
        this(1 << 20);
    }

    VgaFixture(int vram) {
        device = new VgaDevice(vram);
        hw = device.hardware();
        VgaFixture self = this;
        device.setClock(() -> self.now);
    }

    void out(int port, int value) {
        device.out(port, 1, value);
    }

    void outw(int port, int value) {
        device.out(port, 2, value);
    }

    int in(int port) {
        return device.in(port, 1);
    }

    int inw(int port) {
        return device.in(port, 2);
    }

    void seq(int index, int value) {
        out(0x3C4, index);
        out(0x3C5, value);
    }

    void gc(int index, int value) {
        out(0x3CE, index);
        out(0x3CF, value);
    }

    void crtc(int index, int value) {
        out(0x3D4, index);
        out(0x3D5, value);
    }

    int crtcRead(int index) {
        out(0x3D4, index);
        return in(0x3D5);
    }

    void vbe(int index, int value) {
        outw(0x1CE, index);
        outw(0x1CF, value);
    }

    int vbeRead(int index) {
        outw(0x1CE, index);
        return inw(0x1CF);
    }

    /** Writes a byte at A0000 + offset. */
    void poke(int offset, int value) {
        device.write(offset, 1, value);
    }

    /** Reads a byte at A0000 + offset. */
    int peek(int offset) {
        return device.read(offset, 1);
    }

    /**
     * Planar 16-colour setup as mode 12h has it for memory: colour I/O and RAM on, odd/even
     * off, A0000 64K graphics, write mode 0 with no rotate, set/reset or function, bit mask FF,
     * map mask 0F.
     */
    void planar() {
        out(0x3C2, 0xE3);
        seq(2, 0x0F);
        seq(4, 0x06);
        gc(0, 0);
        gc(1, 0);
        gc(3, 0);
        gc(4, 0);
        gc(5, 0x00);
        gc(6, 0x05);
        gc(7, 0x0F);
        gc(8, 0xFF);
    }

    /** Puts four plane bytes at a plane offset through the map mask, in planar mode. */
    void fillPlanes(int offset, int p0, int p1, int p2, int p3) {
        int[] v = {p0, p1, p2, p3};
        for (int p = 0; p < 4; p++) {
            seq(2, 1 << p);
            poke(offset, v[p]);
        }
        seq(2, 0x0F);
    }
}
