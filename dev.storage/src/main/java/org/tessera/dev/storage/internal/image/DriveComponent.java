package org.tessera.dev.storage.internal.image;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.storage.Drive;

/**
 * One configured drive (factory configuration {@value #PID}, one per unit): opens the image and
 * registers it as a {@link Drive} with {@link Drive#UNIT}. The service exists only while the
 * image is usable, so a configuration with a missing, empty, truncated or unknown-size image is
 * logged and registers nothing (the component itself stays active, quietly). Deactivation
 * unregisters the drive, then flushes and closes the file, so the guest's writes survive a stop.
 */
@Component(configurationPid = DriveComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = DriveConfig.class, factory = true)
public final class DriveComponent {

    /** The factory configuration PID. */
    public static final String PID = "tessera.drive";
    /** Service property: the image path. */
    static final String FILE = "tessera.drive.file";

    private static final System.Logger LOG = System.getLogger(DriveComponent.class.getName());

    private ImageDrive drive;
    private ServiceRegistration<Drive> registration;

    @Activate
    void activate(BundleContext context, DriveConfig config) {
        ImageDrive d = open(config);
        if (d == null) {
            return;
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Drive.UNIT, d.unit());
        if (d.file() != null) {
            props.put(FILE, d.file().toString());
        }
        props.put("tessera.drive.readOnly", d.isReadOnly());
        props.put("tessera.drive.snapshot", d.isSnapshot());
        drive = d;
        registration = context.registerService(Drive.class, d, props);
        LOG.log(Level.INFO, () -> "drive " + d);
    }

    /** The drive a configuration describes, or null (logged) if it cannot be used. */
    static ImageDrive open(DriveConfig config) {
        String unit = config.unit() == null ? "" : config.unit().trim();
        String file = config.file() == null ? "" : config.file().trim();
        try {
            if (file.isEmpty()) {
                return ImageDrive.empty(unit);
            }
            Path path;
            try {
                path = Path.of(file);
            } catch (InvalidPathException e) {
                throw new DriveImageException("drive " + unit + ": invalid image path " + file + ": " + e.getMessage());
            }
            ImageDrive d = ImageDrive.open(unit, path, config.snapshot(), config.readOnly());
            if (d.isReadOnly() && !config.readOnly()) {
                LOG.log(Level.WARNING, () -> "drive " + unit + ": image " + file + " is not writable, opened read-only");
            }
            return d;
        } catch (DriveImageException e) {
            LOG.log(Level.ERROR, "configuration " + PID + " unusable, no drive: " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "configuration " + PID + " unusable, no drive: " + e, e);
            return null;
        }
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
            registration = null;
        }
        if (drive != null) {
            ImageDrive d = drive;
            drive = null;
            try {
                d.close();
            } catch (IOException e) {
                LOG.log(Level.ERROR, "drive " + d.unit() + ": flushing and closing " + d.file() + " failed: " + e, e);
            }
        }
    }

    /** The open drive (for tests), or null. */
    ImageDrive drive() {
        return drive;
    }
}
