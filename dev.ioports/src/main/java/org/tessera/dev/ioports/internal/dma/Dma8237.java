package org.tessera.dev.ioports.internal.dma;

import org.tessera.machine.api.device.DeviceState;

/**
 * One 8237A: four channels (base and current address and count, mode), the command, request,
 * mask, status and temporary registers and the byte-pointer flip-flop, addressed by register
 * number 0-15 as on the chip's A0-A3. Memory is not the chip's business: {@link #transfer}
 * steps a channel and hands each address to a {@link Memory}. Not thread safe (the component
 * locks).
 */
final class Dma8237 {

    /** Where a transfer reads and writes, one unit at a time, at a channel address. */
    interface Memory {
        /** Stores {@code data[offset..]} (one unit) at channel address {@code address}. */
        void write(int address, byte[] data, int offset);

        /** Loads one unit at {@code address} into {@code data[offset..]}. */
        void read(int address, byte[] data, int offset);
    }

    /** Mode bits 2-3: the transfer type. */
    static final int VERIFY = 0;
    static final int WRITE = 1;
    static final int READ = 2;
    /** Mode bit 4: autoinitialize. */
    static final int AUTO_INIT = 0x10;
    /** Mode bit 5: address decrement. */
    static final int DECREMENT = 0x20;
    /** Mode bits 6-7: demand, single, block, cascade. */
    static final int CASCADE = 3;
    /** Command bit 2: controller disable. */
    static final int DISABLE = 0x04;

    final int[] baseAddress = new int[4];
    final int[] baseCount = new int[4];
    final int[] address = new int[4];
    final int[] count = new int[4];
    /** Mode bits 2-7 (bits 0-1 of the register select the channel). */
    final int[] mode = new int[4];
    /** Terminal count reached since the channel was last programmed (for {@code IsaDma}). */
    final boolean[] reachedTc = new boolean[4];
    int command;
    int request;
    int mask = 0x0F;
    /** Status bits 0-3: terminal count per channel. */
    int tc;
    int temporary;
    boolean flipFlop;

    /** Reads register {@code reg} (0-15); write-only registers read FFh. */
    int read(int reg) {
        switch (reg & 15) {
            case 0, 2, 4, 6 -> {
                return half(address[reg >> 1]);
            }
            case 1, 3, 5, 7 -> {
                return half(count[reg >> 1]);
            }
            case 8 -> {
                int status = tc | request << 4;
                tc = 0;
                return status;
            }
            case 13 -> {
                return temporary;
            }
            case 15 -> {
                return 0xF0 | mask;
            }
            default -> {
                return 0xFF;
            }
        }
    }

    private int half(int value) {
        int b = flipFlop ? value >>> 8 & 0xFF : value & 0xFF;
        flipFlop = !flipFlop;
        return b;
    }

    /** Writes {@code value} to register {@code reg} (0-15). */
    void write(int reg, int value) {
        int v = value & 0xFF;
        int ch = v & 3;
        switch (reg & 15) {
            case 0, 2, 4, 6 -> {
                int c = reg >> 1;
                baseAddress[c] = setHalf(baseAddress[c], v);
                address[c] = baseAddress[c];
                reachedTc[c] = false;
                flipFlop = !flipFlop;
            }
            case 1, 3, 5, 7 -> {
                int c = reg >> 1;
                baseCount[c] = setHalf(baseCount[c], v);
                count[c] = baseCount[c];
                reachedTc[c] = false;
                flipFlop = !flipFlop;
            }
            case 8 -> command = v;
            case 9 -> request = (v & 4) != 0 ? request | 1 << ch : request & ~(1 << ch);
            case 10 -> mask = (v & 4) != 0 ? mask | 1 << ch : mask & ~(1 << ch);
            case 11 -> {
                mode[ch] = v & 0xFC;
                reachedTc[ch] = false;
            }
            case 12 -> flipFlop = false;
            case 13 -> masterClear();
            case 14 -> mask = 0;
            default -> mask = v & 0x0F;
        }
    }

    private int setHalf(int old, int v) {
        return flipFlop ? old & 0xFF | v << 8 : old & 0xFF00 | v;
    }

    /** Master clear (also the reset state): command, status, request, temporary and flip-flop cleared, all masked. */
    void masterClear() {
        command = 0;
        tc = 0;
        request = 0;
        temporary = 0;
        flipFlop = false;
        mask = 0x0F;
        java.util.Arrays.fill(reachedTc, false);
    }

    /** Whether {@code ch} would move data of {@code type} (WRITE or READ) now. */
    boolean ready(int ch, int type) {
        if ((command & DISABLE) != 0 || (mask & 1 << ch) != 0) {
            return false;
        }
        int m = mode[ch];
        if (m >>> 6 == CASCADE) {
            return false;
        }
        int t = m >>> 2 & 3;
        return t == type || t == VERIFY;
    }

    /**
     * Moves up to {@code units} units on {@code ch} in the direction its mode says (verify moves
     * nothing), stopping after terminal count. At terminal count the status bit is set, a software
     * request is cleared, and the channel reloads (autoinitialize) or masks itself.
     *
     * @return the units moved
     */
    int transfer(int ch, byte[] data, int offset, int units, int unitSize, Memory memory) {
        int t = mode[ch] >>> 2 & 3;
        int step = (mode[ch] & DECREMENT) != 0 ? -1 : 1;
        int done = 0;
        while (done < units) {
            int at = offset + done * unitSize;
            if (t == WRITE) {
                memory.write(address[ch], data, at);
            } else if (t == READ) {
                memory.read(address[ch], data, at);
            }
            done++;
            address[ch] = address[ch] + step & 0xFFFF;
            int before = count[ch];
            count[ch] = before - 1 & 0xFFFF;
            if (before == 0) {
                terminalCount(ch);
                break;
            }
        }
        return done;
    }

    private void terminalCount(int ch) {
        tc |= 1 << ch;
        reachedTc[ch] = true;
        request &= ~(1 << ch);
        if ((mode[ch] & AUTO_INIT) != 0) {
            address[ch] = baseAddress[ch];
            count[ch] = baseCount[ch];
        } else {
            mask |= 1 << ch;
        }
    }

    void save(DeviceState.Builder b, String prefix) {
        for (int c = 0; c < 4; c++) {
            String p = prefix + "ch" + c + ".";
            b.field(p + "base.address", baseAddress[c]).field(p + "base.count", baseCount[c])
                    .field(p + "address", address[c]).field(p + "count", count[c]).field(p + "mode", mode[c])
                    .field(p + "tc.since.programmed", reachedTc[c] ? 1 : 0);
        }
        b.field(prefix + "command", command).field(prefix + "request", request).field(prefix + "mask", mask)
                .field(prefix + "status.tc", tc).field(prefix + "temporary", temporary)
                .field(prefix + "flipflop", flipFlop ? 1 : 0);
    }

    void restore(DeviceState s, String prefix) {
        for (int c = 0; c < 4; c++) {
            String p = prefix + "ch" + c + ".";
            baseAddress[c] = (int) s.field(p + "base.address") & 0xFFFF;
            baseCount[c] = (int) s.field(p + "base.count") & 0xFFFF;
            address[c] = (int) s.field(p + "address") & 0xFFFF;
            count[c] = (int) s.field(p + "count") & 0xFFFF;
            mode[c] = (int) s.field(p + "mode") & 0xFC;
            reachedTc[c] = s.field(p + "tc.since.programmed", 0) != 0;
        }
        command = (int) s.field(prefix + "command") & 0xFF;
        request = (int) s.field(prefix + "request") & 0x0F;
        mask = (int) s.field(prefix + "mask") & 0x0F;
        tc = (int) s.field(prefix + "status.tc") & 0x0F;
        temporary = (int) s.field(prefix + "temporary") & 0xFF;
        flipFlop = s.field(prefix + "flipflop") != 0;
    }
}
