package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.dev.ioports.internal.TestSupport.Props;
import org.tessera.machine.api.device.DeviceState;

/** The debug console on port E9h and its sinks. */
class DebugConsoleTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream stdout = new PrintStream(new BufferedOutputStream(captured, 1024), false,
            StandardCharsets.ISO_8859_1);

    @TempDir
    Path dir;

    private DebugConsoleComponent console(String sink) {
        DebugConsoleComponent c = new DebugConsoleComponent(stdout, DebugConsoleComponent.DEFAULT_LIMIT);
        c.activate(new DebugConsoleConfig() {
            @Override
            public String sink() {
                return sink;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return DebugConsoleConfig.class;
            }
        });
        return c;
    }

    private static void write(DebugConsoleComponent c, String text) {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            c.out(DebugConsoleComponent.PORT, 1, b);
        }
    }

    private String stdoutText() {
        return captured.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void stdoutSinkGetsEveryByteAndReadsAnswerE9() {
        DebugConsoleComponent c = console("stdout");
        write(c, "Hello\n\u00e9");
        assertEquals("Hello\n", stdoutText(), "flushed at the newline");
        c.deactivate();
        assertEquals("Hello\n\u00e9", stdoutText());
        assertEquals("Hello\n\u00e9", c.text());
        assertEquals(0xE9, c.in(DebugConsoleComponent.PORT, 1));
    }

    @Test
    void throughTheBusWordsGiveTheirLowByteFirst() {
        IoBusComponent bus = new IoBusComponent();
        DebugConsoleComponent c = console("none");
        bus.bind(c, Props.sid(1).range(0xE9, 1).device("debugcon").map(), "o");
        bus.out(0xE9, 2, 'B' << 8 | 'A');
        bus.out(0xE9, 4, 'F' << 24 | 'E' << 16 | 'D' << 8 | 'C');
        bus.out(0xE9, 1, 'G');
        assertEquals("ACG", c.text(), "bytes for EAh and above are not the console's");
        assertEquals(0xE9, bus.in(0xE9, 1));
        assertEquals(0xFFE9, bus.in(0xE9, 2));
        bus.deactivate();
    }

    @Test
    void noneSinkKeepsBytesInMemoryOnly() {
        DebugConsoleComponent c = console("none");
        write(c, "quiet\n");
        c.deactivate();
        assertEquals("", stdoutText());
        assertEquals("quiet\n", c.text());
        assertArrayEquals("quiet\n".getBytes(StandardCharsets.ISO_8859_1), c.output());
    }

    @Test
    void fileSinkIsTruncatedAndFlushedOnNewlines() throws IOException {
        Path file = dir.resolve("e9.log");
        Files.writeString(file, "stale contents");
        DebugConsoleComponent c = console(file.toString());
        assertEquals("", Files.readString(file), "truncated at activation");
        write(c, "line one\nrest");
        assertEquals("line one\n", Files.readString(file));
        c.deactivate();
        assertEquals("line one\nrest", Files.readString(file));
        assertEquals("", stdoutText());
    }

    @Test
    void fileSinkIsCreated() throws IOException {
        Path file = dir.resolve("new.log");
        DebugConsoleComponent c = console(file.toString());
        write(c, "x");
        c.deactivate();
        assertEquals("x", Files.readString(file));
    }

    @Test
    void unwritableFileFallsBackToMemory() {
        DebugConsoleComponent c = console(dir.toString());
        write(c, "still kept\n");
        c.deactivate();
        assertEquals("still kept\n", c.text());
        assertEquals("", stdoutText());

        DebugConsoleComponent d = console(dir.resolve("missing/dir/e9.log").toString());
        write(d, "too");
        assertEquals("too", d.text());
    }

    @Test
    void reconfigurationSwitchesTheSink() throws IOException {
        DebugConsoleComponent c = console("stdout");
        write(c, "a\n");
        Path file = dir.resolve("later.log");
        c.configure(file.toString());
        write(c, "b\n");
        c.configure("none");
        write(c, "c\n");
        assertEquals("a\n", stdoutText());
        assertEquals("b\n", Files.readString(file));
        assertEquals("a\nb\nc\n", c.text());
    }

    @Test
    void clearForgetsKeptBytesOnly() {
        DebugConsoleComponent c = console("stdout");
        write(c, "one\n");
        c.clear();
        write(c, "two\n");
        assertEquals("two\n", c.text());
        assertEquals("one\ntwo\n", stdoutText());
    }

    @Test
    void beyondTheLimitTheOldestBytesAreDropped() {
        DebugConsoleComponent c = new DebugConsoleComponent(stdout, 8);
        c.configure("stdout");
        write(c, "0123456789");
        c.deactivate();
        assertEquals("23456789", c.text());
        assertEquals("0123456789", stdoutText(), "the sink gets everything");
        assertEquals(2, c.saveState().field(DebugConsoleComponent.STATE_DROPPED));
    }

    @Test
    void stateCarriesTheCollectedText() throws IOException {
        DebugConsoleComponent old = console("stdout");
        write(old, "before swap\n");
        DeviceState state = old.saveState();
        old.deactivate();

        Path file = dir.resolve("after.log");
        DebugConsoleComponent fresh = console(file.toString());
        fresh.restoreState(state);
        write(fresh, "after\n");
        assertEquals("before swap\nafter\n", fresh.text());
        assertEquals("before swap\nafter\n", Files.readString(file), "a fresh file gets the history");

        DebugConsoleComponent toStdout = console("stdout");
        toStdout.restoreState(state);
        assertEquals("before swap\n", stdoutText(), "standard output is not written twice");
    }

    @Test
    void foreignStateIsRefused() {
        DebugConsoleComponent c = console("none");
        write(c, "mine");
        assertThrows(IllegalArgumentException.class,
                () -> c.restoreState(DeviceState.builder("post", 1).field("code", 1).build()));
        assertThrows(IllegalArgumentException.class,
                () -> c.restoreState(DeviceState.builder("debugcon", 2).build()));
        assertEquals("mine", c.text());
    }

    @Test
    void hotSwapThroughTheBusKeepsTheText() {
        IoBusComponent bus = new IoBusComponent();
        DebugConsoleComponent a = console("none");
        bus.bind(a, Props.sid(1).range(0xE9, 1).device("debugcon").map(), "o");
        bus.out(0xE9, 1, 'x');
        bus.unbind(1);
        a.deactivate();
        DebugConsoleComponent b = console("none");
        bus.bind(b, Props.sid(2).range(0xE9, 1).device("debugcon").map(), "o");
        bus.out(0xE9, 1, 'y');
        assertEquals("xy", b.text());
        bus.deactivate();
    }
}
