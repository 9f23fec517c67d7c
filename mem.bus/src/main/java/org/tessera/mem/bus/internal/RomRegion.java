package org.tessera.mem.bus.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * A ROM image: one per factory configuration of {@value #FACTORY_PID} ({@code file}, {@code base},
 * optional {@code name} and {@code priority}). Reads are served (directly, by the bus), writes
 * are dropped and counted by the bus. The image is read once at activation; a missing or
 * unreadable file, or an image that does not fit below 4 GiB, fails the activation with a clear
 * message and maps nothing.
 */
@Component(configurationPid = RomRegion.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = RomRegion.Config.class, factory = true)
public final class RomRegion extends ArrayRegion {

    /** The factory configuration PID. */
    public static final String FACTORY_PID = "tessera.rom";

    private static final System.Logger LOG = System.getLogger(RomRegion.class.getName());

    /** ROM configuration. */
    @ObjectClassDefinition(name = "Tessera ROM image")
    public @interface Config {
        /** Path of the image file. */
        @AttributeDefinition(description = "Path of the ROM image file")
        String file();

        /** Physical address of the first byte. */
        @AttributeDefinition(description = "Physical address of the image's first byte")
        long base();

        /** Name in the memory map (default: the file name). */
        @AttributeDefinition(required = false, description = "Name in the memory map")
        String name() default "";

        /** Overlap priority. */
        @AttributeDefinition(required = false, description = "Priority where regions overlap (RAM is 0)")
        int priority() default 20;
    }


    @Activate
    void activate(BundleContext context, Config config) throws IOException {
        Path file = Path.of(config.file());
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "ROM image {0} cannot be read: {1}", file, e.toString());
            throw e;
        }
        if (bytes.length == 0 || config.base() < 0 || config.base() + bytes.length > Binding.SPACE) {
            String msg = "ROM image " + file + " (" + bytes.length + " bytes) does not fit at 0x"
                    + Long.toHexString(config.base());
            LOG.log(Level.ERROR, msg);
            throw new IllegalArgumentException(msg);
        }
        memory = bytes;
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(REGION_BASE, config.base());
        props.put(REGION_SIZE, (long) bytes.length);
        props.put(REGION_PRIORITY, config.priority());
        props.put(REGION_NAME, config.name().isEmpty() ? String.valueOf(file.getFileName()) : config.name());
        publish(context, props);
    }

    @Deactivate
    void deactivate() {
        withdraw();
    }

    /** A ROM holding {@code image}, without the framework (tests, tools). */
    static RomRegion of(byte[] image) {
        RomRegion rom = new RomRegion();
        rom.memory = image.clone();
        return rom;
    }

    @Override
    public void write(long offset, int size, int value) {
        // ROM: the bus counts the dropped write
    }
}
