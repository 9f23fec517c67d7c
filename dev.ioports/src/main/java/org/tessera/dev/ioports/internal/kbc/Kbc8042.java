package org.tessera.dev.ioports.internal.kbc;

import java.lang.System.Logger.Level;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The 8042 keyboard controller of the PC/AT and PS/2: port 60h (data) and 64h (status and
 * commands), its one-byte output buffer fed by the keyboard and the mouse, the command byte
 * (controller RAM byte 0), the input and output ports, and the set 2 to set 1 translation.
 *
 * <p>Bytes move from a device into the empty output buffer; the keyboard's first (command byte
 * bit 4 clear), then the mouse's (bit 5 clear). After the guest reads port 60h, the next byte
 * follows {@link #TRANSFER_NANOS} of machine time later (a byte on the PS/2 wire takes about a
 * millisecond) when there is a timer service, at once without one; a status read after that time
 * also moves it. IRQ1 is high while the output buffer holds a keyboard (or controller) byte and
 * command byte bit 0 is set; IRQ12 likewise for a mouse byte and bit 1. Replies to controller
 * commands replace whatever the output buffer holds.
 *
 * <p>Not thread safe: {@link KbcComponent} serialises every call.
 */
final class Kbc8042 {

    static final int DATA_PORT = 0x60;
    static final int STATUS_PORT = 0x64;
    static final int KBD_IRQ = 1;
    static final int MOUSE_IRQ = 12;

    static final int ST_OBF = 0x01;
    static final int ST_IBF = 0x02;
    static final int ST_SYS = 0x04;
    static final int ST_CMD = 0x08;
    static final int ST_UNLOCKED = 0x10;
    static final int ST_AUX = 0x20;
    static final int ST_TIMEOUT = 0x40;
    static final int ST_PARITY = 0x80;

    static final int CB_KBD_INT = 0x01;
    static final int CB_MOUSE_INT = 0x02;
    static final int CB_SYS = 0x04;
    static final int CB_KBD_DISABLED = 0x10;
    static final int CB_MOUSE_DISABLED = 0x20;
    static final int CB_XLAT = 0x40;

    /** The command byte at power-on: keyboard interrupt, mouse disabled, translation. */
    static final int POWER_ON_COMMAND_BYTE = CB_KBD_INT | CB_MOUSE_DISABLED | CB_XLAT;
    /** The output port at power-on: reset inactive, A20 closed, clock and data lines high. */
    static final int POWER_ON_OUTPUT_PORT = 0xCD;
    /** The input port: keyboard not inhibited, colour display, no manufacturing jumper, 512 KiB. */
    static final int INPUT_PORT = 0xB0;
    /** Machine time between two device bytes reaching the output buffer. */
    static final long TRANSFER_NANOS = 1_000_000L;
    static final int STATE_VERSION = 1;

    private static final System.Logger LOG = System.getLogger(Kbc8042.class.getName());

    /** What the controller drives: time, timed tasks, IRQ lines, A20, CPU reset. */
    interface Wiring {
        long nanos();

        /** Whether there is a timer service. */
        boolean timed();

        /** Null when there is no timer service. */
        VirtualTimers.Scheduled schedule(long at, Runnable task);

        void irq(int line, boolean high);

        void a20(boolean open);

        void reset();
    }

    private final Wiring wiring;
    final Ps2Keyboard keyboard = new Ps2Keyboard();
    final Ps2Mouse mouse = new Ps2Mouse();
    /** Controller RAM; byte 0 is the command byte. */
    private final byte[] ram = new byte[32];
    private int outputBuffer;
    private boolean full;
    private boolean aux;
    private boolean systemFlag;
    private boolean lastWasCommand;
    private int outputPort = POWER_ON_OUTPUT_PORT;
    /** A controller command waiting for its data byte, or -1. */
    private int pendingCommand = -1;
    /** Translation: an F0h from the keyboard was swallowed, the next byte is a break code. */
    private boolean breakPrefix;
    /** Machine time before which no device byte moves into the output buffer. */
    private long nextTransfer = Long.MIN_VALUE;
    private boolean irq1;
    private boolean irq12;
    private VirtualTimers.Scheduled transferTask;
    private Runnable afterTransfer = () -> { };

    Kbc8042(Wiring wiring) {
        this.wiring = wiring;
        ram[0] = (byte) POWER_ON_COMMAND_BYTE;
    }

    /** Called after every device byte moved into the output buffer (to feed typed keys). */
    void onTransfer(Runnable r) {
        afterTransfer = r;
    }

    int commandByte() {
        return ram[0] & 0xFF;
    }

    int outputPort() {
        return outputPort;
    }

    // ---------------------------------------------------------------- ports

    int readStatus() {
        pump();
        return (full ? ST_OBF : 0) | (systemFlag ? ST_SYS : 0) | (lastWasCommand ? ST_CMD : 0) | ST_UNLOCKED
                | (full && aux ? ST_AUX : 0);
    }

    int readData() {
        int b = outputBuffer;
        if (full) {
            full = false;
            if (wiring.timed()) {
                nextTransfer = wiring.nanos() + TRANSFER_NANOS;
            }
            updateLines();
        }
        pump();
        return b;
    }

    void writeCommand(int value) {
        int c = value & 0xFF;
        lastWasCommand = true;
        pendingCommand = -1;
        if (c >= 0x20 && c <= 0x3F) {
            reply(ram[c & 0x1F] & 0xFF);
            return;
        }
        if (c >= 0x60 && c <= 0x7F) {
            pendingCommand = c;
            return;
        }
        if (c >= 0xF0) {
            if ((c & 0x01) == 0) {
                LOG.log(Level.DEBUG, "8042 pulses the CPU reset line");
                wiring.reset();
            }
            return;
        }
        switch (c) {
            case 0xA4 -> reply(0xF1); // no password installed
            case 0xA7 -> setCommandByte(commandByte() | CB_MOUSE_DISABLED);
            case 0xA8 -> setCommandByte(commandByte() & ~CB_MOUSE_DISABLED);
            case 0xA9, 0xAB -> reply(0x00);
            case 0xAA -> {
                systemFlag = true;
                reply(0x55);
            }
            case 0xAD -> setCommandByte(commandByte() | CB_KBD_DISABLED);
            case 0xAE -> setCommandByte(commandByte() & ~CB_KBD_DISABLED);
            case 0xC0 -> reply(INPUT_PORT);
            case 0xD0 -> reply(outputPortValue());
            case 0xD1, 0xD2, 0xD3, 0xD4 -> pendingCommand = c;
            case 0xDD -> setA20(false);
            case 0xDF -> setA20(true);
            case 0xE0 -> reply(0x00);
            default -> LOG.log(Level.DEBUG, () -> "8042 command " + Integer.toHexString(c) + " ignored");
        }
    }

    void writeData(int b) {
        b &= 0xFF;
        lastWasCommand = false;
        int c = pendingCommand;
        pendingCommand = -1;
        if (c >= 0x60 && c <= 0x7F) {
            if (c == 0x60) {
                setCommandByte(b);
            } else {
                ram[c & 0x1F] = (byte) b;
            }
            return;
        }
        switch (c) {
            case 0xD1 -> writeOutputPort(b);
            case 0xD2 -> place(b, false);
            case 0xD3 -> place(b, true);
            case 0xD4 -> {
                mouse.receive(b);
                pump();
            }
            default -> {
                keyboard.receive(b);
                pump();
            }
        }
    }

    // ---------------------------------------------------------------- internals

    private void setCommandByte(int value) {
        ram[0] = (byte) value;
        systemFlag = (value & CB_SYS) != 0;
        updateLines();
        pump();
    }

    private int outputPortValue() {
        return (outputPort & ~0x30) | (full && !aux ? 0x10 : 0) | (full && aux ? 0x20 : 0);
    }

    private void writeOutputPort(int value) {
        outputPort = value | 0x01;
        setA20((value & 0x02) != 0);
        if ((value & 0x01) == 0) {
            LOG.log(Level.DEBUG, "8042 output port bit 0 cleared: CPU reset");
            wiring.reset();
        }
    }

    private void setA20(boolean open) {
        outputPort = open ? outputPort | 0x02 : outputPort & ~0x02;
        wiring.a20(open);
    }

    /** A controller reply: into the output buffer at once. */
    private void reply(int b) {
        place(b, false);
    }

    private void place(int b, boolean fromMouse) {
        outputBuffer = b & 0xFF;
        full = true;
        aux = fromMouse;
        updateLines();
    }

    /** Moves the next device byte into the output buffer if it is empty and the wire is free. */
    void pump() {
        while (!full) {
            boolean kbd = (commandByte() & CB_KBD_DISABLED) == 0 && keyboard.hasByte();
            boolean ms = !kbd && (commandByte() & CB_MOUSE_DISABLED) == 0 && mouse.hasByte();
            if (!kbd && !ms) {
                return;
            }
            long now = wiring.nanos();
            if (now < nextTransfer) {
                armTransfer();
                return;
            }
            if (kbd) {
                int b = keyboard.take();
                if ((commandByte() & CB_XLAT) != 0) {
                    if (b == 0xF0) {
                        breakPrefix = true;
                        continue;
                    }
                    b = ScanCodes.translate(b, breakPrefix);
                    breakPrefix = false;
                }
                place(b, false);
            } else {
                place(mouse.take(), true);
            }
            afterTransfer.run();
        }
    }

    private void armTransfer() {
        if (transferTask != null) {
            return;
        }
        transferTask = wiring.schedule(nextTransfer, () -> {
            transferTask = null;
            pump();
        });
    }

    private void updateLines() {
        int cb = commandByte();
        boolean one = full && !aux && (cb & CB_KBD_INT) != 0;
        boolean twelve = full && aux && (cb & CB_MOUSE_INT) != 0;
        if (one != irq1) {
            irq1 = one;
            wiring.irq(KBD_IRQ, one);
        }
        if (twelve != irq12) {
            irq12 = twelve;
            wiring.irq(MOUSE_IRQ, twelve);
        }
    }

    /** The time source changed: a pending transfer time is from the old one, so the wire is free now. */
    void clockChanged() {
        nextTransfer = Long.MIN_VALUE;
        close();
        pump();
    }

    boolean irq1() {
        return irq1;
    }

    boolean irq12() {
        return irq12;
    }

    void close() {
        if (transferTask != null) {
            transferTask.cancel();
            transferTask = null;
        }
    }

    // ---------------------------------------------------------------- state

    DeviceState save(String deviceId) {
        DeviceState.Builder b = DeviceState.builder(deviceId, STATE_VERSION)
                .blob("ram", ram)
                .field("outputBuffer", outputBuffer)
                .field("outputBufferFull", full ? 1 : 0)
                .field("aux", aux ? 1 : 0)
                .field("systemFlag", systemFlag ? 1 : 0)
                .field("lastWasCommand", lastWasCommand ? 1 : 0)
                .field("outputPort", outputPort)
                .field("pendingCommand", pendingCommand)
                .field("breakPrefix", breakPrefix ? 1 : 0)
                .field("nextTransfer", nextTransfer);
        keyboard.save(b);
        mouse.save(b);
        return b.build();
    }

    void restore(DeviceState state, String deviceId) {
        state.require(deviceId, STATE_VERSION, STATE_VERSION);
        byte[] r = state.blob("ram");
        if (r.length != ram.length) {
            throw new IllegalArgumentException("8042 state holds " + r.length + " RAM bytes");
        }
        keyboard.restore(state);
        mouse.restore(state);
        System.arraycopy(r, 0, ram, 0, ram.length);
        outputBuffer = (int) state.field("outputBuffer") & 0xFF;
        full = state.field("outputBufferFull") != 0;
        aux = state.field("aux") != 0;
        systemFlag = state.field("systemFlag") != 0;
        lastWasCommand = state.field("lastWasCommand") != 0;
        outputPort = (int) state.field("outputPort") & 0xFF;
        pendingCommand = (int) state.field("pendingCommand");
        breakPrefix = state.field("breakPrefix") != 0;
        nextTransfer = state.field("nextTransfer");
        irq1 = false;
        irq12 = false;
        updateLines();
        pump();
    }
}
