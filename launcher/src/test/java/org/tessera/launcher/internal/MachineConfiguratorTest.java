package org.tessera.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

class MachineConfiguratorTest {

    /** One configuration written through the fake Configuration Admin. */
    private record Written(String call, String pid, String name, String location, Dictionary<String, Object> properties) {
    }

    private final List<Written> written = new ArrayList<>();

    /** A Configuration Admin that records getConfiguration/getFactoryConfiguration and update. */
    private ConfigurationAdmin recordingConfigAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    String call = method.getName();
                    String pid = (String) args[0];
                    String name = call.equals("getFactoryConfiguration") ? (String) args[1] : null;
                    String location = (String) args[args.length - 1];
                    return configuration(call, pid, name, location);
                });
    }

    @SuppressWarnings("unchecked")
    private Configuration configuration(String call, String pid, String name, String location) {
        return (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Configuration.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("update") && args != null && args.length == 1) {
                        written.add(new Written(call, pid, name, location, (Dictionary<String, Object>) args[0]));
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void writesTypedConfigurationsForAnyLocation() throws Exception {
        RomSpec bios = new RomSpec(Path.of("/roms/bios.bin"), 0xF0000, 0x10000, "bios.bin");
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.of(32L << 20), List.of(bios),
                "none", null, false);
        List<MachineConfigurator.AssemblyCheck> checks = new MachineConfigurator(recordingConfigAdmin()).apply(options);

        assertEquals(3, written.size());
        Written rom = written.get(0);
        assertEquals("getFactoryConfiguration", rom.call());
        assertEquals("tessera.rom", rom.pid());
        assertEquals("bios.bin", rom.name());
        assertEquals("?", rom.location());
        assertEquals("/roms/bios.bin", rom.properties().get("file"));
        assertEquals(0xF0000L, rom.properties().get("base"));
        assertEquals("bios.bin", rom.properties().get("name"));

        Written ram = written.get(1);
        assertEquals("tessera.ram", ram.pid());
        assertEquals("?", ram.location());
        assertEquals(Long.valueOf(32L << 20), ram.properties().get("size"));

        Written debugcon = written.get(2);
        assertEquals("tessera.debugcon", debugcon.pid());
        assertEquals("none", debugcon.properties().get("sink"));

        assertEquals(List.of("ROM bios.bin at 0x000F0000 in the memory map", "RAM of 32 MiB in the memory map",
                "the debug console configured with sink none"),
                checks.stream().map(MachineConfigurator.AssemblyCheck::description).toList());
    }

    @Test
    void writesTheCpuLimitOnlyWhenGiven() throws Exception {
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null,
                false, List.of(), BootImage.demo(), OptionalLong.of(1000), null, OptionalInt.empty());
        assertTrue(options.configuresMachine());
        List<MachineConfigurator.AssemblyCheck> checks = new MachineConfigurator(recordingConfigAdmin()).apply(options);
        assertEquals(1, written.size());
        assertEquals("tessera.cpu", written.get(0).pid());
        assertEquals("?", written.get(0).location());
        assertEquals(Long.valueOf(1000), written.get(0).properties().get("maxInstructions"));
        assertEquals(1, written.get(0).properties().size(), "the CPU keeps its own compile threshold");
        assertEquals(List.of("the CPU configured with an instruction limit of 1000"),
                checks.stream().map(MachineConfigurator.AssemblyCheck::description).toList());

        LaunchOptions demoOnly = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null,
                false, List.of(), BootImage.demo(), OptionalLong.empty(), java.time.Duration.ofSeconds(1),
                OptionalInt.empty());
        assertFalse(demoOnly.configuresMachine(), "a program and a time limit need no configuration");
    }

    @Test
    void writesTheSerialSink() throws Exception {
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null,
                false, List.of(), null, OptionalLong.empty(), null, OptionalInt.empty(), null,
                LaunchOptions.DisplayMode.HEADLESS, null, "tcp:4555");
        assertTrue(options.configuresMachine());
        new MachineConfigurator(recordingConfigAdmin()).apply(options);
        assertEquals(1, written.size());
        assertEquals("getConfiguration", written.get(0).call());
        assertEquals("tessera.com1", written.get(0).pid());
        assertEquals("?", written.get(0).location());
        assertEquals("tcp:4555", written.get(0).properties().get("sink"));
        assertEquals(1, written.get(0).properties().size());
    }

    @Test
    void writesTheCompileThresholdOnlyWhenGiven() throws Exception {
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null,
                false, List.of(), BootImage.demo(), OptionalLong.empty(), null, OptionalInt.of(0));
        assertTrue(options.configuresMachine());
        List<MachineConfigurator.AssemblyCheck> checks = new MachineConfigurator(recordingConfigAdmin()).apply(options);
        assertEquals(1, written.size());
        Written cpu = written.get(0);
        assertEquals("getConfiguration", cpu.call());
        assertEquals("tessera.cpu", cpu.pid());
        assertEquals("?", cpu.location());
        assertEquals(Integer.valueOf(0), cpu.properties().get("compileThreshold"));
        assertEquals(1, cpu.properties().size(), "the CPU keeps its own instruction limit");
        assertEquals(List.of("the CPU configured with a compile threshold of 0"),
                checks.stream().map(MachineConfigurator.AssemblyCheck::description).toList());
    }

    @Test
    void writesTheCpuLimitAndCompileThresholdInOneUpdate() throws Exception {
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null,
                false, List.of(), BootImage.demo(), OptionalLong.of(500), null, OptionalInt.of(64));
        List<MachineConfigurator.AssemblyCheck> checks = new MachineConfigurator(recordingConfigAdmin()).apply(options);
        assertEquals(1, written.size(), "an update replaces the whole configuration, so both go in one");
        Written cpu = written.get(0);
        assertEquals("tessera.cpu", cpu.pid());
        assertEquals(Long.valueOf(500), cpu.properties().get("maxInstructions"));
        assertEquals(Integer.valueOf(64), cpu.properties().get("compileThreshold"));
        assertEquals(List.of("the CPU configured with an instruction limit of 500",
                "the CPU configured with a compile threshold of 64"),
                checks.stream().map(MachineConfigurator.AssemblyCheck::description).toList());
    }

    @Test
    void writesNothingWhenNothingIsAsked() throws Exception {
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null, false);
        assertTrue(new MachineConfigurator(null).apply(options).isEmpty());
    }

    @Test
    void needsConfigurationAdminForOptions() {
        LaunchOptions options = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.of(1024), List.of(), null, null, false);
        UsageException e = assertThrows(UsageException.class, () -> new MachineConfigurator(null).apply(options));
        assertTrue(e.getMessage().contains("no Configuration Admin"), e.getMessage());
        LaunchOptions threshold = new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null,
                false, List.of(), null, OptionalLong.empty(), null, OptionalInt.of(0));
        UsageException t = assertThrows(UsageException.class, () -> new MachineConfigurator(null).apply(threshold));
        assertTrue(t.getMessage().contains("--compile-threshold"), t.getMessage());
    }

    @Test
    void recognizesServicePids() {
        assertTrue(MachineConfigurator.hasPid("tessera.debugcon", "tessera.debugcon"));
        assertTrue(MachineConfigurator.hasPid(new String[] {"a", "tessera.debugcon"}, "tessera.debugcon"));
        assertTrue(MachineConfigurator.hasPid(List.of("tessera.debugcon"), "tessera.debugcon"));
        assertFalse(MachineConfigurator.hasPid(null, "tessera.debugcon"));
        assertFalse(MachineConfigurator.hasPid("tessera.ram", "tessera.debugcon"));
    }

    private static LaunchOptions withMonitor(LaunchOptions.Monitor monitor) {
        return new LaunchOptions(LaunchOptions.Command.RUN, OptionalLong.empty(), List.of(), null, null, false,
                List.of(), BootImage.demo(), OptionalLong.empty(), null, OptionalInt.empty(), null,
                LaunchOptions.DisplayMode.HEADLESS, monitor);
    }

    @Test
    void writesTheMonitorProfileAndLog() throws Exception {
        Path log = Path.of("/tmp/events.jsonl").toAbsolutePath();
        List<MachineConfigurator.AssemblyCheck> checks = new MachineConfigurator(recordingConfigAdmin())
                .apply(withMonitor(new LaunchOptions.Monitor("integrity", log)));
        assertEquals(1, written.size());
        Written monitor = written.get(0);
        assertEquals("getConfiguration", monitor.call());
        assertEquals("tessera.monitor", monitor.pid());
        assertEquals("?", monitor.location());
        assertEquals("integrity", monitor.properties().get("profile"));
        assertEquals(log.toString(), monitor.properties().get("logFile"));
        assertEquals(2, monitor.properties().size());
        assertEquals(List.of("the guest monitor configured with profile integrity"),
                checks.stream().map(MachineConfigurator.AssemblyCheck::description).toList());
    }

    @Test
    void writesTheMonitorProfileAloneWithoutALog() throws Exception {
        new MachineConfigurator(recordingConfigAdmin()).apply(withMonitor(new LaunchOptions.Monitor("watch", null)));
        assertEquals(1, written.size());
        assertEquals("watch", written.get(0).properties().get("profile"));
        assertEquals(1, written.get(0).properties().size());
    }

    @Test
    void writesNoMonitorConfigurationWithoutTheOptions() throws Exception {
        new MachineConfigurator(recordingConfigAdmin()).apply(withMonitor(null));
        assertEquals(List.of(), written, "no configuration: the monitor does not run");
        UsageException e = assertThrows(UsageException.class, () -> new MachineConfigurator(null)
                .apply(withMonitor(new LaunchOptions.Monitor("watch", null))));
        assertTrue(e.getMessage().contains("--monitor"), e.getMessage());
    }

    @TempDir
    Path dir;

    private Path file(String name, int size) throws java.io.IOException {
        Path f = dir.resolve(name);
        java.nio.file.Files.write(f, new byte[size]);
        return f;
    }

    private static DiskOptions.Disks disks(java.util.Map<String, Path> images, String boot) {
        return new DiskOptions.Disks(images, boot, false);
    }

    @Test
    void floppyDriveTypesFollowTheImageSizes() throws Exception {
        assertEquals("none", MachineConfigurator.floppyType(null));
        for (int size : new int[] {163_840, 184_320, 327_680, 368_640}) {
            assertEquals("360K", MachineConfigurator.floppyType(file("f" + size + ".img", size)), size + " bytes");
        }
        assertEquals("720K", MachineConfigurator.floppyType(file("720.img", 737_280)));
        assertEquals("1.2M", MachineConfigurator.floppyType(file("1200.img", 1_228_800)));
        assertEquals("1.44M", MachineConfigurator.floppyType(file("1440.img", 1_474_560)));
        assertEquals("2.88M", MachineConfigurator.floppyType(file("2880.img", 2_949_120)));
        assertEquals("1.44M", MachineConfigurator.floppyType(dir.resolve("gone.img")), "an unreadable image: the usual drive");
    }

    @Test
    void cmosSettingsFromTheDisks() throws Exception {
        Path a = file("a.img", 1_474_560);
        Path b = file("b.img", 368_640);
        Path c = file("c.img", 512 * 1024);
        Path d = file("d.img", 512 * 2048);

        Dictionary<String, Object> p = MachineConfigurator.cmosSettings(
                disks(java.util.Map.of("fd0", a, "fd1", b, "hd0", c, "hd1", d), "c,a"));
        assertEquals("1.44M", p.get("floppyA"));
        assertEquals("360K", p.get("floppyB"));
        assertEquals(2, p.get("hardDisks"));
        assertEquals("disk,floppy", p.get("bootOrder"));
        assertEquals(4, p.size());

        p = MachineConfigurator.cmosSettings(disks(java.util.Map.of("hd0", c), "c"));
        assertEquals("none", p.get("floppyA"));
        assertEquals("none", p.get("floppyB"));
        assertEquals(1, p.get("hardDisks"));
        assertEquals("disk", p.get("bootOrder"));

        p = MachineConfigurator.cmosSettings(disks(java.util.Map.of("hd1", c), "c"));
        assertEquals(2, p.get("hardDisks"), "the second disk alone: both announced, in order");

        p = MachineConfigurator.cmosSettings(disks(java.util.Map.of("fd1", b), null));
        assertEquals("none", p.get("floppyA"));
        assertEquals("360K", p.get("floppyB"));
        assertEquals(0, p.get("hardDisks"));
        assertEquals("floppy,disk", p.get("bootOrder"), "floppy first by default");

        assertEquals("floppy", MachineConfigurator.cmosSettings(disks(java.util.Map.of("fd0", a), "a")).get("bootOrder"));
        assertEquals("floppy,disk", MachineConfigurator.cmosSettings(disks(java.util.Map.of("fd0", a), "a,c")).get("bootOrder"));
        assertEquals("none", MachineConfigurator.cmosSettings(DiskOptions.Disks.NONE).get("floppyA"));
    }

    @Test
    void aRealBiosIsConfiguredInPlaceOfTheBuiltInOne() throws Exception {
        Path bios = file("bios.bin", 128 << 10);
        Path vga = file("vgabios.bin", 32 << 10);
        Path floppy = file("a.img", 737_280);
        LaunchOptions options = new ArgumentParser().parse(List.of("run", "--bios", bios.toString(), "--vgabios",
                vga.toString(), "--fda", floppy.toString(), "--firmware-log", "-"));
        List<MachineConfigurator.AssemblyCheck> checks = new MachineConfigurator(recordingConfigAdmin()).apply(options);

        java.util.Map<String, Dictionary<String, Object>> byPid = new java.util.HashMap<>();
        for (Written w : written) {
            assertEquals("?", w.location());
            byPid.put(w.pid(), w.properties());
        }
        assertEquals("720K", byPid.get("tessera.cmos").get("floppyA"));
        assertEquals(0, byPid.get("tessera.cmos").get("hardDisks"));
        assertEquals("floppy,disk", byPid.get("tessera.cmos").get("bootOrder"));
        assertEquals(bios.toAbsolutePath().toString(), byPid.get("tessera.firmware").get("bios"));
        assertEquals(vga.toAbsolutePath().toString(), byPid.get("tessera.firmware").get("vgabios"));
        assertEquals(Boolean.FALSE, byPid.get("tessera.bios").get("enabled"), "the built-in BIOS keeps out of the way");
        assertEquals("-", byPid.get("tessera.firmwarelog").get("output"));
        assertEquals(List.of("vgaroms/vgabios.bin=" + vga.toAbsolutePath()),
                List.of((String[]) byPid.get("tessera.fwcfg").get("files")));
        assertTrue(checks.stream().anyMatch(c -> c.description().startsWith("the BIOS image at the top of the 4 GiB space")));
    }

    @Test
    void aRealBiosAloneWritesTheCmosAndTheFirmwareOnly() throws Exception {
        Path bios = file("bios.bin", 64 << 10);
        LaunchOptions options = new ArgumentParser().parse(List.of("run", "--bios", bios.toString()));
        new MachineConfigurator(recordingConfigAdmin()).apply(options);
        assertEquals(List.of("tessera.cmos", "tessera.firmware", "tessera.bios"), written.stream().map(Written::pid).toList());
        assertEquals(1, written.get(1).properties().size(), "no VGA BIOS");
        assertEquals("none", written.get(0).properties().get("floppyA"));
        assertEquals(0, written.get(0).properties().get("hardDisks"));
    }
}
