package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.itest.fixture.TallyDevice;

/**
 * The development loop: a device bundle's jar dropped into the hot folder replaces the running
 * bundle in place (FileInstall with the launcher's installer), and the device keeps its state.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class HotReloadIT {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    @InjectService(timeout = 5000)
    ConfigurationAdmin configAdmin;

    @Test
    void aJarDroppedIntoTheHotFolderReplacesTheRunningBundleAndKeepsTheDeviceState() throws Exception {
        Path dir = Files.createTempDirectory("tessera-hot");
        Configuration hot = configAdmin.getConfiguration("tessera.hot", "?");
        Configuration watch = configAdmin.getFactoryConfiguration("org.apache.felix.fileinstall", "itest", "?");
        try {
            Dictionary<String, Object> h = new Hashtable<>();
            h.put("dir", dir.toString());
            hot.update(h);
            ServiceDynamicsIT.awaitTrue(() -> installerFor(dir), "the hot reload installer watches the folder");
            Dictionary<String, Object> w = new Hashtable<>();
            w.put("felix.fileinstall.dir", dir.toString());
            w.put("felix.fileinstall.poll", "100");
            w.put("felix.fileinstall.noInitialDelay", "true");
            w.put("felix.fileinstall.filter", ".*\\.jar");
            watch.update(w);

            Bundle fixture = only("machine.itest");
            long before = (Long) tally().getProperty("service.id");
            long base = TallyDevice.BASE;
            bus.write(base + 0x40, 4, 0xC0FFEE11);
            int count = bus.read(base + TallyDevice.COUNT, 4);
            int digest = bus.read(base + TallyDevice.DIGEST, 4);

            // the launcher installs bundles by reference ("reference:file:..."): read the jar itself
            String location = fixture.getLocation().replaceFirst("^reference:", "");
            try (InputStream in = new URL(location).openStream()) {
                Files.copy(in, dir.resolve("machine.itest.jar"), StandardCopyOption.REPLACE_EXISTING);
            }
            ServiceDynamicsIT.awaitTrue(() -> {
                ServiceReference<RegionHandler> now = tally();
                return now != null && (Long) now.getProperty("service.id") != before;
            }, "the device comes back from the updated bundle");

            assertEquals(fixture.getBundleId(), only("machine.itest").getBundleId(), "updated in place, not installed twice");
            assertEquals(0xC0FFEE11, bus.read(base + 0x40, 4), "memory moved across");
            assertEquals(count, bus.read(base + TallyDevice.COUNT, 4), "registers moved across");
            assertEquals(digest, bus.read(base + TallyDevice.DIGEST, 4));
            assertNotEquals(before, (Long) tally().getProperty("service.id"));
        } finally {
            watch.delete();
            hot.delete();
        }
    }

    private boolean installerFor(Path dir) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences("org.apache.felix.fileinstall.ArtifactInstaller",
                    "(dir=" + dir.toString().replace("\\", "\\\\") + ")");
            return refs != null && refs.length > 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ServiceReference<RegionHandler> tally() {
        try {
            var refs = context.getServiceReferences(RegionHandler.class, "(device.id=" + TallyDevice.DEVICE + ")");
            return refs.isEmpty() ? null : refs.iterator().next();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Bundle only(String bsn) {
        Bundle[] found = Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName()))
                .toArray(Bundle[]::new);
        assertEquals(1, found.length, "one bundle " + bsn);
        return found[0];
    }
}
