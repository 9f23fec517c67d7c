package org.tessera.firmware.bios.internal;

import java.util.List;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.storage.Drive;

/**
 * INT 19h: tries the drives in the boot order ('a': fd0, 'c': hd0); reads the first sector to
 * 0000:7C00, requires the 55AAh signature of a hard disk (a floppy boots without it, as old disks
 * have none), and makes the IRET return to 0000:7C00 with DL the drive number. Without a bootable
 * drive it writes a message on the screen and returns to the ROM's halt loop. INT 18h does the same
 * with its own message.
 */
final class BootLoader {

    private final DiskServices disks;
    private final VideoServices video;
    private volatile List<Character> order;

    BootLoader(DiskServices disks, VideoServices video, List<Character> order) {
        this.disks = disks;
        this.video = video;
        this.order = order;
    }

    void setOrder(List<Character> order) {
        this.order = order;
    }

    /** Parses "a,c" into the drive letters, ignoring anything else. */
    static List<Character> parseOrder(String s) {
        List<Character> l = new java.util.ArrayList<>();
        for (String part : s.split("[,\\s]+")) {
            String p = part.trim().toLowerCase(java.util.Locale.ROOT);
            if ((p.equals("a") || p.equals("c")) && !l.contains(p.charAt(0))) {
                l.add(p.charAt(0));
            }
        }
        return l;
    }

    void int19(Guest g) {
        StringBuilder tried = new StringBuilder();
        for (char c : order) {
            int dl = c == 'a' ? 0x00 : 0x80;
            Drive d = disks.drive(dl);
            if (d == null || !d.hasMedium()) {
                continue;
            }
            tried.append(tried.length() == 0 ? "" : ", ").append(c == 'a' ? "floppy A:" : "disk C:");
            if (!disks.loadBootSector(g, d)) {
                continue;
            }
            if (!d.isFloppy() && g.rw(0x7DFE) != 0xAA55) {
                continue;
            }
            g.setDl(dl);
            g.set(Register.DS, 0);
            g.set(Register.ES, 0);
            g.setReturn(0x0000, 0x7C00);
            return;
        }
        fail(g, tried.length() == 0 ? "No bootable drive: no floppy or disk image is attached."
                : "No bootable drive: " + tried + " not bootable.");
    }

    void int18(Guest g) {
        fail(g, "Boot failed: no operating system (INT 18h).");
    }

    private void fail(Guest g, String message) {
        for (char c : (message + "\r\nSystem halted.\r\n").toCharArray()) {
            video.teletype(g, c, -1);
        }
        g.setReturn(Rom.SEGMENT, Rom.HALT);
    }
}
