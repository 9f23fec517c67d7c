package org.tessera.launcher.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * Writes the machine's configuration to Configuration Admin from the command line's options,
 * and says what to wait for before the machine counts as assembled.
 *
 * <p>The configurations (all with location {@code "?"}, so that whichever bundle provides the
 * device receives them):
 * <ul>
 * <li>{@value #RAM_PID}: {@code size} (Long, bytes);</li>
 * <li>one factory configuration of {@value #ROM_FACTORY_PID} per ROM, named after the image:
 * {@code file} (absolute path), {@code base} (Long), {@code name};</li>
 * <li>{@value #DEBUGCON_PID}: {@code sink} ({@code stdout}, {@code none} or an absolute path);</li>
 * <li>{@value #CPU_PID}: {@value #MAX_INSTRUCTIONS} (Long, at least 1), only with
 * {@code --max-instructions} (without it the CPU keeps its default, no limit), and
 * {@value #COMPILE_THRESHOLD} (Integer, 0 or more), only with {@code --compile-threshold}
 * (without it the CPU keeps its default); both in one configuration, written once.</li>
 * <li>{@value #MONITOR_PID}: {@value #MONITOR_PROFILE} and, with {@code --monitor-log},
 * {@value #MONITOR_LOG} (absolute path), only with {@code --monitor} or {@code --monitor-log}.
 * Without a configuration the guest monitor does not run: the machine is as without the
 * bundle.</li>
 * </ul>
 */
final class MachineConfigurator {

    /** PID of the RAM configuration (mem.bus). */
    static final String RAM_PID = "tessera.ram";
    /** Factory PID of ROM images (mem.bus). */
    static final String ROM_FACTORY_PID = "tessera.rom";
    /** PID of the debug console configuration (dev.ioports). */
    static final String DEBUGCON_PID = "tessera.debugcon";
    /** PID of COM1's configuration (dev.ioports); its sink is {@value #SINK}. */
    static final String SERIAL_PID = "tessera.com1";
    /** Factory PID of the storage bundle's drives (one named configuration per unit). */
    static final String DRIVE_FACTORY = "tessera.drive";
    /** PID of the built-in BIOS's configuration ({@code boot}: the boot order). */
    static final String BIOS_PID = "tessera.bios";
    /** PID of the firmware images' configuration (firmware.bios): {@code bios}, {@code vgabios}. */
    static final String FIRMWARE_PID = "tessera.firmware";
    /** PID of QEMU's firmware configuration interface (dev.ioports): {@code files}. */
    static final String FWCFG_PID = "tessera.fwcfg";
    /** PID of the firmware's message ports (dev.ioports): {@code output}. */
    static final String FIRMWARE_LOG_PID = "tessera.firmwarelog";
    /** PID of the CMOS's configuration (dev.ioports): drive types and boot order for the BIOS. */
    static final String CMOS_PID = "tessera.cmos";
    /** PID of the CPU configuration (cpu.core). */
    static final String CPU_PID = "tessera.cpu";
    /** Property of the CPU configuration: stop after this many instructions (0: no limit). */
    static final String MAX_INSTRUCTIONS = "maxInstructions";
    /** Property of the CPU configuration: compile code reached this many times (0: interpret only). */
    static final String COMPILE_THRESHOLD = "compileThreshold";
    /** Property of the CPU's configuration: pace machine time to the wall clock. */
    static final String REALTIME = "realtime";
    /** Property of the debug console configuration naming its sink. */
    static final String SINK = "sink";
    /** PID of the guest monitor's configuration (guest.monitor). */
    static final String MONITOR_PID = "tessera.monitor";
    /** Property of the monitor's configuration: its profile. */
    static final String MONITOR_PROFILE = "profile";
    /** Property of the monitor's configuration: the JSON-lines event log. */
    static final String MONITOR_LOG = "logFile";
    /** Location of the configurations: any bundle may receive them. */
    static final String ANY_LOCATION = "?";

    /**
     * Something the assembled machine must show before the command goes on.
     *
     * @param description what is awaited, for the timeout message
     * @param met whether it is there now
     */
    record AssemblyCheck(String description, Predicate<MachineServices> met) {
    }

    private final ConfigurationAdmin configAdmin;

    /** @param configAdmin the machine's Configuration Admin, or null if it has none */
    MachineConfigurator(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /**
     * Writes the configurations the options ask for.
     *
     * @return what to wait for: the configured RAM, each ROM, the debug console and the CPU
     * @throws UsageException if the options need Configuration Admin and the machine has none
     * @throws LaunchException if Configuration Admin fails
     */
    List<AssemblyCheck> apply(LaunchOptions options) throws UsageException, LaunchException {
        List<AssemblyCheck> checks = new ArrayList<>();
        if (!options.configuresMachine()) {
            return checks;
        }
        if (configAdmin == null) {
            throw new UsageException("this machine has no Configuration Admin, so --ram, --rom, --debugcon, --serial,"
                    + " --max-instructions, --compile-threshold, --monitor and --monitor-log cannot be applied");
        }
        try {
            for (RomSpec rom : options.roms()) {
                Configuration c = configAdmin.getFactoryConfiguration(ROM_FACTORY_PID, rom.name(), ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put("file", rom.file().toString());
                p.put("base", rom.base());
                p.put("name", rom.name());
                c.update(p);
                checks.add(romCheck(rom));
            }
            if (options.ramSize().isPresent()) {
                long size = options.ramSize().getAsLong();
                Configuration c = configAdmin.getConfiguration(RAM_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put("size", size);
                c.update(p);
                checks.add(ramCheck(size));
            }
            if (options.debugcon() != null) {
                Configuration c = configAdmin.getConfiguration(DEBUGCON_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put(SINK, options.debugcon());
                c.update(p);
                checks.add(debugconCheck(options.debugcon()));
            }
            for (var e : options.disks().images().entrySet()) {
                // one named factory configuration per unit: the storage bundle's drive
                Configuration c = configAdmin.getFactoryConfiguration(DRIVE_FACTORY, e.getKey(), ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put("unit", e.getKey());
                p.put("file", e.getValue().toString());
                p.put("snapshot", options.disks().snapshot());
                c.update(p);
                checks.add(driveCheck(e.getKey()));
            }
            if (options.disks().any() || options.disks().firmware()) {
                // what a BIOS reads from the CMOS: the floppy drive types, the hard disks, the boot order
                Configuration c = configAdmin.getConfiguration(CMOS_PID, ANY_LOCATION);
                c.update(cmosSettings(options.disks()));
            }
            if (options.disks().firmware()) {
                Configuration c = configAdmin.getConfiguration(FIRMWARE_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put("bios", options.disks().bios().toString());
                if (options.disks().vgabios() != null) {
                    p.put("vgabios", options.disks().vgabios().toString());
                }
                c.update(p);
                if (options.disks().vgabios() != null) {
                    // SeaBIOS deploys its VGA option ROM from fw_cfg (it clears C0000h itself)
                    Configuration fw = configAdmin.getConfiguration(FWCFG_PID, ANY_LOCATION);
                    Dictionary<String, Object> f = new Hashtable<>();
                    f.put("files", new String[] {"vgaroms/" + options.disks().vgabios().getFileName() + "="
                            + options.disks().vgabios()});
                    fw.update(f);
                }
                if (options.disks().firmwareLog() != null) {
                    Configuration log = configAdmin.getConfiguration(FIRMWARE_LOG_PID, ANY_LOCATION);
                    Dictionary<String, Object> l = new Hashtable<>();
                    l.put("output", options.disks().firmwareLog());
                    log.update(l);
                }
                checks.add(new AssemblyCheck("the BIOS image at the top of the 4 GiB space, in place of the built-in BIOS",
                        s -> anyRegion(s, r -> "firmware.bios.high".equals(r.deviceId()))
                                && !anyRegion(s, r -> "bios.rom".equals(r.deviceId()) || "bios.rom.high".equals(r.deviceId()))));
            }
            if (options.disks().firmware() || options.disks().bootOrder() != null
                    || (options.disks().any() && options.interaction().typed() != null)) {
                // the built-in BIOS boots: it types --type's text a key each time the guest waits
                // for one; with real firmware it keeps out of the way
                Configuration c = configAdmin.getConfiguration(BIOS_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                if (options.disks().firmware()) {
                    p.put("enabled", Boolean.FALSE);
                }
                if (options.disks().bootOrder() != null) {
                    p.put("boot", options.disks().bootOrder());
                }
                if (options.interaction().typed() != null) {
                    p.put("type", options.interaction().typed());
                }
                c.update(p);
            }
            if (options.serial() != null) {
                Configuration c = configAdmin.getConfiguration(SERIAL_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put(SINK, options.serial());
                c.update(p);
            }
            if (options.maxInstructions().isPresent() || options.compileThreshold().isPresent()
                    || options.interaction().realtime()) {
                // one update with every CPU property: an update replaces the whole configuration
                Configuration c = configAdmin.getConfiguration(CPU_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                if (options.maxInstructions().isPresent()) {
                    long max = options.maxInstructions().getAsLong();
                    p.put(MAX_INSTRUCTIONS, max);
                    checks.add(cpuCheck(max));
                }
                if (options.compileThreshold().isPresent()) {
                    int threshold = options.compileThreshold().getAsInt();
                    p.put(COMPILE_THRESHOLD, threshold);
                    checks.add(compileThresholdCheck(threshold));
                }
                if (options.interaction().realtime()) {
                    p.put(REALTIME, Boolean.TRUE);
                    checks.add(realtimeCheck());
                }
                c.update(p);
            }
            if (options.monitor() != null) {
                LaunchOptions.Monitor monitor = options.monitor();
                Configuration c = configAdmin.getConfiguration(MONITOR_PID, ANY_LOCATION);
                Dictionary<String, Object> p = new Hashtable<>();
                p.put(MONITOR_PROFILE, monitor.profile());
                if (monitor.logFile() != null) {
                    p.put(MONITOR_LOG, monitor.logFile().toString());
                }
                for (java.util.Map.Entry<String, String> e : monitor.settings().entrySet()) {
                    p.put(e.getKey(), switch (e.getKey()) {
                        case "events" -> (Object) Integer.valueOf(e.getValue());
                        case "asyncRedirect" -> (Object) Boolean.valueOf(e.getValue());
                        default -> e.getValue();
                    });
                }
                c.update(p);
                checks.add(monitorCheck(monitor.profile()));
            }
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("cannot write the machine's configuration: " + e.getMessage(), e);
        }
        return checks;
    }

    /**
     * The CMOS bytes a BIOS boots from: drive types of A: and B: by their images' sizes, the number
     * of hard disks, the boot order ({@code a} floppy, {@code c} disk; floppy first by default).
     */
    static Dictionary<String, Object> cmosSettings(DiskOptions.Disks disks) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("floppyA", floppyType(disks.images().get("fd0")));
        p.put("floppyB", floppyType(disks.images().get("fd1")));
        // the CMOS announces disks 0 and 1 in order: a disk on the second unit alone still needs
        // the first announced (the BIOS finds there is none when it probes the ATA channel)
        p.put("hardDisks", disks.images().containsKey("hd1") ? 2 : disks.images().containsKey("hd0") ? 1 : 0);
        String order = disks.bootOrder() != null ? disks.bootOrder() : "a,c";
        p.put("bootOrder", order.replace("a", "floppy").replace("c", "disk"));
        return p;
    }

    /** The CMOS drive type that reads an image: by its size (the 5.25" drive for 160K-360K). */
    static String floppyType(java.nio.file.Path image) {
        if (image == null) {
            return "none";
        }
        long size;
        try {
            size = java.nio.file.Files.size(image);
        } catch (IOException e) {
            return "1.44M";
        }
        if (size <= 368_640L) {
            return "360K";
        }
        if (size == 737_280L) {
            return "720K";
        }
        if (size == 1_228_800L) {
            return "1.2M";
        }
        return size > 1_474_560L ? "2.88M" : "1.44M";
    }

    /**
     * The RAM is there when the memory map has a RAM region of the requested size (the bus may
     * round it up to whole pages).
     */
    static AssemblyCheck ramCheck(long size) {
        long rounded = (size + MemoryView.PAGE_SIZE - 1) & -(long) MemoryView.PAGE_SIZE;
        return new AssemblyCheck("RAM of " + Numbers.humanSize(size) + " in the memory map",
                s -> anyRegion(s, r -> "ram".equals(r.kind()) && r.size() >= size && r.size() <= rounded));
    }

    /** A ROM is there when the memory map has a ROM region of the image's size at its base. */
    static AssemblyCheck romCheck(RomSpec rom) {
        return new AssemblyCheck("ROM " + rom.name() + " at 0x" + Numbers.hex32(rom.base()) + " in the memory map",
                s -> anyRegion(s, r -> "rom".equals(r.kind()) && r.base() == rom.base() && r.size() == rom.length()));
    }

    /**
     * The debug console is configured when its service carries the configuration: Declarative
     * Services adds the configuration's {@code service.pid} (and its properties, such as
     * {@value #SINK}) to the component's service properties. A published sink must be the
     * configured one.
     */
    static AssemblyCheck debugconCheck(String sink) {
        return new AssemblyCheck("the debug console configured with sink " + sink, s -> {
            var ref = s.debugConsoleTracker().getServiceReference();
            if (ref == null || !hasPid(ref.getProperty(Constants.SERVICE_PID), DEBUGCON_PID)) {
                return false;
            }
            Object published = ref.getProperty(SINK);
            return published == null || Objects.equals(published, sink);
        });
    }

    /**
     * The CPU is configured when its machine control service carries the configured limit:
     * Declarative Services publishes the configuration's properties with the component's
     * services once the component has taken the configuration, so the limit holds from the first
     * instruction.
     */
    static AssemblyCheck cpuCheck(long maxInstructions) {
        return new AssemblyCheck("the CPU configured with an instruction limit of " + maxInstructions, s -> {
            var ref = s.machineControlTracker().getServiceReference();
            return ref != null && ref.getProperty(MAX_INSTRUCTIONS) instanceof Number n
                    && n.longValue() == maxInstructions;
        });
    }

    /**
     * The CPU has taken the compile threshold when its machine control service carries the
     * configuration's {@code service.pid} and the threshold: the component publishes its default
     * (16) before any configuration, so the value alone does not show that the configuration
     * arrived.
     */
    static AssemblyCheck compileThresholdCheck(int threshold) {
        return new AssemblyCheck("the CPU configured with a compile threshold of " + threshold, s -> {
            var ref = s.machineControlTracker().getServiceReference();
            return ref != null && hasPid(ref.getProperty(Constants.SERVICE_PID), CPU_PID)
                    && ref.getProperty(COMPILE_THRESHOLD) instanceof Number n && n.longValue() == threshold;
        });
    }

    /** A drive is attached when the storage bundle offers a drive of its unit. */
    static AssemblyCheck driveCheck(String unit) {
        return new AssemblyCheck("the drive " + unit + " with its image (the storage bundle logs why an image is refused)",
                s -> s.hasDrive(unit));
    }

    /** The CPU paces to the wall clock when its machine control service carries the configuration and the flag. */
    static AssemblyCheck realtimeCheck() {
        return new AssemblyCheck("the CPU configured to run in real time", s -> {
            var ref = s.machineControlTracker().getServiceReference();
            return ref != null && hasPid(ref.getProperty(Constants.SERVICE_PID), CPU_PID)
                    && Boolean.TRUE.equals(ref.getProperty(REALTIME));
        });
    }

    /**
     * The guest monitor is configured when its service (a system registers listener) carries the
     * configuration's {@code service.pid} and profile. It needs the memory bus's write watches:
     * a bus without them leaves the monitor unsatisfied and the wait ends in a timeout.
     */
    static AssemblyCheck monitorCheck(String profile) {
        return new AssemblyCheck("the guest monitor configured with profile " + profile, s -> {
            for (var ref : s.systemRegistersListeners()) {
                if (hasPid(ref.getProperty(Constants.SERVICE_PID), MONITOR_PID)
                        && profile.equals(ref.getProperty(MONITOR_PROFILE))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether a {@code service.pid} property (a String, an array or a collection) names {@code pid}. */
    static boolean hasPid(Object property, String pid) {
        if (property instanceof String s) {
            return s.equals(pid);
        }
        if (property instanceof Object[] array) {
            return Arrays.asList(array).contains(pid);
        }
        if (property instanceof Collection<?> c) {
            return c.contains(pid);
        }
        return false;
    }

    private static boolean anyRegion(MachineServices services, Predicate<RegionInfo> test) {
        MemoryBus bus = services.memoryBus();
        return bus != null && bus.regions().stream().anyMatch(test);
    }
}
