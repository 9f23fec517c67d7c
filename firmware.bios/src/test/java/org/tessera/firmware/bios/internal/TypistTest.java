package org.tessera.firmware.bios.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.input.KeyboardInput;

/** When the {@link Typist} types its next character: when the guest waits for a key. */
class TypistTest {

    /** A keyboard that keeps what it is asked to type and makes no key for '~'. */
    static final class FakeKeyboard implements KeyboardInput {
        final List<String> typed = new ArrayList<>();

        @Override
        public void key(int code, boolean pressed) {
            throw new AssertionError("the typist types text");
        }

        @Override
        public int type(CharSequence text) {
            typed.add(text.toString());
            int n = 0;
            while (n < text.length() && text.charAt(n) != '~') {
                n++;
            }
            return n;
        }

        String all() {
            return String.join("", typed);
        }
    }

    private final Typist typist = new Typist();
    private final FakeKeyboard keyboard = new FakeKeyboard();

    @BeforeEach
    void connect() {
        typist.setKeyboard(() -> keyboard);
    }

    private void checks(int n, boolean empty) {
        for (int i = 0; i < n; i++) {
            typist.check(empty);
        }
    }

    @Test
    void aReadWithAnEmptyBufferTypesOneCharacter() {
        typist.add("dir\r");
        typist.read(true);
        assertEquals(List.of("d"), keyboard.typed, "one character at a time");
        typist.read(true);
        typist.read(true);
        typist.read(true);
        assertEquals("dir\r", keyboard.all());
        assertFalse(typist.pending());
        typist.read(true);
        assertEquals(4, keyboard.typed.size(), "nothing left to type");
    }

    @Test
    void aReadWithAKeyInTheBufferTypesNothing() {
        typist.add("a");
        typist.read(false);
        assertEquals(List.of(), keyboard.typed);
        assertTrue(typist.pending());
    }

    @Test
    void checksTypeAfterEnoughEmptyChecksInARow() {
        typist.add("ab");
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        assertEquals(List.of(), keyboard.typed);
        typist.check(true);
        assertEquals(List.of("a"), keyboard.typed, "the guest polls an empty keyboard: it waits");
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        assertEquals(List.of("a"), keyboard.typed, "the count starts again after a key");
        typist.check(true);
        assertEquals(List.of("a", "b"), keyboard.typed);
    }

    @Test
    void anotherServiceStartsTheCountAgain() {
        typist.add("a");
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        typist.otherService();
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        assertEquals(List.of(), keyboard.typed, "a busy guest's checks do not add up");
        typist.check(true);
        assertEquals(List.of("a"), keyboard.typed);
    }

    @Test
    void aCheckThatFindsAKeyStartsTheCountAgain() {
        typist.add("a");
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        typist.check(false);
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        assertEquals(List.of(), keyboard.typed);
        typist.check(true);
        assertEquals(List.of("a"), keyboard.typed);
    }

    @Test
    void aReadStartsTheCountAgain() {
        typist.add("a");
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        typist.read(false);
        checks(Typist.POLLS_BEFORE_TYPING - 1, true);
        assertEquals(List.of(), keyboard.typed);
    }

    @Test
    void dosIdleTypesOnlyWhenTheBufferIsEmpty() {
        typist.add("xy");
        typist.dosIdle(false);
        assertEquals(List.of(), keyboard.typed);
        typist.dosIdle(true);
        assertEquals(List.of("x"), keyboard.typed);
        typist.dosIdle(true);
        assertEquals(List.of("x", "y"), keyboard.typed);
    }

    @Test
    void nothingIsTypedWithoutAKeyboardAndTheTextWaitsForOne() {
        KeyboardInput[] current = {null};
        typist.setKeyboard(() -> current[0]);
        typist.add("ok");
        typist.read(true);
        typist.dosIdle(true);
        checks(Typist.POLLS_BEFORE_TYPING, true);
        assertTrue(typist.pending(), "the text is kept");
        current[0] = keyboard;
        typist.read(true);
        assertEquals(List.of("o"), keyboard.typed);
    }

    @Test
    void aCharacterNoKeyMakesDropsTheRest() {
        typist.add("a~bc");
        typist.read(true);
        typist.read(true);
        assertEquals(List.of("a", "~"), keyboard.typed);
        assertFalse(typist.pending(), "the rest is dropped");
        typist.read(true);
        assertEquals(2, keyboard.typed.size());
    }

    @Test
    void textAddedJoinsWhatIsStillToBeTyped() {
        assertFalse(typist.pending());
        typist.add("a");
        typist.add("b");
        assertTrue(typist.pending());
        typist.read(true);
        typist.read(true);
        assertEquals("ab", keyboard.all());
    }
}
