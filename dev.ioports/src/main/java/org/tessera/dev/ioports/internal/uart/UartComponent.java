package org.tessera.dev.ioports.internal.uart;

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
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * COM1: a 16550A UART ({@link Uart16550}) at ports 3F8h-3FFh on IRQ4. Its host side is the
 * configured {@link SerialSink}; timing comes from the machine's {@link VirtualClock} and
 * {@link VirtualTimers} when both are present (instant otherwise). The interrupt controller's
 * {@link IrqLines} are optional: without them the UART works, polled. On deactivation the bytes
 * still in the transmitter are sent and the sink flushed; the state moves to a new instance on a
 * hot swap.
 */
@Component(service = PortHandler.class, configurationPid = UartComponent.PID,
        property = {
            PortHandler.PORT_BASE + ":Integer=1016",
            PortHandler.PORT_COUNT + ":Integer=8",
            PortHandler.PORT_NAME + "=com1",
            StatefulDevice.DEVICE_ID + "=" + UartComponent.DEVICE_ID
        })
@Designate(ocd = UartConfig.class)
public final class UartComponent implements PortHandler, StatefulDevice {

    /** Configuration PID. */
    public static final String PID = "tessera.com1";
    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "uart.com1";
    /** The first port. */
    static final int BASE = 0x3F8;
    /** The interrupt line. */
    static final int IRQ = 4;

    private static final System.Logger LOG = System.getLogger(UartComponent.class.getName());

    private final PrintStream stdout;
    private final Uart16550 uart;
    private volatile IrqLines irqLines;
    private volatile VirtualClock clock;
    private volatile VirtualTimers timers;
    /** Written under this (never under the UART's lock, which transmit holds when it reads it). */
    private volatile SerialSink sink = SerialSink.NONE;
    /** Guarded by this: the setting the sink was opened for. */
    private String sinkSetting;

    /** Constructor for Declarative Services: the stdout sink is System.out. */
    public UartComponent() {
        this(null);
    }

    /** A UART whose stdout sink is {@code stdout} (null: System.out). */
    UartComponent(PrintStream stdout) {
        this.stdout = stdout;
        this.uart = new Uart16550(DEVICE_ID, this::irq, this::transmit);
    }

    @Activate
    @Modified
    void activate(UartConfig config) {
        configure(config.sink());
    }

    /** Opens the sink for {@code setting}, closing the old one (not when the setting is unchanged). */
    synchronized void configure(String setting) {
        if (setting != null && setting.equals(sinkSetting)) {
            return;
        }
        SerialSink old = sink;
        sink = SerialSink.NONE;
        old.close();
        uart.setHostLines(Uart16550.MSR_CTS | Uart16550.MSR_DSR | Uart16550.MSR_DCD);
        SerialSink next = SerialSink.open(setting, stdout != null ? stdout : System.out, "COM1");
        sinkSetting = setting;
        next.start(uart);
        sink = next;
        LOG.log(Level.DEBUG, () -> "COM1 sink: " + next);
    }

    /** Sends what the transmitter still holds, flushes and closes the sink. */
    @Deactivate
    void deactivate() {
        uart.close();
        synchronized (this) {
            SerialSink old = sink;
            sink = SerialSink.NONE;
            old.close();
            sinkSetting = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetIrqLines")
    void setIrqLines(IrqLines lines) {
        irqLines = lines;
        if (uart.irqLevel()) {
            lines.raise(IRQ);
        }
    }

    void unsetIrqLines(IrqLines lines) {
        if (irqLines == lines) {
            irqLines = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetClock")
    void setClock(VirtualClock c) {
        clock = c;
        uart.setTime(clock, timers);
    }

    void unsetClock(VirtualClock c) {
        if (clock == c) {
            clock = null;
            uart.setTime(null, timers);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTimers")
    void setTimers(VirtualTimers t) {
        timers = t;
        uart.setTime(clock, timers);
    }

    void unsetTimers(VirtualTimers t) {
        if (timers == t) {
            timers = null;
            uart.setTime(clock, null);
        }
    }

    private void irq(boolean high) {
        IrqLines lines = irqLines;
        if (lines != null) {
            if (high) {
                lines.raise(IRQ);
            } else {
                lines.lower(IRQ);
            }
        }
    }

    /** Called with the UART's lock held. */
    private void transmit(int b) {
        sink.write(b);
    }

    /** The chip (for tests). */
    Uart16550 uart() {
        return uart;
    }

    /** The sink now (for tests). */
    SerialSink sink() {
        return sink;
    }

    @Override
    public int in(int port, int size) {
        return uart.read(port - BASE);
    }

    @Override
    public void out(int port, int size, int value) {
        uart.write(port - BASE, value);
    }

    @Override
    public DeviceState saveState() {
        return uart.saveState();
    }

    @Override
    public void restoreState(DeviceState state) {
        uart.restoreState(state);
    }
}
