package org.tessera.machine.api.io;

/**
 * A snapshot of the IO bus's counters.
 *
 * @param ins IN accesses
 * @param outs OUT accesses
 * @param unclaimedIns INs from ports no handler owns (answered all ones)
 * @param unclaimedOuts OUTs to ports no handler owns (dropped)
 * @param handlerFailures handler calls that threw
 */
public record IoCounters(long ins, long outs, long unclaimedIns, long unclaimedOuts, long handlerFailures) {
}
