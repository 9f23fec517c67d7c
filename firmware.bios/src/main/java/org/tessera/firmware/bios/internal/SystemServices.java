package org.tessera.firmware.bios.internal;

import java.util.function.LongSupplier;

/**
 * INT 11h (equipment word), INT 12h (base memory) and INT 15h: AX=2400h-2403h A20 through port 92h,
 * 4Fh keyboard intercept (passes the code on: CF set), 86h wait (machine time; the stub halts
 * between timer ticks, so the wait ends at the first tick after the time), 87h block move (done by
 * the host, no protected mode), 88h, 90h/91h, C0h configuration table, E801h, E820h memory map.
 * Others answer AH=86h with CF set.
 */
final class SystemServices {

    private final LongSupplier nanos;
    /** Machine time at which the running AH=86h wait ends, or -1. */
    private long waitUntil = -1;

    /** @param nanos machine time in nanoseconds */
    SystemServices(LongSupplier nanos) {
        this.nanos = nanos;
    }

    void int11(Guest g) {
        g.setAx(g.rw(Bda.EQUIPMENT));
    }

    void int12(Guest g) {
        g.setAx(g.rw(Bda.MEMORY_KB));
    }

    /** Memory between 1 MiB and 16 MiB in KiB, from the CMOS. */
    static int extendedKb(Guest g) {
        return g.cmos(0x30) | g.cmos(0x31) << 8;
    }

    /** Memory above 16 MiB in 64 KiB blocks, from the CMOS. */
    static int highBlocks(Guest g) {
        return g.cmos(0x34) | g.cmos(0x35) << 8;
    }

    void int15(Guest g) {
        int ax = g.ax();
        int ah = ax >> 8;
        switch (ah) {
            case 0x24 -> a20(g, ax & 0xFF);
            case 0x4F -> g.carry(true);
            case 0x86 -> {
                long now = nanos.getAsLong();
                if (waitUntil < 0) {
                    long micros = (long) g.cx() << 16 | g.dx();
                    waitUntil = now + micros * 1000L;
                }
                if (now < waitUntil) {
                    g.retry();
                    return;
                }
                waitUntil = -1;
                ok(g);
            }
            case 0x87 -> blockMove(g);
            case 0x88 -> {
                g.setAx(Math.min(extendedKb(g), 0x3C00));
                g.carry(false);
            }
            case 0x90, 0x91 -> ok(g);
            case 0xC0 -> {
                g.set(org.tessera.machine.api.cpu.Register.ES, Rom.SEGMENT);
                g.setBx(Rom.CONFIG_TABLE);
                ok(g);
            }
            case 0xE8 -> {
                if (ax == 0xE801) {
                    int kb = Math.min(extendedKb(g), 0x3C00);
                    int blocks = highBlocks(g);
                    g.setAx(kb);
                    g.setCx(kb);
                    g.setBx(blocks);
                    g.setDx(blocks);
                    g.carry(false);
                } else if (ax == 0xE820 && g.reg(org.tessera.machine.api.cpu.Register.EDX) == 0x534D4150) {
                    e820(g);
                } else {
                    unsupported(g);
                }
            }
            default -> unsupported(g);
        }
    }

    private static void ok(Guest g) {
        g.setAh(0);
        g.carry(false);
    }

    private static void unsupported(Guest g) {
        g.setAh(0x86);
        g.carry(true);
    }

    private static void a20(Guest g, int al) {
        switch (al) {
            case 0x00, 0x01 -> {
                int v = g.in(0x92);
                g.out(0x92, al == 1 ? (v | 0x02) & ~0x01 : v & ~0x03);
                ok(g);
            }
            case 0x02 -> {
                g.setAx((g.in(0x92) >> 1) & 1);
                g.carry(false);
            }
            case 0x03 -> {
                g.setAx(0);
                g.setBx(0x0003);
                g.carry(false);
            }
            default -> unsupported(g);
        }
    }

    /** The E820h map: 0-9FFFFh RAM, F0000h-FFFFFh reserved (the ROM), 1 MiB up RAM. */
    private static void e820(Guest g) {
        long top = 0x100000L + extendedKb(g) * 1024L;
        int blocks = highBlocks(g);
        if (blocks > 0) {
            top = 0x1000000L + blocks * 65536L;
        }
        long[][] map = {{0, 0xA0000, 1}, {0xF0000, 0x10000, 2}, {0x100000, top - 0x100000, 1}};
        int n = top > 0x100000 ? 3 : 2;
        int i = g.reg(org.tessera.machine.api.cpu.Register.EBX);
        if (i < 0 || i >= n) {
            unsupported(g);
            return;
        }
        long p = Guest.linear(g.es(), g.di());
        g.wd(p, (int) map[i][0]);
        g.wd(p + 4, (int) (map[i][0] >>> 32));
        g.wd(p + 8, (int) map[i][1]);
        g.wd(p + 12, (int) (map[i][1] >>> 32));
        g.wd(p + 16, (int) map[i][2]);
        g.setEax(0x534D4150);
        g.set(org.tessera.machine.api.cpu.Register.ECX, 20);
        g.set(org.tessera.machine.api.cpu.Register.EBX, i + 1 < n ? i + 1 : 0);
        g.carry(false);
    }

    /** Copies CX words between the 24-bit bases of the descriptors at ES:SI+10h and +18h. */
    private static void blockMove(Guest g) {
        long gdt = Guest.linear(g.es(), g.si());
        long src = base(g, gdt + 0x10);
        long dst = base(g, gdt + 0x18);
        int bytes = g.cx() * 2;
        for (int i = 0; i < bytes; i++) {
            g.wb(dst + i, g.rb(src + i));
        }
        ok(g);
    }

    private static long base(Guest g, long descriptor) {
        return (g.rw(descriptor + 2) | (long) g.rb(descriptor + 4) << 16 | (long) g.rb(descriptor + 7) << 24) & 0xFFFFFFFFL;
    }
}
