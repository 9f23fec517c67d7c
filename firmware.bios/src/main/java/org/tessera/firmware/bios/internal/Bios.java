package org.tessera.firmware.bios.internal;

import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tessera.machine.api.display.VideoModes;
import org.tessera.machine.api.storage.Drive;

/** The trap dispatcher: the trap number the stub wrote to the trap port selects the service. */
final class Bios {

    final VideoServices video;
    final DiskServices disks;
    final KeyboardServices keyboard = new KeyboardServices();
    final TimeServices time = new TimeServices();
    final SystemServices system;
    final SerialServices serial = new SerialServices();
    final BootLoader boot;
    final Post post;

    Bios(Supplier<VideoModes> modes, Function<String, Drive> drives, LongSupplier nanos, List<Character> order) {
        video = new VideoServices(modes);
        disks = new DiskServices(drives);
        system = new SystemServices(nanos);
        boot = new BootLoader(disks, video, order);
        post = new Post(video, disks);
    }

    /** Serves trap {@code number}. */
    void trap(Guest g, int number) {
        if (number == Rom.TRAP_POST) {
            post.run(g);
            return;
        }
        g.noRetry();
        if (number != 0x16 && number != 0x08 && number != 0x09 && number != 0x1A && number != 0x1C) {
            keyboard.typist.otherService();
        }
        switch (number) {
            case 0x08 -> time.int08(g);
            case 0x09 -> keyboard.int09(g);
            case 0x10 -> video.int10(g);
            case 0x11 -> system.int11(g);
            case 0x12 -> system.int12(g);
            case 0x13 -> disks.int13(g);
            case 0x14 -> serial.int14(g);
            case 0x15 -> system.int15(g);
            case 0x16 -> keyboard.int16(g);
            case 0x17 -> serial.int17(g);
            case 0x18 -> boot.int18(g);
            case 0x19 -> boot.int19(g);
            case 0x1A -> time.int1a(g);
            default -> {
                // not a trap of this ROM: ignored
            }
        }
    }
}
