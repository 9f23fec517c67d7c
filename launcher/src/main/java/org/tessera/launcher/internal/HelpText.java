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
                  run [OPTIONS]      assemble the machine, print its memory map and port map, load the
                                     program given by --demo, --load or --floppy and run it until it
                                     stops, then print why, the registers, the instruction count, the
                                     speed (MIPS) and the machine time. With a disk (--fda, --hda) and
                                     no program the built-in BIOS boots it. Without a program or a disk
                                     run boots the built-in demo disk (text mode, planar graphics in
                                     mode 12h and lines on COM1, which goes to stdout unless --serial
                                     says otherwise; it halts by itself). Without a CPU bundle
                                     (memory-only.jar) the machine cannot execute: run says so and ends
                                     after printing the maps.
                  shell [OPTIONS]    assemble the machine and open an interactive Gogo shell on the
                                     console (like run --shell, without printing the maps)
                  cputest PATH...    run CPU test vectors (SingleStepTests MOO files, .MOO.gz or .MOO)
                                     on the machine's CPU model: each PATH is a test file or a folder
                                     of them. Prints a line per file and its first failures, and
                                     ends with 'N passed, N failed, N skipped' (skipped: known
                                     80286-vs-386 differences, revoked tests). Exit status 0 when
                                     nothing failed, 1 otherwise (or without a CPU test runner), 2
                                     for a bad path.
                  help               show this text (also --help, -h, or no arguments)

                options of run and shell:
                  --ram SIZE         RAM size in bytes, or with a K, M or G suffix (640K, 16M, 1G);
                                     hex as 0x1000000 works too. Default: the memory bus's own.
                  --rom FILE@ADDR    map the image FILE read-only at physical address ADDR (hex as
                                     0xF0000 or F0000h, or decimal); may be given more than once
                  --debugcon SINK    where the bytes the guest writes to port E9h go: a FILE, stdout
                                     or none. Default: the IO ports bundle's own.
                  --serial SINK      COM1 (16550A UART at 3F8h, IRQ4): the bytes the guest sends go to
                                     a FILE, stdout (or -), or none (the default); tcp:PORT listens on
                                     127.0.0.1:PORT for one client, which also sends to the guest
                  --hot DIR          hot reload while the machine runs: a bundle jar dropped into DIR
                                     replaces the installed bundle with the same Bundle-SymbolicName
                                     (updated in place: its services go away and come back); a jar
                                     with a new name is installed and started. DIR is created if it
                                     does not exist. Nothing is watched unless --hot is given.
                  --shell            (run) open the interactive shell after assembling (and starting
                                     the program, if one is given)
                  --compile-threshold N
                                     compile guest code reached N times (default 16; 0: interpret only)
                  --screenshot FILE.png
                                     when the run ends, write the final screen as a PNG image at the
                                     mode's own resolution (80x25 text: 720x400; mode 13h: 320x200)
                  --display MODE     window: show the screen live in a window (closing it pauses the
                                     machine and ends the run; after the run the window shows the
                                     final screen until closed); headless (the default, and what a
                                     JVM without a desktop always does): no window
                  --fda IMG, --fdb IMG
                                     attach a raw floppy image (160K to 2.88M) to drive A: or B:
                  --hda IMG, --hdb IMG
                                     attach a raw hard disk image (whole 512-byte sectors) to the
                                     first ATA channel's master or slave. With an image and no
                                     program the CPU starts at its reset vector and the BIOS boots;
                                     the guest's writes go to the image file (a read-only file
                                     refuses them as a write-protected disk does)
                  --boot ORDER       the drives the BIOS boots from: a, c, a,c (the default) or c,a
                  --snapshot         the guest's disk writes go to a copy in memory; the image
                                     files stay unchanged
                  --bios FILE        boot a real BIOS image instead of the built-in BIOS (the Bochs
                                     BIOS, SeaBIOS: a whole number of 64 KiB), mapped below 4 GiB
                                     and its last 128 KiB below 1 MiB; the i440FX shadows it
                  --vgabios FILE     with --bios: the VGA card's option ROM at C0000h (the LGPL VGA
                                     BIOS, SeaVGABIOS), which the BIOS runs at power-on
                  --firmware-log FILE|-
                                     with --bios: the firmware's messages (Bochs BIOS and VGA BIOS
                                     ports 400h-403h and 500h-503h, SeaBIOS's 402h) to FILE or
                                     standard output, a line each
                  --type TEXT        type TEXT on the machine's keyboard (US layout) once the program
                                     runs; the keys wait until the guest reads them. Escapes: \\r or
                                     \\n Enter, \\t Tab, \\b Backspace, \\e Escape, \\\\ a backslash,
                                     \\{NAME} a named key: F1-F12, Up, Down, Left, Right, Home, End,
                                     PgUp, PgDn, Ins, Del, Esc, Enter, Tab, Backspace, Space, a letter
                                     or digit, after any of Ctrl-, Alt-, Shift- (\\{F8}, \\{Ctrl-C})
                  --until TEXT       stop the run (pause the machine) once TEXT is on the text screen
                                     or, with --serial FILE, has gone out of COM1
                  --text-screen FILE when the run ends, write the text screen as UTF-8 (code page 437
                                     mapped; one line per row, trailing blanks dropped)
                  --realtime         pace the machine to the wall clock (machine time never runs ahead
                                     of real time; a halted guest waits for its timer in real time).
                                     Without it machine time follows the instructions executed, as
                                     fast as the host allows, and a run is reproducible
                  --monitor PROFILE  run the guest monitor, which watches writes to the guest's GDT,
                                     IDT, LDT, TSS, page directory and tables (the IVT in real mode):
                                     watch (report every write), integrity (report, and once the
                                     guest has loaded its IDT in protected mode drop its writes to
                                     GDT and IDT), paging (page directory and tables only) or off.
                                     Default: off (the monitor does not run). In the shell:
                                     monitor:structures, monitor:events [N]
                  --monitor-log FILE write every monitor event to FILE as one JSON line; implies
                                     --monitor watch unless --monitor is given
                  --monitor-set KEY=VALUE
                                     a setting of the monitor, may be given more than once (implies
                                     --monitor watch unless --monitor is given): gdt, idt, ldt, tss,
                                     pageDirectory, pageTables, ivt = off, notify, drop (the guest's
                                     writes are dropped), gp or pf (they fault: #GP(0), or #PF as
                                     for a read-only page), shadow (another thread completes them
                                     into memory and a shadow copy); denial = drop, gp or pf (how
                                     the integrity profile denies); events = N (events kept for
                                     monitor:events); asyncRedirect = true or false

                programs (one of them; there is no BIOS yet, so the launcher loads it into RAM and
                sets the registers; interrupts are disabled, EFLAGS=00000002):
                  --demo             the demo program inside the launcher: prints a few lines on port
                                     E9h and halts. Loaded and started at 1000:0100 like --load.
                  --load FILE@SEG:OFF
                                     load the raw binary FILE at the real-mode address SEG:OFF (both
                                     hex: 1000:0100) and start it there: CS=DS=ES=SS=SEG, IP=OFF,
                                     SP=FFFE, the other general registers 0
                  --floppy IMG       boot the floppy image IMG: its sector 0 (512 bytes) is loaded at
                                     0000:7C00 and started there with DL=00 (the first floppy drive),
                                     CS=DS=ES=SS=0, SP=7C00
                  --max-instructions N
                                     stop the CPU after N instructions (decimal, or hex as 0x100)
                  --max-seconds S    pause the machine after S seconds of wall time (1, 0.5; not
                                     with the shell)
                A run ends when the CPU executes HLT with interrupts disabled, at a limit above, on
                Ctrl-C (the report is printed; the exit status is then 130), or when the CPU shuts
                down (a triple fault: exception in the delivery of a double fault, or an internal
                error). The bytes the program writes to port E9h go to --debugcon (default stdout).

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
                  registers               the CPU's registers, as in the report of run
                  step [N]                execute N instructions (default 1) of a paused machine,
                                          showing each one's address and disassembly, then the
                                          registers
                  disassemble [ADDR] [COUNT]
                                          disassemble COUNT instructions (default 10) at ADDR: SEG:OFF
                                          (hex), a linear address, or . for CS:EIP (the default)
                  run                     start the machine, or continue it when paused
                  pause                   pause the machine at the next instruction boundary
                  resume                  continue a paused machine
                  status                  the machine's state, instruction count and CPU model
                  screenshot FILE.png     write the current screen as a PNG image
                  exit                    leave the shell and stop the machine (end of input does too)
                  Numbers in the shell are hex as 0x400 or 400h, or decimal.

                exit status: 0 done (the program halted, or reached a limit), 1 the machine could not
                be assembled or run, or the CPU shut down (cputest: a test failed), 2 bad command line.
                Waits for the machine's services are bounded by -Dtessera.assembly.timeout=SECONDS
                (default 10), given to java before -jar; -Dtessera.log.level=LEVEL (FINE, INFO,
                WARNING...) shows the machine's log from that level on (default: warnings).
                """;
    }
}
