package org.tessera.dev.ioports.internal.kbc;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.cpu.A20Gate;
import org.tessera.machine.api.cpu.ResetLine;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.input.KeyboardInput;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The 8042 keyboard controller with a PS/2 keyboard and mouse on ports 60h and 64h (IRQ1, IRQ12),
 * and the host's way into the keyboard ({@link KeyboardInput}).
 *
 * <p>{@link #key} puts a key's bytes into the keyboard's 16-byte buffer at once, as a key press on
 * the hardware would (a full buffer drops it and ends with the overflow code). {@link #type} is a
 * typist rather than a key: its keys wait in a host-side queue and go into the keyboard's buffer
 * as room frees up (and while the keyboard scans), so text of any length arrives whole once the
 * guest reads the keyboard.
 *
 * <p>Wired to {@link IrqLines}, {@link A20Gate}, {@link ResetLine}, {@link VirtualClock} and
 * {@link VirtualTimers}, all optional and dynamic: without an interrupt controller the guest can
 * still poll, without timers the next byte follows a read at once.
 */
@Component(service = {PortHandler.class, KeyboardInput.class},
        property = {
            PortHandler.PORT_LIST + ":Integer=96",
            PortHandler.PORT_LIST + ":Integer=100",
            PortHandler.PORT_NAME + "=kbc",
            StatefulDevice.DEVICE_ID + "=" + KbcComponent.DEVICE_ID
        })
public final class KbcComponent implements PortHandler, KeyboardInput, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "kbc";

    private static final System.Logger LOG = System.getLogger(KbcComponent.class.getName());

    private final Kbc8042 kbc = new Kbc8042(new Wiring());
    /** Guarded by this: typed key events waiting for room, {code, pressed}. */
    private final ArrayDeque<int[]> typing = new ArrayDeque<>();
    private volatile VirtualClock clock;
    private volatile VirtualTimers timers;
    private volatile IrqLines irqLines;
    private volatile A20Gate a20;
    private volatile ResetLine resetLine;
    /** Guarded by this. */
    private boolean dropLogged;

    /** Constructor for Declarative Services. */
    public KbcComponent() {
        kbc.onTransfer(this::feed);
    }

    @Deactivate
    synchronized void deactivate() {
        kbc.close();
    }

    @Override
    public synchronized int in(int port, int size) {
        int value = (port & 0x04) == 0 ? kbc.readData() : kbc.readStatus();
        return size == 1 ? value : value | (size == 2 ? 0xFF00 : 0xFFFFFF00);
    }

    @Override
    public synchronized void out(int port, int size, int value) {
        if ((port & 0x04) == 0) {
            kbc.writeData(value);
        } else {
            kbc.writeCommand(value);
        }
        feed();
    }

    @Override
    public void key(int code, boolean pressed) {
        if (!ScanCodes.isKey(code)) {
            throw new IllegalArgumentException("no key has set-1 make code " + Integer.toHexString(code));
        }
        synchronized (this) {
            if (!kbc.keyboard.key(code, pressed) && kbc.keyboard.scanning() && !dropLogged) {
                dropLogged = true;
                LOG.log(Level.WARNING, "keyboard buffer full: key events dropped (the guest does not read the keyboard)");
            }
            kbc.pump();
        }
    }

    @Override
    public int type(CharSequence text) {
        int typed = 0;
        synchronized (this) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= KeyboardInput.NAMED_KEY && c <= KeyboardInput.NAMED_KEY + 0xFFF) {
                    if (!typeNamed(c - KeyboardInput.NAMED_KEY)) {
                        break;
                    }
                    typed++;
                    continue;
                }
                int k = UsKeyboardLayout.keyFor(c);
                if (k < 0) {
                    break;
                }
                int code = k & 0xFF;
                boolean shift = (k & 0x100) != 0;
                if (shift) {
                    typing.addLast(new int[] {UsKeyboardLayout.SHIFT, 1});
                }
                typing.addLast(new int[] {code, 1});
                typing.addLast(new int[] {code, 0});
                if (shift) {
                    typing.addLast(new int[] {UsKeyboardLayout.SHIFT, 0});
                }
                typed++;
            }
            feed();
        }
        return typed;
    }

    /** Left Ctrl and left Alt. */
    private static final int CTRL = 0x1D;
    private static final int ALT = 0x38;

    /**
     * Queues a named key ({@link KeyboardInput#namedKey}): its modifiers pressed, the key pressed
     * and released, the modifiers released in reverse. Guarded by this.
     *
     * @return false if no key has that make code
     */
    private boolean typeNamed(int named) {
        int code = (named & 0x7F) | ((named & KeyboardInput.EXTENDED) != 0 ? 0xE000 : 0);
        if (!ScanCodes.isKey(code)) {
            return false;
        }
        int[] modifiers = {
            (named & KeyboardInput.CTRL) != 0 ? CTRL : -1,
            (named & KeyboardInput.ALT) != 0 ? ALT : -1,
            (named & KeyboardInput.SHIFT) != 0 ? UsKeyboardLayout.SHIFT : -1};
        for (int m : modifiers) {
            if (m >= 0) {
                typing.addLast(new int[] {m, 1});
            }
        }
        typing.addLast(new int[] {code, 1});
        typing.addLast(new int[] {code, 0});
        for (int i = modifiers.length - 1; i >= 0; i--) {
            if (modifiers[i] >= 0) {
                typing.addLast(new int[] {modifiers[i], 0});
            }
        }
        return true;
    }

    /** Key events typed but not yet in the keyboard's buffer. */
    synchronized int typingBacklog() {
        return typing.size();
    }

    /** Moves typed keys into the keyboard's buffer while they fit. Guarded by this. */
    private void feed() {
        boolean fed = false;
        while (!typing.isEmpty() && kbc.keyboard.scanning()) {
            int[] e = typing.peekFirst();
            int need = ScanCodes.sequence(e[0], e[1] != 0, kbc.keyboard.scanCodeSet()).length;
            if (kbc.keyboard.room() < need + 1) {
                break;
            }
            typing.removeFirst();
            kbc.keyboard.key(e[0], e[1] != 0);
            fed = true;
        }
        if (fed) {
            kbc.pump();
        }
    }

    /** Mouse movement for tests and a future host mouse ({@code dy} positive is up). */
    synchronized boolean mouse(int dx, int dy, int buttons) {
        boolean queued = kbc.mouse.move(dx, dy, buttons);
        kbc.pump();
        return queued;
    }

    /** The controller (tests). */
    Kbc8042 controller() {
        return kbc;
    }

    @Override
    public synchronized DeviceState saveState() {
        return kbc.save(DEVICE_ID);
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        kbc.restore(state, DEVICE_ID);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetClock")
    void setClock(VirtualClock c) {
        synchronized (this) {
            clock = c;
            kbc.clockChanged();
        }
    }

    void unsetClock(VirtualClock c) {
        synchronized (this) {
            if (clock == c) {
                clock = null;
                kbc.clockChanged();
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTimers")
    void setTimers(VirtualTimers t) {
        timers = t;
    }

    void unsetTimers(VirtualTimers t) {
        if (timers == t) {
            timers = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetIrqLines")
    void setIrqLines(IrqLines lines) {
        irqLines = lines;
        synchronized (this) {
            if (kbc.irq1()) {
                lines.raise(Kbc8042.KBD_IRQ);
            }
            if (kbc.irq12()) {
                lines.raise(Kbc8042.MOUSE_IRQ);
            }
        }
    }

    void unsetIrqLines(IrqLines lines) {
        if (irqLines == lines) {
            irqLines = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetA20")
    void setA20(A20Gate gate) {
        a20 = gate;
    }

    void unsetA20(A20Gate gate) {
        if (a20 == gate) {
            a20 = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetResetLine")
    void setResetLine(ResetLine line) {
        resetLine = line;
    }

    void unsetResetLine(ResetLine line) {
        if (resetLine == line) {
            resetLine = null;
        }
    }

    /** Connects the controller to this component's references. */
    private final class Wiring implements Kbc8042.Wiring {
        @Override
        public long nanos() {
            VirtualClock c = clock;
            return c != null ? c.nanos() : System.nanoTime();
        }

        @Override
        public boolean timed() {
            return timers != null && clock != null;
        }

        @Override
        public VirtualTimers.Scheduled schedule(long at, Runnable task) {
            VirtualTimers t = timers;
            if (t == null) {
                return null;
            }
            return t.schedule(at, () -> {
                synchronized (KbcComponent.this) {
                    task.run();
                }
            });
        }

        @Override
        public void irq(int line, boolean high) {
            IrqLines lines = irqLines;
            if (lines != null) {
                if (high) {
                    lines.raise(line);
                } else {
                    lines.lower(line);
                }
            }
        }

        @Override
        public void a20(boolean open) {
            A20Gate gate = a20;
            if (gate != null) {
                gate.setOpen(open);
            }
        }

        @Override
        public void reset() {
            ResetLine line = resetLine;
            if (line != null) {
                line.pulse();
            } else {
                LOG.log(Level.WARNING, "the guest resets the CPU through the 8042, but there is no ResetLine");
            }
        }
    }
}
