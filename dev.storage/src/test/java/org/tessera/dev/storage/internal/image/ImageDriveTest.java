package org.tessera.dev.storage.internal.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.tessera.machine.api.storage.Drive;
import org.tessera.machine.api.storage.Drive.Geometry;

/** Image drives: geometry, reads and writes, snapshot, read-only, bad inputs, the component. */
class ImageDriveTest {

    @TempDir
    Path dir;

    /** A raw image of {@code sectors} sectors, each filled with its number's low byte, then {@code extra} bytes. */
    static Path image(Path dir, String name, long sectors, int extra) throws IOException {
        Path p = dir.resolve(name);
        byte[] data = new byte[(int) (sectors * 512) + extra];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i / 512);
        }
        Files.write(p, data);
        return p;
    }

    static Path image(Path dir, String name, long sectors) throws IOException {
        return image(dir, name, sectors, 0);
    }

    static DriveConfig config(String unit, String file, boolean snapshot, boolean readOnly) {
        return new DriveConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DriveConfig.class;
            }

            @Override
            public String unit() {
                return unit;
            }

            @Override
            public String file() {
                return file;
            }

            @Override
            public boolean snapshot() {
                return snapshot;
            }

            @Override
            public boolean readOnly() {
                return readOnly;
            }
        };
    }

    @Test
    void floppyGeometryFromSize() throws Exception {
        int[][] formats = {{320, 40, 1, 8}, {360, 40, 1, 9}, {640, 40, 2, 8}, {720, 40, 2, 9}, {1440, 80, 2, 9},
            {2400, 80, 2, 15}, {2880, 80, 2, 18}, {5760, 80, 2, 36}};
        for (int[] f : formats) {
            try (Closer c = new Closer(ImageDrive.open("fd0", image(dir, "f" + f[0], f[0]), false, false))) {
                assertEquals(new Geometry(f[1], f[2], f[3]), c.d.geometry());
                assertEquals(f[0], c.d.sectors());
                assertTrue(c.d.isFloppy());
                assertTrue(c.d.hasMedium());
            }
        }
        DriveImageException e = assertThrows(DriveImageException.class,
                () -> ImageDrive.open("fd0", image(dir, "odd", 1000), false, false));
        assertTrue(e.getMessage().contains("no floppy format"), e.getMessage());
    }

    @Test
    void diskGeometryFromSize() throws Exception {
        long cyl = 16 * 63;
        try (Closer c = new Closer(ImageDrive.open("hd0", image(dir, "hd", 20 * cyl + 100), false, false))) {
            assertEquals(new Geometry(20, 16, 63), c.d.geometry());
            assertEquals(20 * cyl + 100, c.d.sectors());
            byte[] b = new byte[512];
            c.d.read(20 * cyl + 99, b, 0, 1); // beyond the CHS geometry, by LBA
            assertEquals((byte) (20 * cyl + 99), b[0]);
        }
        assertEquals(new Geometry(16383, 16, 63), Geometries.disk(20000L * cyl));
        assertNull(Geometries.disk(cyl - 1));
        assertThrows(DriveImageException.class, () -> ImageDrive.open("hd1", image(dir, "tiny", 100), false, false));
    }

    @Test
    void readsAndWritesReachTheFile() throws Exception {
        Path p = image(dir, "a.img", 2880);
        byte[] w = new byte[1024];
        java.util.Arrays.fill(w, (byte) 0x5A);
        try (Closer c = new Closer(ImageDrive.open("fd0", p, false, false))) {
            assertFalse(c.d.isReadOnly());
            byte[] r = new byte[1536];
            c.d.read(3, r, 512, 2);
            assertEquals(3, r[512]);
            assertEquals(4, r[1535]);
            c.d.write(10, w, 0, 2);
            c.d.flush();
            assertThrows(IOException.class, () -> c.d.read(2879, r, 0, 2));
            assertThrows(IOException.class, () -> c.d.write(-1, w, 0, 1));
        }
        byte[] all = Files.readAllBytes(p);
        assertEquals(0x5A, all[10 * 512]);
        assertEquals(0x5A, all[12 * 512 - 1]);
        assertEquals(12, all[12 * 512]);
    }

    @Test
    void snapshotLeavesTheFileAlone() throws Exception {
        Path p = image(dir, "s.img", 2880);
        byte[] before = Files.readAllBytes(p);
        byte[] w = new byte[512];
        java.util.Arrays.fill(w, (byte) 0x77);
        try (Closer c = new Closer(ImageDrive.open("fd0", p, true, false))) {
            assertFalse(c.d.isReadOnly());
            c.d.write(5, w, 0, 1);
            c.d.flush();
            byte[] r = new byte[512 * 3];
            c.d.read(4, r, 0, 3);
            assertEquals(4, r[0]);
            assertEquals(0x77, r[512]);
            assertEquals(0x77, r[1023]);
            assertEquals(6, r[1024]);
            assertEquals(1, c.d.overlaySectors());
        }
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void readOnlyRefusesWrites() throws Exception {
        Path p = image(dir, "r.img", 1440);
        byte[] before = Files.readAllBytes(p);
        try (Closer c = new Closer(ImageDrive.open("fd1", p, false, true))) {
            assertTrue(c.d.isReadOnly());
            IOException e = assertThrows(IOException.class, () -> c.d.write(0, new byte[512], 0, 1));
            assertTrue(e.getMessage().contains("write protected"));
            byte[] r = new byte[512];
            c.d.read(7, r, 0, 1);
            assertEquals(7, r[0]);
        }
        assertArrayEquals(before, Files.readAllBytes(p));
    }

    @Test
    void unwritableFileOpensReadOnly() throws Exception {
        Path p = image(dir, "ro.img", 1440);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException e) {
            p.toFile().setWritable(false);
        }
        assumeFalse(Files.isWritable(p), "the process can write read-only files (root): nothing to test");
        try (Closer c = new Closer(ImageDrive.open("fd0", p, false, false))) {
            assertTrue(c.d.isReadOnly());
            assertThrows(IOException.class, () -> c.d.write(0, new byte[512], 0, 1));
        }
        try (Closer c = new Closer(ImageDrive.open("fd0", p, true, false))) {
            assertFalse(c.d.isReadOnly(), "a snapshot takes the writes");
            c.d.write(0, new byte[512], 0, 1);
        }
    }

    @Test
    void badInputsSayWhy() throws Exception {
        String[][] cases = {
            {"fd0", dir.resolve("missing.img").toString(), "does not exist"},
            {"fd0", dir.toString(), "is a directory"},
            {"hd0", Files.createFile(dir.resolve("empty.img")).toString(), "is empty"},
            {"hd0", image(dir, "trunc.img", 2000, 100).toString(), "truncated"},
            {"xx9", image(dir, "ok.img", 2880).toString(), "unknown drive unit"},
        };
        for (String[] c : cases) {
            DriveImageException e = assertThrows(DriveImageException.class, () -> ImageDrive.open(c[0], Path.of(c[1]), false, false));
            assertTrue(e.getMessage().contains(c[2]), e.getMessage());
            assertNull(DriveComponent.open(config(c[0], c[1], false, false)));
        }
        assertThrows(DriveImageException.class, () -> ImageDrive.empty("hd0"));
    }

    @Test
    void emptyFloppyDrive() throws Exception {
        ImageDrive d = DriveComponent.open(config("fd1", "", false, false));
        assertNotNull(d);
        assertFalse(d.hasMedium());
        assertEquals(0, d.sectors());
        assertThrows(IOException.class, () -> d.read(0, new byte[512], 0, 1));
        d.close();
    }

    @Test
    void componentRegistersTheDriveAndFlushesOnDeactivate() throws Exception {
        Path p = image(dir, "c.img", 2880);
        List<Object[]> registered = new ArrayList<>();
        boolean[] unregistered = {false};
        ServiceRegistration<?> reg = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, m, args) -> {
                    if (m.getName().equals("unregister")) {
                        unregistered[0] = true;
                    }
                    return null;
                });
        BundleContext ctx = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, m, args) -> {
                    if (m.getName().equals("registerService")) {
                        registered.add(args);
                        return reg;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
        DriveComponent c = new DriveComponent();
        c.activate(ctx, config("fd0", p.toString(), false, false));
        assertEquals(1, registered.size());
        assertEquals(Drive.class, registered.get(0)[0]);
        Drive d = (Drive) registered.get(0)[1];
        assertEquals("fd0", ((Dictionary<?, ?>) registered.get(0)[2]).get(Drive.UNIT));
        byte[] w = new byte[512];
        w[0] = 0x42;
        d.write(1, w, 0, 1);
        c.deactivate();
        assertTrue(unregistered[0]);
        assertEquals(0x42, Files.readAllBytes(p)[512]);
        assertThrows(IOException.class, () -> d.read(0, new byte[512], 0, 1));

        DriveComponent bad = new DriveComponent();
        bad.activate(ctx, config("fd0", dir.resolve("nope").toString(), false, false));
        assertEquals(1, registered.size(), "no service for a bad image");
        assertNull(bad.drive());
        bad.deactivate();
    }

    /** Closes a drive after a test block. */
    static final class Closer implements AutoCloseable {
        final ImageDrive d;

        Closer(ImageDrive d) {
            this.d = d;
        }

        @Override
        public void close() throws IOException {
            d.close();
        }
    }
}
