package org.tessera.dev.pci.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.cpu.ResetLine;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.pci.PciFunction;

/** Configuration mechanism #1, the function table and the reset control register. */
class PciHostTest {

    private static long nextServiceId = 1;

    /** A function with 256 plain bytes that logs every call. */
    static final class Recording implements PciFunction, StatefulDevice {
        final byte[] bytes = new byte[256];
        final List<String> log = new ArrayList<>();
        final String id;

        Recording(String id, int vendor) {
            this.id = id;
            bytes[0] = (byte) vendor;
            bytes[1] = (byte) (vendor >>> 8);
        }

        @Override
        public int configRead(int offset, int size) {
            log.add("R" + size + "@" + Integer.toHexString(offset));
            int v = 0;
            for (int i = size - 1; i >= 0; i--) {
                v = v << 8 | bytes[offset + i] & 0xFF;
            }
            return v;
        }

        @Override
        public void configWrite(int offset, int size, int value) {
            log.add("W" + size + "@" + Integer.toHexString(offset) + "=" + Integer.toHexString(value));
            for (int i = 0; i < size; i++) {
                bytes[offset + i] = (byte) (value >>> (i << 3));
            }
        }

        @Override
        public DeviceState saveState() {
            return DeviceState.builder(id, 3).blob("bytes", bytes).field("answer", 42).build();
        }

        @Override
        public void restoreState(DeviceState state) {
            state.require(id, 3, 3);
            System.arraycopy(state.blob("bytes"), 0, bytes, 0, 256);
        }
    }

    static Map<String, Object> props(int device, int function, String deviceId, int ranking) {
        Map<String, Object> p = new HashMap<>();
        p.put(PciFunction.PCI_DEVICE, device);
        p.put(PciFunction.PCI_FUNCTION, function);
        p.put("service.id", nextServiceId++);
        p.put("service.ranking", ranking);
        if (deviceId != null) {
            p.put(StatefulDevice.DEVICE_ID, deviceId);
        }
        return p;
    }

    static int address(int device, int function, int register) {
        return 0x8000_0000 | device << 11 | function << 8 | register;
    }

    static int read(PciHost host, int device, int function, int register, int size) {
        host.out(0xCF8, 4, address(device, function, register & 0xFC));
        return host.in(0xCFC + (register & 3), size);
    }

    @Test
    void addressRegisterIsDwordOnlyWithReservedBitsZero() {
        PciHost host = new PciHost();
        host.out(0xCF8, 4, 0xFFFF_FFFF);
        assertEquals(0x80FF_FFFC, host.in(0xCF8, 4), "bits 30-24 and 1-0 read 0");
        host.out(0xCF8, 4, 0x8000_0000);
        assertEquals(0x8000_0000, host.in(0xCF8, 4), "what SeaBIOS checks for a PCI system");
        host.out(0xCF8, 1, 0x12);
        host.out(0xCF8, 2, 0x3456);
        host.out(0xCFA, 2, 0x789A);
        host.out(0xCFB, 1, 0xBC);
        assertEquals(0x8000_0000, host.in(0xCF8, 4), "byte and word writes do not reach it");
        assertEquals(0xFF, host.in(0xCF8, 1));
        assertEquals(0xFFFF, host.in(0xCF8, 2));
        assertEquals(0xFFFF, host.in(0xCFA, 2));
    }

    @Test
    void dataPortsReachTheAddressedRegisterAtTheirOffset() {
        PciHost host = new PciHost();
        Recording f = new Recording("f", 0x8086);
        host.addFunction(f, props(3, 2, null, 0));
        for (int i = 0; i < 256; i++) {
            f.bytes[i] = (byte) i;
        }
        host.out(0xCF8, 4, address(3, 2, 0x40));
        assertEquals(0x4342_4140, host.in(0xCFC, 4));
        assertEquals(0x4140, host.in(0xCFC, 2));
        assertEquals(0x4342, host.in(0xCFE, 2));
        assertEquals(0x41, host.in(0xCFD, 1));
        assertEquals(0x43, host.in(0xCFF, 1));
        assertEquals(List.of("R4@40", "R2@40", "R2@42", "R1@41", "R1@43"), f.log);
        f.log.clear();
        host.out(0xCFE, 2, 0xBEEF);
        host.out(0xCFD, 1, 0x1234); // only the byte
        host.out(0xCFC, 4, 0x0102_0304);
        assertEquals(List.of("W2@42=beef", "W1@41=34", "W4@40=1020304"), f.log);
        f.log.clear();
        host.out(0xCFD, 2, 0xAABB); // not aligned: the CPU would have made two byte cycles
        assertEquals(List.of("W1@41=bb", "W1@42=aa"), f.log);
        host.out(0xCF8, 4, address(3, 2, 0x43)); // bits 1-0 read-only: still register 40h
        assertEquals(0xAA, host.in(0xCFE, 1));
    }

    @Test
    void absentFunctionsOtherBusesAndDisabledCyclesReadAllOnes() {
        PciHost host = new PciHost();
        Recording f = new Recording("f", 0x8086);
        host.addFunction(f, props(0, 0, null, 0));
        assertEquals(0x0000_8086, read(host, 0, 0, 0, 4));
        assertEquals(0xFFFF_FFFF, read(host, 0, 1, 0, 4), "function 1 absent");
        assertEquals(0xFFFF, read(host, 31, 7, 0, 2));
        assertEquals(0xFF, read(host, 5, 0, 0x3D, 1));
        host.out(0xCF8, 4, address(0, 0, 0) | 1 << 16); // bus 1
        assertEquals(0xFFFF_FFFF, host.in(0xCFC, 4));
        host.out(0xCFC, 4, 0x1111_1111);
        host.out(0xCF8, 4, address(0, 0, 0) & 0x7FFF_FFFF); // enable bit clear
        assertEquals(0xFFFF_FFFF, host.in(0xCFC, 4));
        assertEquals(0xFF, host.in(0xCFF, 1));
        host.out(0xCFC, 4, 0x2222_2222);
        host.out(0xCF8, 4, address(1, 0, 0)); // absent: write dropped
        host.out(0xCFC, 4, 0x3333_3333);
        assertEquals(List.of("R4@0"), f.log, "nothing else reached the function");
    }

    @Test
    void functionsComeAndGoAndTheHigherRankingWins() {
        PciHost host = new PciHost();
        Recording a = new Recording("a", 0xAAAA);
        Recording b = new Recording("b", 0xBBBB);
        Map<String, Object> pa = props(2, 0, null, 0);
        Map<String, Object> pb = props(2, 0, null, 5);
        host.addFunction(a, pa);
        assertEquals(0xAAAA, read(host, 2, 0, 0, 2));
        host.addFunction(b, pb);
        assertEquals(0xBBBB, read(host, 2, 0, 0, 2), "ranking 5 beats 0");
        host.removeFunction(b, pb);
        assertEquals(0xAAAA, read(host, 2, 0, 0, 2));
        Map<String, Object> moved = new HashMap<>(pa);
        moved.put(PciFunction.PCI_DEVICE, 4);
        host.updatedFunction(a, moved);
        assertEquals(0xFFFF, read(host, 2, 0, 0, 2));
        assertEquals(0xAAAA, read(host, 4, 0, 0, 2));
        host.removeFunction(a, moved);
        assertEquals(0xFFFF, read(host, 4, 0, 0, 2));
        Map<String, Object> wrong = props(32, 0, null, 0);
        host.addFunction(a, wrong);
        Map<String, Object> unnumbered = props(1, 0, null, 0);
        unnumbered.put(PciFunction.PCI_FUNCTION, "1");
        host.addFunction(a, unnumbered);
        for (int d = 0; d < 32; d++) {
            assertEquals(0xFFFF, read(host, d, 0, 0, 2), "service with a bad address ignored");
        }
    }

    @Test
    void aFunctionsStateMovesToItsSuccessor() {
        PciHost host = new PciHost();
        Recording old = new Recording("dev.x", 0x1111);
        Map<String, Object> po = props(6, 0, "dev.x", 0);
        host.addFunction(old, po);
        host.out(0xCF8, 4, address(6, 0, 0x40));
        host.out(0xCFC, 4, 0xCAFE_BABE);
        host.removeFunction(old, po);
        assertEquals(0xFFFF_FFFF, host.in(0xCFC, 4), "gone meanwhile");
        Recording next = new Recording("dev.x", 0x2222);
        host.addFunction(next, props(6, 0, "dev.x", 0));
        assertEquals(0xCAFE_BABE, host.in(0xCFC, 4));
        assertEquals(0x1111, read(host, 6, 0, 0, 2), "the whole record arrived");
        Recording other = new Recording("dev.y", 0x3333);
        host.addFunction(other, props(7, 0, "dev.y", 0));
        assertEquals(0x3333, read(host, 7, 0, 0, 2), "another id starts from its own state");
    }

    @Test
    void theHostsRecordCarriesItsFunctionsAcrossItsOwnSwap() {
        PciHost host = new PciHost();
        Recording live = new Recording("dev.live", 0x1111);
        host.addFunction(live, props(0, 0, "dev.live", 0));
        Recording gone = new Recording("dev.gone", 0x2222);
        Map<String, Object> pg = props(1, 0, "dev.gone", 0);
        host.addFunction(gone, pg);
        gone.bytes[0x80] = 0x5A;
        host.removeFunction(gone, pg);
        live.bytes[0x81] = 0x6B;
        host.out(0xCF8, 4, address(0, 0, 0x80));
        host.out(0xCF9, 1, 0x0A);
        DeviceState record = host.saveState();

        // the new host: one function arrives before the record, one after
        PciHost fresh = new PciHost();
        Recording live2 = new Recording("dev.live", 0);
        fresh.addFunction(live2, props(0, 0, "dev.live", 0));
        fresh.restoreState(record);
        assertEquals(address(0, 0, 0x80), fresh.in(0xCF8, 4));
        assertEquals(0x0A, fresh.in(0xCF9, 1));
        assertEquals(0x6B00, fresh.in(0xCFC, 2), "bound function restored at once");
        Recording gone2 = new Recording("dev.gone", 0);
        fresh.addFunction(gone2, props(1, 0, "dev.gone", 0));
        assertEquals(0x2222, read(fresh, 1, 0, 0, 2));
        assertEquals(0x5A, read(fresh, 1, 0, 0x80, 1), "function that left before the save restored on arrival");
    }

    @Test
    void resetControlPulsesTheResetLine() {
        PciHost host = new PciHost();
        int[] pulses = {0};
        ResetLine line = () -> pulses[0]++;
        host.setReset(line);
        host.out(0xCF9, 1, 0x02);
        assertEquals(0, pulses[0], "choosing the reset type does not reset");
        assertEquals(0x02, host.in(0xCF9, 1));
        host.out(0xCF9, 1, 0x06);
        assertEquals(1, pulses[0], "bit 2 0->1 resets");
        assertEquals(0x02, host.in(0xCF9, 1), "bit 2 clears itself; bit 1 reads back");
        host.out(0xCF9, 1, 0x06);
        assertEquals(2, pulses[0], "so the next write resets again (Linux writes 02h then 06h)");
        host.out(0xCF9, 1, 0x0E);
        assertEquals(3, pulses[0]);
        assertEquals(0x0A, host.in(0xCF9, 1), "bits 1 and 3 read back");
        host.out(0xCF9, 1, 0xF1);
        assertEquals(0x00, host.in(0xCF9, 1));

        host.out(0xCF8, 4, 0x8000_0000 | 0x0000_0400); // byte 1 of a dword at CF8 has bit 2 set
        host.out(0xCF8, 4, 0xFFFF_FFFF);
        assertEquals(3, pulses[0], "a dword at CF8 is the address register, never CF9");
        host.out(0xCF8, 2, 0x0600);
        assertEquals(3, pulses[0], "a word at CF8 goes nowhere");
        host.unsetReset(line);
        host.out(0xCF9, 1, 0x06);
        assertEquals(3, pulses[0]);
        host.setReset(line);
        host.unsetReset(() -> { });
        host.out(0xCF9, 1, 0x04);
        assertEquals(4, pulses[0], "unbinding another line leaves this one");
        host.out(0xCF9, 4, 0x0000_0004); // unaligned dword: byte at CF9 first
        assertEquals(5, pulses[0]);
    }

    @Test
    void hostStateRejectsOtherDevices() {
        PciHost host = new PciHost();
        assertThrows(IllegalArgumentException.class, () -> host.restoreState(DeviceState.builder("i440fx", 1).build()));
        assertThrows(IllegalArgumentException.class, () -> host.restoreState(DeviceState.builder("pci", 2).build()));
    }
}
