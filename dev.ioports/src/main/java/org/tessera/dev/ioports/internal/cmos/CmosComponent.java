package org.tessera.dev.ioports.internal.cmos;

import java.lang.System.Logger.Level;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The CMOS/RTC on ports 70h (index; bit 7 masks the NMI) and 71h (data), IRQ8. The chip itself is
 * {@link CmosChip}; this component wires it to machine time ({@link VirtualClock}, the host's
 * monotonic clock without one), timed tasks ({@link VirtualTimers}), the interrupt line
 * ({@link IrqLines}) and the RAM size ({@link MemoryBus}), all optional and dynamic.
 *
 * <p>Machine time as the chip sees it stays continuous when the clock service comes or goes (an
 * offset is kept), so the RTC neither jumps nor stops when cpu.core is updated.
 *
 * <p>The memory-size bytes are written at the first guest access after activation (the RAM is
 * mapped by then), unless a restored state already holds them.
 */
@Component(service = PortHandler.class, configurationPid = CmosComponent.PID,
        property = {
            PortHandler.PORT_BASE + ":Integer=112",
            PortHandler.PORT_COUNT + ":Integer=2",
            PortHandler.PORT_NAME + "=cmos",
            StatefulDevice.DEVICE_ID + "=" + CmosComponent.DEVICE_ID
        })
@Designate(ocd = CmosConfig.class)
public final class CmosComponent implements PortHandler, StatefulDevice {

    /** Configuration PID. */
    static final String PID = "tessera.cmos";
    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "cmos";
    /** The index port. */
    static final int INDEX_PORT = 0x70;
    /** The data port. */
    static final int DATA_PORT = 0x71;

    private static final System.Logger LOG = System.getLogger(CmosComponent.class.getName());

    private final CmosChip chip = new CmosChip(new Wiring());
    /** Guarded by this: added to the clock's time (or the host's) to give the chip's time. */
    private long offset;
    /** Guarded by this: the clock the offset belongs to. */
    private VirtualClock offsetClock;
    private volatile VirtualClock clock;
    private volatile VirtualTimers timers;
    private volatile IrqLines irqLines;
    private volatile MemoryBus memoryBus;
    /** Guarded by this. */
    private long configuredExtendedKb = -1;
    /** Guarded by this: the memory-size bytes are still to be written. */
    private boolean memoryPending;

    /** Constructor for Declarative Services. */
    public CmosComponent() {
    }

    @Activate
    synchronized void activate(CmosConfig config) {
        chip.powerOn(startTime(config.time()));
        configure(config);
        memoryPending = true;
    }

    @Modified
    synchronized void modified(CmosConfig config) {
        configure(config);
        writeMemoryBytes();
    }

    /** Applies the drive, equipment and boot settings (also at run time; the time is set at start only). */
    synchronized void configure(CmosConfig config) {
        try {
            CmosMemory.writeConfiguration(chip, CmosMemory.floppyType(config.floppyA()),
                    CmosMemory.floppyType(config.floppyB()), config.hardDisks(), config.fpu(), config.bootOrder());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "CMOS configuration not usable (" + e.getMessage() + "); using the defaults");
            CmosMemory.writeConfiguration(chip, 4, 0, 0, false, "floppy,disk");
        }
        configuredExtendedKb = config.extendedKb();
    }

    /** The power-on time for setting {@code host} or an ISO local date-time. */
    static LocalDateTime startTime(String setting) {
        if (setting == null || setting.isBlank() || setting.trim().equalsIgnoreCase("host")) {
            return LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        }
        try {
            return LocalDateTime.parse(setting.trim());
        } catch (DateTimeParseException e) {
            LOG.log(Level.WARNING, "CMOS time '" + setting + "' is neither host nor an ISO date-time; using the host's");
            return LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        chip.close();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetClock")
    void setClock(VirtualClock c) {
        synchronized (this) {
            long before = nanos();
            clock = c;
            rebase(before);
        }
    }

    void unsetClock(VirtualClock c) {
        synchronized (this) {
            if (clock == c) {
                long before = nanos();
                clock = null;
                rebase(before);
            }
        }
    }

    private void rebase(long before) {
        VirtualClock c = clock;
        offset = before - (c != null ? c.nanos() : System.nanoTime());
        offsetClock = c;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetTimers")
    void setTimers(VirtualTimers t) {
        timers = t;
        synchronized (this) {
            chip.sync();
        }
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
            if (chip.lineHigh()) {
                lines.raise(CmosChip.IRQ);
            }
        }
    }

    void unsetIrqLines(IrqLines lines) {
        if (irqLines == lines) {
            irqLines = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetMemoryBus")
    void setMemoryBus(MemoryBus bus) {
        memoryBus = bus;
    }

    void unsetMemoryBus(MemoryBus bus) {
        if (memoryBus == bus) {
            memoryBus = null;
        }
    }

    /** The chip's machine time. Guarded by this. */
    private long nanos() {
        VirtualClock c = clock;
        long base = c != null ? c.nanos() : System.nanoTime();
        return c == offsetClock ? base + offset : base;
    }

    private void writeMemoryBytes() {
        long kb = configuredExtendedKb;
        if (kb < 0) {
            MemoryBus bus = memoryBus;
            kb = bus == null ? -1 : CmosMemory.extendedKb(bus.regions());
        }
        if (kb >= 0) {
            CmosMemory.writeMemory(chip, kb);
            memoryPending = false;
        }
    }

    @Override
    public synchronized int in(int port, int size) {
        if (memoryPending) {
            writeMemoryBytes();
        }
        int value = (port & 1) == 0 ? chip.readIndex() : chip.readData();
        return size == 1 ? value : value | (size == 2 ? 0xFF00 : 0xFFFFFF00);
    }

    @Override
    public synchronized void out(int port, int size, int value) {
        if (memoryPending) {
            writeMemoryBytes();
        }
        if ((port & 1) == 0) {
            chip.writeIndex(value);
        } else {
            chip.writeData(value);
        }
    }

    /** Whether the last index write masked the NMI (there is no NMI line yet to gate). */
    public synchronized boolean nmiMasked() {
        return chip.nmiMasked();
    }

    /** The chip (tests). */
    CmosChip chip() {
        return chip;
    }

    @Override
    public synchronized DeviceState saveState() {
        return chip.save(DEVICE_ID);
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        chip.restore(state, DEVICE_ID);
        memoryPending = false;
    }

    /** Connects the chip to this component's references. */
    private final class Wiring implements CmosChip.Wiring {
        @Override
        public long nanos() {
            synchronized (CmosComponent.this) {
                return CmosComponent.this.nanos();
            }
        }

        @Override
        public VirtualTimers.Scheduled schedule(long at, Runnable task) {
            VirtualTimers t = timers;
            if (t == null) {
                return null;
            }
            long shift;
            synchronized (CmosComponent.this) {
                shift = clock == offsetClock ? offset : 0;
            }
            return t.schedule(at - shift, () -> {
                synchronized (CmosComponent.this) {
                    task.run();
                }
            });
        }

        @Override
        public void irq(boolean high) {
            IrqLines lines = irqLines;
            if (lines != null) {
                if (high) {
                    lines.raise(CmosChip.IRQ);
                } else {
                    lines.lower(CmosChip.IRQ);
                }
            }
        }
    }
}
