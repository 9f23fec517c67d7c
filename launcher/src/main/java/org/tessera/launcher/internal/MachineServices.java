package org.tessera.launcher.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;
import org.tessera.machine.api.control.MachineControl;
import org.osgi.framework.ServiceReference;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.SystemRegistersListener;
import org.tessera.machine.api.display.Display;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.input.KeyboardInput;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.storage.Drive;
import org.tessera.machine.api.time.VirtualClock;

/**
 * The machine's services as the {@code run} command sees them: trackers for the memory bus, the
 * IO bus, the debug console, machine control, the CPU's registers and the display, so that each lookup returns the service that
 * is there now (a bundle being replaced by hot reload comes back as a new service). Also the
 * bounded waits of assembly. Open while a command runs; {@link #close()} releases everything.
 */
final class MachineServices implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final ServiceTracker<MemoryBus, MemoryBus> memoryBus;
    private final ServiceTracker<IoBus, IoBus> ioBus;
    private final ServiceTracker<DebugConsole, DebugConsole> debugConsole;
    private final ServiceTracker<MachineControl, MachineControl> machineControl;
    private final ServiceTracker<Processor, Processor> processor;
    private final ServiceTracker<Display, Display> display;
    private final ServiceTracker<SystemRegistersListener, SystemRegistersListener> registersListeners;
    private final ServiceTracker<KeyboardInput, KeyboardInput> keyboard;
    private final ServiceTracker<Drive, Drive> drives;
    private final ServiceTracker<VirtualClock, VirtualClock> clock;
    private final List<ServiceTracker<?, ?>> all;

    /** Opens the trackers on {@code context}. */
    MachineServices(BundleContext context) {
        memoryBus = new ServiceTracker<>(context, MemoryBus.class, null);
        ioBus = new ServiceTracker<>(context, IoBus.class, null);
        debugConsole = new ServiceTracker<>(context, DebugConsole.class, null);
        machineControl = new ServiceTracker<>(context, MachineControl.class, null);
        processor = new ServiceTracker<>(context, Processor.class, null);
        display = new ServiceTracker<>(context, Display.class, null);
        registersListeners = new ServiceTracker<>(context, SystemRegistersListener.class, null);
        keyboard = new ServiceTracker<>(context, KeyboardInput.class, null);
        drives = new ServiceTracker<>(context, Drive.class, null);
        clock = new ServiceTracker<>(context, VirtualClock.class, null);
        all = List.of(memoryBus, ioBus, debugConsole, machineControl, processor, display, registersListeners, keyboard,
                drives, clock);
        all.forEach(ServiceTracker::open);
    }

    /** The memory bus now, or null. */
    /** The machine time in nanoseconds, or -1 without a clock. */
    long machineNanos() {
        VirtualClock c = clock.getService();
        return c == null ? -1 : c.nanos();
    }

    /** Whether a drive of {@code unit} (fd0, hd0...) is offered. */
    boolean hasDrive(String unit) {
        var refs = drives.getServiceReferences();
        if (refs != null) {
            for (var ref : refs) {
                if (unit.equals(ref.getProperty(Drive.UNIT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The keyboard that takes keys from the host, or null if the machine has none. */
    KeyboardInput keyboard() {
        return keyboard.getService();
    }

    MemoryBus memoryBus() {
        return memoryBus.getService();
    }

    /** The IO bus now, or null. */
    IoBus ioBus() {
        return ioBus.getService();
    }

    /** The debug console now, or null. */
    DebugConsole debugConsole() {
        return debugConsole.getService();
    }

    /** Machine control (the CPU) now, or null. */
    MachineControl machineControl() {
        return machineControl.getService();
    }

    /** The CPU's registers now, or null. */
    Processor processor() {
        return processor.getService();
    }

    /** The display (the video device's screen) now, or null. */
    Display display() {
        return display.getService();
    }

    /** The tracker of machine control, to read its service properties. */
    ServiceTracker<MachineControl, MachineControl> machineControlTracker() {
        return machineControl;
    }

    /** The system registers listeners now (the guest monitor is one), to read their service properties. */
    List<ServiceReference<SystemRegistersListener>> systemRegistersListeners() {
        ServiceReference<SystemRegistersListener>[] refs = registersListeners.getServiceReferences();
        return refs == null ? List.of() : List.of(refs);
    }

    /** The tracker of the debug console, to read its service properties. */
    ServiceTracker<DebugConsole, DebugConsole> debugConsoleTracker() {
        return debugConsole;
    }

    /**
     * Waits until {@code condition} holds, checking every few milliseconds.
     *
     * @return true if it held before {@code timeout} passed
     */
    static boolean waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() {
        for (ServiceTracker<?, ?> t : all) {
            try {
                t.close();
            } catch (IllegalStateException stoppedAlready) {
                // the bundle context is no longer valid: nothing left to release
            }
        }
    }
}
