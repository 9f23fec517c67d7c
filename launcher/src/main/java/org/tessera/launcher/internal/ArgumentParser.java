package org.tessera.launcher.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the command line into {@link LaunchOptions}, checking everything that can be checked
 * before the machine is touched: option names, numbers, that ROM files exist and fit, that a
 * program to load exists and fits in the real-mode address space, that a floppy image holds a
 * whole boot sector, that the debug console's file can be created, that the paths of
 * {@code cputest} exist. Options take their value as the next argument or after {@code =}
 * ({@code --ram 16M}, {@code --ram=16M}).
 */
final class ArgumentParser {

    /** Where the debug console goes when its sink is the standard output. */
    static final String SINK_STDOUT = "stdout";
    /** The debug console sink that discards everything. */
    static final String SINK_NONE = "none";

    private static final String COMMANDS = "commands: run, shell, cputest, help";
    /** Seconds: a whole number or a decimal fraction, nanosecond precision at most. */
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9})?");
    /** A whole decimal number, possibly negative (so that a negative one gets its own message). */
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

    /**
     * Parses a command line.
     *
     * @param args the arguments after {@code -jar tessera.jar}
     * @throws UsageException on anything wrong, with a one-line message
     */
    LaunchOptions parse(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            return LaunchOptions.help();
        }
        String first = args.get(0);
        List<String> rest = args.subList(1, args.size());
        switch (first) {
            case "help", "--help", "-help", "-h", "-?":
                return LaunchOptions.help();
            case "run":
                return parseMachineOptions(LaunchOptions.Command.RUN, rest);
            case "shell":
                return parseMachineOptions(LaunchOptions.Command.SHELL, rest);
            case "cputest":
                return parseCpuTest(rest);
            default:
                if (first.startsWith("-")) {
                    throw new UsageException("unknown option '" + first + "': options follow a command (" + COMMANDS + ")");
                }
                throw new UsageException("unknown command '" + first + "' (" + COMMANDS + ")");
        }
    }

    private LaunchOptions parseMachineOptions(LaunchOptions.Command command, List<String> args) throws UsageException {
        String verb = command.name().toLowerCase(java.util.Locale.ROOT);
        OptionalLong ram = OptionalLong.empty();
        List<RomSpec> roms = new ArrayList<>();
        Set<String> romNames = new HashSet<>();
        String debugcon = null;
        String serial = null;
        String typed = null;
        boolean realtime = false;
        String until = null;
        Path textScreen = null;
        Path hot = null;
        boolean shell = command == LaunchOptions.Command.SHELL;
        BootImage image = null;
        OptionalLong maxInstructions = OptionalLong.empty();
        Duration maxTime = null;
        OptionalInt compileThreshold = OptionalInt.empty();
        Path screenshot = null;
        LaunchOptions.DisplayMode display = null;
        String monitorProfile = null;
        Path monitorLog = null;
        java.util.Map<String, String> monitorSettings = new java.util.LinkedHashMap<>();
        DiskOptions disks = new DiskOptions();

        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                name = arg.substring(0, eq);
                inlineValue = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> {
                    return LaunchOptions.help();
                }
                case "--shell" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--shell takes no value");
                    }
                    shell = true;
                }
                case "--ram" -> {
                    if (ram.isPresent()) {
                        throw new UsageException("--ram is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "SIZE, e.g. 16M");
                    ram = OptionalLong.of(ramSize(value));
                }
                case "--rom" -> {
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "FILE@ADDR, e.g. bios.bin@0xF0000");
                    RomSpec rom = rom(value, romNames);
                    for (RomSpec other : roms) {
                        if (rom.overlaps(other)) {
                            throw new UsageException("ROM " + rom.name() + " at 0x" + Numbers.hex32(rom.base())
                                    + " overlaps ROM " + other.name() + " at 0x" + Numbers.hex32(other.base()));
                        }
                    }
                    roms.add(rom);
                }
                case "--debugcon" -> {
                    if (debugcon != null) {
                        throw new UsageException("--debugcon is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "FILE, stdout or none");
                    debugcon = debugconSink(value);
                }
                case "--serial" -> {
                    if (serial != null) {
                        throw new UsageException("--serial is given twice");
                    }
                    String value = inlineValue != null ? inlineValue
                            : valueAfter(args, i++, name, "FILE, stdout (or -), none or tcp:PORT");
                    serial = serialSink(value);
                }
                case "--type" -> {
                    if (typed != null) {
                        throw new UsageException("--type is given twice");
                    }
                    typed = typedText(inlineValue != null ? inlineValue : valueAfter(args, i++, name, "TEXT"));
                }
                case "--realtime" -> realtime = true;
                case "--until" -> {
                    if (until != null) {
                        throw new UsageException("--until is given twice");
                    }
                    until = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "TEXT");
                    if (until.isEmpty()) {
                        throw new UsageException("--until: the text is empty");
                    }
                }
                case "--text-screen" -> {
                    if (textScreen != null) {
                        throw new UsageException("--text-screen is given twice");
                    }
                    textScreen = outputFile(inlineValue != null ? inlineValue : valueAfter(args, i++, name, "FILE"),
                            "--text-screen");
                }
                case "--hot" -> {
                    if (hot != null) {
                        throw new UsageException("--hot is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "DIR");
                    hot = hotDir(value);
                }
                case "--load" -> {
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "FILE@SEG:OFF, e.g. hello.bin@1000:0100");
                    image = onlyImage(image, load(value));
                }
                case "--floppy" -> {
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "IMG, a floppy disk image");
                    image = onlyImage(image, floppy(value));
                }
                case "--demo" -> {
                    if (inlineValue != null) {
                        throw new UsageException("--demo takes no value");
                    }
                    image = onlyImage(image, BootImage.demo());
                }
                case "--max-instructions" -> {
                    if (maxInstructions.isPresent()) {
                        throw new UsageException("--max-instructions is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "N, a number of instructions");
                    maxInstructions = OptionalLong.of(instructionCount(value));
                }
                case "--max-seconds" -> {
                    if (maxTime != null) {
                        throw new UsageException("--max-seconds is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "S, seconds of wall time, e.g. 1 or 0.5");
                    maxTime = seconds(value);
                }
                case "--compile-threshold" -> {
                    if (compileThreshold.isPresent()) {
                        throw new UsageException("--compile-threshold is given twice");
                    }
                    String value = inlineValue != null ? inlineValue
                            : valueAfter(args, i++, name, "N, how often code is reached before it is compiled (0: never)");
                    compileThreshold = OptionalInt.of(compileThreshold(value));
                }
                case "--screenshot" -> {
                    if (screenshot != null) {
                        throw new UsageException("--screenshot is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "FILE.png");
                    screenshot = screenshotFile(value);
                }
                case "--display" -> {
                    if (display != null) {
                        throw new UsageException("--display is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "window or headless");
                    display = displayMode(value);
                }
                case "--monitor" -> {
                    if (monitorProfile != null) {
                        throw new UsageException("--monitor is given twice");
                    }
                    String value = inlineValue != null ? inlineValue
                            : valueAfter(args, i++, name, "PROFILE: watch, integrity, paging or off");
                    monitorProfile = monitorProfile(value);
                }
                case "--monitor-log" -> {
                    if (monitorLog != null) {
                        throw new UsageException("--monitor-log is given twice");
                    }
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "FILE");
                    monitorLog = monitorLogFile(value);
                }
                case "--monitor-set" -> {
                    String value = inlineValue != null ? inlineValue : valueAfter(args, i++, name, "KEY=VALUE");
                    monitorSetting(value, monitorSettings);
                }
                default -> {
                    if (DiskOptions.handles(name)) {
                        disks.take(name, !DiskOptions.takesValue(name) ? null
                                : inlineValue != null ? inlineValue : valueAfter(args, i++, name, DiskOptions.valueHint(name)));
                        continue;
                    }
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option '" + arg + "' for " + verb + " (see --help)");
                    }
                    throw new UsageException("unexpected argument '" + arg + "' for " + verb + " (see --help)");
                }
            }
        }
        if (maxTime != null && shell) {
            throw new UsageException("--max-seconds bounds a run without the shell; in the shell use 'pause'");
        }
        LaunchOptions.Monitor monitor = monitorProfile == null && monitorLog == null && monitorSettings.isEmpty() ? null
                : new LaunchOptions.Monitor(monitorProfile == null ? "watch" : monitorProfile, monitorLog, monitorSettings);
        return new LaunchOptions(command, ram, roms, debugcon, hot, shell, List.of(), image, maxInstructions, maxTime,
                compileThreshold, screenshot, display == null ? LaunchOptions.DisplayMode.HEADLESS : display, monitor,
                serial, new LaunchOptions.Interaction(typed, realtime, until, textScreen), disks.build());
    }

    /**
     * {@code --type TEXT}: the characters to type, with {@code \r} or {@code \n} for Enter,
     * {@code \t} Tab, {@code \b} Backspace, {@code \e} Escape, {@code \\} a backslash and
     * {@code \{NAME}} a named key ({@link KeyNames}: {@code \{F8}}, {@code \{Ctrl-C}}).
     */
    static String typedText(String value) throws UsageException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (++i == value.length()) {
                throw new UsageException("--type: a backslash ends the text (\\\\ types one)");
            }
            char e = value.charAt(i);
            if (e == '{') {
                int close = value.indexOf('}', i);
                if (close < 0) {
                    throw new UsageException("--type: \\{ without its closing brace (\\{F8}, \\{Ctrl-C})");
                }
                sb.append(KeyNames.key(value.substring(i + 1, close)));
                i = close;
                continue;
            }
            sb.append(switch (e) {
                case 'r', 'n' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'e' -> (char) 0x1B;
                case '\\' -> '\\';
                default -> throw new UsageException("--type: unknown escape \\" + e + " (\\r \\n \\t \\b \\e \\\\ \\{NAME})");
            });
        }
        if (sb.length() == 0) {
            throw new UsageException("--type: nothing to type");
        }
        return sb.toString();
    }

    /** {@code --monitor PROFILE}: one of {@link LaunchOptions.Monitor#PROFILES}, any case. */
    static String monitorProfile(String value) throws UsageException {
        String p = value.strip().toLowerCase(java.util.Locale.ROOT);
        if (!LaunchOptions.Monitor.PROFILES.contains(p)) {
            throw new UsageException("--monitor: unknown profile '" + value + "' (watch, integrity, paging or off)");
        }
        return p;
    }

    /**
     * {@code --monitor-set KEY=VALUE}: one of {@link LaunchOptions.Monitor#SETTINGS}; {@code events}
     * takes a positive number, {@code asyncRedirect} true or false, the structures off, notify,
     * drop, gp, pf or shadow, {@code denial} drop, gp or pf.
     */
    static void monitorSetting(String value, java.util.Map<String, String> settings) throws UsageException {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("--monitor-set: '" + value + "' is not KEY=VALUE");
        }
        String key = value.substring(0, eq).trim();
        String v = value.substring(eq + 1).trim().toLowerCase(java.util.Locale.ROOT);
        if (!LaunchOptions.Monitor.SETTINGS.contains(key)) {
            throw new UsageException("--monitor-set: unknown key '" + key + "' (" + String.join(", ", LaunchOptions.Monitor.SETTINGS) + ")");
        }
        boolean ok = switch (key) {
            case "events" -> v.matches("[1-9][0-9]{0,8}");
            case "asyncRedirect" -> v.equals("true") || v.equals("false");
            case "denial" -> List.of("drop", "gp", "pf").contains(v);
            default -> List.of("off", "notify", "drop", "gp", "pf", "shadow").contains(v);
        };
        if (!ok) {
            throw new UsageException("--monitor-set: '" + v + "' is not a value for " + key);
        }
        if (settings.put(key, v) != null) {
            throw new UsageException("--monitor-set: " + key + " is given twice");
        }
    }

    /** An output file of {@code option}: not a folder, in an existing folder; made absolute. */
    static Path outputFile(String value, String option) throws UsageException {
        Path file = path(value, option);
        if (Files.isDirectory(file)) {
            throw new UsageException(option + ": " + file + " is a directory, not a file");
        }
        Path parent = file.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option + ": the folder of " + file + " does not exist");
        }
        return file;
    }

    /** {@code --monitor-log FILE}: a file (not a folder) in an existing folder; made absolute. */
    static Path monitorLogFile(String value) throws UsageException {
        Path file = path(value, "--monitor-log");
        if (Files.isDirectory(file)) {
            throw new UsageException("--monitor-log: " + file + " is a directory, not a file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--monitor-log: the folder of " + file + " does not exist");
        }
        return file;
    }

    /** {@code cputest PATH...}: at least one path, each an existing file or folder. */
    private LaunchOptions parseCpuTest(List<String> args) throws UsageException {
        List<Path> paths = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return LaunchOptions.help();
            }
            if (arg.startsWith("-")) {
                throw new UsageException("unknown option '" + arg + "' for cputest (see --help)");
            }
            Path p = path(arg, "cputest");
            if (!Files.exists(p)) {
                throw new UsageException("cputest: no such file or folder: " + p);
            }
            if (!Files.isReadable(p)) {
                throw new UsageException("cputest: cannot read " + p);
            }
            paths.add(p);
        }
        if (paths.isEmpty()) {
            throw new UsageException("cputest needs at least one PATH: a test file (.MOO.gz, .MOO) or a folder of them");
        }
        return LaunchOptions.cpuTest(paths);
    }

    private static String valueAfter(List<String> args, int index, String option, String expected)
            throws UsageException {
        if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
            throw new UsageException(option + " needs a value: " + expected);
        }
        return args.get(index + 1);
    }

    /** Refuses a second program: the machine boots one. */
    private static BootImage onlyImage(BootImage given, BootImage next) throws UsageException {
        if (given != null) {
            String what = given.kind() == next.kind() ? next.kind().option() + " is given twice"
                    : given.kind().option() + " and " + next.kind().option() + " are both given";
            throw new UsageException(what + ": the machine starts one program (--demo, --load or --floppy)");
        }
        return next;
    }

    /** Parses and checks {@code FILE@SEG:OFF}; the file name may itself contain '@'. */
    static BootImage load(String value) throws UsageException {
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new UsageException("--load needs FILE@SEG:OFF, e.g. hello.bin@1000:0100 (got '" + value + "')");
        }
        Path file = path(value.substring(0, at), "--load");
        RealModeAddress address;
        try {
            address = RealModeAddress.parse(value.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--load: " + e.getMessage());
        }
        long length = imageLength(file, "program file");
        if (address.linear() + length > RealModeAddress.END) {
            throw new UsageException("program " + file.getFileName() + " (" + length + " bytes) does not fit in the"
                    + " real-mode address space at " + address + " (it would end at 0x"
                    + Numbers.hex32(address.linear() + length) + ", beyond FFFF:FFFF)");
        }
        return BootImage.load(file, address);
    }

    /** Parses and checks a floppy image: it must hold a whole boot sector. */
    static BootImage floppy(String value) throws UsageException {
        Path file = path(value, "--floppy");
        long length = imageLength(file, "floppy image");
        if (length < BootImage.SECTOR) {
            throw new UsageException("floppy image " + file + " is truncated: " + length + " bytes, less than the "
                    + BootImage.SECTOR + "-byte boot sector");
        }
        return BootImage.floppy(file);
    }

    /** The length of a readable, non-empty regular file. */
    private static long imageLength(Path file, String what) throws UsageException {
        if (!Files.exists(file)) {
            throw new UsageException(what + " not found: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException(what + " is not a readable file: " + file);
        }
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UsageException(what + " cannot be read: " + file + " (" + e.getMessage() + ")");
        }
        if (length == 0) {
            throw new UsageException(what + " is empty: " + file);
        }
        return length;
    }

    /** {@code --max-instructions N}: at least 1, decimal or hex. */
    static long instructionCount(String value) throws UsageException {
        long n;
        try {
            n = Numbers.parseNumber(value, "instruction count");
        } catch (IllegalArgumentException e) {
            throw new UsageException("--max-instructions: " + e.getMessage());
        }
        if (n < 1) {
            throw new UsageException("--max-instructions must be at least 1 (got " + value + ")");
        }
        return n;
    }

    /** {@code --compile-threshold N}: 0 or more, decimal; 0 interprets every instruction. */
    static int compileThreshold(String value) throws UsageException {
        String t = value.strip();
        if (!DECIMAL.matcher(t).matches()) {
            throw new UsageException("--compile-threshold: malformed count '" + value
                    + "' (a decimal number, 0 or more; 0 interprets every instruction)");
        }
        BigInteger n = new BigInteger(t);
        if (n.signum() < 0) {
            throw new UsageException("--compile-threshold must be 0 or more (got " + value + ")");
        }
        if (n.bitLength() >= Integer.SIZE) {
            throw new UsageException("--compile-threshold: " + value + " is too large (at most " + Integer.MAX_VALUE + ")");
        }
        return n.intValueExact();
    }

    /** {@code --max-seconds S}: more than zero, fractions allowed ({@code 0.5}). */
    static Duration seconds(String value) throws UsageException {
        String t = value.strip();
        if (!SECONDS.matcher(t).matches()) {
            throw new UsageException("--max-seconds: malformed number of seconds '" + value + "' (examples: 1, 2.5)");
        }
        long nanos = new BigDecimal(t).movePointRight(9).longValueExact();
        if (nanos <= 0) {
            throw new UsageException("--max-seconds must be more than 0 (got " + value + ")");
        }
        return Duration.ofNanos(nanos);
    }

    private static long ramSize(String value) throws UsageException {
        long size;
        try {
            size = Numbers.parseSize(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--ram: " + e.getMessage());
        }
        if (size > Numbers.ADDRESS_SPACE) {
            throw new UsageException("--ram: " + Numbers.humanSize(size) + " does not fit in the 4 GiB address space");
        }
        return size;
    }

    /** Parses and checks {@code FILE@ADDR}; the file name may itself contain '@'. */
    private static RomSpec rom(String value, Set<String> takenNames) throws UsageException {
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            throw new UsageException("--rom needs FILE@ADDR, e.g. bios.bin@0xF0000 (got '" + value + "')");
        }
        Path file = path(value.substring(0, at), "--rom");
        long base;
        try {
            base = Numbers.parseAddress(value.substring(at + 1));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--rom: " + e.getMessage());
        }
        if (!Files.exists(file)) {
            throw new UsageException("ROM file not found: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new UsageException("ROM file is not a readable file: " + file);
        }
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            throw new UsageException("ROM file cannot be read: " + file + " (" + e.getMessage() + ")");
        }
        if (length == 0) {
            throw new UsageException("ROM file is empty: " + file);
        }
        if (base + length > Numbers.ADDRESS_SPACE) {
            throw new UsageException("ROM " + file.getFileName() + " (" + length + " bytes) does not fit below 4 GiB at 0x"
                    + Numbers.hex32(base));
        }
        return new RomSpec(file, base, length, uniqueName(String.valueOf(file.getFileName()), takenNames));
    }

    private static String uniqueName(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = name + "#" + n;
        }
        return candidate;
    }

    private static String debugconSink(String value) throws UsageException {
        if (value.equalsIgnoreCase(SINK_STDOUT)) {
            return SINK_STDOUT;
        }
        if (value.equalsIgnoreCase(SINK_NONE)) {
            return SINK_NONE;
        }
        Path file = path(value, "--debugcon");
        if (Files.isDirectory(file)) {
            throw new UsageException("--debugcon: " + file + " is a directory, not a file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--debugcon: the folder of " + file + " does not exist");
        }
        return file.toString();
    }

    /** {@code --serial SINK}: stdout (also {@code -}), none, {@code tcp:PORT} (1-65535) or a file. */
    static String serialSink(String value) throws UsageException {
        if (value.equals("-")) {
            return SINK_STDOUT;
        }
        if (value.regionMatches(true, 0, "tcp:", 0, 4)) {
            String digits = value.substring(4);
            int port;
            try {
                port = Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535 || !digits.chars().allMatch(Character::isDigit)) {
                throw new UsageException("--serial: " + value + " is not tcp:PORT with a port from 1 to 65535");
            }
            return "tcp:" + port;
        }
        if (value.equalsIgnoreCase(SINK_STDOUT)) {
            return SINK_STDOUT;
        }
        if (value.equalsIgnoreCase(SINK_NONE)) {
            return SINK_NONE;
        }
        Path file = path(value, "--serial");
        if (Files.isDirectory(file)) {
            throw new UsageException("--serial: " + file + " is a directory, not a file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--serial: the folder of " + file + " does not exist");
        }
        return file.toString();
    }

    /** {@code --screenshot FILE.png}: a PNG file name in an existing folder. */
    static Path screenshotFile(String value) throws UsageException {
        Path file = path(value, "--screenshot");
        String name = String.valueOf(file.getFileName());
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--screenshot writes a PNG image: the file name must end in .png (got " + name + ")");
        }
        if (Files.isDirectory(file)) {
            throw new UsageException("--screenshot: " + file + " is a directory, not a file");
        }
        Path parent = file.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UsageException("--screenshot: the folder of " + file + " does not exist");
        }
        return file;
    }

    /** {@code --display window|headless}. */
    static LaunchOptions.DisplayMode displayMode(String value) throws UsageException {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "window" -> LaunchOptions.DisplayMode.WINDOW;
            case "headless" -> LaunchOptions.DisplayMode.HEADLESS;
            default -> throw new UsageException("--display is window or headless (got '" + value + "')");
        };
    }

    private static Path hotDir(String value) throws UsageException {
        Path dir = path(value, "--hot");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--hot: " + dir + " is not a directory");
        }
        return dir;
    }

    private static Path path(String text, String option) throws UsageException {
        if (text.isBlank()) {
            throw new UsageException(option + ": empty file name");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(option + ": invalid path '" + text + "'");
        }
    }
}
