package org.tessera.cpu.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** INVD and WBINVD (486) are privileged: #GP(0) above CPL 0 in protected mode, no-ops at CPL 0. */
class CacheInstructionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"invd", "wbinvd"})
    void privilegedInProtectedMode(String instruction) {
        PagingRig user = new PagingRig(0);
        user.r.cpl = 3;
        int at = user.code("nop", instruction);
        assertEquals(Cpu.Exit.STOPPED, user.go());
        assertEquals(13, user.cpu.caughtVector);
        assertEquals(0, user.cpu.caughtError);
        assertEquals(Integer.toHexString(at), Integer.toHexString(user.r.eip));

        PagingRig kernel = new PagingRig(0);
        kernel.code("nop\n" + instruction);
        kernel.runToEnd();
    }
}
