package org.tessera.dev.ioports.internal.fwcfg;

import java.lang.System.Logger.Level;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * The QEMU firmware configuration interface (fw_cfg), its traditional port interface without
 * DMA, as on a QEMU PC: a 16-bit write to 510h selects an item and resets the offset; a byte read
 * from 511h (or 510h, as QEMU) answers the item's next byte, 0 past its end or for a key without
 * an item. Data writes and byte writes to 510h are ignored (QEMU ignores data writes since 2.4);
 * a 16-bit read answers two successive bytes.
 *
 * <p>Items ({@link FwCfgItems}): signature "QEMU", ID 1 (no DMA), a zero UUID, the RAM size (the
 * configuration's, else the memory bus's region {@code ram}, looked up when selected), no
 * graphics 0, one CPU, boot menu 0, the file directory and the files of the configuration under
 * PID {@value #PID}, read at activation ({@link FwCfgFiles}). What SeaBIOS asks for and is not
 * here (NUMA, the ACPI, SMBIOS and e820 items, {@code etc/} files) reads as absent: zeros and no
 * directory entry.
 */
@Component(service = PortHandler.class, configurationPid = FwCfgComponent.PID,
        property = {
            PortHandler.PORT_BASE + ":Integer=1296",
            PortHandler.PORT_COUNT + ":Integer=2",
            PortHandler.PORT_NAME + "=fw_cfg",
            StatefulDevice.DEVICE_ID + "=" + FwCfgComponent.DEVICE_ID
        })
@Designate(ocd = FwCfgConfig.class)
public final class FwCfgComponent implements PortHandler, StatefulDevice {

    /** Configuration PID. */
    static final String PID = "tessera.fwcfg";
    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "fw_cfg";
    /** The selector port. */
    static final int SELECTOR = 0x510;
    /** The data port. */
    static final int DATA = 0x511;
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;
    /** The name of the memory bus's main RAM region. */
    static final String RAM_REGION = "ram";

    private final System.Logger log;
    /** Guarded by this. */
    private final FwCfg fwcfg = new FwCfg(FwCfgItems.build(List.of()));
    /** The configured RAM size, or -1 for the memory bus's. */
    private volatile long configuredRamSize = -1;
    private volatile MemoryBus memoryBus;

    /** Constructor for Declarative Services. */
    public FwCfgComponent() {
        this(System.getLogger(FwCfgComponent.class.getName()));
    }

    /** A device logging to {@code log}. */
    FwCfgComponent(System.Logger log) {
        this.log = log;
    }

    @Activate
    @Modified
    void activate(FwCfgConfig config) {
        configure(config.files(), config.strings(), config.ramSize());
    }

    /** Reads the files and strings and sets the RAM size (-1: from the memory bus). */
    void configure(String[] files, String[] strings, long ramSize) {
        List<FwCfgItems.File> loaded = FwCfgFiles.load(files, strings, log);
        FwCfgItems items = FwCfgItems.build(loaded);
        if (ramSize < -1) {
            log.log(Level.WARNING, "fw_cfg: RAM size " + ramSize + " is negative; the memory bus's is used");
            ramSize = -1;
        }
        configuredRamSize = ramSize;
        synchronized (this) {
            fwcfg.items(items);
        }
        log.log(Level.DEBUG, () -> "fw_cfg: " + items.names().size() + " files " + items.names());
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

    /** The RAM size item's value: the configured size, else the bus's {@code ram} regions, else 0. */
    long ramSize() {
        long configured = configuredRamSize;
        if (configured >= 0) {
            return configured;
        }
        MemoryBus bus = memoryBus;
        if (bus == null) {
            log.log(Level.DEBUG, "fw_cfg: no memory bus; the RAM size item answers 0");
            return 0;
        }
        return ramSize(bus.regions());
    }

    /** The total size of the regions named {@value #RAM_REGION} of kind {@code ram}. */
    static long ramSize(List<RegionInfo> regions) {
        long total = 0;
        for (RegionInfo r : regions) {
            if (RAM_REGION.equals(r.name()) && "ram".equals(r.kind())) {
                total += r.size();
            }
        }
        return total;
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD;
    }

    @Override
    public synchronized int in(int port, int size) {
        int value = 0;
        for (int i = 0; i < size; i++) {
            value |= fwcfg.read() << (i << 3);
        }
        return value;
    }

    @Override
    public void out(int port, int size, int value) {
        if (port != SELECTOR || size != 2) {
            return;
        }
        int key = value & 0xFFFF;
        long ram = FwCfg.isRamSize(key) ? ramSize() : 0;
        synchronized (this) {
            fwcfg.select(key, ram);
        }
    }

    /** The items now (tests). */
    synchronized FwCfgItems items() {
        return fwcfg.items();
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, STATE_VERSION)
                .field("selector", fwcfg.key())
                .field("offset", fwcfg.offset())
                .build();
    }

    /** Takes over the selection and offset; the items are this instance's (its configuration). */
    @Override
    public void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        long key = state.field("selector");
        long offset = state.field("offset");
        if (key < 0 || key > 0xFFFF || offset < 0) {
            throw new IllegalArgumentException("fw_cfg state out of range: " + state);
        }
        long ram = FwCfg.isRamSize((int) key) ? ramSize() : 0;
        synchronized (this) {
            fwcfg.restore((int) key, offset, ram);
        }
    }
}
