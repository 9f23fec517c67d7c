package org.tessera.firmware.bios.internal;

import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.cpu.SoftwareInterruptListener;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The typist's ears when real firmware answers the BIOS calls: the CPU announces the guest's
 * INT 10h, 13h, 14h, 16h and 17h, and this tells the {@link Typist} whether the guest waits for a
 * key. The keyboard buffer every PC BIOS keeps in its data area (head at 41Ah, tail at 41Ch) says
 * whether a key is there; INT 16h's function in AH whether the guest reads or checks.
 */
final class FirmwareTyping implements SoftwareInterruptListener {

    /** The vectors heard: video, disks, serial and printer (busy), keyboard (waiting). */
    static final int[] VECTORS = {0x10, 0x13, 0x14, 0x16, 0x17};

    private final Typist typist;
    private final MemoryBus mem;

    FirmwareTyping(Typist typist, MemoryBus mem) {
        this.typist = typist;
        this.mem = mem;
    }

    @Override
    public void softwareInterrupt(int vector, Processor cpu) {
        if (!typist.pending()) {
            return;
        }
        if (vector != 0x16) {
            typist.otherService();
            return;
        }
        int ah = cpu.register(Register.EAX) >>> 8 & 0xFF;
        if (DEBUG) { long n = cpu.instructions(); System.err.println("INT16 " + Integer.toHexString(ah) + " empty=" + empty() + " +" + (n - last)); last = n; }
        switch (ah) {
            case 0x00, 0x10 -> typist.read(empty());
            case 0x01, 0x11 -> typist.check(empty());
            default -> {
                // shift flags, typematic, store: neither reading nor waiting
            }
        }
    }

    static final boolean DEBUG = Boolean.getBoolean("typist.debug");
    long last;

    private boolean empty() {
        return mem.read(Bda.KBD_HEAD, 2) == mem.read(Bda.KBD_TAIL, 2);
    }
}
