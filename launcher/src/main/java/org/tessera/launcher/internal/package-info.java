/**
 * The launcher's implementation (private): the command line run on the bnd launcher's main
 * thread, machine assembly through Configuration Admin, loading and running a program on the
 * CPU, the Gogo commands of scope {@code tessera}, and hot reload through FileInstall.
 *
 * <p>Roles of the classes:
 * <ul>
 * <li>command line: {@link org.tessera.launcher.internal.MainCommand} (the main-thread
 * service), {@link org.tessera.launcher.internal.ArgumentParser},
 * {@link org.tessera.launcher.internal.LaunchOptions}, {@link org.tessera.launcher.internal.HelpText},
 * {@link org.tessera.launcher.internal.ConsoleLogging};</li>
 * <li>the {@code run} and {@code shell} commands: {@link org.tessera.launcher.internal.RunCommand},
 * {@link org.tessera.launcher.internal.ProgramLoader} with {@link org.tessera.launcher.internal.BootImage}
 * and {@link org.tessera.launcher.internal.RealModeAddress} (the program, standing in for a BIOS),
 * {@link org.tessera.launcher.internal.CpuRun} (limits, Ctrl-C, the report),
 * {@link org.tessera.launcher.internal.MachineConfigurator},
 * {@link org.tessera.launcher.internal.MachineServices},
 * {@link org.tessera.launcher.internal.ComponentCatalog},
 * {@link org.tessera.launcher.internal.ConsoleShell};</li>
 * <li>the {@code cputest} command: {@link org.tessera.launcher.internal.CpuTestCommand};</li>
 * <li>Gogo commands: {@link org.tessera.launcher.internal.TesseraCommands},
 * {@link org.tessera.launcher.internal.MemoryInspector}, {@link org.tessera.launcher.internal.CpuCommands},
 * {@link org.tessera.launcher.internal.CodeAddress};</li>
 * <li>hot reload: {@link org.tessera.launcher.internal.HotFolder},
 * {@link org.tessera.launcher.internal.HotReloadInstaller};</li>
 * <li>output: {@link org.tessera.launcher.internal.MapFormatter},
 * {@link org.tessera.launcher.internal.CpuFormatter},
 * {@link org.tessera.launcher.internal.Numbers}.</li>
 * </ul>
 */
package org.tessera.launcher.internal;
