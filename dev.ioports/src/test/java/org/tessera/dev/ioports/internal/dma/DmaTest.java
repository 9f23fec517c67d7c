package org.tessera.dev.ioports.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.BusCounters;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;
import org.tessera.machine.api.memory.RegionInfo;

/** The 8237A pair through its ports, moving data through a simple memory bus. */
class DmaTest {

    /** 16 MiB of RAM that logs every access. */
    static final class Ram implements MemoryBus {
        final byte[] bytes = new byte[1 << 24];
        final List<String> log = new ArrayList<>();

        @Override
        public int read(long address, int size) {
            log.add(String.format("r%06X/%d", address, size));
            int v = 0;
            for (int i = 0; i < size; i++) {
                v |= (bytes[(int) (address + i) & 0xFFFFFF] & 0xFF) << 8 * i;
            }
            return v;
        }

        @Override
        public void write(long address, int size, int value) {
            log.add(String.format("w%06X/%d", address, size));
            for (int i = 0; i < size; i++) {
                bytes[(int) (address + i) & 0xFFFFFF] = (byte) (value >>> 8 * i);
            }
        }

        @Override
        public int readModifyWrite(long address, int size, IntUnaryOperator update) {
            throw new UnsupportedOperationException();
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
    }

    private final DmaComponent dma = new DmaComponent();
    private final Ram ram = new Ram();

    @BeforeEach
    void wire() {
        dma.setBus(ram);
    }

    private void out(int port, int value) {
        dma.out(port, 1, value);
    }

    private int in(int port) {
        return dma.in(port, 1);
    }

    /** What a BIOS does: channel 4 in cascade mode and unmasked. */
    private void cascade() {
        out(0xD6, 0xC0);
        out(0xD4, 0x00);
    }

    /** Programs byte channel {@code ch} (0-3) as a driver would. */
    private void program8(int ch, int mode, int page, int address, int count) {
        out(0x0A, 4 | ch);
        out(0x0C, 0);
        out(ch * 2, address & 0xFF);
        out(ch * 2, address >> 8);
        out(ch * 2 + 1, count & 0xFF);
        out(ch * 2 + 1, count >> 8);
        out(DmaComponent.PAGE_PORTS[ch], page);
        out(0x0B, mode | ch);
        out(0x0A, ch);
    }

    private void program16(int ch, int mode, int page, int wordAddress, int count) {
        int c = ch & 3;
        out(0xD4, 4 | c);
        out(0xD8, 0);
        out(0xC0 + c * 4, wordAddress & 0xFF);
        out(0xC0 + c * 4, wordAddress >> 8);
        out(0xC2 + c * 4, count & 0xFF);
        out(0xC2 + c * 4, count >> 8);
        out(DmaComponent.PAGE_PORTS[ch], page);
        out(0xD6, mode | c);
        out(0xD4, c);
    }

    @Test
    void flipFlopOrdersAddressAndCountBytes() {
        out(0x0C, 0);
        out(0x04, 0x34);
        out(0x04, 0x12);
        out(0x05, 0xFF);
        out(0x05, 0x01);
        out(0x0C, 0);
        assertEquals(0x34, in(0x04));
        assertEquals(0x12, in(0x04));
        assertEquals(0xFF, in(0x05));
        assertEquals(0x01, in(0x05));
        out(0x04, 0x78); // flip-flop was low: the low byte
        assertEquals(0x12, in(0x04), "reads and writes share the flip-flop: the high byte");
        out(0x04, 0x56); // low again
        out(0x0C, 0);
        assertEquals(0x56, in(0x04));
        assertEquals(0x12, in(0x04));
        out(0x81, 0x0A);
        assertEquals(0x0A, in(0x81));
        out(0x0D, 0); // master clear resets the flip-flop and masks everything
        assertEquals(0xFF, in(0x0F));
        assertEquals(0x56, in(0x04), "low byte first again");
    }

    @Test
    void byteWriteTransferIntoMemoryStopsAtTerminalCount() {
        cascade();
        program8(2, 0x44, 0x12, 0x3400, 3); // single mode, write (to memory), 4 bytes
        byte[] data = {1, 2, 3, 4, 5, 6};
        assertEquals(4, dma.toMemory(2, data, 0, 6));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 0}, java.util.Arrays.copyOfRange(ram.bytes, 0x123400, 0x123405));
        assertEquals(List.of("w123400/1", "w123401/1", "w123402/1", "w123403/1"), ram.log);
        assertTrue(dma.terminalCount(2));
        assertEquals(0x04, in(0x08) & 0x0F, "TC of channel 2 in the status");
        assertEquals(0x00, in(0x08) & 0x0F, "cleared by the read");
        assertEquals(0, dma.toMemory(2, data, 0, 6), "masked itself at TC (no autoinit)");
        assertEquals(0xF4 | 0x0B, in(0x0F) | 0xF0 | 0x0B);
        assertEquals(0, dma.fromMemory(2, data, 0, 1));
        assertEquals(0xFF, in(0x05), "current count wrapped to FFFFh");
    }

    @Test
    void readTransferFromMemoryAndDirectionChecks() {
        cascade();
        for (int i = 0; i < 8; i++) {
            ram.bytes[0x20000 + i] = (byte) (0x40 + i);
        }
        program8(1, 0x48, 0x02, 0x0000, 7); // read (from memory)
        byte[] data = new byte[8];
        assertEquals(0, dma.toMemory(1, data, 0, 8), "programmed for the other direction");
        assertEquals(5, dma.fromMemory(1, data, 2, 5));
        assertArrayEquals(new byte[] {0, 0, 0x40, 0x41, 0x42, 0x43, 0x44, 0}, data);
        assertFalse(dma.terminalCount(1));
        assertEquals(3, dma.fromMemory(1, data, 0, 8));
        assertTrue(dma.terminalCount(1));
        assertEquals(0x08, in(0x02), "the address went on past the last byte");
    }

    @Test
    void decrementAndAutoInit() {
        cascade();
        program8(3, 0x20 | 0x10 | 0x04 | 0x80, 0x00, 0x1003, 3); // block, decrement, autoinit, write
        byte[] data = {9, 8, 7, 6};
        assertEquals(4, dma.toMemory(3, data, 0, 4));
        assertEquals(List.of("w001003/1", "w001002/1", "w001001/1", "w001000/1"), ram.log);
        assertTrue(dma.terminalCount(3));
        out(0x0C, 0);
        assertEquals(0x03, in(0x06), "reloaded from the base address");
        assertEquals(0x10, in(0x06));
        assertEquals(0x03, in(0x07));
        assertEquals(2, dma.toMemory(3, data, 0, 2), "still unmasked: autoinit");
        assertEquals(9, ram.bytes[0x1003]);
    }

    @Test
    void addressWrapsWithinThePage() {
        cascade();
        program8(0, 0x44, 0x05, 0xFFFF, 1);
        assertEquals(2, dma.toMemory(0, new byte[] {1, 2}, 0, 2));
        assertEquals(List.of("w05FFFF/1", "w050000/1"), ram.log);
    }

    @Test
    void verifyMovesNothing() {
        cascade();
        program8(2, 0x40, 0x00, 0x100, 9);
        byte[] data = new byte[10];
        assertEquals(10, dma.toMemory(2, data, 0, 10));
        assertEquals(List.of(), ram.log);
        assertTrue(dma.terminalCount(2));
    }

    @Test
    void masksCascadeAndDisable() {
        program8(2, 0x44, 0x00, 0, 0xFF);
        byte[] data = new byte[4];
        assertEquals(0, dma.toMemory(2, data, 0, 4), "channel 4 still masked: no cascade");
        cascade();
        out(0x0F, 0x04);
        assertEquals(0, dma.toMemory(2, data, 0, 4), "all-mask register");
        assertEquals(0xF4, in(0x0F));
        out(0x0E, 0);
        assertEquals(4, dma.toMemory(2, data, 0, 4), "clear mask");
        out(0x08, 0x04);
        assertEquals(0, dma.toMemory(2, data, 0, 4), "controller disabled");
        out(0x08, 0x00);
        out(0x0B, 0xC2);
        assertEquals(0, dma.toMemory(2, data, 0, 4), "cascade mode");
        assertThrows(IllegalArgumentException.class, () -> dma.toMemory(4, data, 0, 1));
    }

    @Test
    void requestRegisterShowsInStatusUntilTerminalCount() {
        cascade();
        program8(1, 0x44, 0, 0, 0);
        out(0x09, 0x05);
        assertEquals(0x20, in(0x08));
        dma.toMemory(1, new byte[1], 0, 1);
        assertEquals(0x02, in(0x08));
        out(0x09, 0x06);
        out(0x09, 0x02);
        assertEquals(0x00, in(0x08));
    }

    @Test
    void wordChannelsShiftTheAddress() {
        program16(5, 0x44, 0x13, 0x8000, 1); // word address 8000h = byte 10000h in the 128K block of page 12h
        byte[] data = {0x11, 0x22, 0x33, 0x44, 0x55};
        assertEquals(4, dma.toMemory(5, data, 0, 5), "two words; the odd byte stays");
        assertEquals(List.of("w130000/2", "w130002/2"), ram.log);
        assertEquals(0x2211, ram.read(0x130000, 2));
        assertEquals(0x4433, ram.read(0x130002, 2));
        assertTrue(dma.terminalCount(5));
        assertEquals(0x02, in(0xD0), "TC of channel 5 (bit 1) on the second controller");
        assertEquals(0x130000, DmaComponent.wordAddress(0x12, 0x8000));
        assertEquals(0x13FFFE, DmaComponent.wordAddress(0x13, 0xFFFF));

        program16(7, 0x48, 0x20, 0x0010, 0);
        ram.write(0x200020, 2, 0xBEEF);
        byte[] back = new byte[2];
        assertEquals(2, dma.fromMemory(7, back, 0, 2));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBE}, back);
        assertFalse(dma.terminalCount(6));
    }

    @Test
    void oddSecondControllerPortsAndPort80AreNotClaimedAndReadsAreSafe() {
        assertEquals(0xFF, in(0x80));
        assertEquals(0xFF, in(0x09));
    }

    @Test
    void stateRoundTrip() {
        cascade();
        program8(2, 0x54, 0x07, 0x1234, 0x200);
        program16(6, 0x58, 0x0A, 0x4000, 0x10);
        out(0x04, 0x99); // leaves the flip-flop set
        DeviceState state = dma.saveState();
        DmaComponent fresh = new DmaComponent();
        fresh.setBus(ram);
        fresh.restoreState(state);
        assertEquals(state, fresh.saveState());
        assertEquals(0x07, fresh.in(0x81, 1));
        assertEquals(1, fresh.toMemory(2, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> fresh.restoreState(DeviceState.builder("pic", 1).build()));
        DmaComponent noBus = new DmaComponent();
        noBus.restoreState(state);
        assertEquals(0, noBus.toMemory(2, new byte[1], 0, 1), "no memory bus: nothing moves");
    }
}
