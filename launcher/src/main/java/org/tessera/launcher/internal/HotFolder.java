package org.tessera.launcher.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Turns on hot reload for {@code --hot DIR}, all through Configuration Admin:
 * <ol>
 * <li>configuration {@value #HOT_PID} ({@code dir}) activates {@link HotReloadInstaller}, the
 * FileInstall extension that replaces installed bundles in place; the command waits until its
 * service is registered, so that FileInstall consults it from the first scan on;</li>
 * <li>a factory configuration of FileInstall ({@value #FILEINSTALL_FACTORY_PID}) makes it watch
 * the folder: short poll, first scan at once, new bundles started, only {@code .jar} files.</li>
 * </ol>
 * Nothing is watched, and no folder created, unless {@code --hot} is given.
 */
final class HotFolder {

    /** PID of the hot reload installer's configuration. */
    static final String HOT_PID = "tessera.hot";
    /** FileInstall's factory PID: one watched folder per configuration. */
    static final String FILEINSTALL_FACTORY_PID = "org.apache.felix.fileinstall";
    /** How often FileInstall looks at the folder, in milliseconds. */
    static final String POLL_MILLIS = "500";

    private static final String ARTIFACT_INSTALLER = "org.apache.felix.fileinstall.ArtifactInstaller";
    private static final String MANAGED_SERVICE_FACTORY = "org.osgi.service.cm.ManagedServiceFactory";

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final Duration timeout;

    /**
     * @param context the launcher's bundle context
     * @param configAdmin the machine's Configuration Admin, or null
     * @param timeout how long to wait for the installer service
     */
    HotFolder(BundleContext context, ConfigurationAdmin configAdmin, Duration timeout) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.timeout = timeout;
    }

    /**
     * Creates {@code dir} if needed and starts watching it.
     *
     * @throws UsageException if the machine has no FileInstall or no Configuration Admin, or the
     *     folder cannot be created
     * @throws LaunchException if the installer does not come up in time
     */
    void enable(Path dir) throws UsageException, LaunchException, InterruptedException {
        if (configAdmin == null || !hasService(MANAGED_SERVICE_FACTORY, "(service.pid=" + FILEINSTALL_FACTORY_PID + ")")) {
            throw new UsageException("--hot is not available: this machine has no FileInstall (org.apache.felix.fileinstall)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageException("--hot: cannot create " + dir + " (" + e.getMessage() + ")");
        }
        String folder = dir.toString();
        try {
            Configuration hot = configAdmin.getConfiguration(HOT_PID, MachineConfigurator.ANY_LOCATION);
            Dictionary<String, Object> p = new Hashtable<>();
            p.put("dir", folder);
            hot.update(p);
            if (!MachineServices.waitUntil(() -> installerWatches(folder), timeout)) {
                throw new LaunchException("the hot reload installer did not start within " + timeout.toSeconds() + " s");
            }
            Configuration watch = configAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY_PID, "tessera-hot",
                    MachineConfigurator.ANY_LOCATION);
            Dictionary<String, Object> w = new Hashtable<>();
            w.put("felix.fileinstall.dir", folder);
            w.put("felix.fileinstall.poll", POLL_MILLIS);
            w.put("felix.fileinstall.noInitialDelay", "true");
            w.put("felix.fileinstall.bundles.new.start", "true");
            w.put("felix.fileinstall.filter", ".*\\.jar");
            watch.update(w);
        } catch (IOException e) {
            throw new LaunchException("cannot configure hot reload: " + e.getMessage(), e);
        }
    }

    private boolean installerWatches(String folder) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(ARTIFACT_INSTALLER, "(service.pid=" + HOT_PID + ")");
            if (refs == null) {
                return false;
            }
            for (ServiceReference<?> ref : refs) {
                if (Objects.equals(ref.getProperty("dir"), folder)) {
                    return true;
                }
            }
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean hasService(String type, String filter) {
        try {
            return context.getServiceReferences(type, filter) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
