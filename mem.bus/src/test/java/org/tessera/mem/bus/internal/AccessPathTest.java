package org.tessera.mem.bus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.memory.AccessType;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.RegionHandler;

/** Splitting, open bus, ROM, read-modify-write and failing handlers on the synchronous and suspendable paths. */
class AccessPathTest {

    private final PhysicalBus bus = new PhysicalBus();
    private final RamRegion ram = RamRegion.of(1 << 20);

    AccessPathTest() {
        BusFixture.bind(bus, ram, 0, 1 << 20, 0, "ram");
    }

    @Test
    void ramIsLittleEndianAndAPageCrossingAccessIsAssembled() {
        bus.write(0x1234, 4, 0xA1B2C3D4);
        assertEquals(0xD4, bus.read(0x1234, 1));
        assertEquals(0xC3D4, bus.read(0x1234, 2));
        assertEquals(0xA1B2C3D4, bus.read(0x1234, 4));
        bus.write(0x1FFE, 4, 0x01020304);
        assertEquals(0x04, ram.directMemory()[0x1FFE]);
        assertEquals(0x01, ram.directMemory()[0x2001]);
        assertEquals(0x01020304, bus.read(0x1FFE, 4));
        assertEquals(0x0203, bus.read(0x1FFF, 2));
    }

    @Test
    void anAccessCrossingIntoAByteDeviceIsSplitLowAddressFirst() {
        RecordingDevice dev = new RecordingDevice("d", 0x1000, RegionHandler.BYTE);
        BusFixture.bind(bus, dev, 0x100000, 0x1000, 0, null);
        // the last two bytes of RAM and the first two of the device
        bus.write(0xFFFFE, 4, 0x44332211);
        assertEquals(0x11, ram.directMemory()[0xFFFFE]);
        assertEquals(0x22, ram.directMemory()[0xFFFFF]);
        assertEquals(List.of("W1@0=33", "W1@1=44"), dev.calls());
        assertEquals(0x44332211, bus.read(0xFFFFE, 4));
        assertEquals(List.of("W1@0=33", "W1@1=44", "R1@0", "R1@1"), dev.calls());
    }

    @Test
    void aWordDeviceGetsAlignedPiecesOfAnUnalignedDword() {
        RecordingDevice dev = new RecordingDevice("d", 0x1000, RegionHandler.BYTE | RegionHandler.WORD);
        BusFixture.bind(bus, dev, 0x200000, 0x1000, 0, null);
        bus.write(0x200001, 4, 0xDDCCBBAA);
        assertEquals(List.of("W1@1=aa", "W2@2=ccbb", "W1@4=dd"), dev.calls());
        assertEquals(0xDDCCBBAA, bus.read(0x200001, 4));
        RecordingDevice dwords = new RecordingDevice("e", 0x1000, RegionHandler.BYTE | RegionHandler.WORD | RegionHandler.DWORD);
        BusFixture.bind(bus, dwords, 0x300000, 0x1000, 0, null);
        bus.write(0x300004, 4, 0x12345678);
        bus.write(0x300006, 2, 0xABCD);
        assertEquals(List.of("W4@4=12345678", "W2@6=abcd"), dwords.calls());
    }

    @Test
    void anAccessCrossingTwoDevicesReachesEachInOrder() {
        RecordingDevice a = new RecordingDevice("a", 0x10, RegionHandler.BYTE | RegionHandler.WORD);
        RecordingDevice b = new RecordingDevice("b", 0x10, RegionHandler.BYTE | RegionHandler.WORD);
        BusFixture.bind(bus, a, 0x400000, 0x10, 0, null);
        BusFixture.bind(bus, b, 0x400010, 0x10, 0, null);
        bus.write(0x40000E, 4, 0x04030201);
        assertEquals(List.of("W2@e=201"), a.calls());
        assertEquals(List.of("W2@0=403"), b.calls());
        assertEquals(0x04030201, bus.read(0x40000E, 4));
    }

    @Test
    void openBusReadsAllOnesIgnoresWritesAndCounts() {
        assertEquals(0xFF, bus.read(0x8000_0000L, 1));
        assertEquals(0xFFFF, bus.read(0x8000_0000L, 2));
        assertEquals(0xFFFFFFFF, bus.read(0x8000_0000L, 4));
        bus.write(0x8000_0000L, 4, 0);
        assertEquals(0xFFFFFFFF, bus.read(0x8000_0000L, 4));
        // half RAM, half open bus
        RamRegion small = RamRegion.of(4096);
        PhysicalBus b2 = new PhysicalBus();
        BusFixture.bind(b2, small, 0, 4096, 0, "ram");
        b2.write(0xFFE, 4, 0x11223344);
        assertEquals(0xFFFF3344, b2.read(0xFFE, 4));
        BusCounters c = bus.counters();
        assertEquals(4, c.openBusReads());
        assertEquals(1, c.openBusWrites());
    }

    @Test
    void addressesWrapAt4GiB() {
        RamRegion top = RamRegion.of(4096);
        BusFixture.bind(bus, top, 0xFFFFF000L, 4096, 0, "top");
        bus.write(0xFFFFFFFEL, 4, 0xCAFEBABE);
        assertEquals(0xBE, top.directMemory()[0xFFE] & 0xFF);
        assertEquals(0xCA, ram.directMemory()[1] & 0xFF);
        assertEquals(0xCAFEBABE, bus.read(0xFFFFFFFEL, 4));
    }

    @Test
    void readModifyWriteOnRomReadsAndDropsTheWrite() {
        byte[] image = {0x10, 0x20, 0x30, 0x40};
        RomRegion rom = RomRegion.of(image);
        BusFixture.bind(bus, rom, 0xF0000, 4, 20, null);
        int old = bus.readModifyWrite(0xF0000, 2, v -> v + 1);
        assertEquals(0x2010, old);
        assertEquals(0x2010, bus.read(0xF0000, 2));
        bus.write(0xF0002, 1, 0x99);
        assertEquals(0x30, bus.read(0xF0002, 1));
        assertEquals(2, bus.counters().romWritesDropped());
    }

    @Test
    void readModifyWriteKeepsTheTargetsOfItsRead() {
        RecordingDevice dev = new RecordingDevice("d", 0x10, RegionHandler.BYTE);
        BusFixture.bind(bus, dev, 0x500000, 0x10, 0, null);
        BusAccess access = bus.newAccess();
        access.prepare(0x500000, 2, AccessType.READ, 0);
        access.proceed();
        // a higher-priority region appears between the read and the write
        RecordingDevice other = new RecordingDevice("o", 0x10, RegionHandler.BYTE);
        BusFixture.bind(bus, other, 0x500000, 0x10, 50, null);
        access.prepareWriteBack(0xBEEF);
        access.proceed();
        assertEquals(List.of("R1@0", "R1@1", "W1@0=ef", "W1@1=be"), dev.calls());
        assertEquals(List.of(), other.calls());
        assertThrows(IllegalStateException.class, () -> access.prepareWriteBack(1));
    }

    @Test
    void aThrowingHandlerIsCountedAndTheBusGoesOn() {
        RegionHandler bad = new RegionHandler() {
            @Override
            public int read(long offset, int size) {
                throw new IllegalStateException("broken device");
            }

            @Override
            public void write(long offset, int size, int value) {
                throw new UnsupportedOperationException("broken device");
            }
        };
        BusFixture.bind(bus, bad, 0x600000, 0x1000, 0, null);
        assertEquals(0xFFFF, bus.read(0x600000, 2));
        bus.write(0x600000, 1, 5);
        BusAccess access = bus.newAccess();
        access.prepare(0x600000, 1, AccessType.READ, 0);
        assertEquals(true, access.proceed());
        assertEquals(0xFF, access.value());
        assertEquals(4, bus.counters().handlerFailures());
        bus.write(0x10, 1, 7);
        assertEquals(7, bus.read(0x10, 1));
    }

    @Test
    void suspendableAccessOnRamAndOpenBusCompletesAtOnce() {
        BusAccess access = bus.newAccess();
        access.prepare(0xFFFFE, 4, AccessType.WRITE, 0x87654321);
        assertEquals(true, access.proceed());
        assertEquals(BusAccess.Status.DONE, access.status());
        access.prepare(0xFFFFE, 4, AccessType.READ, 0);
        access.proceed();
        assertEquals(0xFFFF4321, access.value());
        assertThrows(IllegalArgumentException.class, () -> access.prepare(0, 3, AccessType.READ, 0));
    }

    @Test
    void badRegionPropertiesAreIgnored() {
        RecordingDevice dev = new RecordingDevice("d", 0x10, RegionHandler.BYTE);
        java.util.Map<String, Object> p = BusFixture.props(0xFFFFFFF8L, 0x10, 0, null);
        bus.bind(dev, p, "test");
        java.util.Map<String, Object> q = BusFixture.props(0, 0x10, 0, null);
        q.remove(RegionHandler.REGION_SIZE);
        bus.bind(dev, q, "test");
        assertEquals(1, bus.regions().size());
    }
}
