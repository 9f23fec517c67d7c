package org.tessera.firmware.bios.internal;

/**
 * INT 14h on the UART at the base in 40:00h (COM1, 3F8h; DX selects the port) through the IO bus, and
 * INT 17h (no printer: every call answers AH=01h|08h, time-out and I/O error). AH=00h initialises
 * (baud 110-9600, parity, stop bits, word length from AL), 01h sends AL (waiting, halted until the
 * next interrupt, while the transmitter holds the previous byte), 02h receives (no waiting:
 * AH bit 7, time-out, when no byte is there), 03h status (AH line status, AL modem status).
 */
final class SerialServices {

    private static final int[] DIVISORS = {1047, 768, 384, 192, 96, 48, 24, 12};

    void int14(Guest g) {
        int dx = g.dx();
        int base = dx < 4 ? g.rw(Bda.COM1 + 2 * dx) : 0;
        if (base == 0) {
            g.setAh(0x80);
            return;
        }
        int al = g.al();
        switch (g.ah()) {
            case 0x00 -> {
                int div = DIVISORS[al >> 5];
                g.out(base + 3, 0x80);
                g.out(base, div);
                g.out(base + 1, div >> 8);
                g.out(base + 3, al & 0x1F);
                g.out(base + 1, 0);
                g.setAx(g.in(base + 5) << 8 | g.in(base + 6));
            }
            case 0x01 -> {
                int lsr = g.in(base + 5);
                if ((lsr & 0x20) == 0) {
                    // the previous byte is still going out (it takes machine time): wait for an
                    // interrupt and try again, as a BIOS's polling loop would wait
                    g.retry();
                    return;
                }
                g.out(base, al);
                g.setAh(g.in(base + 5));
            }
            case 0x02 -> {
                int lsr = g.in(base + 5);
                if ((lsr & 0x01) == 0) {
                    g.setAh(0x80);
                    return;
                }
                g.setAx((lsr & 0x1E) << 8 | g.in(base));
            }
            case 0x03 -> g.setAx(g.in(base + 5) << 8 | g.in(base + 6));
            default -> {
            }
        }
    }

    void int17(Guest g) {
        g.setAh(0x09);
    }
}
