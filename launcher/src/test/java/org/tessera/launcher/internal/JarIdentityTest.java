package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

class JarIdentityTest {

    /** A zip with the given entries (name, content pairs). */
    private static byte[] zip(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.length; i += 2) {
                out.putNextEntry(new ZipEntry(entries[i]));
                out.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void readsNameAndVersion() throws IOException {
        byte[] jar = zip("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBundle-SymbolicName: dev.ioports;singleton:=true\r\n"
                + "Bundle-Version: 0.2.0\r\n\r\n");
        assertEquals(new JarIdentity("dev.ioports", "0.2.0"), JarIdentity.of(jar));
    }

    @Test
    void findsAManifestThatIsNotTheFirstEntry() throws IOException {
        byte[] jar = zip("a/b.txt", "x", "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nBundle-SymbolicName: x\n\n");
        assertEquals(new JarIdentity("x", "0.0.0"), JarIdentity.of(jar));
    }

    @Test
    void plainJarsAndGarbageHaveNoIdentity() throws IOException {
        assertNull(JarIdentity.of(zip("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n\n")));
        assertNull(JarIdentity.of(zip("x.txt", "x")));
        assertNull(JarIdentity.of("not a zip".getBytes(StandardCharsets.UTF_8)));
        assertNull(JarIdentity.of(new byte[0]));
    }
}
