package org.tessera.cpu.core.internal;

import org.tessera.cpu.core.internal.alu.Alu;
import org.tessera.cpu.core.internal.alu.Flags;
import org.tessera.cpu.core.internal.alu.LazyFlags;
import org.tessera.machine.api.cpu.InterruptAcknowledge;
import org.tessera.machine.api.cpu.SystemRegisters;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.BusAccess;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The CPU: wires the units together and runs instructions with the events between them
 * (external interrupts, single-step traps), delivers exceptions (double fault, triple fault), and
 * handles suspension: {@link #run} returns {@link Exit#REDIRECT} when an access is pending at a
 * device, and continues the same instruction from its start once that access has completed.
 * Not thread safe: one thread runs it; {@link #setIntr} and {@link #requestStop} may be called
 * from any thread.
 */
final class Cpu {

    /** Why {@link #run} returned. */
    enum Exit {
        /** The instruction budget is used up. */
        LIMIT,
        /** HLT with interrupts disabled: nothing can wake the CPU. */
        HALT,
        /** HLT with interrupts enabled: waiting for an interrupt. */
        IDLE,
        /** An access is pending at a device; call run again after it completed. */
        REDIRECT,
        /** {@link #requestStop} was called. */
        STOPPED,
        /** Triple fault: the processor shut down. */
        SHUTDOWN
    }

    final RegisterFile regs = new RegisterFile();
    final LazyFlags lazy = new LazyFlags();
    final Alu alu = new Alu(lazy);
    final FlagsUnit flags = new FlagsUnit(regs, lazy);
    private final CpuFault fault = new CpuFault();
    final DebugUnit debug = new DebugUnit(regs);
    final AccessPath mem = new AccessPath(regs, fault, debug);
    final Decoder decoder = new Decoder(regs, mem, fault);
    private final Operands ops = new Operands(regs, mem, decoder);
    private final ProtectedMode pm = new ProtectedMode(regs, mem, ops, flags, fault);
    private final InterruptUnit interrupts = new InterruptUnit(regs, mem, ops, flags, fault, pm);
    private final Interpreter interpreter;
    private final JitContext jitContext;
    /** The compiled blocks, or null when every instruction is interpreted. */
    private volatile BlockCache blocks;

    private long instructions;
    private boolean halted;
    private boolean shadow;
    private volatile boolean intr;
    private volatile boolean stopRequested;
    private InterruptAcknowledge acknowledge;
    /** An event whose delivery was suspended: its vector, or -1. */
    private int pendingVector = -1;
    private int pendingReturn;
    private boolean pendingHasError;
    private boolean pendingExternal;
    private int pendingError;
    private String shutdownReason = "";

    /**
     * For tests and a debugger: when set, an exception raised by an instruction is not delivered;
     * {@link #run} returns {@link Exit#STOPPED} with the state as the fault left it (EIP at the
     * faulting instruction, CR2 for a #PF) and the exception in {@link #caughtVector},
     * {@link #caughtError} (-1 without an error code) and {@link #caughtReturn}.
     */
    boolean stopOnException;
    int caughtVector = -1;
    int caughtError = -1;
    int caughtReturn;

    // state saved before an instruction's first slow access, restored if it is suspended
    private final int[] savedGpr = new int[8];
    private final int[] savedSelector = new int[RegisterFile.SLOTS];
    private final int[] savedBase = new int[RegisterFile.SLOTS];
    private final int[] savedLimit = new int[RegisterFile.SLOTS];
    private final int[] savedAttr = new int[RegisterFile.SLOTS];
    private final int[] savedChecks = new int[4 * RegisterFile.SLOTS];
    private int savedArith;
    private int savedOther;
    private boolean savedStack32;
    private boolean savedCode32;
    private int savedCpl;
    private boolean saved;

    Cpu(ExtendedUnit.Clock clock) {
        StringUnit strings = new StringUnit(regs, mem, decoder, ops, alu, lazy, fault);
        strings.pm = pm;
        ExtendedUnit extended = new ExtendedUnit(regs, mem, decoder, ops, alu, lazy, fault, clock);
        interpreter = new Interpreter(regs, mem, decoder, ops, flags, alu, fault, interrupts, strings, extended, pm);
        extended.setSegmentLoader(interpreter, pm);
        mem.setBeforeSlowAccess(this::save);
        mem.setDecoder(decoder);
        jitContext = new JitContext(regs, mem, ops, alu, flags, fault);
        reset();
    }

    /**
     * Turns the block compiler on (code reached {@code threshold} times is compiled) or off
     * ({@code threshold} 0 or less: every instruction is interpreted).
     */
    void setCompiler(int threshold) {
        blocks = threshold > 0 ? new BlockCache(regs, mem, threshold) : null;
    }

    /** Blocks compiled so far (0 without the compiler). */
    long blocksCompiled() {
        return blocks == null ? 0 : blocks.compiled();
    }

    /** Connects the machine's buses. */
    void attach(MemoryBus bus, IoBus io) {
        mem.attach(bus, io);
    }

    void setAcknowledge(InterruptAcknowledge acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** What to run when a pending access completes (on the completing thread). */
    void setCompletionListener(Runnable listener) {
        mem.setCompletionListener(listener);
    }

    /** Power-on state. */
    void reset() {
        regs.reset();
        lazy.setArith(0);
        halted = false;
        shadow = false;
        pendingVector = -1;
        mem.journal().clear();
        mem.flush();
        shutdownReason = "";
    }

    long instructions() {
        return instructions;
    }

    /** Told of every change of the system registers (see {@link #noteSystemChange}); may be null. */
    private volatile java.util.function.Consumer<SystemRegisters> systemListener;

    void setSystemListener(java.util.function.Consumer<SystemRegisters> listener) {
        this.systemListener = listener;
    }

    /** Who hears the guest's INT n for the vectors marked in {@code vectors}; null for no one. */
    void setSoftwareInterruptListener(boolean[] vectors, java.util.function.IntConsumer listener) {
        interrupts.setAnnouncer(vectors, listener);
    }

    /**
     * At an instruction boundary after GDTR, IDTR, LDTR, TR or a control register changed: tells
     * the listener, then picks up any watches it moved.
     */
    private void noteSystemChange() {
        regs.systemChanged = false;
        java.util.function.Consumer<SystemRegisters> l = systemListener;
        if (l != null) {
            l.accept(systemRegisters());
            mem.checkView();
        }
    }

    /** Whether the A20 gate is open. */
    boolean a20() {
        return mem.a20Mask == -1;
    }

    /**
     * Opens or closes the A20 gate: bit 20 of every physical address passes or is forced to 0;
     * cached translations are dropped. On the CPU thread (an OUT to the chipset) or while the CPU
     * does not run.
     */
    void setA20(boolean open) {
        int mask = open ? -1 : ~(1 << 20);
        if (mem.a20Mask != mask) {
            mem.a20Mask = mask;
            mem.flush();
            regs.systemChanged = true;
        }
    }

    /** The system registers now (see {@link SystemRegisters}). */
    SystemRegisters systemRegisters() {
        RegisterFile r = regs;
        return new SystemRegisters(r.cr0, r.cr3, r.cr4, r.gdtBase, r.gdtLimit, r.idtBase, r.idtLimit, r.ldtrSelector,
                r.ldtrBase, r.ldtrLimit, r.trSelector, r.trBase, r.trLimit, mem.a20Mask == -1);
    }

    boolean halted() {
        return halted;
    }

    String shutdownReason() {
        return shutdownReason;
    }

    void setIntr(boolean asserted) {
        intr = asserted;
    }

    boolean intr() {
        return intr;
    }

    /** Asks {@link #run} to return at the next instruction boundary. */
    void requestStop() {
        stopRequested = true;
    }

    /** The access a suspended instruction waits for, or null. */
    BusAccess pendingAccess() {
        return mem.pendingAccess();
    }

    /** EFLAGS. */
    int eflags() {
        return flags.get();
    }

    /**
     * Runs up to {@code budget} instructions (a REP element counts as one).
     *
     * @return why it stopped
     */
    Exit run(long budget) {
        stopRequested = false;
        boolean resuming = false;
        if (mem.pending()) {
            if (!mem.completePending()) {
                return Exit.REDIRECT;
            }
            // the suspended instruction (or delivery) runs again before anything else: an
            // interrupt taken now would lose its journal and repeat its completed accesses
            resuming = pendingVector < 0;
        }
        long end = instructions + budget;
        mem.syncWatches();
        mem.checkView();
        // control registers set from outside (a debugger, a state restore) since the last run
        mem.controlChanged();
        // memory may have been written from outside while the CPU was not running
        eventSinceBurst = true;
        while (instructions < end) {
            if (stopRequested) {
                stopRequested = false;
                return Exit.STOPPED;
            }
            if (!eventSinceBurst && (resuming || pendingVector >= 0 || intr || halted
                    || (regs.flagsOther & Flags.TF) != 0 || shadow)) {
                // anything but compiled bursts (an interrupt, a step) may come with memory
                // written by a device: compiled code is checked again before it next runs
                eventSinceBurst = true;
            }
            if (resuming) {
                resuming = false;
                Exit e = step();
                if (e != null) {
                    return e;
                }
                continue;
            }
            if (pendingVector >= 0) {
                Exit e = resumeDelivery();
                if (e != null) {
                    return e;
                }
                continue;
            }
            if (debug.takeTaskTrap()) {
                // a task switch entered a task with the T bit: a trap before its first instruction
                Exit e = deliver(CpuFault.DB, regs.eip, false, 0, false);
                if (e != null) {
                    return e;
                }
                continue;
            }
            if (intr && !shadow && (regs.flagsOther & Flags.IF) != 0 && acknowledge != null) {
                int vector = acknowledge.acknowledge();
                if (vector >= 0) {
                    halted = false;
                    Exit e = deliver(vector, regs.eip, false, 0, true);
                    if (e != null) {
                        return e;
                    }
                    continue;
                }
            }
            if (halted) {
                return (regs.flagsOther & Flags.IF) != 0 ? Exit.IDLE : Exit.HALT;
            }
            if ((regs.flagsOther & Flags.TF) != 0 || shadow || debug.active()) {
                Exit e = step();
                if (e != null) {
                    return e;
                }
                continue;
            }
            // the fast path: a burst of instructions with no event to look at between them; external
            // events (the interrupt line, a stop request) are seen at the next burst, at most
            // BURST instructions later and always at an instruction boundary
            Exit e;
            BlockCache cache = blocks;
            if (cache != null) {
                e = compiledBurst(cache, Math.min(end, instructions + COMPILED_BURST), end);
            } else {
                e = burst(Math.min(end, instructions + BURST));
            }
            if (e != null) {
                return e;
            }
            if ((instructions & 0xFFF) < BURST) {
                mem.checkView();
            }
        }
        return Exit.LIMIT;
    }

    /**
     * Compiled bursts after which blocks compare their code bytes again even when nothing
     * happened (a device may write memory at any time): about 64K instructions.
     */
    private static final int EPOCH_BURSTS = 64;
    /** Something other than a compiled burst ran since the last one (see {@link #run}). */
    private boolean eventSinceBurst = true;
    private int burstsInEpoch;

    /** Instructions run between two looks at external events. */
    private static final int BURST = 64;
    /** The same with compiled blocks, which run several instructions per call. */
    private static final int COMPILED_BURST = 1024;

    /**
     * Like {@link #burst}, running compiled blocks where there are some and the interpreter
     * elsewhere. A block stops at a backward jump when the burst's instructions are used up, so
     * the burst ends about where it should; a block runs only if all its instructions fit before
     * {@code end}, the end of the run, which is exact.
     */
    private Exit compiledBurst(BlockCache cache, long burstEnd, long end) {
        AccessPath m = mem;
        if (eventSinceBurst || ++burstsInEpoch >= EPOCH_BURSTS) {
            cache.newEpoch();
            eventSinceBurst = false;
            burstsInEpoch = 0;
        }
        BlockCache.Entry b = cache.find();
        while (instructions < burstEnd) {
            if (b == null || b.length > end - instructions) {
                if (!interpretOne(cache)) {
                    return interpretedExit;
                }
                b = cache.find();
                continue;
            }
            m.newInstruction();
            m.compiled = true;
            try {
                long budget = Math.max(0, Math.min(burstEnd - instructions, end - instructions - b.length));
                instructions += b.block.run(jitContext, (int) budget);
            } catch (CpuFault f) {
                m.journal().clear();
                instructions += jitContext.done + 1;
                return raised(f, regs.eip);
            } catch (Suspended s) {
                restore();
                instructions += jitContext.done;
                if (!m.isReinterpret(s)) {
                    return Exit.REDIRECT;
                }
                // a watched write: the interpreter runs the instruction again at once, replaying
                // what it has done, and reports its CS:EIP
                m.journal().rewind();
                b = null;
            } finally {
                m.compiled = false;
            }
            if (b == null) {
                if (!interpretOne(cache)) {
                    return interpretedExit;
                }
                b = cache.find();
                continue;
            }
            m.journal().clear();
            if (regs.systemChanged) {
                noteSystemChange();
            }
            b = cache.next(b);
        }
        return null;
    }

    /** Why {@link #interpretOne} ended the burst (null: the event loop just has to look). */
    private Exit interpretedExit;

    /**
     * Interprets one instruction amid compiled code (one not compiled, or one handed back by a
     * block); a new epoch starts if it reached a device.
     *
     * @return false if the burst must end here, with {@link #interpretedExit}: the instruction
     *     faulted, halted, opened an interrupt shadow or changed TF or IF
     */
    private boolean interpretOne(BlockCache cache) {
        int watched = regs.flagsOther & (Flags.TF | Flags.IF);
        int external = mem.externalAccesses;
        interpretedExit = burst(instructions + 1);
        if (mem.externalAccesses != external) {
            // it reached a device (IO, a slow-path access), which may have written memory; the
            // CPU's own writes to compiled code, the bus's announced ones and TLB changes start
            // new epochs by themselves (BlockCache.find)
            cache.newEpoch();
        }
        return interpretedExit == null && !shadow && !halted && (regs.flagsOther & (Flags.TF | Flags.IF)) == watched
                && !debug.active() && !debug.taskTrap && !stopRequested;
    }

    /**
     * Runs instructions until {@code burstEnd}, or until one needs the event loop: it faulted,
     * halted, opened an interrupt shadow or changed TF or IF.
     */
    private Exit burst(long burstEnd) {
        Interpreter in = interpreter;
        AccessPath m = mem;
        int watched = regs.flagsOther & (Flags.TF | Flags.IF);
        while (instructions < burstEnd) {
            m.newInstruction();
            saved = false;
            try {
                in.execute();
            } catch (CpuFault f) {
                m.journal().clear();
                instructions += in.completedElements() + 1;
                return raised(f, f.afterCommit ? regs.eip : decoder.start);
            } catch (Suspended s) {
                restore();
                instructions += in.completedElements();
                return Exit.REDIRECT;
            }
            m.journal().clear();
            instructions += in.retired();
            if (regs.systemChanged) {
                noteSystemChange();
            }
            // stopRequested: a device asked from within this instruction (an OUT that resets the
            // CPU or powers the machine off): the request takes effect at its end
            if (in.shadow | in.halted || (regs.flagsOther & (Flags.TF | Flags.IF)) != watched || debug.active()
                    || debug.taskTrap || stopRequested) {
                shadow = in.shadow;
                if (in.halted) {
                    in.halted = false;
                    halted = true;
                }
                return null;
            }
        }
        return null;
    }

    /**
     * Executes one instruction with its trap; null when it retired (or faulted and the fault was
     * delivered), an exit otherwise.
     */
    Exit step() {
        boolean trap = (regs.flagsOther & Flags.TF) != 0 && !shadow;
        boolean breakpoints = debug.active();
        boolean rf = (regs.flagsOther & Flags.RF) != 0;
        if (breakpoints && !midRep) {
            int fired = debug.instructionHits(regs.base[RegisterFile.CS] + regs.eip);
            if (fired != 0) {
                // an instruction breakpoint: a fault, before the instruction
                debug.report(fired, false);
                return raised(fault.raise(CpuFault.DB), regs.eip);
            }
        }
        debug.hits = 0;
        mem.newInstruction();
        saved = false;
        try {
            interpreter.execute();
        } catch (CpuFault f) {
            mem.journal().clear();
            shadow = false;
            instructions += interpreter.completedElements() + 1;
            return raised(f, f.afterCommit ? regs.eip : decoder.start);
        } catch (Suspended s) {
            restore();
            instructions += interpreter.completedElements();
            return Exit.REDIRECT;
        }
        mem.journal().clear();
        instructions += interpreter.retired();
        shadow = interpreter.shadow;
        if (interpreter.halted) {
            interpreter.halted = false;
            halted = true;
        }
        // a REP instruction whose elements remain runs again from the same EIP: not a new instruction
        midRep = regs.eip == decoder.start && interpreter.completedElements() > 0;
        if (rf && !midRep) {
            regs.flagsOther &= ~Flags.RF; // RF lasts for one instruction
        }
        int dataHits = debug.hits;
        boolean taskTrap = debug.takeTaskTrap();
        if (trap || dataHits != 0 || taskTrap) {
            debug.report(dataHits, trap);
            return deliver(CpuFault.DB, regs.eip, false, 0, false);
        }
        return null;
    }

    /** The last {@link #step} left a REP instruction with elements to do. */
    private boolean midRep;

    /** An instruction raised {@code f}: delivers it (or stops, see {@link #stopOnException}). */
    private Exit raised(CpuFault f, int returnIp) {
        if (stopOnException) {
            caughtVector = f.vector;
            caughtError = f.hasErrorCode ? f.errorCode : -1;
            caughtReturn = returnIp;
            return Exit.STOPPED;
        }
        return deliver(f.vector, returnIp, f.hasErrorCode, f.errorCode, false);
    }

    private Exit resumeDelivery() {
        int vector = pendingVector;
        pendingVector = -1;
        return deliver(vector, pendingReturn, pendingHasError, pendingError, pendingExternal);
    }

    /**
     * Enters the handler of {@code vector}; a fault while doing so becomes a double fault, a fault
     * while delivering that a triple fault (shutdown).
     */
    private Exit deliver(int vector, int returnIp, boolean hasError, int error, boolean external) {
        int v = vector;
        int ret = returnIp;
        boolean hasErr = hasError;
        int err = error;
        // an external interrupt is a benign event whatever its vector (protected mode)
        boolean ext = external && regs.protectedMode();
        for (int attempt = 0; attempt < 4; attempt++) {
            mem.newInstruction();
            saved = false;
            try {
                mem.delivering(regs.selector[RegisterFile.CS], ret);
                try {
                    interrupts.deliver(v, ret, ProtectedMode.EVENT, hasErr && regs.protectedMode(), err);
                } finally {
                    mem.delivering(-1, 0);
                }
                mem.journal().clear();
                noteSystemChange();
                return null;
            } catch (Suspended s) {
                restore();
                pendingVector = v;
                pendingReturn = ret;
                pendingHasError = hasErr;
                pendingExternal = ext;
                pendingError = err;
                return Exit.REDIRECT;
            } catch (CpuFault f) {
                mem.journal().clear();
                if (v == CpuFault.DF && !ext) {
                    break;
                }
                if (!regs.protectedMode() || (!ext && doubleFault(v, f.vector))) {
                    // real mode: any fault while delivering is a double fault (as before)
                    v = CpuFault.DF;
                    hasErr = true;
                    err = 0;
                } else {
                    // a benign first event: the second exception is delivered instead
                    v = f.vector;
                    hasErr = f.hasErrorCode;
                    err = f.errorCode;
                }
                ext = false;
            }
        }
        shutdownReason = "triple fault: exception " + vector + " could not be delivered at "
                + Integer.toHexString(regs.selector[RegisterFile.CS]) + ":" + Integer.toHexString(returnIp);
        halted = true;
        return Exit.SHUTDOWN;
    }

    /** #DE, #TS, #NP, #SS, #GP: the contributory exceptions. */
    private static boolean contributory(int vector) {
        return vector == CpuFault.DE || (vector >= CpuFault.TS && vector <= CpuFault.GP);
    }

    /** Whether {@code second}, raised while delivering {@code first}, makes a double fault. */
    private static boolean doubleFault(int first, int second) {
        if (contributory(first)) {
            return contributory(second);
        }
        return first == CpuFault.PF && (contributory(second) || second == CpuFault.PF);
    }

    /**
     * Saves the state at the start of the instruction that is about to make its first slow
     * access (the access path calls this once per instruction).
     */
    private void save() {
        saved = true;
        System.arraycopy(regs.gpr, 0, savedGpr, 0, 8);
        int n = RegisterFile.SLOTS;
        System.arraycopy(regs.selector, 0, savedSelector, 0, n);
        System.arraycopy(regs.base, 0, savedBase, 0, n);
        System.arraycopy(regs.limit, 0, savedLimit, 0, n);
        System.arraycopy(regs.attr, 0, savedAttr, 0, n);
        System.arraycopy(regs.rdLo, 0, savedChecks, 0, n);
        System.arraycopy(regs.rdHi, 0, savedChecks, n, n);
        System.arraycopy(regs.wrLo, 0, savedChecks, 2 * n, n);
        System.arraycopy(regs.wrHi, 0, savedChecks, 3 * n, n);
        savedArith = lazy.arith();
        savedOther = regs.flagsOther;
        savedStack32 = regs.stack32;
        savedCode32 = regs.code32;
        savedCpl = regs.cpl;
    }

    private void restore() {
        if (!saved) {
            return;
        }
        System.arraycopy(savedGpr, 0, regs.gpr, 0, 8);
        int n = RegisterFile.SLOTS;
        System.arraycopy(savedSelector, 0, regs.selector, 0, n);
        System.arraycopy(savedBase, 0, regs.base, 0, n);
        System.arraycopy(savedLimit, 0, regs.limit, 0, n);
        System.arraycopy(savedAttr, 0, regs.attr, 0, n);
        System.arraycopy(savedChecks, 0, regs.rdLo, 0, n);
        System.arraycopy(savedChecks, n, regs.rdHi, 0, n);
        System.arraycopy(savedChecks, 2 * n, regs.wrLo, 0, n);
        System.arraycopy(savedChecks, 3 * n, regs.wrHi, 0, n);
        lazy.setArith(savedArith);
        regs.flagsOther = savedOther;
        regs.stack32 = savedStack32;
        regs.code32 = savedCode32;
        regs.cpl = savedCpl;
        saved = false;
    }
}
