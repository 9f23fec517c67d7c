package org.tessera.guest.monitor.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.SystemRegisters;
import org.tessera.machine.api.memory.MemoryBus;

/** The component as Declarative Services builds it: the bus's reads, the CPU's registers when it starts mid-run. */
class ComponentWiringTest {

    @Test
    void aMonitorStartedMidRunTakesTheCpuRegisters() {
        FakeMemory memory = new FakeMemory();
        FakeWatches watches = new FakeWatches(memory);
        MemoryBus bus = (MemoryBus) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {MemoryBus.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("read")) {
                        return memory.read((Long) args[0], (Integer) args[1]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        SystemRegisters regs = Regs.reset().cr0(Regs.PE).gdt(0x5000, 0x17).idt(0x46000, 0x7FF).get();
        Processor cpu = (Processor) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Processor.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("systemRegisters")) {
                        return regs;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        GuestMonitor monitor = new GuestMonitor(watches, bus, Map.of("profile", "integrity", "denial", "pf"));
        try {
            assertEquals(List.of(), watches.active());
            monitor.bindProcessor(cpu);
            assertEquals(List.of("gdt 0x00005000 18 deny/page_fault", "idt 0x00046000 800 deny/page_fault"),
                    watches.active());
            monitor.unbindProcessor(cpu);
            assertEquals(2, watches.active().size(), "the watches stay with the registers last seen");
        } finally {
            monitor.deactivate();
        }
        assertEquals(List.of(), watches.active());
    }
}
