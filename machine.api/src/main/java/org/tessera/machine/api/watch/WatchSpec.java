package org.tessera.machine.api.watch;

import java.util.Objects;

/**
 * What to watch and how.
 *
 * @param name a short name for reports and events, e.g. {@code "idt"}
 * @param base first physical address
 * @param size bytes (at least 1; the range must lie below 2<sup>32</sup>)
 * @param policy what happens to writes
 * @param denial how a {@link WritePolicy#DENY} watch refuses (ignored otherwise)
 * @param listener gets every event of the watch (may be null)
 * @param redirect completes the writes of a {@link WritePolicy#REDIRECT} watch (required then)
 * @param code the range holds instructions the CPU has decoded and cached: the page is flagged
 *     {@link org.tessera.machine.api.memory.MemoryView#CODE} instead of
 *     {@link org.tessera.machine.api.memory.MemoryView#WATCHED} and stays directly readable and
 *     writable for the CPU, which sees its own direct writes there; every write that goes through
 *     the bus reaches the listener. Only {@link WritePolicy#NOTIFY} is allowed.
 */
public record WatchSpec(String name, long base, long size, WritePolicy policy, Denial denial,
        WatchListener listener, WriteRedirect redirect, boolean code) {

    /** Checks the arguments. */
    public WatchSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        if (denial == null) {
            denial = Denial.DROP;
        }
        if (size < 1 || base < 0 || base + size > 0x1_0000_0000L) {
            throw new IllegalArgumentException("watch range [" + Long.toHexString(base) + ", +" + Long.toHexString(size)
                    + ") outside the 4 GiB space");
        }
        if (policy == WritePolicy.REDIRECT && redirect == null) {
            throw new IllegalArgumentException("a redirect watch needs a WriteRedirect");
        }
        if (code && policy != WritePolicy.NOTIFY) {
            throw new IllegalArgumentException("a code watch only notifies");
        }
    }

    /** A watch that lets writes happen and reports them. */
    public static WatchSpec notify(String name, long base, long size, WatchListener listener) {
        return new WatchSpec(name, base, size, WritePolicy.NOTIFY, Denial.DROP, listener, null, false);
    }

    /** A watch that denies guest writes the way {@code denial} says and reports every write. */
    public static WatchSpec deny(String name, long base, long size, Denial denial, WatchListener listener) {
        return new WatchSpec(name, base, size, WritePolicy.DENY, denial, listener, null, false);
    }

    /** A watch whose writes {@code redirect} completes. */
    public static WatchSpec redirect(String name, long base, long size, WriteRedirect redirect, WatchListener listener) {
        return new WatchSpec(name, base, size, WritePolicy.REDIRECT, Denial.DROP, listener, redirect, false);
    }

    /** A watch on decoded instructions (see {@link #code()}). */
    public static WatchSpec code(String name, long base, long size, WatchListener listener) {
        return new WatchSpec(name, base, size, WritePolicy.NOTIFY, Denial.DROP, listener, null, true);
    }

    /** The same watch on another range (a structure that moved). */
    public WatchSpec at(long newBase, long newSize) {
        return new WatchSpec(name, newBase, newSize, policy, denial, listener, redirect, code);
    }
}
