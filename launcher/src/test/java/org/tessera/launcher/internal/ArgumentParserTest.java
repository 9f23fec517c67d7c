package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgumentParserTest {

    @TempDir
    Path dir;

    private final ArgumentParser parser = new ArgumentParser();

    private LaunchOptions parse(String... args) throws UsageException {
        return parser.parse(List.of(args));
    }

    private String error(String... args) {
        return assertThrows(UsageException.class, () -> parse(args)).getMessage();
    }

    private Path file(String name, int size) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, new byte[size]);
        return f;
    }

    @Test
    void noArgumentsIsHelp() throws Exception {
        assertEquals(LaunchOptions.Command.HELP, parse().command());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h", "-?"})
    void helpSpellings(String arg) throws Exception {
        assertEquals(LaunchOptions.Command.HELP, parse(arg).command());
    }

    @Test
    void helpInsideRun() throws Exception {
        assertEquals(LaunchOptions.Command.HELP, parse("run", "--help").command());
    }

    @Test
    void plainRun() throws Exception {
        LaunchOptions o = parse("run");
        assertEquals(LaunchOptions.Command.RUN, o.command());
        assertTrue(o.ramSize().isEmpty());
        assertTrue(o.roms().isEmpty());
        assertNull(o.debugcon());
        assertNull(o.hotDir());
        assertFalse(o.shell());
        assertFalse(o.configuresMachine());
    }

    @Test
    void shellCommandAndRunShell() throws Exception {
        assertTrue(parse("shell").shell());
        assertEquals(LaunchOptions.Command.SHELL, parse("shell").command());
        LaunchOptions o = parse("run", "--shell");
        assertEquals(LaunchOptions.Command.RUN, o.command());
        assertTrue(o.shell());
    }

    @Test
    void ramInBothSpellings() throws Exception {
        assertEquals(32L << 20, parse("run", "--ram", "32M").ramSize().getAsLong());
        assertEquals(640L << 10, parse("run", "--ram=640K").ramSize().getAsLong());
        assertTrue(parse("run", "--ram", "32M").configuresMachine());
    }

    @Test
    void ramErrors() {
        assertEquals("--ram: malformed size '12Q' (examples: 640K, 16M, 1G, 0x100000)", error("run", "--ram", "12Q"));
        assertEquals("--ram needs a value: SIZE, e.g. 16M", error("run", "--ram"));
        assertEquals("--ram needs a value: SIZE, e.g. 16M", error("run", "--ram", "--shell"));
        assertEquals("--ram is given twice", error("run", "--ram", "1M", "--ram", "2M"));
        assertTrue(error("run", "--ram", "8G").contains("does not fit"));
    }

    @Test
    void unknownOptionsAndCommands() {
        assertEquals("unknown option '--bogus' for run (see --help)", error("run", "--bogus"));
        assertEquals("unknown option '-x' for shell (see --help)", error("shell", "-x"));
        assertEquals("unexpected argument 'extra' for run (see --help)", error("run", "extra"));
        assertEquals("unknown command 'bogus' (commands: run, shell, help)", error("bogus"));
        assertTrue(error("--bogus").startsWith("unknown option '--bogus'"));
        assertEquals("--shell takes no value", error("run", "--shell=yes"));
    }

    @Test
    void romSpecs() throws Exception {
        Path bios = file("bios.bin", 65536);
        Path vga = file("vga.bin", 32768);
        LaunchOptions o = parse("run", "--rom", bios + "@0xF0000", "--rom=" + vga + "@C0000h");
        assertEquals(2, o.roms().size());
        RomSpec first = o.roms().get(0);
        assertEquals(bios.toAbsolutePath().normalize(), first.file());
        assertEquals(0xF0000, first.base());
        assertEquals(65536, first.length());
        assertEquals("bios.bin", first.name());
        assertEquals(0xC0000, o.roms().get(1).base());
        assertEquals("vga.bin", o.roms().get(1).name());
        assertTrue(o.configuresMachine());
    }

    @Test
    void romFileNameMayContainAt() throws Exception {
        Path odd = file("a@b.bin", 16);
        RomSpec rom = parse("run", "--rom", odd + "@0x1000").roms().get(0);
        assertEquals(odd, rom.file());
        assertEquals(0x1000, rom.base());
    }

    @Test
    void romNamesAreMadeUnique() throws Exception {
        Path a = file("bios.bin", 16);
        Files.createDirectory(dir.resolve("other"));
        Path b = dir.resolve("other").resolve("bios.bin");
        Files.write(b, new byte[16]);
        LaunchOptions o = parse("run", "--rom", a + "@0x1000", "--rom", b + "@0x2000");
        assertEquals("bios.bin", o.roms().get(0).name());
        assertEquals("bios.bin#2", o.roms().get(1).name());
    }

    @Test
    void romErrors() throws Exception {
        Path bios = file("bios.bin", 65536);
        Path empty = file("empty.bin", 0);
        Path missing = dir.resolve("missing.bin");
        assertEquals("ROM file not found: " + missing, error("run", "--rom", missing + "@0xF0000"));
        assertEquals("ROM file is empty: " + empty, error("run", "--rom", empty + "@0xF0000"));
        assertTrue(error("run", "--rom", bios.toString()).startsWith("--rom needs FILE@ADDR"));
        assertTrue(error("run", "--rom", bios + "@").startsWith("--rom needs FILE@ADDR"));
        assertTrue(error("run", "--rom", "@0x1000").startsWith("--rom needs FILE@ADDR"));
        assertEquals("--rom: malformed address 'F0000' (use hex as 0xF0000 or F0000h, or decimal)",
                error("run", "--rom", bios + "@F0000"));
        assertEquals("ROM bios.bin (65536 bytes) does not fit below 4 GiB at 0xFFFFF000",
                error("run", "--rom", bios + "@0xFFFFF000"));
        assertEquals("ROM file is not a readable file: " + dir, error("run", "--rom", dir + "@0x1000"));
        assertEquals("ROM bios.bin#2 at 0x000F8000 overlaps ROM bios.bin at 0x000F0000",
                error("run", "--rom", bios + "@0xF0000", "--rom", bios + "@0xF8000"));
    }

    @Test
    void debugconSinks() throws Exception {
        assertEquals("stdout", parse("run", "--debugcon", "stdout").debugcon());
        assertEquals("stdout", parse("run", "--debugcon", "STDOUT").debugcon());
        assertEquals("none", parse("run", "--debugcon=none").debugcon());
        Path out = dir.resolve("debug.txt");
        assertEquals(out.toString(), parse("run", "--debugcon", out.toString()).debugcon());
    }

    @Test
    void debugconErrors() {
        Path nowhere = dir.resolve("no-such-dir").resolve("debug.txt");
        assertEquals("--debugcon: the folder of " + nowhere + " does not exist",
                error("run", "--debugcon", nowhere.toString()));
        assertEquals("--debugcon: " + dir + " is a directory, not a file", error("run", "--debugcon", dir.toString()));
        assertEquals("--debugcon is given twice", error("run", "--debugcon", "none", "--debugcon", "stdout"));
    }

    @Test
    void hotFolder() throws Exception {
        Path hot = dir.resolve("hot");
        assertEquals(hot, parse("shell", "--hot", hot.toString()).hotDir());
        assertFalse(Files.exists(hot), "parsing creates nothing");
        Path notADir = file("plain", 1);
        assertEquals("--hot: " + notADir + " is not a directory", error("run", "--hot", notADir.toString()));
        assertEquals("--hot needs a value: DIR", error("run", "--hot"));
    }
}
