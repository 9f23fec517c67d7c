package org.tessera.launcher.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
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
 */
record LaunchOptions(Command command, OptionalLong ramSize, List<RomSpec> roms, String debugcon, Path hotDir,
        boolean shell) {

    /** The commands of the command line. */
    enum Command {
        /** Print the usage text. */
        HELP,
        /** Assemble the machine, print its maps and run it. */
        RUN,
        /** Assemble the machine and open the interactive shell. */
        SHELL
    }

    /** Checks the components and copies the list. */
    LaunchOptions {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(ramSize, "ramSize");
        roms = List.copyOf(roms);
    }

    /** The options of {@code help}. */
    static LaunchOptions help() {
        return new LaunchOptions(Command.HELP, OptionalLong.empty(), List.of(), null, null, false);
    }

    /** True if the command line configures anything through Configuration Admin. */
    boolean configuresMachine() {
        return ramSize.isPresent() || !roms.isEmpty() || debugcon != null;
    }
}
