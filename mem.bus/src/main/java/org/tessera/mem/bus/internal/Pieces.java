package org.tessera.mem.bus.internal;

import org.tessera.machine.api.memory.MemoryView;

/** Little-endian helpers and the rule that cuts an access into pieces. */
final class Pieces {

    static final long SPACE_MASK = 0xFFFF_FFFFL;

    private Pieces() {
    }

    /** All ones in the low {@code size} bytes. */
    static int ones(int size) {
        return mask(size);
    }

    /** A mask of the low {@code size} bytes. */
    static int mask(int size) {
        return size >= 4 ? -1 : (1 << (size << 3)) - 1;
    }

    static int readLE(byte[] a, int i, int size) {
        switch (size) {
            case 1:
                return a[i] & 0xFF;
            case 2:
                return (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8;
            case 4:
                return (a[i] & 0xFF) | (a[i + 1] & 0xFF) << 8 | (a[i + 2] & 0xFF) << 16 | a[i + 3] << 24;
            default:
                int v = 0;
                for (int k = 0; k < size; k++) {
                    v |= (a[i + k] & 0xFF) << (k << 3);
                }
                return v;
        }
    }

    static void writeLE(byte[] a, int i, int size, int value) {
        for (int k = 0; k < size; k++) {
            a[i + k] = (byte) (value >>> (k << 3));
        }
    }

    /**
     * The size of the next piece of an access that has {@code remaining} bytes left at
     * {@code address}, going to {@code t}: never past the page or the target's end; for a target
     * served by its handler, the largest size the handler accepts at an aligned offset.
     */
    static int next(CompiledView view, Target t, long address, int remaining) {
        return next(view, t, address, remaining, Long.MAX_VALUE);
    }

    /**
     * Like {@link #next(CompiledView, Target, long, int)}, and never past {@code edge} either (the
     * next edge of a watched range, for a write on a watched page).
     */
    static int next(CompiledView view, Target t, long address, int remaining, long edge) {
        long run = Math.min(view.runEnd(address), edge) - address;
        return fit(t, address, (int) Math.min(remaining, run));
    }

    /**
     * Shrinks a piece of {@code s} bytes at {@code address} on {@code t} to what the target takes:
     * any size on direct memory and open bus; for a target served by its handler, the largest
     * accepted size at an aligned offset.
     */
    static int fit(Target t, long address, int s) {
        if (t.kind == Target.Kind.OPEN_BUS) {
            return s;
        }
        if (t.kind == Target.Kind.MMIO || !t.directCovers(address + s - 1)) {
            long offset = address - t.base;
            int accept = t.sizes;
            if (s >= 4 && (accept & 4) != 0 && (offset & 3) == 0) {
                return 4;
            }
            if (s >= 2 && (accept & 2) != 0 && (offset & 1) == 0) {
                return 2;
            }
            return 1;
        }
        return s;
    }

    /** Whether {@code size} is 1, 2 or 4. */
    static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4) {
            throw new IllegalArgumentException("access size " + size + " (1, 2 or 4)");
        }
    }

    static int page(long address) {
        return (int) (address >>> MemoryView.PAGE_SHIFT);
    }
}
