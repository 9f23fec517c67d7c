package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortRangeInfo;

/**
 * The machine loop's time, timers, A20 gate and reset line ({@link CpuMachine}): a halted guest
 * waits for its next timed event in machine time, not in instructions; the A20 gate masks address
 * bit 20 of the CPU's accesses; a reset from the chipset restarts the CPU at FFFF0h.
 */
class MachineLoopTest {

    private final RamOnlyBus bus = new RamOnlyBus(2 << 20);
    private final CpuMachine machine = new CpuMachine(bus, config(16));

    @AfterEach
    void stop() {
        machine.deactivate();
    }

    static CpuMachine.Config config(int threshold) {
        return new CpuMachine.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CpuMachine.Config.class;
            }

            @Override
            public long maxInstructions() {
                return 0;
            }

            @Override
            public int compileThreshold() {
                return threshold;
            }

            @Override
            public boolean realtime() {
                return false;
            }
        };
    }

    private void load(int address, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bus.write(address + i, 1, bytes[i]);
        }
    }

    private void startAt(int ip) {
        machine.setRegister(Register.CS, 0);
        machine.setRegister(Register.SS, 0);
        machine.setRegister(Register.DS, 0);
        machine.setRegister(Register.ESP, 0x7000);
        machine.setRegister(Register.EIP, ip);
    }

    @Test
    void aHaltedGuestIsWokenByItsTimerInMachineTime() throws Exception {
        machine.setAcknowledge(() -> {
            machine.setAsserted(false);
            return 0x08;
        });
        // INT 08h -> 0000:0600: inc byte [0500h]; iret
        bus.write(0x08 * 4, 4, 0x0600);
        load(0x600, 0xFE, 0x06, 0x00, 0x05, 0xCF);
        // 7C00: sti; l: hlt; cmp byte [0500h], 3; jb l; cli; hlt
        load(0x7C00, 0xFB, 0xF4, 0x80, 0x3E, 0x00, 0x05, 0x03, 0x72, 0xF8, 0xFA, 0xF4);
        startAt(0x7C00);
        long start = machine.nanos();
        Runnable[] tick = new Runnable[1];
        tick[0] = () -> {
            machine.setAsserted(true);
            machine.schedule(machine.nanos() + 55_000_000L, tick[0]);
        };
        machine.schedule(start + 55_000_000L, tick[0]);
        machine.start();
        MachineStatus s = machine.awaitStop(10, TimeUnit.SECONDS);
        assertEquals(MachineState.HALTED, s.state(), s.reason());
        assertEquals(3, bus.read(0x500, 1), "three timer interrupts");
        long elapsed = machine.nanos() - start;
        assertTrue(elapsed >= 165_000_000L && elapsed < 166_000_000L,
                "machine time jumped to each tick while halted: " + elapsed + " ns after " + s.instructions() + " instructions");
        assertTrue(s.instructions() < 100, "the guest ran a handful of instructions: " + s.instructions());
    }

    @Test
    void theA20GateMasksAddressBit20() throws Exception {
        // mov ax, FFFFh; mov es, ax; mov byte [es:0010h], 55h; cli; hlt  (FFFF:0010 = 100000h)
        int[] code = {0xB8, 0xFF, 0xFF, 0x8E, 0xC0, 0x26, 0xC6, 0x06, 0x10, 0x00, 0x55, 0xFA, 0xF4};
        load(0x7C00, code);
        assertTrue(machine.isOpen(), "open at power-on");
        startAt(0x7C00);
        machine.start();
        machine.awaitStop(10, TimeUnit.SECONDS);
        assertEquals(0x55, bus.read(0x100000, 1), "gate open: the write reaches 1 MiB");
        assertEquals(0, bus.read(0, 1));

        machine.reset();
        machine.setOpen(false);
        startAt(0x7C00);
        machine.start();
        machine.awaitStop(10, TimeUnit.SECONDS);
        assertEquals(0x55, bus.read(0, 1), "gate closed: the write wraps to 0");
        assertTrue(!machine.isOpen());
        assertTrue(!machine.systemRegisters().a20());
    }

    @Test
    void aResetFromTheChipsetRestartsTheCpuAtFfff0() throws Exception {
        machine.setIoBus(new IoBus() { // port 92h bit 0: the fast reset
            @Override
            public int in(int port, int size) {
                return -1;
            }

            @Override
            public void out(int port, int size, int value) {
                if (port == 0x92 && (value & 1) != 0) {
                    machine.pulse();
                }
            }

            @Override
            public List<PortRangeInfo> ports() {
                return List.of();
            }

            @Override
            public IoCounters counters() {
                return null;
            }
        });
        // 7C00: mov al, 1; out 92h, al; jmp $
        load(0x7C00, 0xB0, 0x01, 0xE6, 0x92, 0xEB, 0xFE);
        startAt(0x7C00);
        machine.step();
        machine.setRegister(Register.EAX, 0x1234_0001);
        MachineStatus s = machine.step();
        assertEquals(MachineState.PAUSED, s.state(), s.reason());
        assertEquals(0xF000, machine.register(Register.CS), "restarted at F000:FFF0 (the OUT's end did not move it)");
        assertEquals(0xFFF0, machine.register(Register.EIP));
        assertEquals(0xFFFF0000L, machine.segmentBase(Register.CS), "fetching from the top of 4 GiB, as the 386 does");
        assertEquals(0, machine.register(Register.EAX), "power-on registers");
        assertEquals(0x92, bus.read(0x7C03, 1), "memory kept");
    }
}
