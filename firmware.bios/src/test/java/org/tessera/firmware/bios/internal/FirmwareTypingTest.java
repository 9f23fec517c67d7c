package org.tessera.firmware.bios.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.cpu.Register;

/**
 * {@link FirmwareTyping}: the guest's INT 16h, INT 28h and other BIOS calls, heard from the CPU,
 * tell the typist whether the guest waits for a key; the BIOS data area's keyboard buffer
 * (head 41Ah, tail 41Ch) tells whether a key is there.
 */
class FirmwareTypingTest {

    private final FakeMachine m = new FakeMachine();
    private final Typist typist = new Typist();
    private final TypistTest.FakeKeyboard keyboard = new TypistTest.FakeKeyboard();
    private final FirmwareTyping ears = new FirmwareTyping(typist, m);

    @BeforeEach
    void setUp() {
        typist.setKeyboard(() -> keyboard);
        typist.add("abcdef");
        buffer(true);
    }

    /** Head and tail of the BDA keyboard buffer: equal when it is empty. */
    private void buffer(boolean empty) {
        m.w16(Bda.KBD_HEAD, 0x1E);
        m.w16(Bda.KBD_TAIL, empty ? 0x1E : 0x20);
    }

    private void call(int vector, int ah) {
        m.set(Register.EAX, 0xABCD_0000 | ah << 8 | 0x5A);
        ears.softwareInterrupt(vector, m);
    }

    @Test
    void readingAKeyWithAnEmptyBufferTypes() {
        call(0x16, 0x00);
        assertEquals(List.of("a"), keyboard.typed);
        call(0x16, 0x10);
        assertEquals(List.of("a", "b"), keyboard.typed, "the extended read too");
    }

    @Test
    void readingAKeyWithAKeyInTheBufferTypesNothing() {
        buffer(false);
        call(0x16, 0x00);
        call(0x16, 0x10);
        call(0x28, 0x00);
        assertEquals(List.of(), keyboard.typed);
    }

    @Test
    void checksTypeAfterEnoughEmptyChecks() {
        for (int i = 0; i < Typist.POLLS_BEFORE_TYPING - 1; i++) {
            call(0x16, i % 2 == 0 ? 0x01 : 0x11);
        }
        assertEquals(List.of(), keyboard.typed);
        call(0x16, 0x11);
        assertEquals(List.of("a"), keyboard.typed);
    }

    @Test
    void otherKeyboardFunctionsNeitherTypeNorCount() {
        for (int i = 0; i < Typist.POLLS_BEFORE_TYPING - 1; i++) {
            call(0x16, 0x01);
        }
        for (int ah : new int[] {0x02, 0x03, 0x05, 0x12, 0xFF}) {
            call(0x16, ah);
        }
        assertEquals(List.of(), keyboard.typed);
        call(0x16, 0x01);
        assertEquals(List.of("a"), keyboard.typed, "the shift flags and the like did not start the count again");
    }

    @Test
    void aVideoCallCountsAsAnotherService() {
        for (int i = 0; i < Typist.POLLS_BEFORE_TYPING - 1; i++) {
            call(0x16, 0x01);
        }
        call(0x10, 0x0E);
        for (int i = 0; i < Typist.POLLS_BEFORE_TYPING - 1; i++) {
            call(0x16, 0x01);
        }
        assertEquals(List.of(), keyboard.typed, "the guest printed in between: it was busy");
        call(0x16, 0x01);
        assertEquals(List.of("a"), keyboard.typed);
    }

    @Test
    void theOtherFirmwareVectorsCountAsOtherServices() {
        for (int vector : new int[] {0x13, 0x14, 0x17}) {
            for (int i = 0; i < Typist.POLLS_BEFORE_TYPING - 1; i++) {
                call(0x16, 0x11);
            }
            call(vector, 0x00);
        }
        assertEquals(List.of(), keyboard.typed);
    }

    @Test
    void dosIdleTypesWithAnEmptyBuffer() {
        call(0x28, 0x00);
        assertEquals(List.of("a"), keyboard.typed);
        buffer(false);
        call(0x28, 0x00);
        assertEquals(List.of("a"), keyboard.typed);
    }

    @Test
    void theBufferIsEmptyOnlyWhenHeadAndTailAreEqual() {
        m.w16(Bda.KBD_HEAD, 0x3C);
        m.w16(Bda.KBD_TAIL, 0x1E);
        call(0x16, 0x00);
        m.w16(Bda.KBD_HEAD, 0x11E);
        m.w16(Bda.KBD_TAIL, 0x01E);
        call(0x16, 0x00);
        assertEquals(List.of(), keyboard.typed, "a wrapped buffer or a differing high byte holds keys");
        m.w16(Bda.KBD_HEAD, 0x2A);
        m.w16(Bda.KBD_TAIL, 0x2A);
        call(0x16, 0x00);
        assertEquals(List.of("a"), keyboard.typed);
    }

    @Test
    void nothingHappensWhenNothingIsToBeTyped() {
        Typist idle = new Typist();
        idle.setKeyboard(() -> keyboard);
        FirmwareTyping quiet = new FirmwareTyping(idle, m);
        m.set(Register.EAX, 0);
        quiet.softwareInterrupt(0x16, m);
        quiet.softwareInterrupt(0x28, m);
        assertEquals(List.of(), keyboard.typed);
    }

    @Test
    void theVectorsHeard() {
        assertArrayEquals(new int[] {0x28}, FirmwareTyping.DOS_VECTORS);
        assertArrayEquals(new int[] {0x10, 0x13, 0x14, 0x16, 0x17, 0x28}, FirmwareTyping.FIRMWARE_VECTORS);
    }
}
