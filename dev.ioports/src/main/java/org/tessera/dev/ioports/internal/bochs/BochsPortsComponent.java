package org.tessera.dev.ioports.internal.bochs;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.control.PowerOff;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/**
 * The ports Bochs provides for its firmware, which the Bochs BIOS (rombios), the LGPL VGA BIOS
 * and SeaBIOS write to:
 *
 * <ul>
 * <li>400h: system BIOS panic, the source line number (8- or 16-bit write; 0 is ignored);
 * <li>401h: a 0 marks the next line on 402h/403h as a panic message; another value is a panic
 *     whose message is the unfinished line if there is one, else the line number;
 * <li>402h, 403h: system BIOS info and debug characters (SeaBIOS's debug port is 402h);
 * <li>500h, 503h: VGA BIOS info and debug characters; 501h, 502h: its panic ports, as 400h, 401h;
 * <li>8900h: writing the bytes {@code Shutdown} in a row powers the machine off.
 * </ul>
 *
 * <p>Characters are collected into lines per firmware and go to the output configured under PID
 * {@value #PID} ({@link FirmwareOutput}); a panic is also logged as a warning. A shutdown turns
 * the machine off through {@link PowerOff} (logged): it stops in state SHUTDOWN.
 *
 * <p>Reading 402h answers E9h, as QEMU's debug console there does: SeaBIOS reads the port and
 * sends nothing to it otherwise. The other ports are write-only in Bochs and read as FFh.
 */
@Component(service = PortHandler.class, configurationPid = BochsPortsComponent.PID,
        property = {
            PortHandler.PORT_LIST + ":Integer=1024",
            PortHandler.PORT_LIST + ":Integer=1025",
            PortHandler.PORT_LIST + ":Integer=1026",
            PortHandler.PORT_LIST + ":Integer=1027",
            PortHandler.PORT_LIST + ":Integer=1280",
            PortHandler.PORT_LIST + ":Integer=1281",
            PortHandler.PORT_LIST + ":Integer=1282",
            PortHandler.PORT_LIST + ":Integer=1283",
            PortHandler.PORT_LIST + ":Integer=35072",
            PortHandler.PORT_NAME + "=bochs.firmware",
            StatefulDevice.DEVICE_ID + "=" + BochsPortsComponent.DEVICE_ID
        })
@Designate(ocd = FirmwareLogConfig.class)
public final class BochsPortsComponent implements PortHandler, StatefulDevice {

    /** Configuration PID. */
    static final String PID = "tessera.firmwarelog";
    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "bochs.firmware";
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;

    /** System BIOS panic port: the line number. */
    static final int BIOS_PANIC = 0x400;
    /** System BIOS second panic port: panic flag, message or line number. */
    static final int BIOS_PANIC2 = 0x401;
    /** System BIOS info characters (SeaBIOS's debug port). */
    static final int BIOS_INFO = 0x402;
    /** System BIOS debug characters. */
    static final int BIOS_DEBUG = 0x403;
    /** VGA BIOS info characters (its printf). */
    static final int VGA_INFO = 0x500;
    /** VGA BIOS panic port: the line number. */
    static final int VGA_PANIC = 0x501;
    /** VGA BIOS second panic port: panic flag, message or line number. */
    static final int VGA_PANIC2 = 0x502;
    /** VGA BIOS debug characters. */
    static final int VGA_DEBUG = 0x503;
    /** The shutdown port. */
    static final int SHUTDOWN = 0x8900;
    /** What reading {@link #BIOS_INFO} answers (QEMU's debug console read-back). */
    static final int DEBUGCON_READBACK = 0xE9;

    private final System.Logger log;
    /** The stream of the stdout output, or null for the System.out of activation time. */
    private final PrintStream stdout;
    /** Guarded by this. */
    private final LineCollector bios = new LineCollector("bios");
    /** Guarded by this. */
    private final LineCollector vgaBios = new LineCollector("vgabios");
    /** Guarded by this. */
    private final ShutdownSequence shutdown = new ShutdownSequence();
    /** Guarded by this. */
    private FirmwareOutput output;
    /** Where the collectors pass complete lines: {@link #line}. */
    private final LineCollector.Lines lines = this::line;
    private volatile PowerOff machine;

    /** Constructor for Declarative Services. */
    public BochsPortsComponent() {
        this(null, System.getLogger(BochsPortsComponent.class.getName()));
    }

    /** A device whose stdout output is {@code stdout} (null: System.out), logging to {@code log}. */
    BochsPortsComponent(PrintStream stdout, System.Logger log) {
        this.stdout = stdout;
        this.log = log;
        this.output = FirmwareOutput.open("none", System.out, log);
    }

    @Activate
    @Modified
    void activate(FirmwareLogConfig config) {
        configure(config.output());
    }

    /** Opens the output for {@code setting} ({@code none}, {@code -} or a path), closing the old one. */
    synchronized void configure(String setting) {
        output.close();
        output = FirmwareOutput.open(setting, stdout != null ? stdout : System.out, log);
        log.log(Level.DEBUG, () -> "firmware log output: " + output);
    }

    @Deactivate
    synchronized void deactivate() {
        output.close();
        output = FirmwareOutput.open("none", System.out, log);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetMachine")
    void setMachine(PowerOff control) {
        machine = control;
    }

    void unsetMachine(PowerOff control) {
        if (machine == control) {
            machine = null;
        }
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD;
    }

    /** 402h answers E9h, every other port FFh. */
    @Override
    public int in(int port, int size) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= (port + i == BIOS_INFO ? DEBUGCON_READBACK : 0xFF) << (i << 3);
        }
        return value;
    }

    /**
     * A write to a panic port takes the whole value (a 16-bit line number); a write elsewhere
     * is taken byte by byte, lowest port first.
     */
    @Override
    public void out(int port, int size, int value) {
        boolean powerOff = false;
        synchronized (this) {
            if (isPanicPort(port)) {
                panicPort(port, size == 1 ? value & 0xFF : value & 0xFFFF);
            } else {
                for (int i = 0; i < size; i++) {
                    powerOff |= byteOut(port + i, (value >>> (i << 3)) & 0xFF);
                }
            }
        }
        if (powerOff) {
            powerOff();
        }
    }

    private static boolean isPanicPort(int port) {
        return port == BIOS_PANIC || port == BIOS_PANIC2 || port == VGA_PANIC || port == VGA_PANIC2;
    }

    /** One byte at {@code port}; true if it completes the shutdown word. Guarded by this. */
    private boolean byteOut(int port, int b) {
        switch (port) {
            case BIOS_INFO, BIOS_DEBUG -> bios.put(b, lines);
            case VGA_INFO, VGA_DEBUG -> vgaBios.put(b, lines);
            case BIOS_PANIC, BIOS_PANIC2, VGA_PANIC, VGA_PANIC2 -> panicPort(port, b);
            case SHUTDOWN -> {
                if (shutdown.put(b)) {
                    output.line("shutdown", "power-off requested on port 8900h");
                    return true;
                }
            }
            default -> {
                // not ours (the bus gives only claimed ports)
            }
        }
        return false;
    }

    /** Guarded by this. */
    private void panicPort(int port, int value) {
        LineCollector firmware = port < VGA_INFO ? bios : vgaBios;
        if (port == BIOS_PANIC2 || port == VGA_PANIC2) {
            if (value == 0) {
                firmware.setPanicFlag();
                return;
            }
            if (firmware.hasPartialLine()) {
                panicMessage(firmware, firmware.takePartialLine());
                return;
            }
        }
        if (value != 0) {
            log.log(Level.WARNING, "firmware panic at line " + value + " (" + firmware.name() + ", port "
                    + String.format("%04Xh", port) + ")");
            output.line(firmware.name(), "firmware panic at line " + value);
        }
    }

    /** Guarded by this. */
    private void panicMessage(LineCollector firmware, String text) {
        log.log(Level.WARNING, "firmware panic (" + firmware.name() + "): " + text);
        output.line(firmware.name(), "firmware panic: " + text);
    }

    /** A completed line. Guarded by this. */
    private void line(LineCollector firmware, String text, boolean panic) {
        if (panic) {
            panicMessage(firmware, text);
        } else {
            output.line(firmware.name(), text);
        }
    }

    private void powerOff() {
        PowerOff m = machine;
        if (m == null) {
            log.log(Level.WARNING, "the guest asked to power off (\"Shutdown\" on port 8900h), but there is no power "
                    + "switch (PowerOff); the machine keeps running");
            return;
        }
        log.log(Level.INFO, "the guest asked to power off (\"Shutdown\" on port 8900h)");
        m.powerOff("the guest powered the machine off (\"Shutdown\" on port 8900h)");
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, STATE_VERSION)
                .blob("biosLine", bios.partial())
                .field("biosPanic", bios.panicFlag() ? 1 : 0)
                .blob("vgaBiosLine", vgaBios.partial())
                .field("vgaBiosPanic", vgaBios.panicFlag() ? 1 : 0)
                .field("shutdown", shutdown.matched())
                .build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        byte[] biosLine = state.blob("biosLine");
        byte[] vgaLine = state.blob("vgaBiosLine");
        long matched = state.field("shutdown");
        if (biosLine.length >= LineCollector.LIMIT || vgaLine.length >= LineCollector.LIMIT || matched < 0
                || matched >= ShutdownSequence.WORD.length()) {
            throw new IllegalArgumentException("firmware ports state out of range: " + state);
        }
        bios.restore(biosLine, state.field("biosPanic") != 0);
        vgaBios.restore(vgaLine, state.field("vgaBiosPanic") != 0);
        shutdown.restore((int) matched);
    }
}
