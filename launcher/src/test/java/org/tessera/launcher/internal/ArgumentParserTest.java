package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.input.KeyboardInput;
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
        assertNull(o.image());
        assertTrue(o.maxInstructions().isEmpty());
        assertNull(o.maxTime());
        assertTrue(o.compileThreshold().isEmpty());
        assertFalse(o.needsCpu());
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
        assertEquals("unknown command 'bogus' (commands: run, shell, cputest, help)", error("bogus"));
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
    void serialSinks() throws Exception {
        assertNull(parse("run").serial());
        assertEquals("stdout", parse("run", "--serial", "-").serial());
        assertEquals("stdout", parse("run", "--serial", "Stdout").serial());
        assertEquals("none", parse("run", "--serial=none").serial());
        assertEquals("tcp:4555", parse("run", "--serial", "tcp:4555").serial());
        assertEquals("tcp:4555", parse("run", "--serial=TCP:4555").serial());
        Path out = dir.resolve("com1.txt");
        assertEquals(out.toString(), parse("run", "--serial", out.toString()).serial());
        assertTrue(parse("run", "--serial", "none").configuresMachine());
    }

    @Test
    void serialErrors() {
        assertEquals("--serial: tcp:0 is not tcp:PORT with a port from 1 to 65535", error("run", "--serial", "tcp:0"));
        assertEquals("--serial: tcp:x is not tcp:PORT with a port from 1 to 65535", error("run", "--serial", "tcp:x"));
        assertEquals("--serial: tcp:+80 is not tcp:PORT with a port from 1 to 65535",
                error("run", "--serial", "tcp:+80"));
        Path nowhere = dir.resolve("no-such-dir").resolve("com1.txt");
        assertEquals("--serial: the folder of " + nowhere + " does not exist",
                error("run", "--serial", nowhere.toString()));
        assertEquals("--serial: " + dir + " is a directory, not a file", error("run", "--serial", dir.toString()));
        assertEquals("--serial is given twice", error("run", "--serial", "none", "--serial", "-"));
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

    @Test
    void loadAtSegmentOffset() throws Exception {
        Path hello = file("hello.bin", 24);
        LaunchOptions o = parse("run", "--load", hello + "@1000:0100");
        BootImage image = o.image();
        assertEquals(BootImage.Kind.LOAD, image.kind());
        assertEquals(hello, image.file());
        assertEquals(new RealModeAddress(0x1000, 0x0100), image.address());
        assertTrue(o.needsCpu());
        assertEquals("--load", o.cpuOption());
        assertFalse(o.configuresMachine(), "loading is done by the launcher, not by configuration");
        assertEquals(new RealModeAddress(0x0000, 0x7C00), parse("run", "--load=" + hello + "@0:7C00h").image().address());
        assertEquals(new RealModeAddress(0xFFFF, 0x0000), parse("run", "--load", hello + "@0xFFFF:0x0").image().address());
    }

    @Test
    void loadFileNameMayContainAt() throws Exception {
        Path odd = file("a@b.bin", 4);
        BootImage image = parse("run", "--load", odd + "@2000:0").image();
        assertEquals(odd, image.file());
        assertEquals(0x20000, image.address().linear());
    }

    @Test
    void loadErrors() throws Exception {
        Path hello = file("hello.bin", 24);
        Path empty = file("empty.bin", 0);
        Path missing = dir.resolve("missing.bin");
        assertEquals("program file not found: " + missing, error("run", "--load", missing + "@1000:0100"));
        assertEquals("program file is empty: " + empty, error("run", "--load", empty + "@1000:0100"));
        assertEquals("program file is not a readable file: " + dir, error("run", "--load", dir + "@1000:0100"));
        assertEquals("--load needs FILE@SEG:OFF, e.g. hello.bin@1000:0100 (got '" + hello + "')",
                error("run", "--load", hello.toString()));
        assertTrue(error("run", "--load", hello + "@").startsWith("--load needs FILE@SEG:OFF"));
        assertTrue(error("run", "--load", "@1000:0100").startsWith("--load needs FILE@SEG:OFF"));
        assertEquals("--load needs a value: FILE@SEG:OFF, e.g. hello.bin@1000:0100", error("run", "--load"));
        assertEquals("--load: malformed address '1000' (use SEG:OFF in hex, e.g. 1000:0100)",
                error("run", "--load", hello + "@1000"));
        assertEquals("--load: malformed address '1000:01G0' (use SEG:OFF in hex, e.g. 1000:0100)",
                error("run", "--load", hello + "@1000:01G0"));
        assertEquals("--load: malformed address '1000:' (use SEG:OFF in hex, e.g. 1000:0100)",
                error("run", "--load", hello + "@1000:"));
        assertEquals("--load: segment of '10000:0' is beyond FFFF", error("run", "--load", hello + "@10000:0"));
        assertEquals("--load: offset of '0:1FFFF' is beyond FFFF", error("run", "--load", hello + "@0:1FFFF"));
        assertEquals("program hello.bin (24 bytes) does not fit in the real-mode address space at FFFF:FFF0"
                + " (it would end at 0x0010FFF8, beyond FFFF:FFFF)", error("run", "--load", hello + "@FFFF:FFF0"));
    }

    @Test
    void programsThatJustFit() throws Exception {
        Path hello = file("hello.bin", 24);
        assertEquals(0x10FFD8, parse("run", "--load", hello + "@FFFF:FFE8").image().address().linear());
        Path big = file("big.bin", 0x10000);
        assertEquals(0, parse("run", "--load", big + "@0:0").image().address().linear());
    }

    @Test
    void floppyImages() throws Exception {
        Path sector = file("boot.img", 512);
        Path disk = file("disk.img", 1474560);
        BootImage image = parse("run", "--floppy", sector.toString()).image();
        assertEquals(BootImage.Kind.FLOPPY, image.kind());
        assertEquals(sector, image.file());
        assertEquals(new RealModeAddress(0, 0x7C00), image.address());
        assertEquals(disk, parse("shell", "--floppy=" + disk).image().file());
    }

    @Test
    void floppyErrors() throws Exception {
        Path empty = file("empty.img", 0);
        Path truncated = file("short.img", 511);
        Path missing = dir.resolve("missing.img");
        assertEquals("floppy image is empty: " + empty, error("run", "--floppy", empty.toString()));
        assertEquals("floppy image " + truncated + " is truncated: 511 bytes, less than the 512-byte boot sector",
                error("run", "--floppy", truncated.toString()));
        assertEquals("floppy image not found: " + missing, error("run", "--floppy", missing.toString()));
        assertEquals("--floppy needs a value: IMG, a floppy disk image", error("run", "--floppy"));
    }

    @Test
    void theDemo() throws Exception {
        LaunchOptions o = parse("run", "--demo");
        assertEquals(BootImage.Kind.DEMO, o.image().kind());
        assertNull(o.image().file());
        assertEquals(new RealModeAddress(0x1000, 0x0100), o.image().address());
        assertEquals("--demo takes no value", error("run", "--demo=yes"));
    }

    @Test
    void oneProgramOnly() throws Exception {
        Path hello = file("hello.bin", 24);
        Path sector = file("boot.img", 512);
        assertEquals("--demo and --load are both given: the machine starts one program (--demo, --load or --floppy)",
                error("run", "--demo", "--load", hello + "@1000:0100"));
        assertEquals("--floppy is given twice: the machine starts one program (--demo, --load or --floppy)",
                error("run", "--floppy", sector.toString(), "--floppy", sector.toString()));
    }

    @Test
    void instructionLimit() throws Exception {
        assertEquals(1000, parse("run", "--max-instructions", "1000").maxInstructions().getAsLong());
        assertEquals(0x100, parse("run", "--max-instructions=0x100").maxInstructions().getAsLong());
        assertEquals("--max-instructions", parse("run", "--max-instructions", "1").cpuOption());
        assertTrue(parse("run", "--max-instructions", "1").configuresMachine());
        assertEquals("--max-instructions must be at least 1 (got 0)", error("run", "--max-instructions", "0"));
        assertEquals("--max-instructions: malformed instruction count 'lots' (use hex as 0xF0000 or F0000h, or decimal)",
                error("run", "--max-instructions", "lots"));
        assertEquals("--max-instructions is given twice", error("run", "--max-instructions", "1", "--max-instructions", "2"));
        assertEquals("--max-instructions needs a value: N, a number of instructions", error("run", "--max-instructions"));
    }

    @Test
    void compileThreshold() throws Exception {
        LaunchOptions o = parse("run", "--demo", "--compile-threshold", "100");
        assertEquals(100, o.compileThreshold().getAsInt());
        assertTrue(o.maxInstructions().isEmpty(), "the threshold is no instruction limit");
        assertEquals(32, parse("run", "--compile-threshold=32").compileThreshold().getAsInt());
        assertEquals(0, parse("run", "--compile-threshold", "0").compileThreshold().getAsInt());
        assertEquals(Integer.MAX_VALUE, parse("run", "--compile-threshold", "2147483647").compileThreshold().getAsInt());
        assertEquals(7, parse("shell", "--compile-threshold", "7").compileThreshold().getAsInt());
        LaunchOptions alone = parse("run", "--compile-threshold", "0");
        assertTrue(alone.configuresMachine());
        assertTrue(alone.needsCpu());
        assertEquals("--compile-threshold", alone.cpuOption());
        assertEquals("--max-instructions", parse("run", "--compile-threshold", "0", "--max-instructions", "5").cpuOption());
    }

    @Test
    void compileThresholdRejects() {
        assertEquals("--compile-threshold must be 0 or more (got -1)", error("run", "--compile-threshold", "-1"));
        assertEquals("--compile-threshold must be 0 or more (got -99999999999)",
                error("run", "--compile-threshold=-99999999999"));
        for (String bad : List.of("x", "lots", "0x10", "10h", "1.5", "1e3", "16K", "", "+5")) {
            assertEquals("--compile-threshold: malformed count '" + bad
                    + "' (a decimal number, 0 or more; 0 interprets every instruction)",
                    error("run", "--compile-threshold=" + bad), bad);
        }
        assertEquals("--compile-threshold: 2147483648 is too large (at most 2147483647)",
                error("run", "--compile-threshold", "2147483648"));
        assertEquals("--compile-threshold is given twice", error("run", "--compile-threshold", "0", "--compile-threshold", "16"));
        assertEquals("--compile-threshold is given twice", error("run", "--compile-threshold=1", "--compile-threshold=1"));
        assertEquals("--compile-threshold needs a value: N, how often code is reached before it is compiled (0: never)",
                error("run", "--compile-threshold"));
        assertEquals("--compile-threshold needs a value: N, how often code is reached before it is compiled (0: never)",
                error("run", "--compile-threshold", "--demo"));
    }

    @Test
    void timeLimit() throws Exception {
        assertEquals(Duration.ofSeconds(1), parse("run", "--max-seconds", "1").maxTime());
        assertEquals(Duration.ofMillis(500), parse("run", "--max-seconds=0.5").maxTime());
        assertEquals(Duration.ofNanos(2_000_000_001L), parse("run", "--max-seconds", "2.000000001").maxTime());
        assertEquals("--max-seconds", parse("run", "--max-seconds", "1").cpuOption());
        assertEquals("--max-seconds must be more than 0 (got 0.0)", error("run", "--max-seconds", "0.0"));
        for (String bad : List.of("-1", "1s", "1e3", ".5", "abc", "0.0000000001")) {
            assertEquals("--max-seconds: malformed number of seconds '" + bad + "' (examples: 1, 2.5)",
                    error("run", "--max-seconds=" + bad), bad);
        }
        assertEquals("--max-seconds is given twice", error("run", "--max-seconds", "1", "--max-seconds", "2"));
        assertEquals("--max-seconds bounds a run without the shell; in the shell use 'pause'",
                error("run", "--shell", "--max-seconds", "1"));
        assertEquals("--max-seconds bounds a run without the shell; in the shell use 'pause'",
                error("shell", "--max-seconds", "1"));
    }

    @Test
    void withoutMonitorOptionsTheMonitorStaysOff() throws Exception {
        LaunchOptions o = parse("run", "--demo");
        assertNull(o.monitor());
        assertFalse(o.configuresMachine());
    }

    @Test
    void monitorTakesAProfile() throws Exception {
        LaunchOptions o = parse("run", "--monitor", "integrity");
        assertEquals(new LaunchOptions.Monitor("integrity", null), o.monitor());
        assertTrue(o.configuresMachine());
        assertEquals("paging", parse("shell", "--monitor=PAGING").monitor().profile());
        assertEquals("off", parse("run", "--monitor", "off").monitor().profile());
        assertTrue(error("run", "--monitor", "strict").contains("unknown profile 'strict'"));
        assertTrue(error("run", "--monitor").contains("--monitor needs a value"));
        assertTrue(error("run", "--monitor", "watch", "--monitor", "paging").contains("--monitor is given twice"));
    }

    @Test
    void monitorLogImpliesWatchUnlessAProfileIsGiven() throws Exception {
        Path log = dir.resolve("events.jsonl");
        LaunchOptions o = parse("run", "--monitor-log", log.toString());
        assertEquals(new LaunchOptions.Monitor("watch", log), o.monitor());
        LaunchOptions both = parse("run", "--monitor-log=" + log, "--monitor", "integrity");
        assertEquals(new LaunchOptions.Monitor("integrity", log), both.monitor());
        assertTrue(error("run", "--monitor-log", dir.toString()).contains("is a directory"));
        assertTrue(error("run", "--monitor-log", dir.resolve("no/such/x.jsonl").toString())
                .contains("the folder of"));
        assertTrue(error("run", "--monitor-log", "a", "--monitor-log", "b").contains("given twice"));
    }

    @Test
    void typeTurnsEscapesIntoKeys() throws Exception {
        assertEquals("ver /r\rdir\r", parse("run", "--type", "ver /r\\rdir\\n").interaction().typed());
        assertEquals("a\tb\bc\u001b\\", parse("run", "--type=a\\tb\\bc\\e\\\\").interaction().typed());
        assertEquals(null, parse("run").interaction().typed());
        assertTrue(error("run", "--type", "x\\q").contains("unknown escape"));
        assertTrue(error("run", "--type", "x\\").contains("backslash ends"));
        assertTrue(error("run", "--type", "a", "--type", "b").contains("twice"));
    }

    @Test
    void typeNamesKeysInBraces() throws Exception {
        String typed = parse("run", "--type", "\\{F8}x\\{ctrl-c}\\{Alt-F4}\\{Shift-Tab}\\{Up}\\{0}\\{Ctrl-Alt-Del}").interaction().typed();
        assertEquals(String.valueOf(new char[] {
            KeyboardInput.namedKey(0x42, 0), 'x',
            KeyboardInput.namedKey(0x2E, KeyboardInput.CTRL),
            KeyboardInput.namedKey(0x3E, KeyboardInput.ALT),
            KeyboardInput.namedKey(0x0F, KeyboardInput.SHIFT),
            KeyboardInput.namedKey(0xE048, 0),
            KeyboardInput.namedKey(0x0B, 0),
            KeyboardInput.namedKey(0xE053, KeyboardInput.CTRL | KeyboardInput.ALT)}), typed);
        assertEquals('\uE442', KeyboardInput.namedKey(0x42, KeyboardInput.CTRL), "the code and the modifier bits");
        assertEquals('\uE148', KeyboardInput.namedKey(0xE048, 0), "E0h-prefixed: bit 8");
        assertTrue(error("run", "--type", "\\{F13}").contains("no key is named 'F13'"));
        assertTrue(error("run", "--type", "\\{Ctrl-}").contains("no key is named"));
        assertTrue(error("run", "--type", "a\\{F1").contains("closing brace"));
    }

    @Test
    void realtimePacesTheCpu() throws Exception {
        LaunchOptions o = parse("run", "--realtime");
        assertTrue(o.interaction().realtime());
        assertTrue(o.needsCpu());
        assertTrue(!parse("run").interaction().realtime());
    }

    @Test
    void diskImagesAreCheckedAndAttached() throws Exception {
        Path floppy = file("a.img", 1_474_560);
        Path disk = file("c.img", 512 * 1024);
        LaunchOptions o = parse("run", "--fda", floppy.toString(), "--hda", disk.toString(), "--boot", "c,a", "--snapshot");
        assertEquals(floppy.toAbsolutePath(), o.disks().images().get("fd0"));
        assertEquals(disk.toAbsolutePath(), o.disks().images().get("hd0"));
        assertEquals("c,a", o.disks().bootOrder());
        assertTrue(o.disks().snapshot());
        assertTrue(o.needsCpu());
        assertTrue(error("run", "--fda", file("odd.img", 1000).toString()).contains("truncated"));
        assertTrue(error("run", "--fda", file("big.img", 512 * 1000).toString()).contains("matches no floppy format"));
        assertTrue(error("run", "--hda", file("empty.img", 0).toString()).contains("empty"));
        assertTrue(error("run", "--hda", dir.resolve("missing.img").toString()).contains("not found"));
        assertTrue(error("run", "--boot", "x", "--fda", floppy.toString()).contains("not a boot order"));
        assertTrue(error("run", "--snapshot").contains("needs a disk image"));
        assertTrue(error("run", "--fda", floppy.toString(), "--fda", floppy.toString()).contains("twice"));
    }

    @Test
    void untilAndTextScreen() throws Exception {
        LaunchOptions o = parse("run", "--until", "A:\\>", "--text-screen", dir.resolve("screen.txt").toString());
        assertEquals("A:\\>", o.interaction().until());
        assertEquals(dir.resolve("screen.txt").toAbsolutePath(), o.interaction().textScreen());
        assertTrue(o.needsDisplay());
        assertTrue(error("run", "--until", "").contains("empty"));
        assertTrue(error("run", "--text-screen", dir.toString()).contains("directory"));
    }

    @Test
    void biosImagesOfWhole64KibAreTaken() throws Exception {
        Path bios64 = file("bios64.bin", 64 << 10);
        LaunchOptions o = parse("run", "--bios", bios64.toString());
        assertEquals(bios64.toAbsolutePath(), o.disks().bios());
        assertTrue(o.disks().firmware());
        assertFalse(o.disks().any(), "no drive gets an image");
        assertNull(o.disks().vgabios());
        assertNull(o.disks().firmwareLog());
        assertTrue(o.configuresMachine());
        assertTrue(o.needsCpu(), "--bios alone needs the CPU");
        assertEquals("--bios", o.cpuOption());

        Path bios128 = file("bios128.bin", 128 << 10);
        Path vga = file("vgabios.bin", 40_000);
        Path floppy = file("a.img", 1_474_560);
        LaunchOptions f = parse("run", "--bios=" + bios128, "--vgabios", vga.toString(), "--fda", floppy.toString(),
                "--firmware-log", "-");
        assertEquals(bios128.toAbsolutePath(), f.disks().bios());
        assertEquals(vga.toAbsolutePath(), f.disks().vgabios());
        assertEquals("-", f.disks().firmwareLog());
        assertEquals(floppy.toAbsolutePath(), f.disks().images().get("fd0"));
        assertEquals("a disk image", f.cpuOption());
        assertEquals(file("vga128.bin", 128 << 10).toAbsolutePath(),
                parse("run", "--bios", bios64.toString(), "--vgabios", dir.resolve("vga128.bin").toString()).disks().vgabios());
        assertEquals(bios64.toAbsolutePath(), parse("shell", "--bios", bios64.toString()).disks().bios());
    }

    @Test
    void biosImagesOfOtherSizesAreRefused() throws Exception {
        Path odd = file("odd.bin", 100_000);
        assertEquals("--bios: " + odd.toAbsolutePath() + " (100000 bytes) is not a BIOS image: its size must be a whole "
                + "number of 64 KiB (64 KiB, 128 KiB, 256 KiB...) up to 16 MiB", error("run", "--bios", odd.toString()));
        assertTrue(error("run", "--bios", file("half.bin", 32 << 10).toString()).contains("not a BIOS image"));
        assertTrue(error("run", "--bios", file("huge.bin", (16 << 20) + (64 << 10)).toString()).contains("up to 16 MiB"));
        Path empty = file("empty.bin", 0);
        assertEquals("--bios: the image is empty: " + empty.toAbsolutePath(), error("run", "--bios", empty.toString()));
        Path missing = dir.resolve("missing.bin");
        assertEquals("--bios: file not found: " + missing.toAbsolutePath(), error("run", "--bios", missing.toString()));
        assertEquals("--bios: not a readable file: " + dir.toAbsolutePath(), error("run", "--bios", dir.toString()));
        assertEquals("--bios needs a value: FILE, a system BIOS image", error("run", "--bios"));
        assertEquals("--vgabios needs a value: FILE, a VGA BIOS image", error("run", "--vgabios", "--shell"));
        assertEquals("--firmware-log needs a value: FILE, or - for standard output", error("run", "--firmware-log"));
        assertEquals("--boot needs a value: ORDER, the drives the BIOS boots from (a, c, a,c or c,a)", error("run", "--boot"));
        assertEquals("--hda needs a value: IMG, a disk image", error("run", "--hda"));
    }

    @Test
    void vgaBiosImagesAreCheckedAndNeedABios() throws Exception {
        Path bios = file("bios.bin", 64 << 10);
        Path big = file("big.bin", (128 << 10) + 1);
        assertEquals("--vgabios: " + big.toAbsolutePath() + " (131073 bytes) does not fit in the option ROM space "
                + "C0000h-DFFFFh (128 KiB)", error("run", "--bios", bios.toString(), "--vgabios", big.toString()));
        Path empty = file("empty.bin", 0);
        assertEquals("--vgabios: the image is empty: " + empty.toAbsolutePath(),
                error("run", "--bios", bios.toString(), "--vgabios", empty.toString()));
        assertTrue(error("run", "--bios", bios.toString(), "--vgabios", dir.resolve("none.bin").toString())
                .contains("not found"));
        Path vga = file("vgabios.bin", 32 << 10);
        assertEquals("--vgabios needs --bios: the built-in BIOS has video services of its own",
                error("run", "--vgabios", vga.toString()));
        assertEquals("--vgabios needs --bios: the built-in BIOS has video services of its own",
                error("run", "--vgabios", vga.toString(), "--fda", file("a.img", 1_474_560).toString()));
    }

    @Test
    void theFirmwareLogNeedsABios() throws Exception {
        Path bios = file("bios.bin", 64 << 10);
        assertEquals("--firmware-log needs --bios: the built-in BIOS has no messages of its own",
                error("run", "--firmware-log", "-"));
        assertEquals("-", parse("run", "--bios", bios.toString(), "--firmware-log", "stdout").disks().firmwareLog());
        assertEquals(dir.resolve("fw.log").toAbsolutePath().toString(),
                parse("run", "--bios", bios.toString(), "--firmware-log", dir.resolve("fw.log").toString())
                        .disks().firmwareLog());
        assertEquals("--firmware-log: no such folder for " + dir.resolve("none").resolve("fw.log").toAbsolutePath(),
                error("run", "--bios", bios.toString(), "--firmware-log", dir.resolve("none").resolve("fw.log").toString()));
        assertEquals("--firmware-log: " + dir.toAbsolutePath() + " is a folder, not a file",
                error("run", "--bios", bios.toString(), "--firmware-log", dir.toString()));
    }

    @Test
    void firmwareOptionsGivenTwiceAreRefused() throws Exception {
        Path bios = file("bios.bin", 64 << 10);
        Path vga = file("vgabios.bin", 32 << 10);
        assertEquals("--bios is given twice", error("run", "--bios", bios.toString(), "--bios", bios.toString()));
        assertEquals("--vgabios is given twice",
                error("run", "--bios", bios.toString(), "--vgabios", vga.toString(), "--vgabios", vga.toString()));
        assertEquals("--firmware-log is given twice",
                error("run", "--bios", bios.toString(), "--firmware-log", "-", "--firmware-log", "-"));
    }
}
