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
 * The VGA as the machine sees it. The component is the memory window A0000-BFFFF
 * ({@link RegionHandler}, bytes only: the bus splits wider accesses, lowest address first) and a
 * {@link StatefulDevice} with device id {@value #DEVICE_ID}. It owns one {@link VgaHardware} and
 * registers, from its constructor: the hardware (a service of type {@link VgaHardware}, for the
 * display), the IO ports ({@link VgaPortHandler}, device id {@value #DEVICE_ID} too) and the
 * Bochs VBE linear framebuffer ({@link VgaLfb}, at the configured base).
 *
 * <p>The logic lives in units as the hardware is split: {@link GeneralRegisters},
 * {@link Sequencer}, {@link CrtController}, {@link GraphicsController},
 * {@link AttributeController}, {@link Dac}, {@link BochsVbe}, {@link RetraceTimer}, the port
 * decoder {@link VgaPorts} and the memory unit {@link VgaMemory}. Every access runs
 * {@code synchronized (hw)}; the renderer renders under the same lock.
 *
 * <p>Hot swap with two buses: the memory bus and the IO bus each save the record of the device
 * when its handler goes away and each restore into the replacement, so the device receives two
 * records. Declarative Services unregisters the component's service (the window) before it calls
 * {@link #deactivate}, which unregisters the ports: the memory bus saves first, the IO bus last,
 * and only the last record holds the port accesses made in between. On arrival the ports are
 * registered by the constructor, before the window's service is bound: the IO bus restores the
 * newest record first, while a memory access still waits; the memory bus's older record of the
 * same instance is then ignored (records carry the saving instance and its access count). The
 * framebuffer is registered after the ports, so it starts on restored memory.
 */
@Component(service = RegionHandler.class, immediate = true, configurationPid = VgaDevice.PID,
        property = {
            RegionHandler.REGION_BASE + ":Integer=655360",
            RegionHandler.REGION_SIZE + ":Integer=131072",
            RegionHandler.REGION_PRIORITY + ":Integer=10",
            RegionHandler.REGION_NAME + "=vga",
            StatefulDevice.DEVICE_ID + "=" + VgaDevice.DEVICE_ID
        })
@Designate(ocd = VgaConfig.class)
public final class VgaDevice implements RegionHandler, StatefulDevice {

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

    private ServiceRegistration<?> hardwareRegistration;
    private ServiceRegistration<?> portRegistration;
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
        Hashtable<String, Object> hwProps = new Hashtable<>();
        hwProps.put(StatefulDevice.DEVICE_ID, DEVICE_ID);
        hardwareRegistration = context.registerService(VgaHardware.class.getName(), hw, hwProps);
        Hashtable<String, Object> portProps = new Hashtable<>();
        portProps.put(PortHandler.PORT_LIST, VgaPortHandler.PORTS.clone());
        portProps.put(PortHandler.PORT_NAME, DEVICE_ID);
        portProps.put(StatefulDevice.DEVICE_ID, DEVICE_ID);
        portRegistration = context.registerService(PortHandler.class.getName(), new VgaPortHandler(this), portProps);
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
        unregister(portRegistration);
        unregister(hardwareRegistration);
        lfbRegistration = null;
        portRegistration = null;
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
        return BYTE;
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

    /** IN of a byte or a word (see {@link VgaPortHandler}). */
    int in(int port, int size) {
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

    /** OUT of a byte or a word (see {@link VgaPortHandler}). */
    void out(int port, int size, int value) {
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
