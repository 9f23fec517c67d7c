package org.tessera.launcher.internal;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * Hot reload: a FileInstall {@link ArtifactInstaller} that replaces an installed bundle in place
 * when a jar with the same {@code Bundle-SymbolicName} is dropped into the hot folder.
 *
 * <p>FileInstall asks the registered artifact listeners before its own bundle handling (its
 * built-in bundle transformer comes last in the list), so this installer sees every jar of the
 * folder first. It claims a jar whose symbolic name belongs to a bundle installed from
 * somewhere else (the machine's own bundles); FileInstall then calls {@link #install} and
 * {@link #update} instead of installing a second copy, and those call
 * {@link Bundle#update(java.io.InputStream)} on the installed bundle: its services go away and
 * come back, and the buses move the device state across. Jars with a new symbolic name are left
 * to FileInstall, which installs and starts them as usual. Removing a jar from the folder leaves
 * the running bundle as it is.
 *
 * <p>Refused, with a warning: the launcher itself (it runs the main thread), and a bundle whose
 * exported packages other bundles use (machine.api): replacing those needs a refresh of the
 * bundles that use them, which is a restart of the machine, not a hot reload.
 *
 * <p>Active only while configuration {@value HotFolder#HOT_PID} exists (written for
 * {@code --hot}); it handles jars of that folder only.
 */
@Component(service = ArtifactInstaller.class, configurationPid = HotFolder.HOT_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class HotReloadInstaller implements ArtifactInstaller {

    /** The installer's configuration. */
    public @interface Config {
        /** The hot folder, absolute. */
        String dir();
    }

    private static final System.Logger LOG = System.getLogger(HotReloadInstaller.class.getName());

    private final BundleContext context;
    private final Path folder;

    /**
     * @param context the launcher's bundle context
     * @param config the hot folder
     */
    @Activate
    public HotReloadInstaller(BundleContext context, Config config) {
        this.context = context;
        this.folder = Path.of(config.dir()).toAbsolutePath().normalize();
    }

    @Override
    public boolean canHandle(File artifact) {
        try {
            Path file = artifact.toPath().toAbsolutePath().normalize();
            if (!file.getFileName().toString().endsWith(".jar") || !folder.equals(file.getParent())) {
                return false;
            }
            JarIdentity id = JarIdentity.of(Files.readAllBytes(file));
            return id != null && installedElsewhere(id.symbolicName(), file) != null;
        } catch (IOException | RuntimeException e) {
            // FileInstall asks again at its next scan (a jar still being copied, for instance)
            LOG.log(Level.DEBUG, "cannot inspect {0}: {1}", artifact, e.toString());
            return false;
        }
    }

    @Override
    public void install(File artifact) {
        replace(artifact);
    }

    @Override
    public void update(File artifact) {
        replace(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.log(Level.INFO, "hot reload: {0} was removed from {1}; the bundle it replaced keeps running",
                artifact.getName(), folder);
    }

    /** Replaces the installed bundle with the jar's content. */
    private void replace(File artifact) {
        Path file = artifact.toPath().toAbsolutePath().normalize();
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "hot reload: cannot read {0}: {1}", file, e.getMessage());
            return;
        }
        JarIdentity id = JarIdentity.of(content);
        if (id == null) {
            LOG.log(Level.WARNING, "hot reload: {0} is not a bundle (no Bundle-SymbolicName)", file.getFileName());
            return;
        }
        Bundle target = installedElsewhere(id.symbolicName(), file);
        if (target == null) {
            LOG.log(Level.WARNING, "hot reload: no installed bundle {0} to replace with {1}", id.symbolicName(),
                    file.getFileName());
            return;
        }
        if (target.getBundleId() == context.getBundle().getBundleId() || target.getBundleId() == 0) {
            LOG.log(Level.WARNING, "hot reload: {0} cannot replace itself while it runs; restart the machine instead",
                    id.symbolicName());
            return;
        }
        List<String> users = packageUsers(target);
        if (!users.isEmpty()) {
            LOG.log(Level.WARNING, "hot reload: {0} is not replaced: {1} use its packages, so replacing it needs a"
                    + " restart of the machine", id.symbolicName(), String.join(", ", users));
            return;
        }
        String oldVersion = target.getVersion().toString();
        try {
            target.update(new ByteArrayInputStream(content));
        } catch (BundleException | RuntimeException e) {
            LOG.log(Level.ERROR, "hot reload: replacing {0} with {1} failed: {2}", id.symbolicName(),
                    file.getFileName(), e.getMessage());
            return;
        }
        refreshIfPending(target);
        LOG.log(Level.INFO, "hot reload: replaced {0} {1} with {2} from {3}", id.symbolicName(), oldVersion,
                target.getVersion(), file.getFileName());
    }

    /**
     * The installed bundle named {@code symbolicName} that was not installed from {@code file}
     * (a bundle FileInstall installed from the folder itself is FileInstall's to update).
     */
    private Bundle installedElsewhere(String symbolicName, Path file) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED
                    && !locatedAt(b.getLocation(), file)) {
                return b;
            }
        }
        return null;
    }

    /** Whether a bundle location is the file URL of {@code file}. */
    static boolean locatedAt(String location, Path file) {
        if (location == null || !location.startsWith("file:")) {
            return false;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize().equals(file);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return false;
        }
    }

    /** The other bundles wired to packages (or the bundle) {@code bundle} provides. */
    private static List<String> packageUsers(Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return List.of();
        }
        TreeSet<String> users = new TreeSet<>();
        for (String namespace : List.of(PackageNamespace.PACKAGE_NAMESPACE, BundleNamespace.BUNDLE_NAMESPACE)) {
            List<BundleWire> wires = wiring.getProvidedWires(namespace);
            if (wires == null) {
                continue;
            }
            for (BundleWire w : wires) {
                Bundle user = w.getRequirer().getBundle();
                if (user.getBundleId() != bundle.getBundleId()) {
                    users.add(user.getSymbolicName());
                }
            }
        }
        return List.copyOf(users);
    }

    /** Refreshes {@code bundle} if its old revision is still in use, so that it is released. */
    private void refreshIfPending(Bundle bundle) {
        FrameworkWiring fw = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        if (fw != null && fw.getRemovalPendingBundles().contains(bundle)) {
            fw.refreshBundles(List.of(bundle));
        }
    }
}
