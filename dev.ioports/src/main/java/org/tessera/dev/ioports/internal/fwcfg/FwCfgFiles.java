package org.tessera.dev.ioports.internal.fwcfg;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the fw_cfg files the configuration names: {@code files} entries {@code NAME=PATH} (the
 * host file's bytes) and {@code strings} entries {@code NAME=TEXT} (UTF-8, {@code \n} a newline,
 * {@code \\} a backslash). Both split at the first {@code =}. An entry that is malformed, names a
 * file that cannot be read (missing, not a regular file, larger than {@link #MAX_FILE_SIZE}), has
 * an unusable name (empty, 56 bytes or longer, with a NUL) or a name already given is logged as an
 * error naming it and left out; nothing here throws for bad configuration.
 */
final class FwCfgFiles {

    /** The largest host file taken. */
    static final long MAX_FILE_SIZE = 64L << 20;

    private final System.Logger log;
    private final List<FwCfgItems.File> loaded = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private FwCfgFiles(System.Logger log) {
        this.log = log;
    }

    /** The files {@code files} and {@code strings} (either may be null) give, in that order. */
    static List<FwCfgItems.File> load(String[] files, String[] strings, System.Logger log) {
        FwCfgFiles loader = new FwCfgFiles(log);
        if (files != null) {
            for (String entry : files) {
                loader.file(entry);
            }
        }
        if (strings != null) {
            for (String entry : strings) {
                loader.string(entry);
            }
        }
        return loader.loaded;
    }

    private void file(String entry) {
        int eq = entry == null ? -1 : entry.indexOf('=');
        if (eq < 0) {
            log.log(Level.ERROR, "fw_cfg: files entry \"" + entry + "\" is not NAME=PATH; left out");
            return;
        }
        String name = entry.substring(0, eq).trim();
        String file = entry.substring(eq + 1).trim();
        if (!usableName(name, entry)) {
            return;
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            log.log(Level.ERROR, "fw_cfg: file " + name + ": \"" + file + "\" is not a valid path (" + e.getMessage()
                    + "); left out");
            return;
        }
        if (!Files.exists(path)) {
            log.log(Level.ERROR, "fw_cfg: file " + name + ": " + path.toAbsolutePath() + " does not exist; left out");
            return;
        }
        if (!Files.isRegularFile(path)) {
            log.log(Level.ERROR, "fw_cfg: file " + name + ": " + path.toAbsolutePath()
                    + " is not a regular file; left out");
            return;
        }
        byte[] data;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_SIZE) {
                log.log(Level.ERROR, "fw_cfg: file " + name + ": " + path.toAbsolutePath() + " has " + size
                        + " bytes, more than the " + MAX_FILE_SIZE + " taken; left out");
                return;
            }
            data = Files.readAllBytes(path);
        } catch (IOException | SecurityException e) {
            log.log(Level.ERROR, "fw_cfg: file " + name + ": cannot read " + path.toAbsolutePath() + " (" + e
                    + "); left out");
            return;
        }
        if (data.length > MAX_FILE_SIZE) {
            log.log(Level.ERROR, "fw_cfg: file " + name + ": " + path.toAbsolutePath() + " grew beyond "
                    + MAX_FILE_SIZE + " bytes while read; left out");
            return;
        }
        add(name, data);
    }

    private void string(String entry) {
        int eq = entry == null ? -1 : entry.indexOf('=');
        if (eq < 0) {
            log.log(Level.ERROR, "fw_cfg: strings entry \"" + entry + "\" is not NAME=TEXT; left out");
            return;
        }
        String name = entry.substring(0, eq).trim();
        if (usableName(name, entry)) {
            add(name, unescape(entry.substring(eq + 1)).getBytes(StandardCharsets.UTF_8));
        }
    }

    private boolean usableName(String name, String entry) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (name.isEmpty() || bytes >= FwCfgItems.NAME_SIZE || name.indexOf('\0') >= 0) {
            log.log(Level.ERROR, "fw_cfg: entry \"" + entry + "\" has no usable name (1 to "
                    + (FwCfgItems.NAME_SIZE - 1) + " bytes, no NUL); left out");
            return false;
        }
        if (names.contains(name)) {
            log.log(Level.ERROR, "fw_cfg: file " + name + " is given more than once; the first is kept");
            return false;
        }
        if (names.size() == FwCfgItems.MAX_FILES) {
            log.log(Level.ERROR, "fw_cfg: file " + name + " is one more than the " + FwCfgItems.MAX_FILES
                    + " there are keys for; left out");
            return false;
        }
        return true;
    }

    private void add(String name, byte[] data) {
        names.add(name);
        loaded.add(new FwCfgItems.File(name, data));
        log.log(Level.DEBUG, () -> "fw_cfg: file " + name + ", " + data.length + " bytes");
    }

    /** {@code \n} becomes a newline and {@code \\} a backslash; any other backslash stays. */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == 'n') {
                    sb.append('\n');
                    i++;
                    continue;
                }
                if (next == '\\') {
                    sb.append('\\');
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
