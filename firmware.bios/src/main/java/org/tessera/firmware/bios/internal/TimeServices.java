package org.tessera.firmware.bios.internal;

/**
 * INT 08h (IRQ0: the tick count at 40:6Ch with the midnight flag at 40:70h, the diskette motor
 * count, EOI; the stub then calls INT 1Ch) and INT 1Ah (AH=00h/01h tick count, 02h-05h RTC time and
 * date from the CMOS in BCD; the CMOS's binary mode is converted). Not supported: the alarm
 * (06h/07h: CF set).
 */
final class TimeServices {

    void int08(Guest g) {
        int ticks = g.rd(Bda.TICKS) + 1;
        if (Integer.compareUnsigned(ticks, Bda.TICKS_PER_DAY) >= 0) {
            ticks = 0;
            g.wb(Bda.MIDNIGHT, 1);
        }
        g.wd(Bda.TICKS, ticks);
        int motor = g.rb(Bda.FLOPPY_MOTOR_COUNT);
        if (motor > 0) {
            g.wb(Bda.FLOPPY_MOTOR_COUNT, motor - 1);
        }
        g.out(0x20, 0x20);
    }

    void int1a(Guest g) {
        int ah = g.ah();
        switch (ah) {
            case 0x00 -> {
                int t = g.rd(Bda.TICKS);
                g.setCx(t >>> 16);
                g.setDx(t);
                g.setAl(g.rb(Bda.MIDNIGHT));
                g.wb(Bda.MIDNIGHT, 0);
            }
            case 0x01 -> {
                g.wd(Bda.TICKS, g.cx() << 16 | g.dx());
                g.wb(Bda.MIDNIGHT, 0);
            }
            case 0x02 -> {
                g.setCx(bcd(g, 4) << 8 | bcd(g, 2));
                g.setDx(bcd(g, 0) << 8 | (g.cmos(0x0B) & 1));
                g.carry(false);
            }
            case 0x03 -> {
                hold(g, true);
                g.cmos(4, fromBcd(g, g.ch()));
                g.cmos(2, fromBcd(g, g.cl()));
                g.cmos(0, fromBcd(g, g.dh()));
                g.cmos(0x0B, (g.cmos(0x0B) & ~1) | (g.dl() & 1));
                hold(g, false);
                g.carry(false);
            }
            case 0x04 -> {
                g.setCx(bcd(g, 0x32) << 8 | bcd(g, 9));
                g.setDx(bcd(g, 8) << 8 | bcd(g, 7));
                g.carry(false);
            }
            case 0x05 -> {
                hold(g, true);
                g.cmos(0x32, fromBcd(g, g.ch()));
                g.cmos(9, fromBcd(g, g.cl()));
                g.cmos(8, fromBcd(g, g.dh()));
                g.cmos(7, fromBcd(g, g.dl()));
                hold(g, false);
                g.carry(false);
            }
            default -> g.carry(true);
        }
    }

    /** Seconds since midnight from the RTC as a tick count (for POST). */
    static int ticksFromRtc(Guest g) {
        int h = bin(g, 4);
        int m = bin(g, 2);
        int s = bin(g, 0);
        long seconds = h * 3600L + m * 60L + s;
        return (int) (seconds * Bda.TICKS_PER_DAY / 86400L);
    }

    private static boolean binary(Guest g) {
        return (g.cmos(0x0B) & 0x04) != 0;
    }

    /** CMOS register {@code i} in BCD. */
    private static int bcd(Guest g, int i) {
        int v = g.cmos(i);
        if (binary(g)) {
            return (v / 10) << 4 | (v % 10);
        }
        return v;
    }

    private static int bin(Guest g, int i) {
        int v = g.cmos(i);
        if (binary(g)) {
            return v & 0x7F;
        }
        return ((v >> 4) & 0x7) * 10 + (v & 0x0F);
    }

    /** A BCD value as the CMOS holds it (converted in binary mode). */
    private static int fromBcd(Guest g, int v) {
        return binary(g) ? (v >> 4) * 10 + (v & 0x0F) : v;
    }

    /** Sets or clears the SET bit of register B around an update. */
    private static void hold(Guest g, boolean on) {
        int b = g.cmos(0x0B);
        g.cmos(0x0B, on ? b | 0x80 : b & ~0x80);
    }
}
