/**
 * Write watches on the physical address space: the contract between whoever wants to see or
 * stop writes to guest memory (the guest monitor protecting GDT, IDT, page tables; the CPU's
 * decoded-instruction cache) and the bus that carries the writes.
 *
 * <p>The {@code mem.bus} bundle <em>provides</em> {@link org.tessera.machine.api.watch.MemoryWatches}
 * (the pages under a watch carry the {@link org.tessera.machine.api.memory.MemoryView#WATCHED} or
 * {@link org.tessera.machine.api.memory.MemoryView#CODE} flag, so writes there leave the CPU's fast
 * path; an unwatched page costs nothing); watchers <em>use</em> it and implement
 * {@link org.tessera.machine.api.watch.WatchListener} and, for the redirect policy,
 * {@link org.tessera.machine.api.watch.WriteRedirect}. The CPU tells the bus who writes
 * ({@link org.tessera.machine.api.memory.BusAccess#origin}) and raises the fault a denying watch
 * asks for ({@link org.tessera.machine.api.memory.BusAccess#refusal()}).
 */
@Export
@Version("1.0.0")
package org.tessera.machine.api.watch;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
