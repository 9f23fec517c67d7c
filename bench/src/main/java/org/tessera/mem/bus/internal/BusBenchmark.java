package org.tessera.mem.bus.internal;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The memory bus's hot paths: RAM through the bus's fast path and through the compiled view (as
 * a CPU's software TLB uses it), and the dispatch of accesses to a memory-mapped device, plain,
 * split and suspendable. Each operation touches one of 1024 precomputed addresses.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar BusBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BusBenchmark {

    private static final long RAM = 16L << 20;
    private static final long DEVICE = 0xFEB0_0000L;

    private PhysicalBus bus;
    private MemoryView view;
    private BusAccess access;
    private final long[] ramAddresses = new long[1024];
    private final long[] deviceAddresses = new long[1024];
    private int i;

    /** A register file that accepts every size. */
    static final class Registers implements RegionHandler {
        private final int[] regs = new int[1024];

        @Override
        public int accessSizes() {
            return BYTE | WORD | DWORD;
        }

        @Override
        public int read(long offset, int size) {
            return regs[(int) offset >> 2];
        }

        @Override
        public void write(long offset, int size, int value) {
            regs[(int) offset >> 2] = value;
        }
    }

    @Setup
    public void setup() {
        bus = new PhysicalBus();
        bus.bind(RamRegion.of(RAM), Map.of(RegionHandler.REGION_BASE, 0L, RegionHandler.REGION_SIZE, RAM,
                "service.id", 1L), "bench");
        bus.bind(new Registers(), Map.of(RegionHandler.REGION_BASE, DEVICE, RegionHandler.REGION_SIZE, 4096L,
                "service.id", 2L), "bench");
        view = bus.view();
        access = bus.newAccess();
        SplittableRandom random = new SplittableRandom(42);
        for (int k = 0; k < ramAddresses.length; k++) {
            ramAddresses[k] = random.nextLong(RAM - 4) & ~3L;
            deviceAddresses[k] = DEVICE + (random.nextInt(4096 - 4) & ~3);
        }
    }

    private int next() {
        return i = (i + 1) & 1023;
    }

    /** A dword read from RAM through {@code MemoryBus.read} (the bus's own fast path). */
    @Benchmark
    public int ramReadDword() {
        return bus.read(ramAddresses[next()], 4);
    }

    /** A dword write to RAM through {@code MemoryBus.write}. */
    @Benchmark
    public void ramWriteDword() {
        int k = next();
        bus.write(ramAddresses[k], 4, k);
    }

    /** A byte read from RAM the way a CPU's TLB does it: page lookup in the view, array access. */
    @Benchmark
    public int ramReadByteThroughView() {
        long a = ramAddresses[next()];
        int page = (int) (a >>> MemoryView.PAGE_SHIFT);
        byte[] array = view.readArray(page);
        return array[view.arrayOffset(page) + ((int) a & 0xFFF)];
    }

    /** A dword read from a device: view lookup, slot lock, handler call. */
    @Benchmark
    public int deviceReadDword() {
        return bus.read(deviceAddresses[next()], 4);
    }

    /** A dword write to a device. */
    @Benchmark
    public void deviceWriteDword() {
        int k = next();
        bus.write(deviceAddresses[k], 4, k);
    }

    /** A dword that straddles two RAM pages: the slow path, two direct pieces. */
    @Benchmark
    public int splitReadAcrossPages() {
        return bus.read(ramAddresses[next()] | 0xFFE, 4);
    }

    /** A device read through the suspendable access (the CPU's slow path). */
    @Benchmark
    public int deviceReadSuspendable() {
        access.prepare(deviceAddresses[next()], 4, AccessType.READ, 0);
        access.proceed();
        return access.value();
    }
}
