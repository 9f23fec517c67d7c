package org.tessera.machine.itest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.display.Frame;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The VGA's hot swap as a user sees it: a guest program of the project's own draws on the VGA
 * (dev.vga's guests, which program every register themselves), and the dev.vga bundle is updated
 * in the middle of the drawing, once with the machine paused at a point the test chooses and once
 * while the CPU runs. The guest's port E9h output and its final screen, pixel for pixel, must be
 * those of the same run without the update.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class VgaGuestHotSwapIT {

    private static final int LOAD = 0x7C00;

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

    @InjectService(timeout = 5000)
    IoBus io;

    /** The result of one run: what the guest printed, its final frame, its instruction count. */
    record Run(String output, Frame frame, long instructions) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"planar-write", "latch-copy", "modex", "text"})
    // in the middle of: write modes 0-3; latched copies; unchained drawing and page flips; the font load
    void updatingDevVgaWhileTheGuestDrawsChangesNothingItShows(String guest) throws Exception {
        byte[] image = Files.readAllBytes(guestImage(guest));
        Run plain = run(image, -1, false);
        assertTrue(plain.output().contains("done"), guest + " ran to its end: " + plain.output());

        // a third of the way stepped, the bundle updated, resumed
        Run paused = run(image, plain.instructions() / 3, true);
        assertSame(guest + " (updated while paused mid-drawing)", plain, paused);

        // updated while the CPU runs (no pause): wherever the update lands, nothing changes
        Run running = run(image, plain.instructions() / 4, false);
        assertSame(guest + " (updated while running)", plain, running);
    }

    private static void assertSame(String what, Run expected, Run actual) {
        assertEquals(expected.output(), actual.output(), what + ": port E9h output");
        assertEquals(expected.frame().width(), actual.frame().width(), what + ": frame width");
        assertEquals(expected.frame().height(), actual.frame().height(), what + ": frame height");
        assertArrayEquals(expected.frame().pixels(), actual.frame().pixels(), what + ": pixels");
        assertEquals(expected.instructions(), actual.instructions(), what + ": instructions");
    }

    /**
     * Runs the guest from 0000:7C00 to its HLT; when {@code swapAt} is not negative, updates the
     * dev.vga bundle once the CPU has done that many instructions (with {@code pause}, the machine
     * steps to exactly that point and stands still during the update; without, the update runs
     * while the CPU goes on).
     */
    private Run run(byte[] image, long swapAt, boolean pause) throws Exception {
        machine.reset();
        clearVideoMemory();
        for (int i = 0; i < image.length; i++) {
            bus.write(LOAD + i, 1, image[i] & 0xFF);
        }
        console.clear();
        cpu.setRegister(Register.CS, 0);
        cpu.setRegister(Register.EIP, LOAD);
        cpu.setRegister(Register.SS, 0);
        cpu.setRegister(Register.ESP, LOAD);
        long start = cpu.instructions();
        Bundle vga = bundle("dev.vga");
        Object before = displayReference().getProperty("service.id");
        if (swapAt >= 0 && pause) {
            // exactly swapAt instructions one by one, the update at that point, then on
            while (cpu.instructions() - start < swapAt) {
                MachineStatus s = machine.step();
                assertEquals(MachineState.PAUSED, s.state(), "stepping before the end of the guest: " + s.reason());
            }
            vga.update();
            machine.resume();
        } else {
            machine.start();
            if (swapAt >= 0) {
                // the update while the CPU runs, wherever it lands
                while (cpu.instructions() - start < swapAt && machine.status().state() == MachineState.RUNNING) {
                    Thread.onSpinWait();
                }
                vga.update();
            }
        }
        MachineStatus status = machine.awaitStop(60, TimeUnit.SECONDS);
        assertEquals(MachineState.HALTED, status.state(), status.reason());
        ServiceReference<Display> ref = displayReference();
        if (swapAt >= 0) {
            assertNotEquals(before, ref.getProperty("service.id"), "the display is the new bundle's");
        }
        Display display = context.getService(ref);
        try {
            return new Run(console.text(), display.frame(), cpu.instructions() - start);
        } finally {
            context.ungetService(ref);
        }
    }

    /**
     * Zeroes the four planes (64 KiB each, planar addressing at A0000, write mode 0, all planes
     * enabled), so that every run starts from the same video memory whatever ran before; the
     * guests then program every register themselves.
     */
    private void clearVideoMemory() {
        io.out(0x3C2, 1, 0x63); // colour ports, RAM enabled
        io.out(0x3C4, 2, 0x0F02); // map mask: all planes
        io.out(0x3C4, 2, 0x0604); // sequential (no chain-4, no odd/even), extended memory
        for (int gc : new int[] {0x0000, 0x0001, 0x0003, 0x0005, 0x0506, 0xFF08}) {
            io.out(0x3CE, 2, gc); // no set/reset, no rotate or function, write mode 0, A0000 64K, bit mask FF
        }
        for (int o = 0; o < 0x10000; o += 4) {
            bus.write(0xA0000 + o, 4, 0);
        }
    }

    private ServiceReference<Display> displayReference() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        ServiceReference<Display> ref;
        while ((ref = context.getServiceReference(Display.class)) == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertNotNull(ref, "a Display service");
        return ref;
    }

    private Bundle bundle(String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + name);
    }

    /** dev.vga's guest image, read in place from the workspace (the tests run in machine.itest). */
    private static Path guestImage(String guest) throws IOException {
        for (String dir : new String[] {"../dev.vga/src/test/guests", "dev.vga/src/test/guests"}) {
            Path p = Path.of(dir, guest + ".bin");
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IOException("guest image " + guest + ".bin not found from " + Path.of("").toAbsolutePath());
    }
}
