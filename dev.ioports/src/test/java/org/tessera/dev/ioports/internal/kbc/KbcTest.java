package org.tessera.dev.ioports.internal.kbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.machine.api.input.KeyboardInput;
import org.tessera.machine.api.cpu.A20Gate;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.io.IrqLines;
import org.tessera.machine.api.time.VirtualTimers;

/** The 8042, the PS/2 keyboard and mouse through ports 60h and 64h, with fake machine time. */
class KbcTest {

    private static final long MS = 1_000_000L;

    private long now;
    private final List<long[]> dueTimes = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    private final List<String> irq = new ArrayList<>();
    private boolean a20Open;
    private int resets;
    private KbcComponent c;

    @BeforeEach
    void setUp() {
        c = new KbcComponent();
        c.setClock(() -> now);
        c.setTimers((at, task) -> {
            long[] slot = {at};
            dueTimes.add(slot);
            tasks.add(task);
            return new VirtualTimers.Scheduled() {
                @Override
                public long deadline() {
                    return at;
                }

                @Override
                public void cancel() {
                    slot[0] = Long.MAX_VALUE;
                }
            };
        });
        c.setIrqLines(new IrqLines() {
            @Override
            public void raise(int line) {
                irq.add("+" + line);
            }

            @Override
            public void lower(int line) {
                irq.add("-" + line);
            }

            @Override
            public boolean isRaised(int line) {
                return false;
            }
        });
        c.setA20(new A20Gate() {
            @Override
            public boolean isOpen() {
                return a20Open;
            }

            @Override
            public void setOpen(boolean open) {
                a20Open = open;
            }
        });
        c.setResetLine(() -> resets++);
    }

    /** Advances machine time, running due tasks (as the CPU thread would). */
    private void advance(long nanos) {
        now += nanos;
        boolean ran = true;
        while (ran) {
            ran = false;
            for (int i = 0; i < tasks.size(); i++) {
                if (dueTimes.get(i)[0] <= now) {
                    dueTimes.get(i)[0] = Long.MAX_VALUE;
                    tasks.get(i).run();
                    ran = true;
                }
            }
        }
    }

    private int status() {
        return c.in(0x64, 1);
    }

    private int data() {
        return c.in(0x60, 1);
    }

    private void command(int cmd) {
        c.out(0x64, 1, cmd);
    }

    private void write(int b) {
        c.out(0x60, 1, b);
    }

    /** Every byte the guest can read now, polling as a driver would. */
    private String drain() {
        StringBuilder sb = new StringBuilder();
        int idle = 0;
        while (idle < 3) {
            advance(MS);
            if ((status() & 1) != 0) {
                sb.append(String.format("%02X ", data()));
                idle = 0;
            } else {
                idle++;
            }
        }
        return sb.toString().trim();
    }

    private String reply(int cmd) {
        command(cmd);
        return drain();
    }

    private String send(int... bytes) {
        for (int b : bytes) {
            write(b);
        }
        return drain();
    }

    // ---------------------------------------------------------------- typing and scan codes

    @Test
    void typeDirEnterGivesSet1AtPort60WithOneIrq1EdgePerByte() {
        assertEquals(4, c.type("dir\r"));
        assertEquals("20 A0 17 97 13 93 1C 9C", drain());
        long raises = irq.stream().filter("+1"::equals).count();
        long lowers = irq.stream().filter("-1"::equals).count();
        assertEquals(8, raises);
        assertEquals(8, lowers);
        for (int i = 0; i < irq.size(); i++) {
            assertEquals(i % 2 == 0 ? "+1" : "-1", irq.get(i), "alternating edges: " + irq);
        }
    }

    @Test
    void namedKeysPressTheirModifiersAroundTheKey() {
        String text = String.valueOf(new char[] {
            KeyboardInput.namedKey(0x42, 0),
            KeyboardInput.namedKey(0x2E, KeyboardInput.CTRL | KeyboardInput.ALT),
            KeyboardInput.namedKey(0xE048, KeyboardInput.SHIFT)});
        assertEquals(3, c.type(text));
        // F8; Ctrl, Alt, C, released in reverse; Shift around E0-prefixed Up
        assertEquals("42 C2 1D 38 2E AE B8 9D 2A E0 48 E0 C8 AA", drain());
        assertEquals(0, c.type(String.valueOf((char) (KeyboardInput.NAMED_KEY + 0x7F))), "no key has make code 7Fh");
    }

    @Test
    void typeUsesShiftAndStopsAtUntypeable() {
        assertEquals(2, c.type("A:\u00e9x"));
        assertEquals("2A 1E 9E AA 2A 27 A7 AA", drain());
    }

    @Test
    void longTextWaitsForRoomInTheBuffer() {
        String text = "echo The quick brown fox jumps over the lazy dog!\n";
        assertEquals(text.length(), c.type(text));
        assertTrue(c.typingBacklog() > 0, "more than 16 bytes wait on the host side");
        String bytes = drain();
        assertEquals(0, c.typingBacklog());
        assertFalse(bytes.contains("FF"), "no overflow");
        assertTrue(bytes.startsWith("12 92 2E AE 23 A3 18 98 39 B9 2A 14 94 AA"), bytes);
        assertTrue(bytes.endsWith("1C 9C"), bytes);
    }

    @Test
    void withoutTranslationTheGuestSeesSet2() {
        command(0x60);
        write(0x01);
        c.type("d");
        assertEquals("23 F0 23", drain());
        c.key(0xE048, true);
        c.key(0xE048, false);
        assertEquals("E0 75 E0 F0 75", drain());
        c.key(0x41, true);
        assertEquals("83", drain(), "F7 is the one make code above 7Fh");
    }

    @Test
    void set1WithoutTranslation() {
        command(0x60);
        write(0x01);
        assertEquals("FA FA", send(0xF0, 0x01));
        assertEquals(1, c.controller().keyboard.scanCodeSet());
        c.key(0xE048, true);
        c.key(0xE048, false);
        c.key(0x1E, true);
        c.key(0x1E, false);
        assertEquals("E0 48 E0 C8 1E 9E", drain());
    }

    @Test
    void translationOfEveryKeyGivesItsSet1Codes() {
        int keys = 0;
        for (int code = 0; code <= 0xE07F; code++) {
            if (!ScanCodes.isKey(code)) {
                continue;
            }
            keys++;
            for (boolean pressed : new boolean[] {true, false}) {
                byte[] set2 = ScanCodes.sequence(code, pressed, 2);
                StringBuilder translated = new StringBuilder();
                boolean f0 = false;
                for (byte b : set2) {
                    if ((b & 0xFF) == 0xF0) {
                        f0 = true;
                        continue;
                    }
                    translated.append(String.format("%02X", ScanCodes.translate(b & 0xFF, f0)));
                    f0 = false;
                }
                assertEquals(HexFormat.of().withUpperCase().formatHex(ScanCodes.sequence(code, pressed, 1)),
                        translated.toString(), Integer.toHexString(code) + (pressed ? " make" : " break"));
            }
        }
        assertEquals(84 + 3 + 6 + 18, keys, "01h-54h, 102nd key, F11, F12, Japanese/Brazilian keys, E0 keys");
    }

    @Test
    void e0KeysThroughTheController() {
        for (int code : new int[] {0xE01C, 0xE01D, 0xE035, 0xE037, 0xE038, 0xE047, 0xE048, 0xE049, 0xE04B, 0xE04D,
            0xE04F, 0xE050, 0xE051, 0xE052, 0xE053, 0xE05B, 0xE05C, 0xE05D}) {
            c.key(code, true);
            c.key(code, false);
            int low = code & 0xFF;
            assertEquals(String.format("E0 %02X E0 %02X", low, low | 0x80), drain(), Integer.toHexString(code));
        }
        assertThrows(IllegalArgumentException.class, () -> c.key(0x55, true));
        assertThrows(IllegalArgumentException.class, () -> c.key(0x9E, true));
        assertThrows(IllegalArgumentException.class, () -> c.key(0xE01E, true));
    }

    @Test
    void set2SequencesOfSomeKeys() {
        assertEquals("1C", hex(ScanCodes.sequence(0x1E, true, 2)));
        assertEquals("F01C", hex(ScanCodes.sequence(0x1E, false, 2)));
        assertEquals("E071", hex(ScanCodes.sequence(0xE053, true, 2)));
        assertEquals("E0F071", hex(ScanCodes.sequence(0xE053, false, 2)));
        assertEquals("76", hex(ScanCodes.sequence(0x01, true, 2)));
        assertEquals("07", hex(ScanCodes.sequence(0x58, true, 2)));
        assertEquals("FF", String.format("%02X", ScanCodes.translate(0x00, false)), "set-2 overflow to set 1");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }

    // ---------------------------------------------------------------- keyboard commands

    @Test
    void keyboardCommands() {
        assertEquals("FA AA", send(0xFF), "reset and self test passed");
        assertEquals("FA AB 41", send(0xF2), "the ID's 83h reads as 41h through the translation");
        assertEquals("EE", send(0xEE));
        assertEquals("FA FA", send(0xED, 0x07));
        assertEquals(7, c.controller().keyboard.leds());
        assertEquals("FA FA", send(0xF3, 0x20));
        assertEquals(0x20, c.controller().keyboard.typematic());
        assertEquals("FA FA 41", send(0xF0, 0x00), "set 2 reads as 41h through the translation");
        assertEquals("FA", send(0xF6));
        assertEquals(0x2B, c.controller().keyboard.typematic());
        assertEquals("FE", send(0x12), "not a command");
        assertEquals("FA FE", send(0xF0, 0x03), "set 3 is not offered");

        command(0x60);
        write(0x01); // no translation
        assertEquals("FA AB 83", send(0xF2));
        assertEquals("FA FA 02", send(0xF0, 0x00));
        write(0xFE);
        assertEquals("02", drain(), "resend repeats the last byte");
    }

    @Test
    void disabledScanningDropsKeysAndEnableBringsThemBack() {
        assertEquals("FA", send(0xF5));
        c.key(0x1E, true);
        assertEquals("", drain());
        c.type("x");
        assertEquals("", drain(), "typed keys wait for scanning");
        assertEquals("FA 2D AD", send(0xF4));
    }

    @Test
    void aCommandInPlaceOfAnArgumentIsACommand() {
        assertEquals("FA FA", send(0xED, 0xF4));
        assertEquals("FA", send(0xED));
        assertEquals("EE", send(0xEE));
    }

    @Test
    void bufferOverflowEndsWithTheOverflowCode() {
        command(0xAD);
        for (int i = 0; i < 20; i++) {
            c.key(0x1E, true);
        }
        command(0xAE);
        assertEquals("1E ".repeat(15) + "FF", drain(), "set-2 00h overflow code, translated");
        c.key(0x1E, false);
        assertEquals("9E", drain());

        command(0x60);
        write(0x01);
        assertEquals("FA FA", send(0xF0, 0x01));
        command(0xAD);
        for (int i = 0; i < 20; i++) {
            c.key(0x1E, true);
        }
        command(0xAE);
        assertEquals("1E ".repeat(15) + "FF", drain(), "set-1 overflow code");
    }

    // ---------------------------------------------------------------- controller

    @Test
    void statusRegister() {
        int s = status();
        assertEquals(0x10, s & 0x1F, "not inhibited, no data, no system flag before POST");
        command(0xAA);
        s = status();
        assertEquals(0x1D, s & 0x1F, "OBF, system flag, last write a command, not inhibited");
        assertEquals(0x55, data());
        write(0xEE);
        assertEquals(0, status() & 0x08, "last write data");
        advance(MS);
        assertEquals(0xEE, data());
    }

    @Test
    void commandByteReadWriteAndEffects() {
        assertEquals("61", reply(0x20), "power-on: IRQ1, mouse disabled, translation");
        command(0x60);
        write(0x47);
        assertEquals("47", reply(0x20));
        assertEquals(0x04, status() & 0x04, "system flag from bit 2");
        command(0x60);
        write(0x40);
        assertEquals(0, status() & 0x04);
        irq.clear();
        c.type("a");
        assertEquals("1E 9E", drain());
        assertEquals(List.of(), irq, "no IRQ1 with bit 0 clear");
        command(0x60);
        write(0x51);
        c.type("a");
        assertEquals("", drain(), "bit 4 disables the keyboard: its bytes wait");
        command(0xAE);
        assertEquals("1E 9E", drain());
        assertEquals(0x41, c.controller().commandByte());
        command(0xAD);
        assertEquals(0x51, c.controller().commandByte());
        command(0xA7);
        assertEquals(0x71, c.controller().commandByte());
        command(0xA8);
        assertEquals(0x51, c.controller().commandByte());
        command(0x75);
        write(0x99);
        assertEquals("99", reply(0x35), "controller RAM");
    }

    @Test
    void testsAndPorts() {
        assertEquals("55", reply(0xAA));
        assertEquals("00", reply(0xAB));
        assertEquals("00", reply(0xA9));
        assertEquals("F1", reply(0xA4));
        assertEquals("B0", reply(0xC0));
        assertEquals("CD", reply(0xD0), "reset high, A20 closed");
    }

    @Test
    void outputPortDrivesA20AndReset() {
        command(0xD1);
        write(0xDF);
        assertTrue(a20Open);
        assertEquals("CF", reply(0xD0), "bits 4 and 5 show the output buffer, empty when D0h is taken");
        command(0xD1);
        write(0xDD);
        assertFalse(a20Open);
        assertEquals(0, resets);
        command(0xDF);
        assertTrue(a20Open);
        command(0xDD);
        assertFalse(a20Open);
        command(0xD1);
        write(0xDE);
        assertEquals(1, resets, "output port bit 0 low resets the CPU");
        assertEquals(0x01, c.controller().outputPort() & 0x01, "and the bit is high again after the pulse");
        command(0xFE);
        assertEquals(2, resets);
        command(0xFF);
        command(0xF1);
        assertEquals(2, resets, "pulses without bit 0 do not reset");
        command(0xF0);
        assertEquals(3, resets);
    }

    @Test
    void outputPortShowsWhichBufferIsFull() {
        command(0xD2);
        write(0x12);
        command(0xD0);
        assertEquals(0xDD, data(), "bit 4: a keyboard byte was in the buffer (the reply replaced it)");
    }

    @Test
    void writeKeyboardAndMouseOutputBuffers() {
        irq.clear();
        command(0xD2);
        write(0xAB);
        assertEquals(0x01, status() & 0x21);
        assertEquals(List.of("+1"), irq);
        assertEquals(0xAB, data());
        command(0x60);
        write(0x43); // mouse interrupt on, mouse enabled
        irq.clear();
        command(0xD3);
        write(0x5A);
        assertEquals(0x21, status() & 0x21, "AUX OBF");
        assertEquals(List.of("+12"), irq);
        assertEquals(0x5A, data());
        assertEquals(List.of("+12", "-12"), irq);
    }

    @Test
    void mouseThroughD4() {
        command(0xA8);
        command(0xD4);
        write(0xFF);
        assertEquals("FA AA 00", drain());
        command(0xD4);
        write(0xF2);
        assertEquals("FA 00", drain());
        command(0xD4);
        write(0xF3);
        command(0xD4);
        write(0x28);
        assertEquals("FA FA", drain());
        assertEquals(40, c.controller().mouse.sampleRate());
        command(0xD4);
        write(0xE8);
        command(0xD4);
        write(0x03);
        assertEquals("FA FA", drain());
        command(0xD4);
        write(0xF4);
        assertEquals("FA", drain());
        assertTrue(c.mouse(5, -3, 1));
        assertEquals("29 05 FD", drain());
        command(0xD4);
        write(0xE9);
        assertEquals("FA 24 03 28", drain());
        command(0xA7);
        c.mouse(1, 1, 0);
        assertEquals("", drain(), "mouse interface disabled");
    }

    @Test
    void nextByteFollowsAMillisecondAfterARead() {
        c.type("a");
        assertEquals(0x1E, data());
        assertEquals(0, status() & 1);
        advance(MS - 1);
        assertEquals(0, status() & 1);
        advance(1);
        assertEquals(1, status() & 1, "the timer moved it");
        assertEquals(0x9E, data());
    }

    @Test
    void withoutTimersTheNextByteFollowsAtOnce() {
        KbcComponent plain = new KbcComponent();
        plain.type("a");
        assertEquals(0x1E, plain.in(0x60, 1));
        assertEquals(0x9E, plain.in(0x60, 1));
        assertEquals(0x9E, plain.in(0x60, 1), "an empty buffer reads its last byte again");
        assertEquals(0, plain.in(0x64, 1) & 1);
    }

    @Test
    void stateMovesToANewController() {
        c.type("ab");
        assertEquals(0x1E, data());
        command(0x60);
        write(0x45);
        DeviceState state = c.saveState();
        c.deactivate();
        KbcComponent d = new KbcComponent();
        d.restoreState(state);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append(String.format("%02X ", d.in(0x60, 1)));
        }
        assertEquals("9E 30 B0", sb.toString().trim());
        assertEquals(0x45, d.controller().commandByte());
        assertThrows(IllegalArgumentException.class, () -> d.restoreState(DeviceState.builder("cmos", 1).build()));
    }
}
