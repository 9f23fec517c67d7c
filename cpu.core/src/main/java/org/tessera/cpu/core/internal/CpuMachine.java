package org.tessera.cpu.core.internal;

import java.util.Map;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.InterruptAcknowledge;
import org.tessera.machine.api.cpu.InterruptLine;
import org.tessera.machine.api.cpu.A20Gate;
import org.tessera.machine.api.cpu.Processor;
import org.tessera.machine.api.cpu.ResetLine;
import org.tessera.machine.api.control.PowerOff;
import org.tessera.machine.api.cpu.SystemRegisters;
import org.tessera.machine.api.cpu.SoftwareInterruptListener;
import org.tessera.machine.api.cpu.SystemRegistersListener;
import org.tessera.machine.api.time.VirtualClock;
import org.tessera.machine.api.time.VirtualTimers;
import org.tessera.machine.api.watch.MemoryWatches;
import org.tessera.machine.api.cpu.Register;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The machine loop: runs the {@link Cpu} on a thread of its own against the machine's buses and
 * offers it as {@link MachineControl}, {@link Processor} and {@link InterruptLine}.
 *
 * <p>It runs the CPU in slices. A REDIRECT exit (an access pending at a device) puts the machine
 * in {@link MachineState#REDIRECT} until the access completes, from whatever thread, and then the
 * instruction runs again from its start. HLT with interrupts enabled waits for the interrupt line;
 * HLT with interrupts disabled, a triple fault or the configured instruction limit end the run.
 * Nothing the CPU does can kill the host: an unexpected error ends the run with its description.
 */
@Component(service = {MachineControl.class, Processor.class, InterruptLine.class, VirtualClock.class,
        VirtualTimers.class, A20Gate.class, ResetLine.class, PowerOff.class}, immediate = true,
        configurationPid = CpuMachine.PID)
@Designate(ocd = CpuMachine.Config.class)
public final class CpuMachine implements MachineControl, Processor, InterruptLine, VirtualClock, VirtualTimers, A20Gate,
        ResetLine, PowerOff {

    /** Configuration PID. */
    public static final String PID = "tessera.cpu";

    private static final System.Logger LOG = System.getLogger(CpuMachine.class.getName());
    private static final long SLICE = 100_000;

    /** CPU configuration. */
    @ObjectClassDefinition(name = "Tessera CPU")
    public @interface Config {
        /** Stop after this many instructions (0: no limit). */
        @AttributeDefinition(description = "Stop the machine after this many instructions (0: no limit)")
        long maxInstructions() default 0;

        /**
         * Compile code into blocks once it has been reached this many times (0: interpret
         * everything).
         */
        @AttributeDefinition(description = "Compile guest code once it has been reached this many times (0: interpret every instruction)")
        int compileThreshold() default 16;

        /** Pace the guest to the wall clock. */
        @AttributeDefinition(description = "Pace the machine to the wall clock: machine time never runs ahead of real time (a halted guest waits for its next timer in real time)")
        boolean realtime() default false;
    }

    private final Cpu cpu = new Cpu(this::timestamp);
    /** Machine time and timed events (the clock and timers this component provides). */
    private final MachineTime time = new MachineTime(cpu::instructions);
    /** Keeps machine time behind the wall clock when {@link Config#realtime()} is set. */
    private final Pacer pacer = new Pacer(time);
    /** The thread inside {@code cpu.run} now (the machine's, or a caller of step), or null. */
    private volatile Thread runner;
    /** A CPU reset requested by the chipset, done at the next instruction boundary. */
    private volatile boolean resetRequested;
    /** Why the guest turned the machine off, until the run loop stops for it; null if it did not. */
    private volatile String powerOffReason;
    /** An A20 change from another thread while the CPU runs: 1 open, 0 closed, -1 none. */
    private volatile int pendingA20 = -1;
    private final Object lock = new Object();
    private volatile MachineState state = MachineState.STOPPED;
    private volatile String reason = "";
    private volatile boolean pauseRequested;
    private volatile long maxInstructions;
    private volatile int compileThreshold = -1;
    private Thread thread;
    private volatile InterruptAcknowledge acknowledge;

    /** The system register listeners bound now (the whiteboard). */
    private final java.util.concurrent.CopyOnWriteArrayList<SystemRegistersListener> systemListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public CpuMachine(@Reference MemoryBus bus, Config config) {
        cpu.attach(bus, null);
        cpu.setCompletionListener(this::wake);
        configure(config);
    }

    /**
     * The bus's write watches: pages of compiled code are watched there, so that any writer's
     * changes to them are announced (self-modifying code and code loaded by devices).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setWatches(MemoryWatches watches) {
        boundWatches = watches;
        cpu.mem.setWatches(watches);
    }

    /** A greedy reference binds the replacement before it unbinds the old one: only the current one goes. */
    void unsetWatches(MemoryWatches watches) {
        if (boundWatches == watches) {
            boundWatches = null;
            cpu.mem.setWatches(null);
        }
    }

    private volatile MemoryWatches boundWatches;

    /** Whiteboard: told at instruction boundaries when the guest moves its system structures. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSystemListener(SystemRegistersListener listener) {
        systemListeners.add(listener);
        cpu.setSystemListener(this::systemChanged);
    }

    void removeSystemListener(SystemRegistersListener listener) {
        systemListeners.remove(listener);
        if (systemListeners.isEmpty()) {
            cpu.setSystemListener(null);
        }
    }

    /** A software interrupt listener and the vectors it hears. */
    private record Heard(SoftwareInterruptListener listener, boolean[] vectors) {
    }

    /** The software interrupt listeners bound now (the whiteboard). */
    private final java.util.concurrent.CopyOnWriteArrayList<Heard> interruptListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Whiteboard: told when the guest executes INT n for the vectors in the listener's properties. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInterruptListener(SoftwareInterruptListener listener, Map<String, Object> properties) {
        interruptListeners.add(new Heard(listener, vectorsOf(properties.get(SoftwareInterruptListener.VECTORS))));
        announceVectors();
    }

    void removeInterruptListener(SoftwareInterruptListener listener) {
        interruptListeners.removeIf(h -> h.listener() == listener);
        announceVectors();
    }

    private synchronized void announceVectors() {
        boolean[] all = new boolean[256];
        boolean any = false;
        for (Heard h : interruptListeners) {
            for (int v = 0; v < 256; v++) {
                if (h.vectors()[v]) {
                    all[v] = true;
                    any = true;
                }
            }
        }
        cpu.setSoftwareInterruptListener(any ? all : null, this::softwareInterrupt);
    }

    private void softwareInterrupt(int vector) {
        for (Heard h : interruptListeners) {
            if (h.vectors()[vector]) {
                try {
                    h.listener().softwareInterrupt(vector, this);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "a software interrupt listener failed on INT " + Integer.toHexString(vector) + "h", e);
                }
            }
        }
    }

    /** The vectors of a {@link SoftwareInterruptListener#VECTORS} property; malformed entries are ignored. */
    static boolean[] vectorsOf(Object property) {
        boolean[] vectors = new boolean[256];
        java.util.List<Object> items = new java.util.ArrayList<>();
        if (property instanceof int[] ints) {
            for (int i : ints) {
                items.add(i);
            }
        } else if (property instanceof Object[] array) {
            items.addAll(java.util.Arrays.asList(array));
        } else if (property instanceof java.util.Collection<?> c) {
            items.addAll(c);
        } else if (property != null) {
            items.add(property);
        }
        for (Object o : items) {
            if (o instanceof Number n && n.intValue() >= 0 && n.intValue() < 256) {
                vectors[n.intValue()] = true;
            } else if (o != null) {
                LOG.log(System.Logger.Level.WARNING, "software interrupt listener: '" + o + "' is not a vector 0-255");
            }
        }
        return vectors;
    }

    private void systemChanged(SystemRegisters registers) {
        for (SystemRegistersListener l : systemListeners) {
            try {
                l.changed(registers);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a system register listener failed", e);
            }
        }
    }

    @Modified
    void configure(Config config) {
        maxInstructions = config.maxInstructions();
        pacer.setEnabled(config.realtime());
        if (config.compileThreshold() != compileThreshold) {
            // the run thread picks the new cache up at its next burst; either one is valid
            compileThreshold = config.compileThreshold();
            cpu.setCompiler(compileThreshold);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setIoBus(IoBus io) {
        boundIo = io;
        cpu.mem.setIo(io);
    }

    /**
     * A greedy reference binds a replacement (dev.ioports updated) before it unbinds the old IO
     * bus: only the bus still in use is taken away.
     */
    void unsetIoBus(IoBus io) {
        if (boundIo == io) {
            boundIo = null;
            cpu.mem.setIo(null);
        }
    }

    private volatile IoBus boundIo;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setAcknowledge(InterruptAcknowledge ack) {
        acknowledge = ack;
        cpu.setAcknowledge(ack);
    }

    void unsetAcknowledge(InterruptAcknowledge ack) {
        if (acknowledge == ack) {
            acknowledge = null;
            cpu.setAcknowledge(null);
        }
    }

    @Deactivate
    void deactivate() {
        Thread t;
        synchronized (lock) {
            t = thread;
            thread = null;
            pauseRequested = true;
            cpu.requestStop();
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long timestamp() {
        return cpu.instructions();
    }

    private void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ------------------------------------------------------------------ MachineControl

    @Override
    public void start() {
        synchronized (lock) {
            if (state == MachineState.RUNNING || state == MachineState.REDIRECT) {
                return;
            }
            launch();
        }
    }

    private void launch() {
        pauseRequested = false;
        pacer.restart();
        state = MachineState.RUNNING;
        reason = "";
        Thread t = new Thread(this::loop, "tessera-cpu");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void pause() {
        pauseRequested = true;
        cpu.requestStop();
        wake();
    }

    @Override
    public void resume() {
        synchronized (lock) {
            if (state == MachineState.PAUSED || state == MachineState.STOPPED) {
                launch();
            }
        }
    }

    @Override
    public MachineStatus step() {
        synchronized (lock) {
            if (state == MachineState.RUNNING || state == MachineState.REDIRECT) {
                return status();
            }
            try {
                applyChipsetRequests();
                runner = Thread.currentThread();
                Cpu.Exit exit;
                try {
                    exit = cpu.run(1);
                } finally {
                    runner = null;
                }
                if (exit == Cpu.Exit.IDLE) {
                    time.idleToNext();
                }
                time.runDue();
                applyChipsetRequests();
                String off = takePowerOff();
                if (off != null) {
                    finish(MachineState.HALTED, off);
                } else if (exit == Cpu.Exit.SHUTDOWN) {
                    finish(MachineState.SHUTDOWN, cpu.shutdownReason());
                } else if (exit == Cpu.Exit.HALT) {
                    finish(MachineState.HALTED, haltReason());
                } else {
                    state = MachineState.PAUSED;
                    reason = exit == Cpu.Exit.REDIRECT ? redirectReason() : "single step";
                }
            } catch (RuntimeException | Error e) {
                failed(e);
            }
            return status();
        }
    }

    @Override
    public void reset() {
        pause();
        awaitQuiet();
        synchronized (lock) {
            cpu.reset();
            powerOffReason = null;
            state = MachineState.STOPPED;
            reason = "reset";
        }
    }

    private void awaitQuiet() {
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public MachineStatus status() {
        return new MachineStatus(state, cpu.instructions(), reason);
    }

    @Override
    public MachineStatus awaitStop(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (isRunning()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            synchronized (lock) {
                if (isRunning()) {
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, 50_000_000L));
                }
            }
        }
        return status();
    }

    private boolean isRunning() {
        MachineState s = state;
        return s == MachineState.RUNNING || s == MachineState.REDIRECT;
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        try {
            while (true) {
                if (pauseRequested) {
                    finish(MachineState.PAUSED, "paused at " + position());
                    return;
                }
                long budget = SLICE;
                long max = maxInstructions;
                if (max > 0) {
                    long left = max - cpu.instructions();
                    if (left <= 0) {
                        finish(MachineState.HALTED, "instruction limit of " + max + " reached at " + position());
                        return;
                    }
                    budget = Math.min(budget, left);
                }
                applyChipsetRequests();
                budget = time.instructionsToNext(budget);
                runner = Thread.currentThread();
                Cpu.Exit exit;
                try {
                    exit = cpu.run(budget);
                } finally {
                    runner = null;
                }
                time.runDue();
                String off = takePowerOff();
                if (off != null) {
                    finish(MachineState.HALTED, off);
                    return;
                }
                pacer.pace(() -> pauseRequested);
                switch (exit) {
                    case LIMIT, STOPPED -> {
                        // next slice, or the pause check above
                    }
                    case HALT -> {
                        finish(MachineState.HALTED, haltReason());
                        return;
                    }
                    case IDLE -> waitForInterrupt();
                    case REDIRECT -> waitForAccess();
                    case SHUTDOWN -> {
                        finish(MachineState.SHUTDOWN, cpu.shutdownReason());
                        return;
                    }
                    default -> throw new IllegalStateException("exit " + exit);
                }
            }
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError vme && !(vme instanceof StackOverflowError)) {
                throw vme;
            }
            failed(e);
        }
    }

    /**
     * HLT with interrupts enabled: machine time jumps to the next timed event, which runs (paced
     * to the wall clock if asked); without one, waits for a device on another thread to raise
     * the interrupt line.
     */
    private void waitForInterrupt() {
        reason = IDLE;
        try {
            idle();
        } finally {
            if (reason == IDLE) {
                reason = "";
            }
        }
    }

    private void idle() {
        while (!pauseRequested && !resetRequested && powerOffReason == null
                && !(cpu.intr() && (cpu.eflags() & Flags.IF) != 0)) {
            if (time.idleToNext() >= 0) {
                pacer.pace(() -> pauseRequested);
                time.runDue();
            } else {
                LockSupport.parkNanos(this, 1_000_000L);
            }
        }
    }

    @Override
    public void powerOff(String reason) {
        powerOffReason = reason == null || reason.isBlank() ? "powered off" : reason;
        cpu.requestStop();
    }

    /** The power-off reason, once: the run stops for it. */
    private String takePowerOff() {
        String off = powerOffReason;
        powerOffReason = null;
        return off;
    }

    /** Applies a reset or an A20 change the chipset asked for from another thread or mid-instruction. */
    private void applyChipsetRequests() {
        if (resetRequested) {
            resetRequested = false;
            cpu.reset();
        }
        int a20 = pendingA20;
        if (a20 >= 0) {
            pendingA20 = -1;
            cpu.setA20(a20 == 1);
        }
    }

    // ------------------------------------------------------------------ time, A20, reset

    @Override
    public long nanos() {
        return time.nanos();
    }

    @Override
    public Scheduled schedule(long atNanos, Runnable task) {
        Scheduled s = time.schedule(atNanos, task);
        wake();
        return s;
    }

    @Override
    public boolean isOpen() {
        int pending = pendingA20;
        return pending >= 0 ? pending == 1 : cpu.a20();
    }

    /** Open at power-on, as the chipsets QEMU and Bochs model leave it; a CPU reset keeps it. */
    @Override
    public void setOpen(boolean open) {
        synchronized (lock) {
            if (thread == null || thread == Thread.currentThread()) {
                cpu.setA20(open);
                return;
            }
            pendingA20 = open ? 1 : 0;
            cpu.requestStop();
        }
    }

    /**
     * From the thread running the CPU (an OUT to the chipset, also while stepping) or while it
     * runs, the reset is done at the end of the current instruction; otherwise at once.
     */
    @Override
    public void pulse() {
        if (Thread.currentThread() == runner) {
            resetRequested = true;
            cpu.requestStop();
            return;
        }
        synchronized (lock) {
            if (thread == null) {
                cpu.reset();
                return;
            }
            resetRequested = true;
            cpu.requestStop();
            wake();
        }
    }

    private void waitForAccess() {
        state = MachineState.REDIRECT;
        reason = redirectReason();
        BusAccess pending = cpu.pendingAccess();
        while (!pauseRequested && pending != null && pending.status() == BusAccess.Status.PENDING
                && pending.pendingPiece() != null && !pending.pendingPiece().isDone()) {
            LockSupport.parkNanos(this, 10_000_000L);
        }
        if (!pauseRequested) {
            state = MachineState.RUNNING;
            reason = "";
        }
    }

    private void finish(MachineState s, String why) {
        synchronized (lock) {
            state = s;
            reason = why;
            if (thread == Thread.currentThread()) {
                thread = null;
            }
            lock.notifyAll();
        }
        LOG.log(Level.DEBUG, "machine {0}: {1}", s, why);
    }

    private void failed(Throwable e) {
        LOG.log(Level.ERROR, "the CPU stopped on an internal error at " + position(), e);
        finish(MachineState.SHUTDOWN, "internal error at " + position() + ": " + e);
    }

    private String position() {
        return String.format("%04X:%04X", cpu.regs.selector[RegisterFile.CS], cpu.regs.eip);
    }

    private String haltReason() {
        return "HLT with interrupts disabled at " + position();
    }

    private String redirectReason() {
        BusAccess a = cpu.pendingAccess();
        if (a == null || a.pendingPiece() == null) {
            return "waiting for a device";
        }
        return "waiting for " + a.pendingPiece().regionName() + " to answer " + a.pendingPiece();
    }

    // ------------------------------------------------------------------ Processor

    @Override
    public int register(Register register) {
        RegisterFile r = cpu.regs;
        return switch (register) {
            case EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI -> r.gpr[register.ordinal()];
            case EIP -> r.eip;
            case EFLAGS -> cpu.eflags();
            case ES, CS, SS, DS, FS, GS -> r.selector[register.ordinal() - Register.ES.ordinal()];
            case CR0 -> r.cr0;
            case CR2 -> r.cr2;
            case CR3 -> r.cr3;
            case CR4 -> r.cr4;
        };
    }

    @Override
    public void setRegister(Register register, int value) {
        synchronized (lock) {
            // a device called by the running instruction (a firmware trap) runs on the CPU's thread
            if (isRunning() && Thread.currentThread() != runner) {
                throw new IllegalStateException("the machine is running; pause it first");
            }
            RegisterFile r = cpu.regs;
            switch (register) {
                case EAX, ECX, EDX, EBX, ESP, EBP, ESI, EDI -> r.gpr[register.ordinal()] = value;
                case EIP -> r.eip = value;
                case EFLAGS -> cpu.flags.set(value, FlagsUnit.WRITABLE | Flags.RF | Flags.VM);
                case ES, CS, SS, DS, FS, GS -> r.loadReal(register.ordinal() - Register.ES.ordinal(), value);
                case CR0 -> {
                    r.cr0 = value | 0x10;
                    r.updateChecks();
                }
                case CR2 -> r.cr2 = value;
                case CR3 -> r.cr3 = value;
                case CR4 -> r.cr4 = value;
            }
            if (register == Register.CR0 || register == Register.CR3 || register == Register.CR4) {
                r.systemChanged = true;
            }
        }
    }

    @Override
    public long segmentBase(Register segment) {
        if (!segment.isSegment()) {
            throw new IllegalArgumentException(segment + " is not a segment register");
        }
        return cpu.regs.base[segment.ordinal() - Register.ES.ordinal()] & 0xFFFF_FFFFL;
    }

    @Override
    public long instructions() {
        return cpu.instructions();
    }

    @Override
    public SystemRegisters systemRegisters() {
        return cpu.systemRegisters();
    }

    @Override
    public String model() {
        return "i386 real mode with 486 additions (CPUID family 4)";
    }

    // ------------------------------------------------------------------ InterruptLine

    @Override
    public void setAsserted(boolean asserted) {
        cpu.setIntr(asserted);
        if (asserted) {
            wake();
        }
    }

    @Override
    public boolean isAsserted() {
        return cpu.intr();
    }
}
