package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Comparisons of redirect test outcomes, with messages that say where two runs differ. */
final class RedirectAssert {

    private RedirectAssert() {
    }

    /** Fails unless the two memories are identical, naming the first differing bytes. */
    static void sameMemory(byte[] expected, byte[] actual, String what) {
        if (java.util.Arrays.equals(expected, actual)) {
            return;
        }
        StringBuilder b = new StringBuilder(what).append(": memory differs at");
        int shown = 0;
        int count = 0;
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                count++;
                if (shown < 8) {
                    b.append(String.format(" %06x (expected %02x, was %02x)", i, expected[i] & 0xFF, actual[i] & 0xFF));
                    shown++;
                }
            }
        }
        fail(b.append(count > shown ? " ... " + count + " bytes in all" : "").toString());
    }

    /**
     * The redirect equivalence: PLAIN, IMMEDIATE and LATER end with the same registers, memory and
     * IO; IMMEDIATE and LATER show the device the same accesses in the same order; LATER
     * suspended once per deferred piece and was woken by the completion listener each time.
     */
    static void equivalent(String name, boolean device, RedirectDriver.Outcome plain, RedirectDriver.Outcome now,
            RedirectDriver.Outcome later) {
        equivalent(name, device, true, plain, now, later);
    }

    /**
     * Like {@link #equivalent(String, boolean, RedirectDriver.Outcome, RedirectDriver.Outcome,
     * RedirectDriver.Outcome)}; {@code everyPieceLater} false when the later run deferred only
     * some device pieces.
     */
    static void equivalent(String name, boolean device, boolean everyPieceLater, RedirectDriver.Outcome plain,
            RedirectDriver.Outcome now, RedirectDriver.Outcome later) {
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(plain.registers(), now.registers(), name + ": registers, IMMEDIATE vs PLAIN"));
        checks.add(() -> assertEquals(plain.registers(), later.registers(), name + ": registers, LATER vs PLAIN"));
        checks.add(() -> sameMemory(plain.ram(), now.ram(), name + ": IMMEDIATE vs PLAIN"));
        checks.add(() -> sameMemory(plain.ram(), later.ram(), name + ": LATER vs PLAIN"));
        checks.add(() -> assertEquals(plain.ioLog(), now.ioLog(), name + ": IO, IMMEDIATE vs PLAIN"));
        checks.add(() -> assertEquals(plain.ioLog(), later.ioLog(), name + ": IO, LATER vs PLAIN"));
        checks.add(() -> assertEquals(plain.instructions(), now.instructions(),
                name + ": instructions (REP elements) counted, IMMEDIATE vs PLAIN"));
        checks.add(() -> assertEquals(plain.instructions(), later.instructions(),
                name + ": instructions (REP elements) counted, LATER vs PLAIN"));
        checks.add(() -> assertEquals(plain.romWritesDropped(), later.romWritesDropped(), name + ": ROM writes dropped"));
        checks.add(() -> assertEquals(plain.romWritesDropped(), now.romWritesDropped(), name + ": ROM writes dropped"));
        checks.add(() -> assertEquals(now.deviceLog(), later.deviceLog(),
                name + ": device accesses, LATER vs IMMEDIATE (each access exactly once, in order)"));
        checks.add(() -> assertEquals(0, plain.redirects(), name + ": REDIRECTs on plain RAM"));
        checks.add(() -> assertEquals(0, now.redirects(), name + ": REDIRECTs with an immediate device"));
        checks.add(() -> assertTrue(plain.deviceLog().isEmpty(), name + ": no device on plain RAM"));
        checks.add(() -> assertEquals(later.deferred(), later.redirects(),
                name + ": one REDIRECT per deferred piece (a REDIRECT per re-issued access would show here)"));
        checks.add(() -> assertEquals(later.listenerCalls(), later.wakeups(),
                name + ": every deferred completion called the completion listener once and woke the driver"));
        checks.add(() -> assertEquals(List.of(), later.restoreViolations(),
                name + ": a suspended instruction must leave the registers as they were at its start"));
        if (device) {
            checks.add(() -> assertTrue(!now.deviceLog().isEmpty(), name + ": the form must reach the device"));
            if (everyPieceLater) {
                checks.add(() -> assertTrue(later.redirects() >= 1, name + ": at least one REDIRECT in LATER mode"));
                checks.add(() -> assertEquals(later.deviceLog().size(), later.deferred(),
                        name + ": every device piece was deferred"));
            }
        } else {
            checks.add(() -> assertTrue(now.deviceLog().isEmpty(), name + ": the form must not reach the device"));
            checks.add(() -> assertEquals(0, later.redirects(), name + ": no REDIRECT"));
        }
        assertAll(name, checks);
    }
}
