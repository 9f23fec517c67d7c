package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.RegionAccess;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * The whole machine with a device that answers every access later, from another thread: the
 * CPU stops with the access pending, the machine waits in REDIRECT, and the instruction resumes
 * when the answer comes; each access reaches the device exactly once and the guest's result is
 * the arithmetic's.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CpuRedirectIT {

    private static final long DEVICE = 0xD0000;
    private static final long CODE = 0x8000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 5000)
    MemoryBus bus;

    @InjectService(timeout = 5000)
    MachineControl machine;

    @InjectService(timeout = 5000)
    Processor cpu;

    @InjectService(timeout = 5000)
    DebugConsole console;

    /** Word registers that answer 1 ms later from a thread of their own, and log every access. */
    static final class LateRegisters implements RegionHandler {
        final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();
        final byte[] bytes = new byte[0x100];
        final List<String> log = new ArrayList<>();

        @Override
        public int accessSizes() {
            return BYTE | WORD;
        }

        @Override
        public synchronized int read(long offset, int size) {
            log.add("R" + size + "@" + Long.toHexString(offset));
            int v = bytes[(int) offset] & 0xFF;
            return size == 2 ? v | (bytes[(int) offset + 1] & 0xFF) << 8 : v;
        }

        @Override
        public synchronized void write(long offset, int size, int value) {
            log.add("W" + size + "@" + Long.toHexString(offset) + "=" + Integer.toHexString(value));
            bytes[(int) offset] = (byte) value;
            if (size == 2) {
                bytes[(int) offset + 1] = (byte) (value >>> 8);
            }
        }

        @Override
        public boolean submit(RegionAccess access) {
            answers.schedule(() -> {
                if (access.type().isWrite()) {
                    write(access.offset(), access.size(), access.value());
                    access.complete(0);
                } else {
                    access.complete(read(access.offset(), access.size()));
                }
            }, 1, TimeUnit.MILLISECONDS);
            return false;
        }

        synchronized List<String> log() {
            return new ArrayList<>(log);
        }
    }

    @Test
    void aProgramRunsAgainstADeviceThatAnswersLater() throws Exception {
        LateRegisters device = new LateRegisters();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RegionHandler.REGION_BASE, DEVICE);
        props.put(RegionHandler.REGION_SIZE, 0x100L);
        props.put(RegionHandler.REGION_NAME, "itest.late");
        props.put(RegionHandler.REGION_PRIORITY, 10); // above RAM
        ServiceRegistration<RegionHandler> reg = context.registerService(RegionHandler.class, device, props);
        try {
            int[] program = {
                0xB8, 0x00, 0xD0, //       mov ax, 0D000h
                0x8E, 0xD8, //             mov ds, ax
                0xC7, 0x06, 0x10, 0x00, 0x34, 0x12, // mov word [10h], 1234h
                0x81, 0x06, 0x10, 0x00, 0x01, 0x01, // add word [10h], 0101h
                0xA1, 0x10, 0x00, //       mov ax, [10h]
                0xE6, 0xE9, //             out 0E9h, al
                0x88, 0xE0, //             mov al, ah
                0xE6, 0xE9, //             out 0E9h, al
                0xFA, //                   cli
                0xF4 //                    hlt
            };
            for (int i = 0; i < program.length; i++) {
                bus.write(CODE + i, 1, program[i]);
            }
            machine.reset();
            console.clear();
            cpu.setRegister(Register.CS, (int) (CODE >> 4));
            cpu.setRegister(Register.EIP, 0);
            cpu.setRegister(Register.SS, 0);
            cpu.setRegister(Register.ESP, 0x7000);
            machine.start();
            MachineStatus status = machine.awaitStop(10, TimeUnit.SECONDS);
            assertEquals(MachineState.HALTED, status.state(), status.reason());
            assertEquals("\u0035\u0013", console.text(), "the guest printed 1335h");
            assertEquals(List.of("W2@10=1234", "R2@10", "W2@10=1335", "R2@10"), device.log(),
                    "each access reached the device once, in program order");
            assertEquals(0x1335, bus.read(DEVICE + 0x10, 2));
        } finally {
            reg.unregister();
            device.answers.shutdownNow();
        }
    }
}
