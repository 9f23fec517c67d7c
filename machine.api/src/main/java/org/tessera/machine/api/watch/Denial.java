package org.tessera.machine.api.watch;

/** How a {@link WritePolicy#DENY} watch refuses a guest's write. */
public enum Denial {
    /** The write is dropped silently, as a write to ROM; the instruction completes. */
    DROP,
    /** The instruction raises #GP(0) before it writes anything. */
    GENERAL_PROTECTION,
    /**
     * The instruction raises #PF as for a write to a read-only page (error code: present, write,
     * and user at CPL 3; CR2 the linear address) before it writes anything.
     */
    PAGE_FAULT
}
