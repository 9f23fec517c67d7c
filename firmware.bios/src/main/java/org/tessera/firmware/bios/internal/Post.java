package org.tessera.firmware.bios.internal;

import java.util.Map;
import org.tessera.machine.api.cpu.Register;

/**
 * Power-on self test, run by the trap of the POST stub (the first instructions after reset): the
 * interrupt vectors, the BIOS data area, the 8259A pair (vectors 08h and 70h; all masked except
 * IRQ0, IRQ1, the cascade IRQ2, IRQ6 and IRQ14), the 8254 counter 0 (mode 3, 65536: 18.2 Hz), the
 * 8042's command byte (IRQ1, translation to set 1), video mode 03h, the stack at 0000:7C00. The POST
 * stub then enables interrupts and calls INT 19h.
 */
final class Post {

    private final VideoServices video;
    private final DiskServices disks;

    Post(VideoServices video, DiskServices disks) {
        this.video = video;
        this.disks = disks;
    }

    void run(Guest g) {
        vectors(g);
        dataArea(g);
        pics(g);
        timer(g);
        keyboard(g);
        video.setMode(g, 0x03, false);
        g.set(Register.SS, 0);
        g.set16(Register.ESP, 0x7C00);
        g.set(Register.DS, 0);
        g.set(Register.ES, 0);
    }

    static int far(int segment, int offset) {
        return segment << 16 | offset;
    }

    private void vectors(Guest g) {
        int dummy = far(Rom.SEGMENT, Rom.DUMMY_IRET);
        for (int v = 0; v < 0x100; v++) {
            g.wd(Bda.vector(v), v < 0x78 ? dummy : 0);
        }
        for (int v = 0x0A; v <= 0x0F; v++) {
            g.wd(Bda.vector(v), far(Rom.SEGMENT, Rom.EOI_MASTER));
        }
        for (int v = 0x70; v <= 0x77; v++) {
            g.wd(Bda.vector(v), far(Rom.SEGMENT, Rom.EOI_SLAVE));
        }
        for (Map.Entry<Integer, Integer> e : Rom.ENTRIES.entrySet()) {
            g.wd(Bda.vector(e.getKey()), far(Rom.SEGMENT, e.getValue()));
        }
        for (int v : new int[] {0x1D, 0x1F, 0x41, 0x43, 0x46}) {
            g.wd(Bda.vector(v), 0);
        }
        g.wd(Bda.vector(0x1E), far(Rom.SEGMENT, Rom.DISKETTE_TABLE));
    }

    private void dataArea(Guest g) {
        for (int a = Bda.BASE; a < Bda.BASE + 0x100; a += 4) {
            g.wd(a, 0);
        }
        g.ww(Bda.COM1, 0x3F8);
        int floppies = disks.count(true);
        int equipment = 0x0020 /* 80x25 colour */ | 0x0200 /* one serial port */;
        if (floppies > 0) {
            equipment |= 0x0001 | (floppies - 1) << 6;
        }
        g.ww(Bda.EQUIPMENT, equipment);
        int base = g.cmos(0x15) | g.cmos(0x16) << 8;
        g.ww(Bda.MEMORY_KB, base == 0 || base > 640 ? 640 : base);
        g.ww(Bda.KBD_HEAD, 0x1E);
        g.ww(Bda.KBD_TAIL, 0x1E);
        g.ww(Bda.KBD_START, 0x1E);
        g.ww(Bda.KBD_END, 0x3E);
        g.wd(Bda.TICKS, TimeServices.ticksFromRtc(g));
        g.wb(Bda.DISK_COUNT, disks.count(false));
        g.wb(Bda.KBD_FLAGS3, 0x10); // enhanced keyboard
    }

    private void pics(Guest g) {
        g.out(0x20, 0x11);
        g.out(0x21, 0x08);
        g.out(0x21, 0x04);
        g.out(0x21, 0x01);
        g.out(0xA0, 0x11);
        g.out(0xA1, 0x70);
        g.out(0xA1, 0x02);
        g.out(0xA1, 0x01);
        g.out(0x21, ~(0x01 | 0x02 | 0x04 | 0x40) & 0xFF);
        g.out(0xA1, ~0x40 & 0xFF);
    }

    private void timer(Guest g) {
        g.out(0x43, 0x36);
        g.out(0x40, 0x00);
        g.out(0x40, 0x00);
    }

    private void keyboard(Guest g) {
        // drain the output buffer, then enable the keyboard with IRQ1, system flag, translation
        for (int i = 0; i < 16 && (g.in(0x64) & 0x01) != 0; i++) {
            g.in(0x60);
        }
        g.out(0x64, 0xAE);
        g.out(0x64, 0x60);
        g.out(0x60, 0x45);
    }
}
