package org.tessera.launcher.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The built-in demo disk: {@code run} with no program and no disk boots it on the built-in BIOS.
 * The launcher ships the boot sector and the program behind it ({@value #RESOURCE}, assembled
 * from {@code demodisk.asm}); a 1.44 MB floppy image is made of it at run time, in a temporary
 * file that the image is copied to the start of and that is deleted when the run ends (or, at
 * the latest, when the JVM exits).
 */
final class DemoDisk {

    /** The assembled boot sector and program, a resource of the launcher. */
    static final String RESOURCE = "/demodisk/demodisk.bin";

    /** The size of the floppy image: 1.44 MB (80 cylinders, 2 heads, 18 sectors). */
    static final long FLOPPY_SIZE = 1_474_560L;

    /** What {@code run} says when it boots the demo disk. */
    static final String BOOTING = "no program or disk given: booting the built-in demo disk";

    private DemoDisk() {
    }

    /** The assembled image: the boot sector and the program, whole sectors. */
    static byte[] image() throws LaunchException {
        try (InputStream in = DemoDisk.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LaunchException("the launcher lacks its demo disk (" + RESOURCE + ")");
            }
            byte[] image = in.readAllBytes();
            if (image.length == 0 || image.length % 512 != 0 || image.length > FLOPPY_SIZE) {
                throw new LaunchException("the launcher's demo disk (" + RESOURCE + ") is " + image.length
                        + " bytes, not whole sectors of a floppy");
            }
            return image;
        } catch (IOException e) {
            throw new LaunchException("cannot read the launcher's demo disk: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the 1.44 MB floppy image: the demo disk, then zeros.
     *
     * @return the temporary file (marked for deletion at the JVM's exit)
     */
    static Path writeFloppy() throws LaunchException {
        byte[] image = image();
        Path file = null;
        try {
            file = Files.createTempFile("tessera-demodisk-", ".img");
            file.toFile().deleteOnExit();
            Files.write(file, image);
            try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
                // one zero byte at the end: the file reads as zeros up to it
                channel.write(java.nio.ByteBuffer.allocate(1), FLOPPY_SIZE - 1);
            }
            return file;
        } catch (IOException e) {
            delete(file);
            throw new LaunchException("cannot write the demo disk's floppy image: " + e.getMessage(), e);
        }
    }

    /**
     * The options of a run that boots {@code floppy} from drive A: as a snapshot (the file stays
     * unchanged), with COM1 on standard output unless {@code --serial} says where it goes.
     */
    static LaunchOptions boot(LaunchOptions o, Path floppy) {
        return new LaunchOptions(o.command(), o.ramSize(), o.roms(), o.debugcon(), o.hotDir(), o.shell(),
                o.testPaths(), o.image(), o.maxInstructions(), o.maxTime(), o.compileThreshold(), o.screenshot(),
                o.display(), o.monitor(), o.serial() != null ? o.serial() : ArgumentParser.SINK_STDOUT,
                o.interaction(), o.disks().withSnapshotFloppy(floppy));
    }

    /** Deletes the temporary image, if there is one; a failure leaves it to the JVM's exit. */
    static void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // deleteOnExit tries again
        }
    }
}
