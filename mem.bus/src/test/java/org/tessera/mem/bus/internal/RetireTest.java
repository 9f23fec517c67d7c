package org.tessera.mem.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.RegionHandler;
import org.tessera.machine.api.memory.RegionInfo;

/**
 * {@code MemoryBus.retire(deviceId)}: a device with an id that leaves is awaited as a hot swap
 * unless it was retired, before or after it went away.
 */
class RetireTest {

    private static final long SWAP_MILLIS = 300;
    private static final long BASE = 0xF0000;

    private final PhysicalBus bus = new PhysicalBus();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private RamRegion ram;
    private RecordingDevice rom;

    @BeforeEach
    void map() {
        bus.configure(RedirectAndSwapTest.config(SWAP_MILLIS, 1000));
        ram = RamRegion.of(0x100000);
        BusFixture.bind(bus, ram, 0, 0x100000, 0, "ram");
        ram.directMemory()[(int) BASE] = 0x12;
        rom = new RecordingDevice("bios", 0x100, RegionHandler.BYTE);
        rom.bytes[0] = 0x34;
        BusFixture.bind(bus, rom, BASE, 0x100, 10, "bios");
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        bus.deactivate();
    }

    private List<String> deviceIds() {
        return bus.regions().stream().map(RegionInfo::deviceId).toList();
    }

    private RegionInfo region(String id) {
        return bus.regions().stream().filter(r -> id.equals(r.deviceId())).findFirst().orElseThrow();
    }

    @Test
    void anUnboundDeviceWithAnIdWaitsForAReplacement() {
        assertEquals(0x34, bus.read(BASE, 1));
        bus.unbind(rom);
        assertEquals(List.of("ram", "bios"), deviceIds(), "the slot stays");
        assertFalse(region("bios").available());

        long start = System.nanoTime();
        assertEquals(0xFF, bus.read(BASE, 1), "open bus after the swap timeout, not the RAM below");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= SWAP_MILLIS - 20, "the read waited for a replacement: " + waited + " ms");
        assertEquals(1, bus.counters().swapWaits());
        assertEquals(1, bus.counters().swapTimeouts());
    }

    @Test
    void retireAfterUnbindingRemovesTheSlotAndShowsTheMemoryBelow() {
        bus.unbind(rom);
        bus.retire("bios");
        assertEquals(List.of("ram"), deviceIds(), "the slot is gone");

        long start = System.nanoTime();
        assertEquals(0x12, bus.read(BASE, 1), "the RAM below shows through");
        bus.write(BASE + 1, 1, 0x56);
        assertEquals(0x56, ram.directMemory()[(int) BASE + 1]);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < SWAP_MILLIS / 2, "no wait: " + took + " ms");
        assertEquals(0, bus.counters().swapWaits());
        assertEquals(0, bus.counters().swapTimeouts());
    }

    @Test
    void retireWakesAReaderThatWaitsForAReplacement() throws Exception {
        bus.configure(RedirectAndSwapTest.config(10_000, 1000));
        bus.unbind(rom);
        Future<Integer> reader = pool.submit(() -> bus.read(BASE, 1));
        Thread.sleep(100);
        assertFalse(reader.isDone(), "the read waits for a replacement");
        bus.retire("bios");
        assertEquals(0xFF, reader.get(2, TimeUnit.SECONDS), "the waiting read ends as open bus at once");
        assertEquals(0, bus.counters().swapTimeouts());
        assertEquals(0x12, bus.read(BASE, 1), "later reads see the RAM below");
    }

    @Test
    void retireFailsASuspendableAccessParkedForAReplacement() throws Exception {
        bus.configure(RedirectAndSwapTest.config(10_000, 1000));
        bus.unbind(rom);
        BusAccess access = bus.newAccess();
        access.prepare(BASE, 1, AccessType.READ, 0);
        assertFalse(access.proceed(), "parked for the replacement");
        bus.retire("bios");
        assertTrue(access.await(2, TimeUnit.SECONDS), "the parked piece is answered by the retirement");
        assertTrue(access.proceed());
        assertEquals(0xFF, access.value(), "answered as open bus");
    }

    @Test
    void retireBeforeUnbindingMakesTheDepartureFinal() {
        bus.retire("bios");
        assertEquals(List.of("ram", "bios"), deviceIds(), "a bound device stays until it leaves");
        assertEquals(0x34, bus.read(BASE, 1));

        bus.unbind(rom);
        assertEquals(List.of("ram"), deviceIds());
        long start = System.nanoTime();
        assertEquals(0x12, bus.read(BASE, 1), "the RAM below shows through");
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < SWAP_MILLIS / 2, "no wait: " + took + " ms");
        assertEquals(0, bus.counters().swapWaits());
    }

    @Test
    void aRetiredDeviceThatComesBackIsMappedAgain() {
        bus.unbind(rom);
        bus.retire("bios");
        RecordingDevice again = new RecordingDevice("bios", 0x100, RegionHandler.BYTE);
        again.bytes[0] = 0x78;
        BusFixture.bind(bus, again, BASE, 0x100, 10, "bios");
        assertEquals(List.of("ram", "bios"), deviceIds());
        assertEquals(0x78, bus.read(BASE, 1), "a new slot, not the old state");
    }

    @Test
    void retireOfAnUnknownIdDoesNothing() {
        long views = bus.counters().viewsPublished();
        bus.retire("nobody");
        assertEquals(views, bus.counters().viewsPublished(), "no view compiled");
        assertEquals(List.of("ram", "bios"), deviceIds());
        assertEquals(0x34, bus.read(BASE, 1));

        // and the device it did not name still waits for its replacement
        bus.unbind(rom);
        assertEquals(List.of("ram", "bios"), deviceIds());
        assertFalse(region("bios").available());
    }

    @Test
    void aDepartureThatEndsAfterRetireAndARebindLeavesTheNewSlotInPlace() throws Exception {
        // the departing instance still keeps a write, so its unbind waits while the device is
        // retired and comes back under the same id
        RedirectAndSwapTest.LaterDevice old = new RedirectAndSwapTest.LaterDevice("dev");
        BusFixture.bind(bus, old, 0x2000, 0x100, 10, "dev");
        BusAccess kept = bus.newAccess();
        kept.prepare(0x2000, 1, AccessType.WRITE, 0x99);
        assertFalse(kept.proceed());
        Future<?> unbind = pool.submit(() -> bus.unbind(old));
        Thread.sleep(100);
        assertFalse(unbind.isDone(), "the unbind waits for the kept write");
        bus.retire("dev");

        RecordingDevice fresh = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        fresh.bytes[0] = 0x21;
        BusFixture.bind(bus, fresh, 0x2000, 0x100, 10, "dev");
        old.answerOne();
        unbind.get(5, TimeUnit.SECONDS);
        assertEquals(List.of("ram", "dev", "bios"), deviceIds());
        assertEquals(0x21, bus.read(0x2000, 1));

        // the new instance is swapped as usual: one slot, its state moved across
        bus.write(0x2001, 1, 0x42);
        bus.unbind(fresh);
        RecordingDevice next = new RecordingDevice("dev", 0x100, RegionHandler.BYTE);
        BusFixture.bind(bus, next, 0x2000, 0x100, 10, "dev");
        assertEquals(List.of("ram", "dev", "bios"), deviceIds(), "one slot for the device");
        assertEquals(0x42, bus.read(0x2001, 1), "the state moved to the next instance");
        assertTrue(region("dev").available());
    }
}
