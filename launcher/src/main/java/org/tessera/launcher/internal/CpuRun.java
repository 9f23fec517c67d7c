package org.tessera.launcher.internal;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tessera.machine.api.control.MachineControl;
import org.tessera.machine.api.control.MachineState;
import org.tessera.machine.api.control.MachineStatus;
import org.tessera.machine.api.cpu.Processor;

/**
 * One run of the machine from the command line, until it stops for good, and its report: why it
 * stopped, the registers, the instruction count and the guest's speed in MIPS.
 *
 * <p>It stops when the CPU halts with interrupts disabled, reaches the configured instruction
 * limit or shuts down (triple fault, internal error); after {@code --max-seconds} of wall time
 * (the machine is paused); or on Ctrl-C: a JVM shutdown hook, installed for the length of the
 * run, pauses the machine and prints the report before the JVM exits (with the status the JVM
 * gives an interrupted process, 130 for SIGINT). Exactly one of the main thread and the hook
 * prints the report; the other waits until it is out.
 *
 * <p>Exit status: {@value MainCommand#EXIT_OK} for a halt, a limit or a pause;
 * {@value MainCommand#EXIT_FAILURE} for a shutdown, or a machine that did not stop when asked.
 */
final class CpuRun {

    private final MachineControl control;
    private final Processor processor;
    private final PrintStream out;
    private final Duration stopWait;
    private final Runnable beforeReport;
    private final CpuFormatter formatter = new CpuFormatter();

    private final AtomicBoolean reportClaimed = new AtomicBoolean();
    private final CountDownLatch reportPrinted = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile long startInstructions;
    private volatile long startNanos;
    private volatile long startMachineNanos = -1;
    private java.util.function.BooleanSupplier stopWhen;
    private String stopText;
    private java.util.function.LongSupplier machineTime = () -> -1;

    /**
     * @param control the machine
     * @param processor its CPU's registers
     * @param out where the report goes
     * @param stopWait how long to wait for the machine to pause when asked
     * @param beforeReport run just before the report is printed (ends the guest's last line)
     */
    CpuRun(MachineControl control, Processor processor, PrintStream out, Duration stopWait, Runnable beforeReport) {
        this.control = control;
        this.processor = processor;
        this.out = out;
        this.stopWait = stopWait;
        this.beforeReport = beforeReport;
    }

    /**
     * Starts the machine and waits until it stops, then reports.
     *
     * @param maxTime the wall time after which the machine is paused, or null for no bound
     * @return the exit status
     */
    int run(Duration maxTime) throws InterruptedException {
        Thread hook = new Thread(this::interruptedByUser, "tessera-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            begin();
            control.start();
            long deadline = maxTime == null ? 0 : startNanos + maxTime.toNanos();
            MachineStatus status;
            String cause = null;
            while (true) {
                long wait = TimeUnit.SECONDS.toNanos(1);
                if (maxTime != null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        status = pauseAndWait();
                        if (status.state() == MachineState.PAUSED) {
                            cause = "time limit of " + seconds(maxTime) + " reached";
                        }
                        break;
                    }
                    wait = Math.min(wait, left);
                }
                if (stopWhen != null) {
                    wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50));
                }
                status = control.awaitStop(wait, TimeUnit.NANOSECONDS);
                if (!running(status)) {
                    break;
                }
                if (stopWhen != null && stopWhen.getAsBoolean()) {
                    status = pauseAndWait();
                    if (status.state() == MachineState.PAUSED) {
                        cause = "found \"" + stopText + "\"";
                    }
                    break;
                }
            }
            return report(status, cause);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it owns the end of the run
            }
        }
    }

    /**
     * Stops the run once {@code condition} holds (looked at a few times a second); null for none.
     *
     * @param text what the condition looks for, for the report
     */
    void stopWhen(java.util.function.BooleanSupplier condition, String text) {
        this.stopWhen = condition;
        this.stopText = text;
    }

    /** Where the machine time (ns, -1 unknown) comes from, for the report. */
    void machineTime(java.util.function.LongSupplier time) {
        this.machineTime = time;
    }

    /** Notes where a run begins: the instruction count and the time. */
    void begin() {
        startInstructions = control.status().instructions();
        startNanos = System.nanoTime();
        startMachineNanos = machineTime.getAsLong();
    }

    /**
     * Ends a run the user drove from the shell: pauses the machine if it still runs and reports.
     *
     * @return the exit status
     */
    int end() throws InterruptedException {
        MachineStatus status = control.status();
        if (running(status)) {
            status = pauseAndWait();
        }
        return report(status, null);
    }

    /** The shutdown hook: Ctrl-C (or any other end of the JVM) during the run. */
    private void interruptedByUser() {
        interrupted = true;
        MachineStatus status;
        try {
            status = pauseAndWait();
        } catch (InterruptedException e) {
            status = control.status();
        }
        try {
            report(status, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private MachineStatus pauseAndWait() throws InterruptedException {
        control.pause();
        return control.awaitStop(stopWait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Prints the report once: the first caller prints it, a later one waits until it is out.
     *
     * @param cause what stopped the machine if the launcher did (a time limit), or null
     * @return the exit status
     */
    private int report(MachineStatus status, String cause) throws InterruptedException {
        long nanos = System.nanoTime() - startNanos;
        if (!reportClaimed.compareAndSet(false, true)) {
            reportPrinted.await(stopWait.toMillis() * 2, TimeUnit.MILLISECONDS);
            return exitStatus(status);
        }
        try {
            if (interrupted && status.state() == MachineState.PAUSED) {
                cause = "interrupted by Ctrl-C or a signal to exit";
            }
            beforeReport.run();
            if (running(status)) {
                out.println("machine did not pause within " + seconds(stopWait) + "; its registers are a recent picture");
            }
            out.println(formatter.stopLine(status, cause));
            out.print(formatter.registers(processor::register));
            long machine = machineTime.getAsLong();
            out.println(formatter.speed(status.instructions() - startInstructions, nanos)
                    + (machine >= 0 && startMachineNanos >= 0 ? String.format(java.util.Locale.ROOT, ", machine time %.6f s",
                            (machine - startMachineNanos) / 1e9) : ""));
            out.flush();
        } finally {
            reportPrinted.countDown();
        }
        return exitStatus(status);
    }

    /** 1 for a shutdown or a machine still running, 0 otherwise. */
    static int exitStatus(MachineStatus status) {
        return status.state() == MachineState.SHUTDOWN || running(status) ? MainCommand.EXIT_FAILURE
                : MainCommand.EXIT_OK;
    }

    private static boolean running(MachineStatus status) {
        return status.state() == MachineState.RUNNING || status.state() == MachineState.REDIRECT;
    }

    private static String seconds(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + " s";
        }
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + " s";
    }
}
