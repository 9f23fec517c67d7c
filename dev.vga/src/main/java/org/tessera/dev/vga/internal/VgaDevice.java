package org.tessera.dev.vga.internal;

import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.time.VirtualClock;

/**
 * The VGA as the machine sees it: one service that is the memory window A0000-BFFFF
 * ({@link RegionHandler}), the IO ports ({@link PortHandler}: 3B4/3B5/3BA, 3C0-3CF,
 * 3D4/3D5/3DA, and the Bochs VBE ports 01CE/01CF, with 01D0 claimed so that a word access to
 * 01CF reaches it whole) and a {@link StatefulDevice} with device id {@value #DEVICE_ID}. It owns
 * one {@link VgaHardware}, registered as a service for the display, and the Bochs VBE linear
 * framebuffer ({@link VgaLfb}, registered with the configured base).
 *
 * <p>The logic lives in units as the hardware is split: {@link GeneralRegisters},
 * {@link Sequencer}, {@link CrtController}, {@link GraphicsController},
 * {@link AttributeController}, {@link Dac}, {@link BochsVbe}, {@link RetraceTimer}, the port
 * decoder {@link VgaPorts} and the memory unit {@link VgaMemory}. Every access runs
 * {@code synchronized (hw)}; the renderer renders under the same lock.
 *
 * <p>Access sizes: the region and the port interfaces share {@code accessSizes()}; both get
 * bytes and words. A word to memory is done as two byte accesses, low address first (as the bus
 * would split it); a word OUT to a VGA port pair (3C4/3C5, 3CE/3CF, 3D4/3D5) is the index byte
 * then the data byte; a word at 01CE/01CF is one 16-bit VBE access.
 *
 * <p>Hot swap: the memory bus and the IO bus each save the state of this one service when it goes
 * away and each restore into the replacement. The records carry the access count and the saving
 * instance's id; a record older than one already restored from the same instance is ignored, so
 * the newest record wins whichever bus delivers it first.
 */
@Component(service = {RegionHandler.class, PortHandler.class}, immediate = true, configurationPid = VgaDevice.PID,
        property = {
            RegionHandler.REGION_BASE + ":Integer=655360",
            RegionHandler.REGION_SIZE + ":Integer=131072",
            RegionHandler.REGION_PRIORITY + ":Integer=10",
            RegionHandler.REGION_NAME + "=vga",
            PortHandler.PORT_LIST + ":Integer=462",
            PortHandler.PORT_LIST + ":Integer=463",
            PortHandler.PORT_LIST + ":Integer=464",
            PortHandler.PORT_LIST + ":Integer=948",
            PortHandler.PORT_LIST + ":Integer=949",
            PortHandler.PORT_LIST + ":Integer=954",
            PortHandler.PORT_LIST + ":Integer=960",
            PortHandler.PORT_LIST + ":Integer=961",
            PortHandler.PORT_LIST + ":Integer=962",
            PortHandler.PORT_LIST + ":Integer=963",
            PortHandler.PORT_LIST + ":Integer=964",
            PortHandler.PORT_LIST + ":Integer=965",
            PortHandler.PORT_LIST + ":Integer=966",
            PortHandler.PORT_LIST + ":Integer=967",
            PortHandler.PORT_LIST + ":Integer=968",
            PortHandler.PORT_LIST + ":Integer=969",
            PortHandler.PORT_LIST + ":Integer=970",
            PortHandler.PORT_LIST + ":Integer=971",
            PortHandler.PORT_LIST + ":Integer=972",
            PortHandler.PORT_LIST + ":Integer=973",
            PortHandler.PORT_LIST + ":Integer=974",
            PortHandler.PORT_LIST + ":Integer=975",
            PortHandler.PORT_LIST + ":Integer=980",
            PortHandler.PORT_LIST + ":Integer=981",
            PortHandler.PORT_LIST + ":Integer=986",
            PortHandler.PORT_NAME + "=vga",
            StatefulDevice.DEVICE_ID + "=" + VgaDevice.DEVICE_ID
        })
@Designate(ocd = VgaConfig.class)
public final class VgaDevice implements RegionHandler, PortHandler, StatefulDevice {

    /** Configuration PID. */
    static final String PID = "tessera.vga";
    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "vga";
    /** Default video memory: 16 MiB. */
    static final int DEFAULT_VRAM = 16 << 20;
    /** Default base of the linear framebuffer. */
    static final long DEFAULT_LFB_BASE = 0xE0000000L;
    /** Bochs VBE index port. */
    static final int VBE_INDEX_PORT = 0x1CE;
    /** Bochs VBE data port. */
    static final int VBE_DATA_PORT = 0x1CF;

    private static final System.Logger LOG = System.getLogger(VgaDevice.class.getName());

    private final VgaHardware hw;
    private final VgaMemory memory;
    private final VgaPorts ports;
    private final BochsVbe vbe;
    private final long instance = ThreadLocalRandom.current().nextLong();
    private volatile VirtualClock clock;
    /** Guarded by hw: the instance whose record was restored last, and its sequence. */
    private long restoredFrom;
    private long restoredSequence = -1;

    private BundleContext context;
    private ServiceRegistration<?> hardwareRegistration;
    private ServiceRegistration<?> lfbRegistration;

    /** A device with {@code vramBytes} of video memory, outside a framework (tests). */
    VgaDevice(int vramBytes) {
        hw = new VgaHardware(vramBytes);
        RetraceTimer timer = new RetraceTimer(hw);
        GeneralRegisters general = new GeneralRegisters(hw, timer);
        GraphicsController gc = new GraphicsController(hw);
        AttributeController attr = new AttributeController(hw);
        vbe = new BochsVbe(hw);
        LongSupplier time = this::nanos;
        ports = new VgaPorts(general, new Sequencer(hw), new CrtController(hw), gc, attr, new Dac(hw), time);
        memory = new VgaMemory(hw, general, gc, vbe);
        powerOn();
    }

    /** Constructor for Declarative Services. */
    @Activate
    public VgaDevice(BundleContext context, VgaConfig config) {
        this(vramSize(config.vramSize()));
        this.context = context;
        Hashtable<String, Object> hwProps = new Hashtable<>();
        hwProps.put(StatefulDevice.DEVICE_ID, DEVICE_ID);
        hardwareRegistration = context.registerService(VgaHardware.class.getName(), hw, hwProps);
        Hashtable<String, Object> lfbProps = new Hashtable<>();
        lfbProps.put(RegionHandler.REGION_BASE, config.lfbBase());
        lfbProps.put(RegionHandler.REGION_SIZE, (long) hw.vram.length);
        lfbProps.put(RegionHandler.REGION_NAME, VgaLfb.DEVICE_ID);
        lfbProps.put(StatefulDevice.DEVICE_ID, VgaLfb.DEVICE_ID);
        lfbRegistration = context.registerService(RegionHandler.class.getName(), new VgaLfb(hw), lfbProps);
        LOG.log(Level.DEBUG, () -> "VGA with " + (hw.vram.length >> 10) + " KiB, LFB at "
                + Long.toHexString(config.lfbBase()));
    }

    private static int vramSize(int requested) {
        if (requested < 4 * VgaHardware.PLANE_SIZE || requested > (256 << 20) || (requested & 0xFFFF) != 0) {
            LOG.log(Level.WARNING, "VGA video memory of " + requested + " bytes is not a multiple of 64 KiB from"
                    + " 256 KiB to 256 MiB; using " + DEFAULT_VRAM);
            return DEFAULT_VRAM;
        }
        return requested;
    }

    @Deactivate
    void deactivate() {
        unregister(lfbRegistration);
        unregister(hardwareRegistration);
        lfbRegistration = null;
        hardwareRegistration = null;
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetClock")
    void setClock(VirtualClock c) {
        clock = c;
    }

    void unsetClock(VirtualClock c) {
        if (clock == c) {
            clock = null;
        }
    }

    /** Machine time: the virtual clock, or the host's monotonic clock without one. */
    long nanos() {
        VirtualClock c = clock;
        return c != null ? c.nanos() : System.nanoTime();
    }

    /** The hardware (the display renders from it). */
    VgaHardware hardware() {
        return hw;
    }

    /** The power-on state: every register 0, PEL mask FFh, the VBE at its reset values. */
    private void powerOn() {
        synchronized (hw) {
            hw.miscOutput = 0;
            hw.featureControl = 0;
            hw.videoEnable = 1;
            hw.seqIndex = 0;
            hw.crtcIndex = 0;
            hw.gcIndex = 0;
            hw.attrAddress = 0;
            hw.attrFlipFlopData = false;
            Arrays.fill(hw.seq, 0);
            Arrays.fill(hw.crtc, 0);
            Arrays.fill(hw.gc, 0);
            Arrays.fill(hw.attr, 0);
            hw.pelMask = 0xFF;
            vbe.reset();
        }
    }

    // ------------------------------------------------------------------ memory window

    @Override
    public int accessSizes() {
        return RegionHandler.BYTE | RegionHandler.WORD;
    }

    @Override
    public boolean readsAreSideEffectFree() {
        return false;
    }

    @Override
    public int read(long offset, int size) {
        int o = (int) offset;
        synchronized (hw) {
            hw.sequence += size;
            int v = memory.read(o);
            for (int i = 1; i < size; i++) {
                v |= memory.read(o + i) << (i << 3);
            }
            return v;
        }
    }

    @Override
    public void write(long offset, int size, int value) {
        int o = (int) offset;
        synchronized (hw) {
            hw.sequence += size;
            for (int i = 0; i < size; i++) {
                memory.write(o + i, value >>> (i << 3));
            }
        }
    }

    // ------------------------------------------------------------------ ports

    @Override
    public int in(int port, int size) {
        synchronized (hw) {
            hw.sequence++;
            if (port == VBE_INDEX_PORT) {
                return size == 1 ? vbe.readIndex() & 0xFF : vbe.readIndex();
            }
            if (port == VBE_DATA_PORT) {
                return size == 1 ? vbe.readData() & 0xFF : vbe.readData();
            }
            int v = ports.in(port);
            for (int i = 1; i < size; i++) {
                v |= ports.in(port + i) << (i << 3);
            }
            return v;
        }
    }

    @Override
    public void out(int port, int size, int value) {
        synchronized (hw) {
            hw.sequence++;
            if (port == VBE_INDEX_PORT) {
                vbe.writeIndex(size == 1 ? value & 0xFF : value);
                return;
            }
            if (port == VBE_DATA_PORT) {
                vbe.writeData(size == 1 ? value & 0xFF : value);
                return;
            }
            for (int i = 0; i < size; i++) {
                ports.out(port + i, value >>> (i << 3));
            }
        }
    }

    // ------------------------------------------------------------------ state

    @Override
    public DeviceState saveState() {
        synchronized (hw) {
            return VgaState.save(DEVICE_ID, hw, instance);
        }
    }

    @Override
    public void restoreState(DeviceState state) {
        synchronized (hw) {
            state.require(DEVICE_ID, VgaState.VERSION, VgaState.VERSION);
            long from = state.field(VgaState.INSTANCE, 0);
            long sequence = state.field(VgaState.SEQUENCE, 0);
            if (restoredSequence >= 0 && from == restoredFrom && sequence <= restoredSequence) {
                LOG.log(Level.DEBUG, "VGA state of access {0} ignored: the one of access {1} is already in",
                        sequence, restoredSequence);
                return;
            }
            VgaState.restore(DEVICE_ID, hw, state);
            restoredFrom = from;
            restoredSequence = sequence;
        }
    }
}
