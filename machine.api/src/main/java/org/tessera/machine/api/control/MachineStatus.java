package org.tessera.machine.api.control;

/**
 * What a machine is doing, as a snapshot.
 *
 * @param state the run state
 * @param instructions guest instructions retired since reset
 * @param reason why it stopped, in words a user understands (empty while running)
 */
public record MachineStatus(MachineState state, long instructions, String reason) {
}
