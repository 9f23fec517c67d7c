package org.tessera.launcher.internal;

/**
 * The usage text of {@code --help}: every command, option and shell command, so that the text
 * is the user's reference. Keep it in step with {@link ArgumentParser} and
 * {@link TesseraCommands}.
 */
final class HelpText {

    private HelpText() {
    }

    /** The whole text, ending with a newline. */
    static String text() {
        return """
                Tessera - an x86 PC assembled from OSGi bundles

                usage: java -jar tessera.jar COMMAND [OPTIONS]

                commands:
                  run [OPTIONS]      assemble the machine, print its memory map and port map, and run it.
                                     Without a CPU bundle the machine cannot execute: run says so and
                                     ends after printing the maps.
                  shell [OPTIONS]    assemble the machine and open an interactive Gogo shell on the
                                     console (like run --shell, without printing the maps)
                  help               show this text (also --help, -h, or no arguments)

                options of run and shell:
                  --ram SIZE         RAM size in bytes, or with a K, M or G suffix (640K, 16M, 1G);
                                     hex as 0x1000000 works too. Default: the memory bus's own.
                  --rom FILE@ADDR    map the image FILE read-only at physical address ADDR (hex as
                                     0xF0000 or F0000h, or decimal); may be given more than once
                  --debugcon SINK    where the bytes the guest writes to port E9h go: a FILE, stdout
                                     or none. Default: the IO ports bundle's own.
                  --hot DIR          hot reload while the machine runs: a bundle jar dropped into DIR
                                     replaces the installed bundle with the same Bundle-SymbolicName
                                     (updated in place: its services go away and come back); a jar
                                     with a new name is installed and started. DIR is created if it
                                     does not exist. Nothing is watched unless --hot is given.
                  --shell            (run) open the interactive shell after assembling

                commands in the shell (scope tessera; Gogo's own, such as lb and help, are there too):
                  memmap                  the memory map: regions with their owning bundles, and the
                                          flat page view the CPU uses
                  ports                   the IO port map
                  peek [-f] ADDR [COUNT]  hex dump of COUNT bytes (default 64, at most 65536) of physical
                                          memory; MMIO regions are read only with -f, as reading a
                                          device can change it; unmapped bytes show as --
                  poke ADDR VALUE [SIZE]  write VALUE to physical memory as SIZE bytes (1, 2 or 4;
                                          default 1)
                  counters                the memory bus's and the IO bus's counters
                  debugcon                the text written to the debug console so far
                  exit                    leave the shell and stop the machine (end of input does too)
                  Numbers in the shell are hex as 0x400 or 400h, or decimal.

                exit status: 0 done, 1 the machine could not be assembled or run, 2 bad command line.
                Waits for the machine's services are bounded by -Dtessera.assembly.timeout=SECONDS
                (default 10), given to java before -jar; -Dtessera.log.level=LEVEL (FINE, INFO,
                WARNING...) shows the machine's log from that level on (default: warnings).
                """;
    }
}
