package org.tessera.firmware.bios.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.cpu.SystemRegisters;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortRangeInfo;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;
import org.tessera.machine.api.storage.Drive;

/** A register map, 2 MiB of RAM, a port log with a small CMOS, and RAM-backed drives. */
final class FakeMachine implements Processor, MemoryBus {

    final Map<Register, Integer> regs = new EnumMap<>(Register.class);
    final byte[] ram = new byte[2 << 20];
    final List<int[]> outs = new ArrayList<>();
    final Map<Integer, Integer> inputs = new HashMap<>();
    final int[] cmos = new int[128];
    int cmosIndex;
    final Map<String, Drive> drives = new HashMap<>();

    FakeMachine() {
        for (Register r : Register.values()) {
            regs.put(r, 0);
        }
        cmos[0x0B] = 0x02;
    }

    Guest guest() {
        return new Guest(this, this, io);
    }

    /**
     * Sets up a trap as the stub leaves it: SS:SP at 0000:1000, the caller's AX saved there, the
     * interrupt frame above it with FLAGS {@code 0x0202}.
     */
    void trap(int ax) {
        regs.put(Register.SS, 0);
        regs.put(Register.ESP, 0x1000);
        w16(0x1000, ax);
        w16(0x1002, 0x1234);
        w16(0x1004, 0x5678);
        w16(0x1006, 0x0202);
    }

    int savedAx() {
        return r16(0x1000);
    }

    int savedFlags() {
        return r16(0x1006);
    }

    boolean carry() {
        return (savedFlags() & 1) != 0;
    }

    int reg(Register r) {
        return regs.get(r);
    }

    void set(Register r, int v) {
        regs.put(r, v);
    }

    int r8(long a) {
        return ram[(int) a] & 0xFF;
    }

    int r16(long a) {
        return r8(a) | r8(a + 1) << 8;
    }

    void w8(long a, int v) {
        ram[(int) a] = (byte) v;
    }

    void w16(long a, int v) {
        w8(a, v);
        w8(a + 1, v >> 8);
    }

    // Processor
    @Override
    public int register(Register r) {
        return regs.get(r);
    }

    @Override
    public void setRegister(Register r, int value) {
        regs.put(r, value);
    }

    @Override
    public long segmentBase(Register s) {
        return (regs.get(s) & 0xFFFFL) << 4;
    }

    @Override
    public SystemRegisters systemRegisters() {
        throw new UnsupportedOperationException();
    }

    @Override
    public long instructions() {
        return 0;
    }

    @Override
    public String model() {
        return "fake";
    }

    // MemoryBus
    @Override
    public int read(long address, int size) {
        int v = 0;
        for (int i = size - 1; i >= 0; i--) {
            long a = address + i;
            v = v << 8 | (a < ram.length ? ram[(int) a] & 0xFF : 0xFF);
        }
        return v;
    }

    @Override
    public void write(long address, int size, int value) {
        for (int i = 0; i < size; i++) {
            long a = address + i;
            if (a < ram.length) {
                ram[(int) a] = (byte) (value >> (8 * i));
            }
        }
    }

    @Override
    public int readModifyWrite(long address, int size, IntUnaryOperator update) {
        int v = read(address, size);
        write(address, size, update.applyAsInt(v));
        return v;
    }

    @Override
    public BusAccess newAccess() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MemoryView view() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void retire(String deviceId) {
        // no devices here
    }

    @Override
    public void remap() {
    }

    @Override
    public List<RegionInfo> regions() {
        return List.of();
    }

    @Override
    public BusCounters counters() {
        throw new UnsupportedOperationException();
    }

    final IoBus io = new IoBus() {
        @Override
        public int in(int port, int size) {
            if (port == 0x71) {
                return cmos[cmosIndex];
            }
            return inputs.getOrDefault(port, 0xFF);
        }

        @Override
        public void out(int port, int size, int value) {
            if (port == 0x70) {
                cmosIndex = value & 0x7F;
            } else if (port == 0x71) {
                cmos[cmosIndex] = value & 0xFF;
            }
            outs.add(new int[] {port, value});
        }

        @Override
        public List<PortRangeInfo> ports() {
            return List.of();
        }

        @Override
        public IoCounters counters() {
            throw new UnsupportedOperationException();
        }
    };

    /** A drive over a byte array. */
    static final class RamDrive implements Drive {
        final String unit;
        final byte[] data;
        final Geometry geometry;
        boolean readOnly;

        RamDrive(String unit, Geometry geometry) {
            this.unit = unit;
            this.geometry = geometry;
            this.data = new byte[(int) geometry.sectors() * SECTOR_SIZE];
        }

        @Override
        public String unit() {
            return unit;
        }

        @Override
        public boolean hasMedium() {
            return true;
        }

        @Override
        public long sectors() {
            return geometry.sectors();
        }

        @Override
        public Geometry geometry() {
            return geometry;
        }

        @Override
        public boolean isReadOnly() {
            return readOnly;
        }

        @Override
        public void read(long lba, byte[] buffer, int offset, int count) throws IOException {
            if (lba + count > sectors()) {
                throw new IOException("beyond");
            }
            System.arraycopy(data, (int) lba * SECTOR_SIZE, buffer, offset, count * SECTOR_SIZE);
        }

        @Override
        public void write(long lba, byte[] buffer, int offset, int count) throws IOException {
            if (readOnly) {
                throw new IOException("read-only");
            }
            System.arraycopy(buffer, offset, data, (int) lba * SECTOR_SIZE, count * SECTOR_SIZE);
        }

        @Override
        public void flush() {
        }
    }
}
