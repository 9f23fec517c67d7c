package org.tessera.dev.ioports.internal.bochs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.dev.ioports.internal.RecordingLogger;
import org.tessera.machine.api.control.PowerOff;
import org.tessera.machine.api.device.DeviceState;

/** The Bochs firmware ports: panics, lines to the output, the shutdown port, reads, state. */
class BochsPortsTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream stdout = new PrintStream(captured, true, StandardCharsets.ISO_8859_1);
    private final RecordingLogger log = new RecordingLogger();
    private final FakeMachine machine = new FakeMachine();

    @TempDir
    Path dir;

    /** Counts power-off requests. */
    static final class FakeMachine implements PowerOff {
        int pauses;
        String reason;

        @Override
        public void powerOff(String why) {
            pauses++;
            reason = why;
        }
    }

    private BochsPortsComponent device(String output) {
        BochsPortsComponent d = new BochsPortsComponent(stdout, log);
        d.activate(new FirmwareLogConfig() {
            @Override
            public String output() {
                return output;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return FirmwareLogConfig.class;
            }
        });
        d.setMachine(machine);
        return d;
    }

    private static void write(BochsPortsComponent d, int port, String text) {
        for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
            d.out(port, 1, b);
        }
    }

    private String stdoutText() {
        return captured.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void panicLineNumberIsAWarningAndAnOutputLine() {
        BochsPortsComponent d = device("-");
        d.out(BochsPortsComponent.BIOS_PANIC, 2, 1234);
        assertEquals(List.of("firmware panic at line 1234 (bios, port 0400h)"), log.at(Level.WARNING));
        assertEquals("bios: firmware panic at line 1234\n", stdoutText());
    }

    @Test
    void panicLineZeroIsIgnoredAndByteWritesGiveSmallLines() {
        BochsPortsComponent d = device("-");
        d.out(BochsPortsComponent.BIOS_PANIC, 2, 0);
        d.out(BochsPortsComponent.BIOS_PANIC, 1, 0);
        assertEquals(List.of(), log.at(Level.WARNING));
        d.out(BochsPortsComponent.BIOS_PANIC, 1, 0x1FF);
        assertEquals(List.of("firmware panic at line 255 (bios, port 0400h)"), log.at(Level.WARNING),
                "a byte write is one byte");
    }

    @Test
    void vgaBiosPanicPortsNameTheVgaBios() {
        BochsPortsComponent d = device("-");
        d.out(BochsPortsComponent.VGA_PANIC, 2, 0x1234);
        d.out(BochsPortsComponent.VGA_PANIC2, 2, 77);
        assertEquals(List.of("firmware panic at line 4660 (vgabios, port 0501h)",
                "firmware panic at line 77 (vgabios, port 0502h)"), log.at(Level.WARNING));
        assertEquals("vgabios: firmware panic at line 4660\nvgabios: firmware panic at line 77\n", stdoutText());
    }

    @Test
    void panicFlagMakesTheNextLineAPanicMessage() {
        BochsPortsComponent d = device("-");
        d.out(BochsPortsComponent.BIOS_PANIC2, 1, 0);
        assertEquals(List.of(), log.at(Level.WARNING), "the flag alone says nothing");
        write(d, BochsPortsComponent.BIOS_DEBUG, "int13_harddisk: function 42 unsupported\n");
        write(d, BochsPortsComponent.BIOS_INFO, "next\n");
        assertEquals(List.of("firmware panic (bios): int13_harddisk: function 42 unsupported"),
                log.at(Level.WARNING));
        assertEquals("bios: firmware panic: int13_harddisk: function 42 unsupported\nbios: next\n", stdoutText());
    }

    @Test
    void secondPanicPortTakesTheUnfinishedLineAsItsMessage() {
        BochsPortsComponent d = device("-");
        write(d, BochsPortsComponent.VGA_INFO, "bad mode");
        d.out(BochsPortsComponent.VGA_PANIC2, 2, 9);
        assertEquals(List.of("firmware panic (vgabios): bad mode"), log.at(Level.WARNING));
        write(d, BochsPortsComponent.VGA_INFO, "after\n");
        assertEquals("vgabios: firmware panic: bad mode\nvgabios: after\n", stdoutText());
        d.out(BochsPortsComponent.BIOS_PANIC2, 2, 5);
        assertEquals("firmware panic at line 5 (bios, port 0401h)", log.at(Level.WARNING).get(1),
                "without an unfinished line it is the line number");
    }

    @Test
    void charactersBecomeLinesPerFirmware() {
        BochsPortsComponent d = device("stdout");
        write(d, BochsPortsComponent.BIOS_INFO, "SeaBIOS (version 1.16)\r\n");
        write(d, BochsPortsComponent.BIOS_DEBUG, "Boot");
        write(d, BochsPortsComponent.VGA_INFO, "VGABios $Id$\n");
        assertEquals("bios: SeaBIOS (version 1.16)\nvgabios: VGABios $Id$\n", stdoutText(),
                "an unfinished line waits; info and debug ports share a line");
        write(d, BochsPortsComponent.BIOS_INFO, "ing from Hard Disk...\n");
        write(d, BochsPortsComponent.VGA_DEBUG, "vbe\n");
        assertEquals("bios: SeaBIOS (version 1.16)\nvgabios: VGABios $Id$\nbios: Booting from Hard Disk...\n"
                + "vgabios: vbe\n", stdoutText());
        assertEquals(List.of(), log.at(Level.WARNING));
    }

    @Test
    void wordWritesToCharacterPortsAreTwoCharacters() {
        BochsPortsComponent d = device("-");
        d.out(BochsPortsComponent.BIOS_INFO, 2, 'k' << 8 | 'o');
        d.out(BochsPortsComponent.BIOS_DEBUG, 1, '\n');
        assertEquals("bios: ok\n", stdoutText(), "402h takes the low byte, 403h the high one");
    }

    @Test
    void overlongLinesArePassedOnInPieces() {
        BochsPortsComponent d = device("-");
        write(d, BochsPortsComponent.BIOS_INFO, "x".repeat(LineCollector.LIMIT + 3) + "\n");
        assertEquals("bios: " + "x".repeat(LineCollector.LIMIT) + "\nbios: xxx\n", stdoutText());
    }

    @Test
    void noneLogsLinesAtDebug() {
        BochsPortsComponent d = device("none");
        write(d, BochsPortsComponent.BIOS_INFO, "quiet\n");
        d.out(BochsPortsComponent.BIOS_PANIC, 2, 42);
        assertTrue(log.at(Level.DEBUG).contains("bios: quiet"), log.messages().toString());
        assertTrue(log.at(Level.DEBUG).contains("bios: firmware panic at line 42"), log.messages().toString());
        assertEquals(List.of("firmware panic at line 42 (bios, port 0400h)"), log.at(Level.WARNING));
        assertEquals("", stdoutText());
    }

    @Test
    void theDefaultIsNone() throws NoSuchMethodException {
        BochsPortsComponent d = new BochsPortsComponent(stdout, log);
        write(d, BochsPortsComponent.BIOS_INFO, "before activation\n");
        assertTrue(log.at(Level.DEBUG).contains("bios: before activation"));
        assertEquals("none", FirmwareLogConfig.class.getDeclaredMethod("output").getDefaultValue());
    }

    @Test
    void fileOutputIsTruncatedAndGetsLines() throws IOException {
        Path file = dir.resolve("firmware.log");
        Files.writeString(file, "stale");
        BochsPortsComponent d = device(file.toString());
        assertEquals("", Files.readString(file));
        write(d, BochsPortsComponent.BIOS_INFO, "one\n");
        write(d, BochsPortsComponent.VGA_INFO, "two\n");
        assertEquals("bios: one\nvgabios: two\n", Files.readString(file), "flushed at every line");
        d.configure("none");
        write(d, BochsPortsComponent.BIOS_INFO, "three\n");
        assertEquals("bios: one\nvgabios: two\n", Files.readString(file));
        assertEquals("", stdoutText());
    }

    @Test
    void readsAnswerE9OnlyAt402h() {
        BochsPortsComponent d = device("none");
        assertEquals(0xE9, d.in(BochsPortsComponent.BIOS_INFO, 1), "SeaBIOS's debug port probe");
        assertEquals(0xFF, d.in(BochsPortsComponent.BIOS_DEBUG, 1));
        assertEquals(0xFF, d.in(BochsPortsComponent.BIOS_PANIC, 1));
        assertEquals(0xFF, d.in(BochsPortsComponent.VGA_INFO, 1));
        assertEquals(0xFF, d.in(BochsPortsComponent.SHUTDOWN, 1));
        assertEquals(0xE9FF, d.in(BochsPortsComponent.BIOS_PANIC2, 2));
        assertEquals(0xFFE9, d.in(BochsPortsComponent.BIOS_INFO, 2));
    }

    @Test
    void shutdownWordPausesTheMachine() {
        BochsPortsComponent d = device("-");
        write(d, BochsPortsComponent.SHUTDOWN, "Shutdown");
        assertEquals(1, machine.pauses);
        assertEquals("shutdown: power-off requested on port 8900h\n", stdoutText());
        assertTrue(log.at(Level.INFO).get(0).contains("asked to power off"), log.messages().toString());
        write(d, BochsPortsComponent.SHUTDOWN, "Shutdown");
        assertEquals(2, machine.pauses, "the matcher starts over");
    }

    @Test
    void partialOrWrongSequencesDoNothing() {
        BochsPortsComponent d = device("-");
        write(d, BochsPortsComponent.SHUTDOWN, "Shutdow");
        write(d, BochsPortsComponent.SHUTDOWN, "shutdown");
        write(d, BochsPortsComponent.SHUTDOWN, "Shutdowxn");
        write(d, BochsPortsComponent.SHUTDOWN, "Shhutdown");
        write(d, BochsPortsComponent.SHUTDOWN, "SHUTDOWN");
        write(d, BochsPortsComponent.BIOS_INFO, "Shutdown");
        assertEquals(0, machine.pauses);
        write(d, BochsPortsComponent.SHUTDOWN, "Shut");
        write(d, BochsPortsComponent.BIOS_INFO, "\n");
        write(d, BochsPortsComponent.SHUTDOWN, "down");
        assertEquals(1, machine.pauses, "other ports do not break the sequence");
        write(d, BochsPortsComponent.SHUTDOWN, "xSShutdown");
        assertEquals(2, machine.pauses, "an S starts a new attempt");
        assertTrue(machine.reason.contains("8900h"), machine.reason);
    }

    @Test
    void wordWriteToTheShutdownPortIsItsLowByte() {
        BochsPortsComponent d = device("-");
        for (char c : ShutdownSequence.WORD.toCharArray()) {
            d.out(BochsPortsComponent.SHUTDOWN, 2, c);
        }
        assertEquals(1, machine.pauses);
    }

    @Test
    void shutdownWithoutAPowerSwitchIsAWarning() {
        BochsPortsComponent d = device("-");
        d.unsetMachine(machine);
        write(d, BochsPortsComponent.SHUTDOWN, "Shutdown");
        assertEquals(0, machine.pauses);
        assertTrue(log.at(Level.WARNING).get(0).contains("no power switch"), log.messages().toString());
    }

    @Test
    void stateMovesUnfinishedLinesFlagsAndTheSequence() {
        BochsPortsComponent d = device("-");
        write(d, BochsPortsComponent.BIOS_INFO, "half a li");
        d.out(BochsPortsComponent.VGA_PANIC2, 1, 0);
        write(d, BochsPortsComponent.SHUTDOWN, "Shutd");
        DeviceState state = d.saveState();
        d.deactivate();

        BochsPortsComponent e = device("-");
        e.restoreState(state);
        write(e, BochsPortsComponent.BIOS_INFO, "ne\n");
        write(e, BochsPortsComponent.VGA_INFO, "oops\n");
        write(e, BochsPortsComponent.SHUTDOWN, "own");
        assertEquals("bios: half a line\nvgabios: firmware panic: oops\nshutdown: power-off requested on port 8900h\n",
                stdoutText());
        assertEquals(1, machine.pauses);
        assertEquals(state.fields().keySet(), e.saveState().fields().keySet());
    }

    @Test
    void restoreRejectsForeignAndOutOfRangeStates() {
        BochsPortsComponent d = device("none");
        DeviceState good = d.saveState();
        assertThrows(IllegalArgumentException.class,
                () -> d.restoreState(DeviceState.builder("post", 1).build()));
        DeviceState bad = DeviceState.builder(BochsPortsComponent.DEVICE_ID, BochsPortsComponent.STATE_VERSION)
                .blob("biosLine", new byte[0]).field("biosPanic", 0)
                .blob("vgaBiosLine", new byte[LineCollector.LIMIT]).field("vgaBiosPanic", 0)
                .field("shutdown", 0).build();
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(bad));
        DeviceState badSequence = DeviceState.builder(BochsPortsComponent.DEVICE_ID, BochsPortsComponent.STATE_VERSION)
                .blob("biosLine", new byte[0]).field("biosPanic", 0)
                .blob("vgaBiosLine", new byte[0]).field("vgaBiosPanic", 0)
                .field("shutdown", 8).build();
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(badSequence));
        d.restoreState(good);
    }
}
