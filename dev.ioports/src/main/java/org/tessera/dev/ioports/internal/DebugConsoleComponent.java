package org.tessera.dev.ioports.internal;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.PortHandler;

/**
 * The debug console on port E9h (Bochs/QEMU convention). Every byte written to the port is kept
 * in memory (up to 16 MiB, then the oldest are dropped, which is logged once) and passed to the
 * configured {@link ConsoleSink}. Reading the port answers E9h. Its state (the kept bytes) moves
 * to a new instance on a hot swap.
 */
@Component(service = {PortHandler.class, DebugConsole.class}, configurationPid = DebugConsoleComponent.PID,
        property = {
            PortHandler.PORT_BASE + ":Integer=233",
            PortHandler.PORT_COUNT + ":Integer=1",
            PortHandler.PORT_NAME + "=debugcon",
            StatefulDevice.DEVICE_ID + "=" + DebugConsoleComponent.DEVICE_ID
        })
@Designate(ocd = DebugConsoleConfig.class)
public final class DebugConsoleComponent implements PortHandler, DebugConsole, StatefulDevice {

    /** Configuration PID. */
    static final String PID = "tessera.debugcon";
    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "debugcon";
    /** The port. */
    static final int PORT = 0xE9;
    /** How many bytes are kept at most. */
    static final int DEFAULT_LIMIT = 16 << 20;
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;
    /** State blob: the kept bytes. */
    static final String STATE_OUTPUT = "output";
    /** State field: bytes dropped because of the limit. */
    static final String STATE_DROPPED = "dropped";

    private static final System.Logger LOG = System.getLogger(DebugConsoleComponent.class.getName());

    /** The stream of the stdout sink, or null for the System.out of activation time. */
    private final PrintStream stdout;
    /** Guarded by this. */
    private final ByteRing kept;
    /** Guarded by this. */
    private ConsoleSink sink = NoSink.INSTANCE;
    /** Guarded by this. */
    private boolean dropLogged;

    /** Constructor for Declarative Services: standard output, 16 MiB kept. */
    public DebugConsoleComponent() {
        this(null, DEFAULT_LIMIT);
    }

    /** A console whose stdout sink is {@code stdout} (null: System.out), keeping {@code limit} bytes. */
    DebugConsoleComponent(PrintStream stdout, int limit) {
        this.stdout = stdout;
        this.kept = new ByteRing(limit);
    }

    @Activate
    @Modified
    void activate(DebugConsoleConfig config) {
        configure(config.sink());
    }

    /** Opens the sink for {@code setting} ({@code stdout}, {@code none} or a path), closing the old one. */
    synchronized void configure(String setting) {
        sink.close();
        sink = ConsoleSink.open(setting, stdout != null ? stdout : System.out);
        LOG.log(Level.DEBUG, () -> "debug console sink: " + sink);
    }

    @Deactivate
    synchronized void deactivate() {
        sink.close();
        sink = NoSink.INSTANCE;
    }

    @Override
    public int in(int port, int size) {
        return size >= 4 ? 0xE9E9E9E9 : (int) (0xE9E9E9E9L & PortSlot.mask(size));
    }

    @Override
    public void out(int port, int size, int value) {
        for (int i = 0; i < size; i++) {
            put((byte) (value >>> (i << 3)));
        }
    }

    private synchronized void put(byte b) {
        if (kept.add(b) && !dropLogged) {
            dropLogged = true;
            LOG.log(Level.WARNING, "debug console output exceeds " + kept.limit()
                    + " bytes; the oldest bytes are dropped from memory (the sink still gets everything)");
        }
        sink.write(b & 0xFF);
    }

    @Override
    public synchronized byte[] output() {
        return kept.toArray();
    }

    @Override
    public String text() {
        return new String(output(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public synchronized void clear() {
        kept.clear();
    }

    @Override
    public synchronized DeviceState saveState() {
        return DeviceState.builder(DEVICE_ID, STATE_VERSION)
                .blob(STATE_OUTPUT, kept.toArray())
                .field(STATE_DROPPED, kept.dropped())
                .build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        byte[] bytes = state.blob(STATE_OUTPUT);
        kept.replace(bytes, state.field(STATE_DROPPED, 0));
        sink.restored(kept.toArray());
    }
}
