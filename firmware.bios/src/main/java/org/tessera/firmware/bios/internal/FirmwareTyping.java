package org.tessera.firmware.bios.internal;

import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.cpu.SoftwareInterruptListener;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The typist's ears on the CPU: the guest's software interrupts tell the {@link Typist} whether it
 * waits for a key. Always heard: INT 28h, which DOS calls while it waits for console input (its
 * prompt). With real firmware answering the BIOS calls (the built-in BIOS tells the typist from its
 * own services) also INT 16h (AH=00h/10h read, 01h/11h check) and INT 10h, 13h, 14h, 17h (busy).
 * Whether a key is there says the keyboard buffer every PC BIOS keeps in its data area (head at
 * 41Ah, tail at 41Ch).
 */
final class FirmwareTyping implements SoftwareInterruptListener {

    /** DOS idle: DOS waits for console input. */
    static final int DOS_IDLE = 0x28;
    /** The vectors heard when the built-in BIOS answers the BIOS calls itself. */
    static final int[] DOS_VECTORS = {DOS_IDLE};
    /** The vectors heard with real firmware: video, disks, serial, printer, keyboard, DOS idle. */
    static final int[] FIRMWARE_VECTORS = {0x10, 0x13, 0x14, 0x16, 0x17, DOS_IDLE};

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
        switch (vector) {
            case DOS_IDLE -> typist.dosIdle(empty());
            case 0x16 -> {
                int ah = cpu.register(Register.EAX) >>> 8 & 0xFF;
                switch (ah) {
                    case 0x00, 0x10 -> typist.read(empty());
                    case 0x01, 0x11 -> typist.check(empty());
                    default -> {
                        // shift flags, typematic, store: neither reading nor waiting
                    }
                }
            }
            default -> typist.otherService();
        }
    }

    private boolean empty() {
        return mem.read(Bda.KBD_HEAD, 2) == mem.read(Bda.KBD_TAIL, 2);
    }
}
