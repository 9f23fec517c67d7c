package org.tessera.dev.ioports.internal.uart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

/**
 * The sink {@code tcp:PORT}: a server socket on 127.0.0.1 that serves one client at a time (the
 * next one is accepted when it leaves). While a client is connected the UART sees CTS, DSR and
 * DCD asserted, and the client's bytes are received by the UART (its thread waits while the
 * UART holds too many: nothing is dropped). The guest's bytes are queued and sent by a writer
 * thread, so the CPU never waits for the network; bytes sent while no client is connected are
 * kept (up to {@value #UNSENT_LIMIT}, then the oldest are dropped, logged once) and go to the
 * next client. Closing sends what is queued to a connected client first.
 */
final class TcpSink implements SerialSink {

    /** The most unsent bytes kept. */
    static final int UNSENT_LIMIT = 1 << 20;
    /** Modem lines while a client is connected. */
    static final int CONNECTED = Uart16550.MSR_CTS | Uart16550.MSR_DSR | Uart16550.MSR_DCD;

    private static final System.Logger LOG = System.getLogger(TcpSink.class.getName());

    private final ServerSocket server;
    private final String who;
    private final Object lock = new Object();
    /** Guarded by lock. */
    private byte[] unsent = new byte[1024];
    private int unsentCount;
    private Socket client;
    private boolean closing;
    private boolean dropLogged;

    private Uart16550 uart;
    private Thread acceptor;
    private Thread writer;

    private TcpSink(ServerSocket server, String who) {
        this.server = server;
        this.who = who;
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port, see {@link #port()}). */
    static TcpSink listen(int port, String who) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new TcpSink(s, who);
    }

    /** The port listened on. */
    int port() {
        return server.getLocalPort();
    }

    @Override
    public void start(Uart16550 target) {
        uart = target;
        target.setHostLines(0);
        acceptor = new Thread(this::serve, who + " tcp:" + port() + " reader");
        writer = new Thread(this::send, who + " tcp:" + port() + " writer");
        acceptor.setDaemon(true);
        writer.setDaemon(true);
        acceptor.start();
        writer.start();
        LOG.log(Level.INFO, who + ": waiting for a client on 127.0.0.1:" + port());
    }

    private void serve() {
        byte[] buffer = new byte[4096];
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
                s.setTcpNoDelay(true);
            } catch (IOException e) {
                break;
            }
            synchronized (lock) {
                if (closing) {
                    closeQuietly(s);
                    break;
                }
                client = s;
                lock.notifyAll();
            }
            LOG.log(Level.INFO, who + ": client " + s.getRemoteSocketAddress() + " connected");
            uart.setHostLines(CONNECTED);
            try {
                InputStream in = s.getInputStream();
                for (int n; (n = in.read(buffer)) >= 0;) {
                    uart.hostReceive(buffer, 0, n);
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, who + ": client connection ended: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                synchronized (lock) {
                    if (client == s && !closing) {
                        client = null;
                        closeQuietly(s);
                    }
                }
                uart.setHostLines(0);
            }
        }
    }

    private void send() {
        while (true) {
            byte[] chunk;
            Socket s;
            synchronized (lock) {
                while (!closing && (unsentCount == 0 || client == null)) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (unsentCount == 0 || client == null) {
                    return;
                }
                chunk = Arrays.copyOf(unsent, unsentCount);
                unsentCount = 0;
                s = client;
            }
            try {
                OutputStream out = s.getOutputStream();
                out.write(chunk);
                out.flush();
            } catch (IOException e) {
                LOG.log(Level.WARNING, who + ": " + chunk.length + " bytes could not be sent to the client: " + e);
                synchronized (lock) {
                    if (client == s) {
                        client = null;
                    }
                }
                closeQuietly(s);
            }
        }
    }

    @Override
    public void write(int b) {
        synchronized (lock) {
            if (unsentCount == UNSENT_LIMIT) {
                System.arraycopy(unsent, 1, unsent, 0, unsentCount - 1);
                unsentCount--;
                if (!dropLogged) {
                    dropLogged = true;
                    LOG.log(Level.WARNING, who + ": more than " + UNSENT_LIMIT
                            + " bytes wait for a client; the oldest are dropped");
                }
            }
            if (unsentCount == unsent.length) {
                unsent = Arrays.copyOf(unsent, Math.min(UNSENT_LIMIT, unsent.length * 2));
            }
            unsent[unsentCount++] = (byte) b;
            lock.notifyAll();
        }
    }

    /** Sends what is queued to a connected client (waiting up to 2 s), then closes everything. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        join(writer);
        Socket s;
        synchronized (lock) {
            s = client;
            client = null;
        }
        if (s != null) {
            try {
                s.shutdownOutput();
            } catch (IOException e) {
                // the client left
            }
            closeQuietly(s);
        }
        closeQuietly(server);
        join(acceptor);
    }

    private static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public String toString() {
        return "tcp:" + port();
    }
}
