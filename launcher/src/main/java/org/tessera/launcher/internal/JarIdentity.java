package org.tessera.launcher.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The identity a bundle jar declares in its manifest: {@code Bundle-SymbolicName} (without
 * directives such as {@code ;singleton:=true}) and {@code Bundle-Version}.
 *
 * @param symbolicName the symbolic name
 * @param version the version as written, or {@code "0.0.0"} if absent
 */
record JarIdentity(String symbolicName, String version) {

    /**
     * Reads the identity of a jar held in memory.
     *
     * @return the identity, or null if the bytes are not a jar with a Bundle-SymbolicName
     */
    static JarIdentity of(byte[] jar) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (JarFile.MANIFEST_NAME.equalsIgnoreCase(e.getName())) {
                    return of(new Manifest(in));
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static JarIdentity of(Manifest manifest) {
        String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null) {
            return null;
        }
        int semicolon = bsn.indexOf(';');
        String name = (semicolon < 0 ? bsn : bsn.substring(0, semicolon)).strip();
        if (name.isEmpty()) {
            return null;
        }
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        return new JarIdentity(name, version == null ? "0.0.0" : version.strip());
    }
}
