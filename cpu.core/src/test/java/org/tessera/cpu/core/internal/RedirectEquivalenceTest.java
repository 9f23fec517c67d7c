package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tessera.cpu.core.internal.RedirectTestBus.Mode;

/**
 * Redirect equivalence: every instruction form that accesses memory, run against plain RAM,
 * against a device that answers at once and against a device that answers later from another
 * thread, ends with identical registers, flags, memory and IO, and the device sees each of its
 * reads and writes exactly once (the log of the deferred run equals the log of the immediate run,
 * and there is exactly one REDIRECT per deferred piece).
 *
 * <p>Each form starts from random registers, flags and memory (a fixed seed per form), the same
 * for the three runs. A REP string instruction runs all its elements, each of which may be
 * suspended and resumed.
 */
class RedirectEquivalenceTest {

    static final long SEED = 0x7E55E7A1L;

    static void check(RedirectForms.Form f, long seed) {
        RedirectSetup s = f.build(seed ^ f.name().hashCode());
        RedirectDriver.Outcome plain = RedirectDriver.run(s, Mode.PLAIN);
        RedirectDriver.Outcome now = RedirectDriver.run(s, Mode.IMMEDIATE);
        RedirectDriver.Outcome later = RedirectDriver.run(s, Mode.LATER);
        RedirectAssert.equivalent(f.name(), f.device(), plain, now, later);
    }

    @TestFactory
    Stream<DynamicTest> plainImmediateAndLaterAgree() {
        return RedirectForms.all().stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f, SEED)));
    }

    @TestFactory
    Stream<DynamicTest> plainImmediateAndLaterAgreeWithOtherData() {
        return RedirectForms.all().stream()
                .map(f -> DynamicTest.dynamicTest(f.name(), () -> check(f, SEED * 31 + 17)));
    }

    @Test
    void theTableIsLargeAndItsNamesUnique() {
        List<RedirectForms.Form> forms = RedirectForms.all();
        Set<String> names = new HashSet<>();
        for (RedirectForms.Form f : forms) {
            assertTrue(names.add(f.name()), "duplicate form name " + f.name());
        }
        assertTrue(forms.size() >= 300, "forms: " + forms.size());
    }

    @Test
    void runsAreReproducible() {
        RedirectForms.Form f = RedirectForms.all().stream().filter(x -> x.name().startsWith("REP MOVSW (device to device"))
                .findFirst().orElseThrow();
        RedirectSetup s1 = f.build(SEED);
        RedirectSetup s2 = f.build(SEED);
        RedirectDriver.Outcome a = RedirectDriver.run(s1, Mode.LATER);
        RedirectDriver.Outcome b = RedirectDriver.run(s2, Mode.LATER);
        assertEquals(a.registers(), b.registers());
        assertEquals(a.deviceLog(), b.deviceLog());
        assertEquals(33, a.instructions(), "one instruction per element");
        assertEquals(33 * 4, a.redirects(), "odd words: two byte pieces read, two written, each deferred");
    }
}
