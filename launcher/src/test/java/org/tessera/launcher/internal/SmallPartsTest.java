package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small helpers of the command line, the shell and hot reload. */
class SmallPartsTest {

    @Test
    void launcherArgumentsAreAStringArray() {
        assertEquals(List.of("run", "--ram", "16M"), MainCommand.argumentsOf(new String[] {"run", "--ram", "16M"}));
        assertEquals(List.of(), MainCommand.argumentsOf(null));
        assertEquals(List.of(), MainCommand.argumentsOf("run"));
    }

    @Test
    void shellErrorsAreOneLine() {
        assertEquals("Command not found: foo", ConsoleShell.describe(new IllegalArgumentException("Command not found: foo")));
        assertEquals("a b", ConsoleShell.describe(new IllegalStateException("a\nb")));
        assertEquals("NullPointerException", ConsoleShell.describe(new NullPointerException()));
    }

    @Test
    void bundleLocationsAreMatchedToFiles() {
        Path jar = Path.of("/tmp/hot/dev.ioports.jar");
        assertTrue(HotReloadInstaller.locatedAt("file:/tmp/hot/dev.ioports.jar", jar));
        assertTrue(HotReloadInstaller.locatedAt("file:///tmp/hot/./dev.ioports.jar", jar));
        assertFalse(HotReloadInstaller.locatedAt("jar/dev.ioports-0.1.0-SNAPSHOT.jar", jar));
        assertFalse(HotReloadInstaller.locatedAt("file:/tmp/other/dev.ioports.jar", jar));
        assertFalse(HotReloadInstaller.locatedAt("reference:file:/tmp/hot/dev.ioports.jar", jar));
        assertFalse(HotReloadInstaller.locatedAt(null, jar));
    }

    @Test
    void helpNamesEveryCommandAndOption() {
        String help = HelpText.text();
        for (String word : List.of("run", "shell", "help", "--ram", "--rom", "--debugcon", "--serial", "--hot", "--shell",
                "memmap", "ports", "peek", "poke", "counters", "debugcon", "exit", "--demo", "--load", "--floppy",
                "--max-instructions", "--max-seconds", "--compile-threshold", "registers", "step", "disassemble", "pause", "resume",
                "status", "--screenshot", "--display", "screenshot")) {
            assertTrue(help.contains(word), word);
        }
    }

    @Test
    void romRanges() {
        RomSpec a = new RomSpec(Path.of("/a"), 0xF0000, 0x10000, "a");
        RomSpec b = new RomSpec(Path.of("/b"), 0xE0000, 0x10000, "b");
        RomSpec c = new RomSpec(Path.of("/c"), 0xE8000, 0x10000, "c");
        assertEquals(0x100000, a.end());
        assertFalse(a.overlaps(b));
        assertTrue(b.overlaps(c));
        assertTrue(c.overlaps(a));
    }

    @Test
    void componentFailuresAreOneLine() {
        assertEquals("RAM size 3 is outside 1..2", ComponentCatalog.firstLine(
                "java.lang.IllegalArgumentException: RAM size 3 is outside 1..2\n\tat x.y(Z.java:1)\n"));
        assertEquals("java.lang.NullPointerException", ComponentCatalog.firstLine("java.lang.NullPointerException\n\tat a"));
        assertEquals("no: class name", ComponentCatalog.firstLine("no: class name"));
        assertEquals("activation failed", ComponentCatalog.firstLine(null));
        assertEquals("RamRegion", ComponentCatalog.simpleName("org.tessera.mem.bus.internal.RamRegion"));
        assertEquals("plain", ComponentCatalog.simpleName("plain"));
    }
}
