package org.tessera.dev.ioports.internal.cmos;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.time.VirtualTimers;

/**
 * The MC146818A real-time clock and its 128 bytes of CMOS memory, as the PC wires them: index
 * port 70h (bit 7 masks the NMI), data port 71h, the interrupt on IRQ8.
 *
 * <p>The divider chain is modelled in ticks of the 32.768 kHz time base, counted from
 * {@link #origin} (machine nanoseconds at tick 0). An update cycle completes at every multiple of
 * 32768 ticks: the time registers advance by one second (in the format register B selects then,
 * as the chip does: it never converts the bytes it holds), the alarm is compared and UF set. The
 * periodic flag PF is set at every multiple of the period register A's rate select gives. Both are
 * computed lazily when the guest looks, and by a timed task only while an interrupt they would
 * raise is enabled, so an idle RTC costs nothing. UIP reads 1 during the 2228 µs before an update
 * completes (244 µs warning plus the 1984 µs update cycle), so a guest that saw UIP 0 has at least
 * 244 µs to read a consistent time.
 *
 * <p>Only divider setting DV=010 (the PC's 32.768 kHz crystal) runs the clock; any other value
 * stops it, and going back to 010 makes the first update come 500 ms later, as the datasheet
 * describes for leaving the divider reset. Daylight saving (DSE) is stored but has no effect.
 * The century byte 32h, which the chip itself does not know, is incremented when the year wraps
 * from 99 to 00 (what PC chipsets with a century register do). Leap years follow the chip: every
 * year divisible by 4 (right from 1901 to 2099).
 *
 * <p>Not thread safe on its own: {@link CmosComponent} serialises every call.
 */
final class CmosChip {

    /** Register A: update in progress, divider, rate select. */
    static final int REG_A = 0x0A;
    /** Register B: SET, PIE, AIE, UIE, SQWE, DM, 24/12, DSE. */
    static final int REG_B = 0x0B;
    /** Register C: IRQF, PF, AF, UF (read only; reading clears it). */
    static final int REG_C = 0x0C;
    /** Register D: VRT (read only). */
    static final int REG_D = 0x0D;
    /** The century byte of the PC's CMOS layout. */
    static final int CENTURY = 0x32;

    static final int A_UIP = 0x80;
    static final int A_DV_MASK = 0x70;
    static final int A_DV_32K = 0x20;
    static final int A_RS_MASK = 0x0F;
    static final int B_SET = 0x80;
    static final int B_PIE = 0x40;
    static final int B_AIE = 0x20;
    static final int B_UIE = 0x10;
    static final int B_SQWE = 0x08;
    static final int B_DM_BINARY = 0x04;
    static final int B_24H = 0x02;
    static final int B_DSE = 0x01;
    static final int C_IRQF = 0x80;
    static final int C_PF = 0x40;
    static final int C_AF = 0x20;
    static final int C_UF = 0x10;
    static final int D_VRT = 0x80;

    /** The ISA line of the RTC. */
    static final int IRQ = 8;
    /** 32.768 kHz. */
    static final long TICKS_PER_SECOND = 32768;
    static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** How long before an update completes UIP reads 1. */
    static final long UIP_NANOS = 2_228_000L;
    /** Gaps longer than this are crossed with calendar arithmetic rather than second by second. */
    private static final long JUMP_SECONDS = 3600;

    /** The format of the saved state. */
    static final int STATE_VERSION = 1;

    /** What the chip needs from the machine: time, timed tasks, the interrupt line. */
    interface Wiring {
        /** Machine time in nanoseconds. */
        long nanos();

        /** Schedules {@code task} at machine time {@code at}; null if there is no timer service. */
        VirtualTimers.Scheduled schedule(long at, Runnable task);

        /** Drives IRQ8 (does nothing without an interrupt controller). */
        void irq(boolean high);
    }

    private final Wiring wiring;
    private final byte[] ram = new byte[128];
    private int index;
    private boolean nmiMasked;
    /** Machine nanos of divider tick 0. */
    private long origin;
    /** Update cycles (second boundaries) taken into account. */
    private long updates;
    /** Periodic boundaries taken into account (for the rate now selected). */
    private long periods;
    /** Whether the divider runs (DV=010). */
    private boolean running;
    private boolean lineHigh;
    private VirtualTimers.Scheduled pending;
    private long generation;

    CmosChip(Wiring wiring) {
        this.wiring = wiring;
    }

    /** The power-on state of a chip whose battery kept {@code time}: 24 h, BCD, 1024 Hz selected. */
    void powerOn(LocalDateTime time) {
        java.util.Arrays.fill(ram, (byte) 0);
        ram[REG_A] = (byte) (A_DV_32K | 0x06);
        ram[REG_B] = (byte) B_24H;
        ram[REG_D] = (byte) D_VRT;
        index = 0;
        nmiMasked = false;
        startDivider(wiring.nanos());
        setTime(time);
        updateLine();
    }

    // ---------------------------------------------------------------- ports

    /** OUT to 70h. */
    void writeIndex(int value) {
        index = value & 0x7F;
        nmiMasked = (value & 0x80) != 0;
    }

    /** IN from 70h: the last index written, with the NMI mask bit (the port is write-only on most boards). */
    int readIndex() {
        return index | (nmiMasked ? 0x80 : 0);
    }

    /** IN from 71h. */
    int readData() {
        return read(index);
    }

    /** OUT to 71h. */
    void writeData(int value) {
        write(index, value);
    }

    /** Whether the last index write masked the NMI. */
    boolean nmiMasked() {
        return nmiMasked;
    }

    /** Reads register or memory byte {@code i} as the guest does (with its side effects). */
    int read(int i) {
        i &= 0x7F;
        long now = wiring.nanos();
        catchUp(now);
        updateLine();
        switch (i) {
            case REG_A:
                return (ram[REG_A] & 0x7F) | (updateInProgress(now) ? A_UIP : 0);
            case REG_C: {
                int c = ram[REG_C] & 0xFF;
                ram[REG_C] = 0;
                updateLine();
                reschedule();
                return c;
            }
            case REG_D:
                return D_VRT;
            default:
                return ram[i] & 0xFF;
        }
    }

    /** Writes register or memory byte {@code i} as the guest does. */
    void write(int i, int value) {
        i &= 0x7F;
        value &= 0xFF;
        long now = wiring.nanos();
        catchUp(now);
        switch (i) {
            case REG_A: {
                boolean wasRunning = running;
                int oldRate = ram[REG_A] & A_RS_MASK;
                ram[REG_A] = (byte) (value & 0x7F);
                boolean run = (value & A_DV_MASK) == A_DV_32K;
                if (run && !wasRunning) {
                    startDivider(now);
                } else if (!run) {
                    running = false;
                } else if ((value & A_RS_MASK) != oldRate) {
                    periods = periodIndex(ticksAt(now));
                }
                break;
            }
            case REG_B:
                if ((value & B_SET) != 0) {
                    value &= ~B_UIE;
                }
                ram[REG_B] = (byte) value;
                break;
            case REG_C:
            case REG_D:
                updateLine();
                return;
            default:
                ram[i] = (byte) value;
                updateLine();
                return;
        }
        updateLine();
        reschedule();
    }

    // ---------------------------------------------------------------- host side

    /** The raw byte {@code i} of the CMOS memory, without side effects (firmware setup, tests). */
    int peek(int i) {
        return ram[i & 0x7F] & 0xFF;
    }

    /** Sets byte {@code i} without side effects (the device's own memory bytes). */
    void poke(int i, int value) {
        ram[i & 0x7F] = (byte) value;
    }

    /** Brings the clock up to machine time now (the timed task and tests). */
    void sync() {
        catchUp(wiring.nanos());
        updateLine();
        reschedule();
    }

    /** Sets the time registers to {@code t} in the format register B selects now. */
    void setTime(LocalDateTime t) {
        ram[0] = (byte) encode(t.getSecond());
        ram[2] = (byte) encode(t.getMinute());
        setHour24(t.getHour());
        ram[6] = (byte) encode(t.getDayOfWeek().getValue() % 7 + 1);
        ram[7] = (byte) encode(t.getDayOfMonth());
        ram[8] = (byte) encode(t.getMonthValue());
        ram[9] = (byte) encode(t.getYear() % 100);
        ram[CENTURY] = (byte) encode(t.getYear() / 100);
    }

    /** The time the registers hold, or null if they do not hold a valid date. */
    LocalDateTime time() {
        try {
            return LocalDateTime.of(decode(ram[CENTURY]) * 100 + decode(ram[9]), decode(ram[8]), decode(ram[7]),
                    hour24(), decode(ram[2]), decode(ram[0]));
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Cancels the timed task (the device is going away). */
    void close() {
        generation++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    // ---------------------------------------------------------------- time

    private void startDivider(long now) {
        running = true;
        origin = now - NANOS_PER_SECOND / 2;
        updates = 0;
        periods = periodIndex(TICKS_PER_SECOND / 2);
    }

    /** Divider ticks at machine time {@code now}. */
    private long ticksAt(long now) {
        long elapsed = now - origin;
        return Math.floorDiv(elapsed, NANOS_PER_SECOND) * TICKS_PER_SECOND
                + Math.floorMod(elapsed, NANOS_PER_SECOND) * TICKS_PER_SECOND / NANOS_PER_SECOND;
    }

    /** The first machine time at which the divider has reached {@code tick}. */
    private long nanosAt(long tick) {
        long rest = Math.floorMod(tick, TICKS_PER_SECOND) * NANOS_PER_SECOND;
        return origin + Math.floorDiv(tick, TICKS_PER_SECOND) * NANOS_PER_SECOND
                + (rest + TICKS_PER_SECOND - 1) / TICKS_PER_SECOND;
    }

    /** Divider ticks per periodic interrupt for rate select {@code rs} (1-15), 0 for none. */
    static long periodTicks(int rs) {
        if (rs == 0) {
            return 0;
        }
        int shift = rs < 3 ? rs + 7 : rs;
        return 1L << (shift - 1);
    }

    private long periodIndex(long tick) {
        long p = periodTicks(ram[REG_A] & A_RS_MASK);
        return p == 0 ? 0 : Math.floorDiv(tick, p);
    }

    private boolean updateInProgress(long now) {
        if (!running || (ram[REG_B] & B_SET) != 0) {
            return false;
        }
        return nanosAt((updates + 1) * TICKS_PER_SECOND) - now <= UIP_NANOS;
    }

    /** Takes every update and periodic boundary up to {@code now} into account. */
    private void catchUp(long now) {
        if (!running) {
            return;
        }
        long ticks = ticksAt(now);
        long due = Math.floorDiv(ticks, TICKS_PER_SECOND);
        if (due > updates) {
            long n = due - updates;
            updates = due;
            if ((ram[REG_B] & B_SET) == 0) {
                if (n > JUMP_SECONDS) {
                    LocalDateTime t = time();
                    if (t != null) {
                        setTime(t.plusSeconds(n - 1));
                        n = 1;
                    }
                }
                for (long s = 0; s < n; s++) {
                    advanceOneSecond();
                }
                ram[REG_C] |= C_UF;
            }
        }
        long p = periodTicks(ram[REG_A] & A_RS_MASK);
        if (p != 0) {
            long j = Math.floorDiv(ticks, p);
            if (j > periods) {
                periods = j;
                ram[REG_C] |= C_PF;
            }
        }
    }

    private void advanceOneSecond() {
        int s = decode(ram[0]) + 1;
        if (s < 60) {
            ram[0] = (byte) encode(s);
        } else {
            ram[0] = (byte) encode(0);
            int m = decode(ram[2]) + 1;
            if (m < 60) {
                ram[2] = (byte) encode(m);
            } else {
                ram[2] = (byte) encode(0);
                advanceOneHour();
            }
        }
        if (alarmMatches()) {
            ram[REG_C] |= C_AF;
        }
    }

    private void advanceOneHour() {
        int h = hour24() + 1;
        if (h < 24) {
            setHour24(h);
            return;
        }
        setHour24(0);
        ram[6] = (byte) encode(decode(ram[6]) % 7 + 1);
        int day = decode(ram[7]) + 1;
        int month = decode(ram[8]);
        int year = decode(ram[9]);
        if (day <= daysIn(month, year)) {
            ram[7] = (byte) encode(day);
            return;
        }
        ram[7] = (byte) encode(1);
        if (month < 12) {
            ram[8] = (byte) encode(month + 1);
            return;
        }
        ram[8] = (byte) encode(1);
        if (year < 99) {
            ram[9] = (byte) encode(year + 1);
            return;
        }
        ram[9] = (byte) encode(0);
        ram[CENTURY] = (byte) encode(decode(ram[CENTURY]) + 1);
    }

    private static int daysIn(int month, int year) {
        return switch (month) {
            case 2 -> year % 4 == 0 ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private boolean alarmMatches() {
        return alarmByteMatches(1, 0) && alarmByteMatches(3, 2) && alarmByteMatches(5, 4);
    }

    private boolean alarmByteMatches(int alarm, int time) {
        int a = ram[alarm] & 0xFF;
        return a >= 0xC0 || a == (ram[time] & 0xFF);
    }

    private boolean binary() {
        return (ram[REG_B] & B_DM_BINARY) != 0;
    }

    private int decode(byte raw) {
        int v = raw & 0xFF;
        return binary() ? v : (v >> 4) * 10 + (v & 0x0F);
    }

    private int encode(int v) {
        return binary() ? v & 0xFF : ((v / 10) % 10) << 4 | v % 10;
    }

    private int hour24() {
        int raw = ram[4] & 0xFF;
        if ((ram[REG_B] & B_24H) != 0) {
            return decode((byte) raw);
        }
        int h = decode((byte) (raw & 0x7F)) % 12;
        return (raw & 0x80) != 0 ? h + 12 : h;
    }

    private void setHour24(int h) {
        if ((ram[REG_B] & B_24H) != 0) {
            ram[4] = (byte) encode(h);
        } else {
            int h12 = h % 12 == 0 ? 12 : h % 12;
            ram[4] = (byte) (encode(h12) | (h >= 12 ? 0x80 : 0));
        }
    }

    // ---------------------------------------------------------------- interrupt

    /** IRQF = PF·PIE + AF·AIE + UF·UIE; IRQ8 follows it. */
    private void updateLine() {
        int c = ram[REG_C] & 0x70;
        boolean irqf = (c & ram[REG_B] & 0x70) != 0;
        ram[REG_C] = (byte) (c | (irqf ? C_IRQF : 0));
        if (irqf != lineHigh) {
            lineHigh = irqf;
            wiring.irq(irqf);
        }
    }

    /** Arms a task for the next boundary that would raise IRQ8, if any can and the line is low. */
    private void reschedule() {
        generation++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        if (!running || lineHigh) {
            return;
        }
        int b = ram[REG_B] & 0xFF;
        long next = Long.MAX_VALUE;
        if ((b & (B_UIE | B_AIE)) != 0 && (b & B_SET) == 0) {
            next = nanosAt((updates + 1) * TICKS_PER_SECOND);
        }
        long p = periodTicks(ram[REG_A] & A_RS_MASK);
        if ((b & B_PIE) != 0 && p != 0) {
            next = Math.min(next, nanosAt((periods + 1) * p));
        }
        if (next == Long.MAX_VALUE) {
            return;
        }
        long mine = generation;
        pending = wiring.schedule(next, () -> fire(mine));
    }

    private void fire(long scheduledGeneration) {
        if (scheduledGeneration != generation) {
            return;
        }
        pending = null;
        sync();
    }

    /** Whether IRQ8 is driven high now. */
    boolean lineHigh() {
        return lineHigh;
    }

    // ---------------------------------------------------------------- state

    DeviceState save(String deviceId) {
        catchUp(wiring.nanos());
        updateLine();
        return DeviceState.builder(deviceId, STATE_VERSION)
                .blob("ram", ram)
                .field("index", index)
                .field("nmiMask", nmiMasked ? 1 : 0)
                .field("running", running ? 1 : 0)
                .field("dividerOrigin", origin)
                .field("updates", updates)
                .field("periods", periods)
                .build();
    }

    void restore(DeviceState state, String deviceId) {
        state.require(deviceId, STATE_VERSION, STATE_VERSION);
        byte[] bytes = state.blob("ram");
        if (bytes.length != ram.length) {
            throw new IllegalArgumentException("CMOS state holds " + bytes.length + " bytes, not 128");
        }
        int newIndex = (int) state.field("index");
        boolean newNmi = state.field("nmiMask") != 0;
        boolean newRunning = state.field("running") != 0;
        long newOrigin = state.field("dividerOrigin");
        long newUpdates = state.field("updates");
        long newPeriods = state.field("periods");
        System.arraycopy(bytes, 0, ram, 0, ram.length);
        index = newIndex & 0x7F;
        nmiMasked = newNmi;
        running = newRunning;
        origin = newOrigin;
        updates = newUpdates;
        periods = newPeriods;
        lineHigh = false;
        sync();
    }
}
