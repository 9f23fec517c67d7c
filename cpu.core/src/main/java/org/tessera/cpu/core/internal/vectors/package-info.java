/**
 * Single-instruction CPU test vectors (the SingleStepTests MOO format): reading them
 * ({@link org.tessera.cpu.core.internal.vectors.MooReader},
 * {@link org.tessera.cpu.core.internal.vectors.FlagMasks}), running them against a CPU model
 * ({@link org.tessera.cpu.core.internal.vectors.VectorRunner} driving a
 * {@link org.tessera.cpu.core.internal.vectors.VectorMachine}), the documented differences
 * between the 80286 that recorded them and the 80386 this bundle models
 * ({@link org.tessera.cpu.core.internal.vectors.Known286Differences}), and the
 * {@code CpuTestVectors} service the launcher's {@code cputest} command uses
 * ({@link org.tessera.cpu.core.internal.vectors.CpuTestVectorsComponent}).
 *
 * <p>Private to the bundle. It needs nothing beyond the JDK and the machine API: the metadata's
 * JSON is read by a small reader of its own ({@code Json}).
 */
package org.tessera.cpu.core.internal.vectors;
