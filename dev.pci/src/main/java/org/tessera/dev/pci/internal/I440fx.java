package org.tessera.dev.pci.internal;

import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.pci.PciFunction;

/**
 * The 82441FX PCI and memory controller (i440FX host bridge), device 0 function 0: vendor 8086h,
 * device 1237h, revision 02h, class 060000h (host bridge), header type 00h.
 *
 * <h2>Registers</h2>
 * Command 0006h (memory and bus master enable hardwired; SERR# and parity response writable),
 * status 0280h (errors write-1-to-clear), latency timer (bits 7-3). The DRAM and timing registers
 * 50h-58h, the row boundaries DRB0-7 (60h-67h, 01h at reset), 68h, 70h, 71h and the error
 * registers 90h/91h are kept and read back but change nothing here: the machine's RAM is
 * configured elsewhere. SMRAM (72h, 02h at reset): bits 2-0 read 010b (A0000h); D_OPEN, D_CLS,
 * D_LCK and G_SMRAME are kept; setting D_LCK clears D_OPEN and leaves only D_CLS writable until
 * the next power-on, as the datasheet says. SMRAM itself is not mapped (there is no SMM).
 *
 * <h2>PAM and shadow RAM</h2>
 * PAM0-PAM6 (59h-5Fh, 00h at reset) hold an attribute nibble for each of 13 segments: PAM0 bits
 * 5-4 for F0000h-FFFFFh (64 KiB), PAM1-PAM6 bits 1-0 and 5-4 for the 16 KiB segments C0000h,
 * C4000h, ... E8000h, EC000h; bit 0 of a nibble sends reads to RAM, bit 1 writes (bits 3-2 of a
 * nibble are reserved and read 0). Each segment is a {@link ShadowSegment} with RAM of its own,
 * registered as a {@link RegionHandler} of priority {@value #PRIORITY} (above the option ROMs at
 * 5 and the BIOS aliases at 20) while its nibble is not 00: modes 11 and 01 map the RAM
 * directly (writable or not), so accesses stay on the bus's fast path; mode 10 reads the
 * firmware ROM below and writes RAM; mode 00 withdraws the handler, so whatever lies below
 * shows through unchanged. A configuration write that changes PAM registers applies all its
 * changes, then asks the {@link MemoryBus} once to {@linkplain MemoryBus#remap() compile its
 * view again} (registering or withdrawing a handler compiles it anyway).
 *
 * <p>The firmware below is found among the {@link RegionHandler} services with
 * {@link RegionHandler#REGION_FIRMWARE} = true (by base, size and priority); where none covers an
 * address a mode-10 read answers FFh.
 *
 * <h2>State</h2>
 * Device id {@value #DEVICE_ID}, format 1: {@code config} (256 bytes) and {@code shadow}
 * (256 KiB, the shadow RAM of C0000h-FFFFFh in address order). The PCI host saves and restores
 * it across swaps.
 *
 * <h2>Locking</h2>
 * The registers are guarded by this object's monitor; the mapping of segments is serialised by
 * a second lock and done outside the first, and the segments themselves take no lock, because
 * the memory bus calls them while it compiles (possibly on another thread, holding its own
 * locks).
 */
@Component(service = PciFunction.class,
        property = {
            PciFunction.PCI_DEVICE + ":Integer=0",
            PciFunction.PCI_FUNCTION + ":Integer=0",
            StatefulDevice.DEVICE_ID + "=" + I440fx.DEVICE_ID
        })
public final class I440fx implements PciFunction, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "i440fx";
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;
    /** Region priority of the shadow segments. */
    static final int PRIORITY = 30;

    /** PAM0; PAM1-PAM6 follow. */
    static final int PAM0 = 0x59;
    /** The last PAM register. */
    static final int PAM6 = 0x5F;
    /** SMRAM control. */
    static final int SMRAM = 0x72;
    static final int SMRAM_D_OPEN = 0x40;
    static final int SMRAM_D_CLS = 0x20;
    static final int SMRAM_D_LCK = 0x10;
    static final int SMRAM_G_SMRAME = 0x08;

    /** First address with shadow RAM. */
    static final long SHADOW_BASE = 0xC0000;
    /** Bytes of shadow RAM, C0000h-FFFFFh. */
    static final int SHADOW_SIZE = 0x40000;
    /** Number of PAM segments. */
    static final int SEGMENTS = 13;

    private final ConfigSpace config = space();
    private final ShadowSegment[] segments = new ShadowSegment[SEGMENTS];
    private final FirmwareRoms firmware = new FirmwareRoms();
    private final RegionPublisher publisher;
    /** Serialises mapping; guards registrations. Never held by code the bus calls. */
    private final Object mapping = new Object();
    private final RegionPublisher.Registration[] registrations = new RegionPublisher.Registration[SEGMENTS];
    private volatile MemoryBus bus;

    /** Constructor for Declarative Services: segments become services of the component's bundle. */
    @Activate
    public I440fx(BundleContext context) {
        this((handler, props) -> {
            ServiceRegistration<RegionHandler> r = context.registerService(RegionHandler.class, handler,
                    new Hashtable<>(props));
            return () -> {
                try {
                    r.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // unregistered with the bundle
                }
            };
        });
    }

    /** A bridge whose segments go to {@code publisher} (tests). */
    I440fx(RegionPublisher publisher) {
        this.publisher = publisher;
        segments[0] = new ShadowSegment(0xF0000, 0x10000, firmware);
        for (int i = 1; i < SEGMENTS; i++) {
            segments[i] = new ShadowSegment(SHADOW_BASE + (long) (i - 1) * 0x4000, 0x4000, firmware);
        }
    }

    private static ConfigSpace space() {
        ConfigSpace s = new ConfigSpace(0x8086, 0x1237, 0x02, 0x060000, 0x00)
                .command(ConfigSpace.COMMAND_MEMORY | ConfigSpace.COMMAND_MASTER, 0x0140)
                .status(ConfigSpace.STATUS_DEVSEL_MEDIUM | ConfigSpace.STATUS_FAST_B2B, 0xF900)
                .register(ConfigSpace.LATENCY_TIMER, 1, 0, 0xF8)
                .register(0x50, 2, 0x0000, 0xFFFF) // PMCCFG
                .register(0x52, 1, 0x00, 0xFF) // DETURBO
                .register(0x53, 1, 0x80, 0xFF) // DBC
                .register(0x54, 1, 0x00, 0xFF) // AXC
                .register(0x55, 2, 0x0000, 0xFFFF) // DRAMR
                .register(0x57, 1, 0x01, 0xFF) // DRAMC
                .register(0x58, 1, 0x10, 0xFF) // DRAMT
                .register(PAM0, 1, 0x00, 0x30);
        for (int r = PAM0 + 1; r <= PAM6; r++) {
            s.register(r, 1, 0x00, 0x33);
        }
        for (int r = 0x60; r <= 0x67; r++) {
            s.register(r, 1, 0x01, 0xFF); // DRB0-7
        }
        return s.register(0x68, 1, 0x00, 0xC0) // FDHC
                .register(0x70, 1, 0x20, 0xF8) // MTT
                .register(0x71, 1, 0x10, 0xFF) // CLT
                .register(SMRAM, 1, 0x02, SMRAM_D_OPEN | SMRAM_D_CLS | SMRAM_D_LCK | SMRAM_G_SMRAME)
                .register(0x90, 1, 0x00, 0xFF) // ERRCMD
                .writeOneToClear(0x91, 1, 0x00, 0xFF) // ERRSTS
                .seal();
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetBus")
    void setBus(MemoryBus b) {
        bus = b;
    }

    void unsetBus(MemoryBus b) {
        if (bus == b) {
            bus = null;
        }
    }

    @Reference(service = RegionHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(" + RegionHandler.REGION_FIRMWARE + "=true)",
            unbind = "removeFirmware", updated = "addFirmware")
    void addFirmware(RegionHandler rom, Map<String, Object> props) {
        firmware.add(rom, props);
    }

    void removeFirmware(RegionHandler rom) {
        firmware.remove(rom);
    }

    @Deactivate
    void deactivate() {
        synchronized (mapping) {
            for (int i = 0; i < SEGMENTS; i++) {
                if (registrations[i] != null) {
                    registrations[i].withdraw();
                    registrations[i] = null;
                }
                segments[i].setMode(0);
            }
        }
    }

    @Override
    public synchronized int configRead(int offset, int size) {
        return config.read(offset, size);
    }

    @Override
    public void configWrite(int offset, int size, int value) {
        synchronized (this) {
            int smram = config.get8(SMRAM);
            config.write(offset, size, value);
            if ((smram & SMRAM_D_LCK) != 0) {
                // locked: only D_CLS still follows writes
                config.put(SMRAM, 1, smram & ~SMRAM_D_CLS | config.get8(SMRAM) & SMRAM_D_CLS);
            } else if ((config.get8(SMRAM) & SMRAM_D_LCK) != 0) {
                config.put(SMRAM, 1, config.get8(SMRAM) & ~SMRAM_D_OPEN);
            }
        }
        if (offset <= PAM6 && offset + size > PAM0) {
            applyPam();
        }
    }

    /** The attribute nibble of segment {@code i} now. */
    private synchronized int nibble(int i) {
        if (i == 0) {
            return config.get8(PAM0) >>> 4 & 3;
        }
        int reg = config.get8(PAM0 + 1 + (i - 1) / 2);
        return ((i - 1) & 1) == 0 ? reg & 3 : reg >>> 4 & 3;
    }

    /** Brings the segments' mappings in line with the PAM registers. */
    private void applyPam() {
        synchronized (mapping) {
            boolean remap = false;
            for (int i = 0; i < SEGMENTS; i++) {
                ShadowSegment s = segments[i];
                int now = nibble(i);
                int before = s.mode();
                if (now == before) {
                    continue;
                }
                s.setMode(now);
                if (before == 0) {
                    registrations[i] = publisher.publish(s, properties(s));
                } else if (now == 0) {
                    registrations[i].withdraw();
                    registrations[i] = null;
                } else {
                    remap = true;
                }
            }
            MemoryBus b = bus;
            if (remap && b != null) {
                b.remap();
            }
        }
    }

    private static Map<String, Object> properties(ShadowSegment s) {
        return Map.of(
                RegionHandler.REGION_BASE, s.base,
                RegionHandler.REGION_SIZE, (long) s.ram.length,
                RegionHandler.REGION_PRIORITY, PRIORITY,
                RegionHandler.REGION_NAME, String.format("shadow.%05x", s.base));
    }

    /** Segment {@code i} (0: F0000h, 1-12: C0000h upwards), for tests. */
    ShadowSegment segment(int i) {
        return segments[i];
    }

    @Override
    public DeviceState saveState() {
        byte[] shadow = new byte[SHADOW_SIZE];
        for (ShadowSegment s : segments) {
            System.arraycopy(s.ram, 0, shadow, (int) (s.base - SHADOW_BASE), s.ram.length);
        }
        byte[] bytes;
        synchronized (this) {
            bytes = config.save();
        }
        return DeviceState.builder(DEVICE_ID, STATE_VERSION).blob("config", bytes).blob("shadow", shadow).build();
    }

    @Override
    public void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        byte[] bytes = state.blob("config");
        byte[] shadow = state.blob("shadow");
        if (shadow.length != SHADOW_SIZE) {
            throw new IllegalArgumentException("i440FX shadow RAM of " + shadow.length + " bytes");
        }
        synchronized (this) {
            config.load(bytes);
        }
        for (ShadowSegment s : segments) {
            System.arraycopy(shadow, (int) (s.base - SHADOW_BASE), s.ram, 0, s.ram.length);
        }
        applyPam();
    }

    @Override
    public String toString() {
        return "i440FX host bridge";
    }
}
