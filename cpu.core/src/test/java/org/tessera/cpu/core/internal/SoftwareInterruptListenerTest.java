package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.cpu.SoftwareInterruptListener;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The {@link SoftwareInterruptListener} whiteboard of {@link CpuMachine}: the guest's INT n is
 * announced for the vectors in the listener's properties, once, on the CPU thread, before the
 * handler runs.
 */
class SoftwareInterruptListenerTest {

    /** Handlers: INT 16h at 0000:1000 (counts in [0500h]), INT 21h at 0000:1010 (counts in [0501h]). */
    private static final int INT16_HANDLER = 0x1000;
    private static final int INT21_HANDLER = 0x1010;

    private CpuMachine machine;
    private MemoryBus bus;

    @AfterEach
    void stop() {
        if (machine != null) {
            machine.deactivate();
        }
    }

    /** What a listener heard: the vector, AH, the handler's counter and CS:IP at the call. */
    record Call(int vector, int ah, int counter, int cs, int ip) {
    }

    /** Keeps every call with the registers and memory as they were. */
    final class Recorder implements SoftwareInterruptListener {
        final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void softwareInterrupt(int vector, Processor cpu) {
            calls.add(new Call(vector, (cpu.register(Register.EAX) >>> 8) & 0xFF, bus.read(0x500, 1),
                    cpu.register(Register.CS), cpu.register(Register.EIP)));
        }
    }

    private void machine(MemoryBus b, int compileThreshold) {
        bus = b;
        machine = new CpuMachine(b, MachineLoopTest.config(compileThreshold));
        b.write(0x16 * 4, 4, INT16_HANDLER);
        b.write(0x21 * 4, 4, INT21_HANDLER);
        // inc byte [0500h]; iret   /   inc byte [0501h]; iret
        load(INT16_HANDLER, 0xFE, 0x06, 0x00, 0x05, 0xCF);
        load(INT21_HANDLER, 0xFE, 0x06, 0x01, 0x05, 0xCF);
    }

    private void machine() {
        machine(new RamOnlyBus(2 << 20), 16);
    }

    private void load(int address, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bus.write(address + i, 1, bytes[i]);
        }
    }

    /** 7C00: mov ah, 10h; int 16h; mov ah, 4Ch; int 21h; cli; hlt. */
    private void intsProgram() {
        load(0x7C00, 0xB4, 0x10, 0xCD, 0x16, 0xB4, 0x4C, 0xCD, 0x21, 0xFA, 0xF4);
    }

    /** Runs the program at 0000:7C00 from a reset CPU until it halts. */
    private MachineStatus run() throws InterruptedException {
        machine.reset();
        machine.setRegister(Register.CS, 0);
        machine.setRegister(Register.SS, 0);
        machine.setRegister(Register.DS, 0);
        machine.setRegister(Register.ESP, 0x7000);
        machine.setRegister(Register.EIP, 0x7C00);
        machine.start();
        MachineStatus s = machine.awaitStop(10, TimeUnit.SECONDS);
        assertEquals(MachineState.HALTED, s.state(), s.reason());
        return s;
    }

    private static Map<String, Object> vectors(Object property) {
        Map<String, Object> p = new HashMap<>();
        p.put(SoftwareInterruptListener.VECTORS, property);
        return p;
    }

    private static Set<Integer> marked(boolean[] vectors) {
        assertEquals(256, vectors.length);
        Set<Integer> s = new java.util.TreeSet<>();
        for (int v = 0; v < vectors.length; v++) {
            if (vectors[v]) {
                s.add(v);
            }
        }
        return s;
    }

    @Test
    void aListenerOnInt16HearsItOnceWithAhBeforeTheHandlerRuns() throws Exception {
        machine();
        intsProgram();
        Recorder heard = new Recorder();
        machine.addInterruptListener(heard, vectors(0x16));
        run();
        assertEquals(List.of(new Call(0x16, 0x10, 0, 0, 0x7C02)), heard.calls,
                "one call for INT 16h (none for INT 21h), AH as set, the handler's counter untouched, at the INT");
        assertEquals(1, bus.read(0x500, 1), "the INT 16h handler ran");
        assertEquals(1, bus.read(0x501, 1), "the INT 21h handler ran");
    }

    @Test
    void everyExecutionIsHeardAlsoWhenTheLoopIsCompiled() throws Exception {
        machine(new RamOnlyBus(2 << 20), 1);
        // 7C00: mov cx, 40; l: mov ah, 1; int 16h; loop l; cli; hlt
        load(0x7C00, 0xB9, 0x28, 0x00, 0xB4, 0x01, 0xCD, 0x16, 0xE2, 0xFA, 0xFA, 0xF4);
        Recorder heard = new Recorder();
        machine.addInterruptListener(heard, vectors(0x16));
        run();
        assertEquals(40, heard.calls.size());
        for (int i = 0; i < 40; i++) {
            assertEquals(new Call(0x16, 0x01, i, 0, 0x7C05), heard.calls.get(i));
        }
        assertEquals(40, bus.read(0x500, 1));
    }

    @Test
    void anInstructionRunAgainAfterSuspendedAccessesIsHeardOnce() throws Exception {
        // the vector table page and the stack page are served later: INT 16h suspends and runs again
        try (RedirectTestBus later = new RedirectTestBus(RedirectTestBus.Mode.LATER)) {
            later.map(0, 1, RedirectTestBus.Kind.DEVICE).map(6, 1, RedirectTestBus.Kind.DEVICE);
            machine(later, 16);
            intsProgram();
            Recorder heard = new Recorder();
            machine.addInterruptListener(heard, vectors(new int[] {0x16, 0x21}));
            long before = later.deferred();
            run();
            assertTrue(later.deferred() - before > 4, "the INTs' accesses were answered later: " + later.deferred());
            assertEquals(List.of(0x16, 0x21), heard.calls.stream().map(Call::vector).toList());
            assertEquals(0x10, heard.calls.get(0).ah());
            assertEquals(0x4C, heard.calls.get(1).ah());
            assertEquals(1, bus.read(0x500, 1));
            assertEquals(1, bus.read(0x501, 1));
        }
    }

    @Test
    void twoListenersHearTheirOwnVectors() throws Exception {
        machine();
        intsProgram();
        Recorder keyboard = new Recorder();
        Recorder dos = new Recorder();
        Recorder both = new Recorder();
        machine.addInterruptListener(keyboard, vectors(0x16));
        machine.addInterruptListener(dos, vectors(List.of(0x21)));
        machine.addInterruptListener(both, vectors(new Integer[] {0x21, 0x16}));
        run();
        assertEquals(List.of(0x16), keyboard.calls.stream().map(Call::vector).toList());
        assertEquals(List.of(0x21), dos.calls.stream().map(Call::vector).toList());
        assertEquals(List.of(0x16, 0x21), both.calls.stream().map(Call::vector).toList());
        assertEquals(0x4C, dos.calls.get(0).ah());
    }

    @Test
    void aRemovedListenerIsNoLongerCalled() throws Exception {
        machine();
        intsProgram();
        Recorder heard = new Recorder();
        Recorder stays = new Recorder();
        machine.addInterruptListener(heard, vectors(0x16));
        machine.addInterruptListener(stays, vectors(0x21));
        run();
        assertEquals(1, heard.calls.size());

        machine.removeInterruptListener(heard);
        run();
        assertEquals(1, heard.calls.size(), "not called after its removal");
        assertEquals(2, stays.calls.size(), "the other listener still hears its vector");
        assertEquals(2, bus.read(0x500, 1));

        machine.removeInterruptListener(stays);
        run();
        assertEquals(2, stays.calls.size());
        assertEquals(3, bus.read(0x501, 1), "the guest runs as before without listeners");
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheGuest() throws Exception {
        machine();
        intsProgram();
        List<Integer> tried = Collections.synchronizedList(new ArrayList<>());
        machine.addInterruptListener((vector, cpu) -> {
            tried.add(vector);
            throw new IllegalStateException("listener failure (expected by the test)");
        }, vectors(new int[] {0x16, 0x21}));
        Recorder after = new Recorder();
        machine.addInterruptListener(after, vectors(0x16));
        run();
        assertEquals(List.of(0x16, 0x21), tried);
        assertEquals(1, after.calls.size(), "a later listener is still called");
        assertEquals(1, bus.read(0x500, 1), "the handlers ran");
        assertEquals(1, bus.read(0x501, 1));
        assertEquals(0x7C0A, machine.register(Register.EIP), "the guest reached its final HLT");
    }

    @Test
    void aListenerWithoutVectorsHearsNothing() throws Exception {
        machine();
        intsProgram();
        Recorder heard = new Recorder();
        machine.addInterruptListener(heard, Map.of());
        run();
        assertEquals(List.of(), heard.calls);
    }

    @Test
    void theVectorsPropertyTakesIntegersArraysAndCollections() {
        assertEquals(Set.of(0x16), marked(CpuMachine.vectorsOf(0x16)));
        assertEquals(Set.of(0x16, 0x21), marked(CpuMachine.vectorsOf(new int[] {0x21, 0x16})));
        assertEquals(Set.of(0x10, 0x28), marked(CpuMachine.vectorsOf(new Integer[] {0x28, 0x10})));
        assertEquals(Set.of(0, 255), marked(CpuMachine.vectorsOf(List.of(0, 255))));
        assertEquals(Set.of(0x13), marked(CpuMachine.vectorsOf(Set.of(0x13))));
        assertEquals(Set.of(), marked(CpuMachine.vectorsOf(null)));
        assertEquals(Set.of(), marked(CpuMachine.vectorsOf(new int[0])));
    }

    @Test
    void junkInTheVectorsPropertyIsIgnored() {
        assertEquals(Set.of(), marked(CpuMachine.vectorsOf("16")));
        assertEquals(Set.of(), marked(CpuMachine.vectorsOf(256)));
        assertEquals(Set.of(), marked(CpuMachine.vectorsOf(-1)));
        assertEquals(Set.of(0x16, 0x21), marked(CpuMachine.vectorsOf(new Object[] {"x", 0x16, null, 300, -5, 0x21})));
        assertEquals(Set.of(0x28), marked(CpuMachine.vectorsOf(java.util.Arrays.asList(null, "28h", 0x28, 1000))));
        assertEquals(Set.of(), marked(CpuMachine.vectorsOf(new String[] {"16", "21"})));
        assertArrayEquals(new boolean[256], CpuMachine.vectorsOf(new Object()));
    }
}
