package org.tessera.launcher.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What the command line asks for, parsed and checked by {@link ArgumentParser}.
 *
 * @param command the command
 * @param ramSize {@code --ram} in bytes, if given
 * @param roms the {@code --rom} images, in command-line order
 * @param debugcon {@code --debugcon}: {@code "stdout"}, {@code "none"} or an absolute file path;
 *     null if not given
 * @param hotDir {@code --hot}: the folder to watch (absolute), or null
 * @param shell whether to open the interactive shell after assembling ({@code shell}, or
 *     {@code run --shell})
 * @param testPaths the files and folders of {@code cputest} (absolute, checked to exist); empty
 *     for the other commands
 * @param image the program to load and start ({@code --load}, {@code --floppy} or
 *     {@code --demo}), or null
 * @param maxInstructions {@code --max-instructions}: the CPU stops after this many instructions,
 *     if given (at least 1)
 * @param maxTime {@code --max-seconds}: the run is paused after this much wall time, or null
 * @param compileThreshold {@code --compile-threshold}: the CPU compiles guest code once it has
 *     been reached this many times, if given (0 or more; 0: every instruction is interpreted)
 * @param screenshot {@code --screenshot}: the PNG file (absolute) the final frame is written to
 *     when the run ends, or null
 * @param display {@code --display}: whether the screen is shown in a window
 * @param monitor {@code --monitor} and {@code --monitor-log}: how the guest monitor runs, or
 *     null if neither is given (the monitor stays off)
 * @param serial {@code --serial}: COM1's sink, {@code "stdout"}, {@code "none"}, {@code "tcp:PORT"}
 *     or an absolute file path; null if not given
 * @param interaction {@code --type} and {@code --realtime}: keys typed into the guest and pacing
 *     to the wall clock
 * @param disks {@code --fda}, {@code --fdb}, {@code --hda}, {@code --hdb}, {@code --boot},
 *     {@code --snapshot}: images attached to the drives; with them and no program the machine
 *     starts from its reset vector (the BIOS boots)
 */
record LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
        boolean shell, List<Path> testPaths, BootImage image, OptionalLong maxInstructions, Duration maxTime,
        OptionalInt compileThreshold, Path screenshot, DisplayMode display, Monitor monitor, String serial,
        Interaction interaction, DiskOptions.Disks disks) {

    /** Options without disks. */
    LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
            boolean shell, List<Path> testPaths, BootImage image, OptionalLong maxInstructions, Duration maxTime,
            OptionalInt compileThreshold, Path screenshot, DisplayMode display, Monitor monitor, String serial,
            Interaction interaction) {
        this(command, ramSize, roms, debugcon, hotDir, shell, testPaths, image, maxInstructions, maxTime,
                compileThreshold, screenshot, display, monitor, serial, interaction, DiskOptions.Disks.NONE);
    }

    /**
     * How the run meets the guest.
     *
     * @param typed {@code --type}: the text typed into the keyboard once the machine runs (escapes
     *     already turned into characters), or null
     * @param realtime {@code --realtime}: machine time paced to the wall clock
     * @param until {@code --until}: the run stops once this text is on the screen or has gone out
     *     of COM1 (with {@code --serial FILE}), or null
     * @param textScreen {@code --text-screen}: where the final text screen is written (UTF-8), or
     *     null
     */
    record Interaction(String typed, boolean realtime, String until, Path textScreen) {
        /** None of these options. */
        static final Interaction NONE = new Interaction(null, false, null, null);

        Interaction(String typed, boolean realtime) {
            this(typed, realtime, null, null);
        }
    }

    /** Options without {@code --type} and {@code --realtime}. */
    LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
            boolean shell, List<Path> testPaths, BootImage image, OptionalLong maxInstructions, Duration maxTime,
            OptionalInt compileThreshold, Path screenshot, DisplayMode display, Monitor monitor, String serial) {
        this(command, ramSize, roms, debugcon, hotDir, shell, testPaths, image, maxInstructions, maxTime,
                compileThreshold, screenshot, display, monitor, serial, Interaction.NONE);
    }

    /**
     * The guest monitor's settings from the command line.
     *
     * @param profile {@code --monitor}: watch, integrity, paging or off ({@code watch} when only
     *     {@code --monitor-log} is given)
     * @param logFile {@code --monitor-log}: the JSON-lines event log (absolute), or null
     * @param settings {@code --monitor-set KEY=VALUE}: further properties of the monitor's
     *     configuration, in the order given (keys from {@link #SETTINGS})
     */
    record Monitor(String profile, Path logFile, java.util.Map<String, String> settings) {
        /** The profiles {@code --monitor} takes. */
        static final List<String> PROFILES = List.of("watch", "integrity", "paging", "off");
        /** The keys {@code --monitor-set} takes: the monitor's configuration properties. */
        static final List<String> SETTINGS = List.of("denial", "gdt", "idt", "ldt", "tss", "pageDirectory",
                "pageTables", "ivt", "events", "asyncRedirect");

        Monitor {
            Objects.requireNonNull(profile, "profile");
            settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        }

        Monitor(String profile, Path logFile) {
            this(profile, logFile, java.util.Map.of());
        }
    }

    /** Where the screen goes while the machine runs ({@code --display}). */
    enum DisplayMode {
        /** Nowhere (screenshots still work): the default. */
        HEADLESS,
        /** A window on the desktop, if there is one. */
        WINDOW
    }

    /** The commands of the command line. */
    enum Command {
        /** Print the usage text. */
        HELP,
        /** Assemble the machine, print its maps and run it. */
        RUN,
        /** Assemble the machine and open the interactive shell. */
        SHELL,
        /** Run CPU test vectors with the machine's CPU test runner. */
        CPUTEST
    }

    /** Checks the components and copies the lists. */
    LaunchOptions {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(ramSize, "ramSize");
        Objects.requireNonNull(maxInstructions, "maxInstructions");
        Objects.requireNonNull(compileThreshold, "compileThreshold");
        Objects.requireNonNull(display, "display");
        roms = List.copyOf(roms);
        testPaths = List.copyOf(testPaths);
        if (interaction == null) {
            interaction = Interaction.NONE;
        }
        if (disks == null) {
            disks = DiskOptions.Disks.NONE;
        }
    }

    /** Options without {@code --serial}. */
    LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
            boolean shell, List<Path> testPaths, BootImage image, OptionalLong maxInstructions, Duration maxTime,
            OptionalInt compileThreshold, Path screenshot, DisplayMode display, Monitor monitor) {
        this(command, ramSize, roms, debugcon, hotDir, shell, testPaths, image, maxInstructions, maxTime,
                compileThreshold, screenshot, display, monitor, null);
    }

    /** Options without the guest monitor. */
    LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
            boolean shell, List<Path> testPaths, BootImage image, OptionalLong maxInstructions, Duration maxTime,
            OptionalInt compileThreshold, Path screenshot, DisplayMode display) {
        this(command, ramSize, roms, debugcon, hotDir, shell, testPaths, image, maxInstructions, maxTime,
                compileThreshold, screenshot, display, null);
    }

    /** Options without a screenshot and without a window. */
    LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
            boolean shell, List<Path> testPaths, BootImage image, OptionalLong maxInstructions, Duration maxTime,
            OptionalInt compileThreshold) {
        this(command, ramSize, roms, debugcon, hotDir, shell, testPaths, image, maxInstructions, maxTime,
                compileThreshold, null, DisplayMode.HEADLESS);
    }

    /** True if the command line asks for the screen: a screenshot or a window. */
    boolean needsDisplay() {
        return screenshot != null || display == DisplayMode.WINDOW || interaction.textScreen() != null;
    }

    /**
     * Options of {@code run} and {@code shell} without a program: no test paths, no limits, the
     * CPU's own compile threshold.
     */
    LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
            boolean shell) {
        this(command, ramSize, roms, debugcon, hotDir, shell, List.of(), null, OptionalLong.empty(), null,
                OptionalInt.empty());
    }

    /** The options of {@code help}. */
    static LaunchOptions help() {
        return new LaunchOptions(Command.HELP, OptionalLong.empty(), List.of(), null, null, false);
    }

    /** The options of {@code cputest PATH...}. */
    static LaunchOptions cpuTest(List<Path> paths) {
        return new LaunchOptions(Command.CPUTEST, OptionalLong.empty(), List.of(), null, null, false, paths, null,
                OptionalLong.empty(), null, OptionalInt.empty());
    }

    /** True if the command line configures anything through Configuration Admin. */
    boolean configuresMachine() {
        return ramSize.isPresent() || !roms.isEmpty() || debugcon != null || serial != null
                || maxInstructions.isPresent()
                || compileThreshold.isPresent() || monitor != null || interaction.realtime() || disks.any() || disks.firmware();
    }

    /**
     * True if the command line needs a CPU: a program to run, a limit on running or a setting of
     * the CPU.
     */
    boolean needsCpu() {
        return image != null || maxInstructions.isPresent() || maxTime != null || compileThreshold.isPresent()
                || interaction.realtime() || disks.any() || disks.firmware();
    }

    /** The option that makes {@link #needsCpu()} true, for messages; null if none does. */
    String cpuOption() {
        if (image != null) {
            return image.kind().option();
        }
        if (maxInstructions.isPresent()) {
            return "--max-instructions";
        }
        if (maxTime != null) {
            return "--max-seconds";
        }
        if (compileThreshold.isPresent()) {
            return "--compile-threshold";
        }
        if (interaction.realtime()) {
            return "--realtime";
        }
        return disks.any() ? "a disk image" : disks.firmware() ? "--bios" : null;
    }
}
