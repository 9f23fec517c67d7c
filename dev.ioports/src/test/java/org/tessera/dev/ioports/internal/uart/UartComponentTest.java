package org.tessera.dev.ioports.internal.uart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** COM1 as a component: ports, IRQ4, sinks, deactivation. */
class UartComponentTest {

    private static final int THR = 0x3F8;
    private static final int IER = 0x3F9;
    private static final int FCR = 0x3FA;
    private static final int LCR = 0x3FB;
    private static final int MCR = 0x3FC;
    private static final int LSR = 0x3FD;
    private static final int MSR = 0x3FE;

    @TempDir
    Path dir;

    private static void send(UartComponent c, String s) {
        for (char ch : s.toCharArray()) {
            c.out(THR, 1, ch);
        }
    }

    private static UartComponent com1(PrintStream out, String sink) {
        UartComponent c = new UartComponent(out);
        c.configure(sink);
        c.out(LCR, 1, 0x03);
        return c;
    }

    @Test
    void irq4FollowsTheChipThroughOut2() {
        FakeIrqLines lines = new FakeIrqLines();
        UartComponent c = com1(null, "none");
        c.setIrqLines(lines);
        c.out(IER, 1, 0x02);
        assertFalse(lines.isRaised(4));
        c.out(MCR, 1, 0x08);
        assertTrue(lines.isRaised(4));
        assertEquals(0x02, c.in(FCR, 1));
        assertFalse(lines.isRaised(4));
        c.out(IER, 1, 0x00);
        c.out(IER, 1, 0x02);
        assertTrue(lines.isRaised(4));
        FakeIrqLines later = new FakeIrqLines();
        c.unsetIrqLines(lines);
        c.setIrqLines(later);
        assertTrue(later.isRaised(4), "a controller bound later sees the line as it is");
        c.deactivate();
    }

    @Test
    void stdoutSinkIsFlushedOnDeactivate() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(captured, 1024), false,
                StandardCharsets.ISO_8859_1);
        UartComponent c = com1(out, "-");
        send(c, "line\nrest");
        assertEquals("line\n", captured.toString(StandardCharsets.ISO_8859_1));
        c.deactivate();
        assertEquals("line\nrest", captured.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void fileSinkGetsTheTransmitterContentsOnDeactivate() throws Exception {
        Path file = dir.resolve("com1.log");
        Files.writeString(file, "stale");
        UartComponent c = com1(null, file.toString());
        assertEquals("", Files.readString(file));
        FakeTime time = new FakeTime();
        c.setClock(time);
        c.setTimers(time);
        c.out(FCR, 1, 0x01);
        send(c, "slow bytes");
        time.advance(c.uart().characterNanos());
        c.deactivate();
        assertEquals("slow bytes", Files.readString(file), "what was still in the FIFO is not lost");
    }

    @Test
    void unusableSinksFallBackToNone() {
        UartComponent c = com1(null, dir.toString());
        assertEquals("none", c.sink().toString());
        c.configure("tcp:notaport");
        assertEquals("none", c.sink().toString());
        send(c, "x");
        c.deactivate();
    }

    @Test
    @Timeout(20)
    void tcpSinkTalksToOneClient() throws Exception {
        UartComponent c = com1(null, "tcp:0");
        int port = ((TcpSink) c.sink()).port();
        assertEquals(0, c.in(MSR, 1) & 0xB0, "no client: no carrier");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            while ((c.in(MSR, 1) & 0x80) == 0) {
                Thread.sleep(5);
            }
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                text.append("line ").append(i).append('\n');
            }
            client.getOutputStream().write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().flush();
            StringBuilder got = new StringBuilder();
            while (got.length() < text.length()) {
                if ((c.in(LSR, 1) & 1) != 0) {
                    got.append((char) c.in(THR, 1));
                } else {
                    Thread.sleep(1);
                }
            }
            assertEquals(text.toString(), got.toString(), "no byte dropped, none overrun");
            assertEquals(0, c.in(LSR, 1) & 0x02);

            send(c, "guest says hi\n");
            InputStream in = client.getInputStream();
            byte[] buf = new byte[14];
            int n = 0;
            while (n < buf.length) {
                n += in.read(buf, n, buf.length - n);
            }
            assertEquals("guest says hi\n", new String(buf, StandardCharsets.ISO_8859_1));
            send(c, "bye");
            c.deactivate();
            assertEquals("bye", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1),
                    "flushed, then the connection ends");
        }
    }

    @Test
    @Timeout(20)
    void tcpBytesSentBeforeTheClientComeToIt() throws Exception {
        UartComponent c = com1(null, "tcp:0");
        int port = ((TcpSink) c.sink()).port();
        send(c, "early");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            byte[] buf = new byte[5];
            int n = 0;
            while (n < 5) {
                n += client.getInputStream().read(buf, n, 5 - n);
            }
            assertEquals("early", new String(buf, StandardCharsets.ISO_8859_1));
        }
        c.deactivate();
    }

    @Test
    void stateIsTheChips() {
        UartComponent a = com1(null, "none");
        a.out(0x3FF, 1, 0x42);
        UartComponent b = new UartComponent(null);
        b.configure("none");
        b.restoreState(a.saveState());
        assertEquals(0x42, b.in(0x3FF, 1));
        assertEquals("uart.com1", b.saveState().deviceId());
        a.deactivate();
        b.deactivate();
    }
}
