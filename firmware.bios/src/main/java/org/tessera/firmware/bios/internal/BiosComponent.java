package org.tessera.firmware.bios.internal;

import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.SoftwareInterruptListener;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.display.VideoModes;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.input.KeyboardInput;
import org.tessera.machine.api.storage.Drive;
import org.tessera.machine.api.time.VirtualClock;

/**
 * The built-in BIOS (configuration {@value #PID}: {@code boot}, {@code enabled}). When enabled it
 * registers the ROM ({@link RegionHandler} at F0000h, 64 KiB, priority {@value #ROM_PRIORITY}, read
 * only and directly mapped) and the trap port {@link Rom#TRAP_PORT} ({@link PortHandler}), whose
 * OUTs run the services of {@link Bios} on the CPU thread. All BIOS state lives in guest memory (the
 * data area, the vectors), so the BIOS needs no state of its own across a swap.
 */
@Component(immediate = true, configurationPid = BiosComponent.PID)
@Designate(ocd = BiosConfig.class)
public final class BiosComponent {

    static final String PID = "tessera.bios";
    static final int ROM_PRIORITY = 5;

    private static final System.Logger LOG = System.getLogger(BiosComponent.class.getName());

    private final Processor cpu;
    private final MemoryBus mem;
    private final IoBus io;
    private final Map<String, Drive> drives = new ConcurrentHashMap<>();
    private volatile VideoModes videoModes;
    private volatile VirtualClock clock;
    private final Bios bios;
    private ServiceRegistration<?> romRegistration;
    private ServiceRegistration<?> highRegistration;
    /** Where the ROM's alias below 4 GiB starts. */
    static final long HIGH_ALIAS = 0xFFFF_0000L;
    private ServiceRegistration<?> portRegistration;
    private ServiceRegistration<?> listenerRegistration;

    @Activate
    public BiosComponent(BundleContext context, BiosConfig config, @Reference Processor cpu, @Reference MemoryBus mem,
            @Reference IoBus io) {
        this.cpu = cpu;
        this.mem = mem;
        this.io = io;
        this.bios = new Bios(() -> videoModes, drives::get, this::nanos, BootLoader.parseOrder(config.boot()));
        bios.keyboard.typist.setKeyboard(() -> keyboardInput);
        this.context = context;
        typeAhead(config);
        enable(config.enabled());
    }

    /**
     * Maps the ROM and the trap port (enabled), or takes them away and listens to the guest's BIOS
     * calls for the typist instead (disabled: real firmware answers them). A configuration may
     * switch between the two while the component is active.
     */
    private synchronized void enable(boolean enabled) {
        if (listenerRegistration != null && enabled == (romRegistration != null)) {
            return;
        }
        if (!enabled) {
            // out of the machine on purpose: the bus must not wait for another built-in ROM
            mem.retire(ROM_ID);
            mem.retire(HIGH_ID);
            unregister(portRegistration, highRegistration, romRegistration);
            portRegistration = highRegistration = romRegistration = null;
            LOG.log(Level.INFO, "built-in BIOS disabled");
            // another BIOS answers INT 16h: the typist hears the guest's calls from the CPU
            listen(FirmwareTyping.FIRMWARE_VECTORS);
            return;
        }
        // the built-in BIOS tells the typist of INT 16h itself; DOS's idle calls come from the CPU
        listen(FirmwareTyping.DOS_VECTORS);
        Hashtable<String, Object> rom = new Hashtable<>();
        rom.put(RegionHandler.REGION_BASE, (int) Rom.BASE);
        rom.put(RegionHandler.REGION_SIZE, Rom.SIZE);
        rom.put(RegionHandler.REGION_PRIORITY, ROM_PRIORITY);
        rom.put(RegionHandler.REGION_NAME, "bios");
        rom.put(StatefulDevice.DEVICE_ID, ROM_ID);
        byte[] image = Rom.build();
        romRegistration = context.registerService(RegionHandler.class.getName(), new RomRegion(image), rom);
        // the hardware aliases the BIOS at the top of the 4 GiB space: the CPU's first fetch after
        // a reset is at FFFFFFF0h (CS base FFFF0000h)
        Hashtable<String, Object> high = new Hashtable<>(rom);
        high.put(RegionHandler.REGION_BASE, HIGH_ALIAS);
        high.put(RegionHandler.REGION_NAME, "bios.high");
        high.put(StatefulDevice.DEVICE_ID, HIGH_ID);
        highRegistration = context.registerService(RegionHandler.class.getName(), new RomRegion(image), high);
        Hashtable<String, Object> port = new Hashtable<>();
        port.put(PortHandler.PORT_BASE, Rom.TRAP_PORT);
        port.put(PortHandler.PORT_COUNT, 1);
        port.put(PortHandler.PORT_NAME, "bios trap");
        portRegistration = context.registerService(PortHandler.class.getName(), new TrapPort(), port);
    }

    private final BundleContext context;

    /** The typist hears the guest's software interrupts {@code vectors} (replacing what it heard). */
    private void listen(int[] vectors) {
        unregister(listenerRegistration);
        Hashtable<String, Object> heard = new Hashtable<>();
        heard.put(SoftwareInterruptListener.VECTORS, vectors);
        listenerRegistration = context.registerService(SoftwareInterruptListener.class,
                new FirmwareTyping(bios.keyboard.typist, mem), heard);
    }
    /** Device ids of the ROM and its alias at the top (a bundle update waits for the new ones). */
    static final String ROM_ID = "bios.rom";
    static final String HIGH_ID = "bios.rom.high";

    private static void unregister(ServiceRegistration<?>... registrations) {
        for (ServiceRegistration<?> r : registrations) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // gone with the bundle
                }
            }
        }
    }

    @Modified
    void modified(BiosConfig config) {
        bios.boot.setOrder(BootLoader.parseOrder(config.boot()));
        typeAhead(config);
        enable(config.enabled());
    }

    /** The configuration's text to type joins what is still to be typed (each configuration once). */
    private void typeAhead(BiosConfig config) {
        String text = config.type();
        if (text != null && !text.isEmpty() && !text.equals(typed)) {
            typed = text;
            bios.keyboard.typist.add(text);
        }
    }

    /** The text of the last configuration, so that an unrelated update does not type it again. */
    private String typed;
    private volatile KeyboardInput keyboardInput;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetKeyboard")
    void setKeyboard(KeyboardInput k) {
        keyboardInput = k;
    }

    void unsetKeyboard(KeyboardInput k) {
        if (keyboardInput == k) {
            keyboardInput = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        unregister(portRegistration, highRegistration, romRegistration, listenerRegistration);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetVideoModes")
    void setVideoModes(VideoModes v) {
        videoModes = v;
    }

    void unsetVideoModes(VideoModes v) {
        if (videoModes == v) {
            videoModes = null;
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

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeDrive")
    void addDrive(Drive d) {
        drives.put(d.unit(), d);
    }

    void removeDrive(Drive d) {
        drives.remove(d.unit(), d);
    }

    private long nanos() {
        VirtualClock c = clock;
        return c != null ? c.nanos() : System.nanoTime();
    }

    /** The trap port: an OUT runs a service; an IN answers FFh. */
    private final class TrapPort implements PortHandler {
        @Override
        public int in(int port, int size) {
            return 0xFF;
        }

        @Override
        public void out(int port, int size, int value) {
            bios.trap(new Guest(cpu, mem, io), value & 0xFF);
        }

        @Override
        public String toString() {
            return "BIOS trap port";
        }
    }
}
