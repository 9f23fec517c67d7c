package org.tessera.dev.ioports.internal.pit;

/**
 * One counter of the 8254, evaluated lazily: nothing ticks; the counting element (CE) and the
 * OUT pin at input-clock tick {@code k} are computed from where counting started. Every method
 * takes the tick "now" (ticks of the 1.193182 MHz input clock since the machine clock's origin)
 * and must be called with ticks that never go back. Not thread safe: {@link Pit8254} guards it.
 *
 * <p>Timing follows the datasheet: a count written (or a trigger on GATE in modes 1 and 5, or
 * GATE rising in modes 2 and 3) is loaded into the CE on the next clock, which does not
 * decrement; each later clock decrements (by two in mode 3). Mode 0: OUT low from the write until
 * terminal count; 1: OUT low from the load after the trigger until terminal count; 2: OUT low
 * for the clock where the CE is 1, then reload; 3: square wave, high for (N+1)/2 and low for
 * N/2 clocks; 4 and 5: OUT low for the one clock where the CE reaches 0. GATE low suspends
 * counting in modes 0, 2, 3 and 4 and forces OUT high in 2 and 3. A count written in mode 2 or
 * 3 while counting takes effect at the next reload (mode 3: the end of the half-cycle).
 */
final class PitCounter {

    /** Whether a control word was written since reset. */
    boolean programmed;
    /** Mode 0-5 (6 and 7 are stored as 2 and 3). */
    int mode;
    /** Read/write access: 1 LSB, 2 MSB, 3 LSB then MSB. */
    int rw;
    /** BCD counting. */
    boolean bcd;
    /** The count register as last written (raw, BCD digits in BCD mode). */
    int cr;
    /** Whether a complete count was written since the control word. */
    boolean hasCount;
    /** The GATE input. */
    boolean gate = true;

    /** Whether the CE runs (loaded, or armed by a trigger). */
    boolean running;
    /** The tick at which the CE was (or will be) loaded. */
    long load;
    /** The count in effect, 1-65536 (binary) or 1-10000 (BCD). */
    int n;
    /** Modes 0 and 4: clocks counted before {@link #resume}. */
    long frozen;
    /** Modes 0 and 4: the tick after which clocks count again (gate high). */
    long resume;
    /** The CE value (in count units) while not running. */
    int hold;

    /** The null count flag: set by a control word or a count write until the count is loaded. */
    boolean nullCount;
    /** The tick at which a pending null count clears (Long.MAX_VALUE: not yet known). */
    long nullClears = Long.MAX_VALUE;

    /** Modes 2 and 3: a new count waits for the next reload at this tick (-1: none). */
    long pendingAt = -1;
    /** The count that {@link #pendingAt} brings. */
    int pendingN;
    /** Mode 3: whether the pending reload is at the end of the high half (it starts a low half). */
    boolean pendingMid;

    /** Writes of LSB-then-MSB: the LSB came, the MSB is next. */
    boolean writeMsbNext;
    /** The LSB written first. */
    int writeLsb;
    /** Reads of LSB-then-MSB: the MSB is next. */
    boolean readMsbNext;
    /** Whether a count is latched, and its value. */
    boolean countLatched;
    int latch;
    /** Whether a status byte is latched, and its value. */
    boolean statusLatched;
    int status;

    // ------------------------------------------------------------------ counting

    int modulus() {
        return bcd ? 10000 : 0x10000;
    }

    /** The count N a raw register value means (0 is the largest). */
    int decode(int raw) {
        if (!bcd) {
            return raw == 0 ? 0x10000 : raw;
        }
        int v = ((raw >> 12) & 0xF) * 1000 + ((raw >> 8) & 0xF) * 100 + ((raw >> 4) & 0xF) * 10 + (raw & 0xF);
        return v == 0 ? 10000 : v;
    }

    private int encode(int units) {
        int v = Math.floorMod(units, modulus());
        if (!bcd) {
            return v;
        }
        return (v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10;
    }

    /** Applies a reload that waited for its time, if its time has come. */
    void sync(long k) {
        if (pendingAt >= 0 && pendingAt <= k && running) {
            n = pendingN;
            load = pendingMid ? pendingAt - high(n) : pendingAt;
            pendingAt = -1;
        }
    }

    private static int high(int n) {
        return (n + 1) / 2;
    }

    /** Modes 0 and 4: clocks counted since the load. */
    private long steps(long k) {
        return gate ? frozen + Math.max(0, k - resume) : frozen;
    }

    /** The CE in count units at tick {@code k}. */
    int ce(long k) {
        sync(k);
        if (!running || k < load) {
            return hold;
        }
        long since = k - load;
        return switch (mode) {
            case 0, 4 -> (int) Math.floorMod(n - steps(k), (long) modulus());
            case 1, 5 -> (int) Math.floorMod(n - since, (long) modulus());
            case 2 -> n - (int) (since % n);
            default -> {
                int q = (int) (since % n);
                int h = high(n);
                boolean odd = (n & 1) != 0;
                if (q < h) {
                    yield q == 0 ? n : odd ? n + 1 - 2 * q : n - 2 * q;
                }
                int r = q - h;
                yield r == 0 ? n : odd ? n - 1 - 2 * r : n - 2 * r;
            }
        };
    }

    /** The counter's value as the guest reads it (binary or BCD, 16 bits). */
    int value(long k) {
        return encode(ce(k)) & 0xFFFF;
    }

    /** The OUT pin at tick {@code k}. */
    boolean out(long k) {
        sync(k);
        if (!programmed) {
            return false;
        }
        if (!running || k < load) {
            return mode != 0;
        }
        long since = k - load;
        return switch (mode) {
            case 0 -> steps(k) >= n;
            case 1 -> since >= n;
            case 2 -> since % n != n - 1;
            case 3 -> since % n < high(n);
            case 4 -> steps(k) != n;
            default -> since != n;
        };
    }

    /** The first tick after {@code k} at which OUT changes (or a pending reload happens); -1 if none. */
    long nextChange(long k) {
        sync(k);
        if (!programmed || !running) {
            return -1;
        }
        long t = nextOutChange(k);
        if (pendingAt > k && (t < 0 || pendingAt < t)) {
            t = pendingAt;
        }
        return t;
    }

    private long nextOutChange(long k) {
        if (k < load) {
            if (out(load) != out(k)) {
                return load;
            }
            k = load;
        }
        long since = k - load;
        switch (mode) {
            case 0 -> {
                long s = steps(k);
                return gate && s < n ? k + (n - s) : -1;
            }
            case 1 -> {
                return since < n ? load + n : -1;
            }
            case 2 -> {
                if (n == 1) {
                    return -1;
                }
                long q = since % n;
                return q < n - 1 ? k + (n - 1 - q) : k + 1;
            }
            case 3 -> {
                int h = high(n);
                if (n - h == 0) {
                    return -1;
                }
                long q = since % n;
                return q < h ? k + (h - q) : k + (n - q);
            }
            case 4 -> {
                long s = steps(k);
                return !gate ? -1 : s < n ? k + (n - s) : s == n ? k + 1 : -1;
            }
            default -> {
                return since < n ? load + n : since == n ? k + 1 : -1;
            }
        }
    }

    boolean nullCount(long k) {
        if (nullCount && k >= nullClears) {
            nullCount = false;
            nullClears = Long.MAX_VALUE;
        }
        return nullCount;
    }

    // ------------------------------------------------------------------ programming

    /** A control word with RW not 00: mode, access and BCD. */
    void control(long k, int rwBits, int modeBits, boolean bcdBit) {
        hold = running ? ce(k) : hold;
        programmed = true;
        rw = rwBits;
        mode = modeBits > 5 ? modeBits - 4 : modeBits;
        bcd = bcdBit;
        hasCount = false;
        running = false;
        pendingAt = -1;
        nullCount = true;
        nullClears = Long.MAX_VALUE;
        writeMsbNext = false;
        readMsbNext = false;
        countLatched = false;
        statusLatched = false;
    }

    /** The counter latch command (ignored while a count is latched and not read). */
    void latchCount(long k) {
        if (!countLatched) {
            latch = value(k);
            countLatched = true;
        }
    }

    /** Latches the status byte (ignored while one is latched and not read). */
    void latchStatus(long k) {
        if (!statusLatched) {
            status = (out(k) ? 0x80 : 0) | (nullCount(k) ? 0x40 : 0) | rw << 4 | mode << 1 | (bcd ? 1 : 0);
            statusLatched = true;
        }
    }

    /** A read of the counter's port. */
    int read(long k) {
        if (statusLatched) {
            statusLatched = false;
            return status;
        }
        int v = countLatched ? latch : value(k);
        int b;
        switch (rw) {
            case 2 -> {
                b = v >> 8;
                countLatched = false;
            }
            case 3 -> {
                b = readMsbNext ? v >> 8 : v;
                if (readMsbNext) {
                    countLatched = false;
                }
                readMsbNext = !readMsbNext;
            }
            default -> {
                b = v;
                countLatched = false;
            }
        }
        return b & 0xFF;
    }

    /** A write of the counter's port. */
    void write(long k, int value) {
        if (!programmed) {
            return;
        }
        value &= 0xFF;
        switch (rw) {
            case 1 -> count(k, value);
            case 2 -> count(k, value << 8);
            default -> {
                if (!writeMsbNext) {
                    writeLsb = value;
                    writeMsbNext = true;
                    if (mode == 0) {
                        // the first byte stops counting and sets OUT low
                        hold = ce(k);
                        running = false;
                    }
                } else {
                    writeMsbNext = false;
                    count(k, writeLsb | value << 8);
                }
            }
        }
    }

    /** A complete count written at tick {@code k}. */
    private void count(long k, int raw) {
        sync(k);
        cr = raw;
        hasCount = true;
        nullCount = true;
        int newN = decode(raw);
        switch (mode) {
            case 0, 4 -> {
                hold = running ? ce(k) : hold;
                start(k, newN);
                frozen = 0;
                resume = load;
            }
            case 1, 5 -> nullClears = Long.MAX_VALUE; // used at the next trigger
            default -> {
                if (!running) {
                    if (gate) {
                        start(k, newN);
                    } else {
                        nullClears = Long.MAX_VALUE;
                    }
                } else if (k < load) {
                    n = newN;
                } else {
                    long since = k - load;
                    if (mode == 2) {
                        pendingAt = load + n * (since / n + 1);
                        pendingMid = false;
                    } else {
                        long q = since % n;
                        int h = high(n);
                        pendingMid = q < h;
                        pendingAt = pendingMid ? k + (h - q) : k + (n - q);
                    }
                    pendingN = newN;
                    nullClears = pendingAt;
                }
            }
        }
    }

    private void start(long k, int newN) {
        running = true;
        load = k + 1;
        n = newN;
        pendingAt = -1;
        nullClears = load;
    }

    /** The GATE input at tick {@code k}. */
    void setGate(long k, boolean high) {
        sync(k);
        if (high == gate) {
            return;
        }
        if (!high) {
            switch (mode) {
                case 0, 4 -> frozen = steps(k);
                case 2, 3 -> {
                    if (running) {
                        hold = ce(k);
                        running = false;
                        pendingAt = -1;
                    }
                }
                default -> {
                }
            }
            gate = false;
            return;
        }
        gate = true;
        if (!programmed) {
            return;
        }
        switch (mode) {
            case 0, 4 -> resume = Math.max(k, load);
            default -> {
                if (hasCount) {
                    hold = running ? ce(k) : hold;
                    start(k, decode(cr));
                }
            }
        }
    }
}
