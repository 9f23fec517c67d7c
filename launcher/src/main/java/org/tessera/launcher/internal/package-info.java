/**
 * The launcher's implementation (private): the command line run on the bnd launcher's main
 * thread, machine assembly through Configuration Admin, the Gogo commands of scope
 * {@code tessera}, and hot reload through FileInstall.
 *
 * <p>Roles of the classes:
 * <ul>
 * <li>command line: {@link org.tessera.launcher.internal.MainCommand} (the main-thread
 * service), {@link org.tessera.launcher.internal.ArgumentParser},
 * {@link org.tessera.launcher.internal.LaunchOptions}, {@link org.tessera.launcher.internal.HelpText},
 * {@link org.tessera.launcher.internal.ConsoleLogging};</li>
 * <li>the {@code run} and {@code shell} commands: {@link org.tessera.launcher.internal.RunCommand},
 * {@link org.tessera.launcher.internal.MachineConfigurator},
 * {@link org.tessera.launcher.internal.MachineServices},
 * {@link org.tessera.launcher.internal.ComponentCatalog},
 * {@link org.tessera.launcher.internal.ConsoleShell};</li>
 * <li>Gogo commands: {@link org.tessera.launcher.internal.TesseraCommands},
 * {@link org.tessera.launcher.internal.MemoryInspector};</li>
 * <li>hot reload: {@link org.tessera.launcher.internal.HotFolder},
 * {@link org.tessera.launcher.internal.HotReloadInstaller};</li>
 * <li>output: {@link org.tessera.launcher.internal.MapFormatter},
 * {@link org.tessera.launcher.internal.Numbers}.</li>
 * </ul>
 */
package org.tessera.launcher.internal;
