package org.tessera.mem.bus.internal;

import java.lang.System.Logger.Level;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The machine's RAM: one byte array mapped at physical address 0, which the bus maps directly.
 * Its size comes from ConfigAdmin (PID {@value #PID}, property {@code size} in bytes, rounded up to
 * whole pages). The region is registered with the size as a service property, so this component
 * registers it itself once the size is known. Regions of higher priority (video memory, ROMs)
 * hide the RAM below them.
 */
@Component(configurationPid = RamRegion.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {})
@Designate(ocd = RamRegion.Config.class)
public final class RamRegion extends ArrayRegion implements StatefulDevice {

    /** The configuration PID. */
    public static final String PID = "tessera.ram";
    /** Default size: 16 MiB. */
    public static final long DEFAULT_SIZE = 16L << 20;
    /** Largest size one Java array can hold, rounded down to pages. */
    public static final long MAX_SIZE = (Integer.MAX_VALUE - 4096L) & ~4095L;

    private static final System.Logger LOG = System.getLogger(RamRegion.class.getName());
    private static final String STATE_ID = "ram";

    /** RAM configuration. */
    @ObjectClassDefinition(name = "Tessera RAM")
    public @interface Config {
        /** RAM size in bytes. */
        @AttributeDefinition(description = "RAM size in bytes (rounded up to 4 KiB pages)")
        long size() default DEFAULT_SIZE;
    }


    @Activate
    void activate(BundleContext context, Config config) {
        memory = new byte[(int) checkedSize(config.size())];
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(REGION_BASE, 0L);
        props.put(REGION_SIZE, (long) memory.length);
        props.put(REGION_PRIORITY, 0);
        props.put(REGION_NAME, "ram");
        props.put(DEVICE_ID, STATE_ID);
        publish(context, props);
        LOG.log(Level.DEBUG, "RAM: {0} KiB", memory.length >> 10);
    }

    @Deactivate
    void deactivate() {
        withdraw();
    }

    /**
     * Checks and rounds a configured size.
     *
     * @throws IllegalArgumentException for a size that is not positive or too large
     */
    static long checkedSize(long size) {
        if (size <= 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("RAM size " + size + " bytes is outside 1.." + MAX_SIZE);
        }
        return (size + 4095) & ~4095L;
    }

    /** Creates RAM of {@code size} bytes without the framework (tests, tools). */
    static RamRegion of(long size) {
        RamRegion ram = new RamRegion();
        ram.memory = new byte[(int) checkedSize(size)];
        return ram;
    }

    @Override
    public boolean directWritable() {
        return true;
    }

    @Override
    public void write(long offset, int size, int value) {
        Pieces.writeLE(memory, (int) offset, size, value);
    }

    @Override
    public DeviceState saveState() {
        return DeviceState.builder(STATE_ID, 1).blob("memory", memory).build();
    }

    @Override
    public void restoreState(DeviceState state) {
        state.require(STATE_ID, 1, 1);
        byte[] saved = state.blob("memory");
        System.arraycopy(saved, 0, memory, 0, Math.min(saved.length, memory.length));
    }
}
