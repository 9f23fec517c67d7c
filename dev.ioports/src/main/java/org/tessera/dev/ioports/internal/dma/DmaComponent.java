package org.tessera.dev.ioports.internal.dma;

import java.lang.System.Logger.Level;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.IsaDma;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The PC/AT's DMA: two 8237As and the page registers. The first controller (ports 00h-0Fh) moves
 * bytes on channels 0-3 and is cascaded into channel 4 of the second (ports C0h-DEh, even ports
 * only: A0 is not wired), which moves 16-bit words on channels 5-7. The page registers (81h 82h
 * 83h 87h for channels 2 3 1 0, 89h 8Ah 8Bh for 6 7 5, 8Fh for 4) give address bits 16-23; a
 * word channel puts its current address on A1-A16 and the page's bits 1-7 on A17-A23, so it
 * stays within a 128 KiB block, as a byte channel stays within 64 KiB. Port 80h is not ours
 * (POST codes).
 *
 * <p>Devices move data through {@link IsaDma}; the controller reads and writes memory through
 * the {@link MemoryBus} (optional: without it nothing moves). Channels 0-3 move only while
 * channel 4 is unmasked (the cascade), as on the AT. Memory-to-memory transfers (command bit 0)
 * are not modelled.
 */
@Component(service = {PortHandler.class, IsaDma.class},
        property = {
            PortHandler.PORT_LIST + ":Integer=0",
            PortHandler.PORT_LIST + ":Integer=1",
            PortHandler.PORT_LIST + ":Integer=2",
            PortHandler.PORT_LIST + ":Integer=3",
            PortHandler.PORT_LIST + ":Integer=4",
            PortHandler.PORT_LIST + ":Integer=5",
            PortHandler.PORT_LIST + ":Integer=6",
            PortHandler.PORT_LIST + ":Integer=7",
            PortHandler.PORT_LIST + ":Integer=8",
            PortHandler.PORT_LIST + ":Integer=9",
            PortHandler.PORT_LIST + ":Integer=10",
            PortHandler.PORT_LIST + ":Integer=11",
            PortHandler.PORT_LIST + ":Integer=12",
            PortHandler.PORT_LIST + ":Integer=13",
            PortHandler.PORT_LIST + ":Integer=14",
            PortHandler.PORT_LIST + ":Integer=15",
            PortHandler.PORT_LIST + ":Integer=129",
            PortHandler.PORT_LIST + ":Integer=130",
            PortHandler.PORT_LIST + ":Integer=131",
            PortHandler.PORT_LIST + ":Integer=135",
            PortHandler.PORT_LIST + ":Integer=137",
            PortHandler.PORT_LIST + ":Integer=138",
            PortHandler.PORT_LIST + ":Integer=139",
            PortHandler.PORT_LIST + ":Integer=143",
            PortHandler.PORT_LIST + ":Integer=192",
            PortHandler.PORT_LIST + ":Integer=194",
            PortHandler.PORT_LIST + ":Integer=196",
            PortHandler.PORT_LIST + ":Integer=198",
            PortHandler.PORT_LIST + ":Integer=200",
            PortHandler.PORT_LIST + ":Integer=202",
            PortHandler.PORT_LIST + ":Integer=204",
            PortHandler.PORT_LIST + ":Integer=206",
            PortHandler.PORT_LIST + ":Integer=208",
            PortHandler.PORT_LIST + ":Integer=210",
            PortHandler.PORT_LIST + ":Integer=212",
            PortHandler.PORT_LIST + ":Integer=214",
            PortHandler.PORT_LIST + ":Integer=216",
            PortHandler.PORT_LIST + ":Integer=218",
            PortHandler.PORT_LIST + ":Integer=220",
            PortHandler.PORT_LIST + ":Integer=222",
            PortHandler.PORT_NAME + "=dma",
            StatefulDevice.DEVICE_ID + "=" + DmaComponent.DEVICE_ID
        })
public final class DmaComponent implements PortHandler, IsaDma, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "dma";
    /** State format. */
    static final int STATE_VERSION = 1;
    /** Page register port of each channel 0-7. */
    static final int[] PAGE_PORTS = {0x87, 0x83, 0x81, 0x82, 0x8F, 0x8B, 0x89, 0x8A};

    private static final System.Logger LOG = System.getLogger(DmaComponent.class.getName());

    /** Guarded by this. */
    private final Dma8237 first = new Dma8237();
    private final Dma8237 second = new Dma8237();
    private final int[] pages = new int[8];
    private volatile MemoryBus bus;
    private boolean noBusLogged;
    private boolean memToMemLogged;

    /** Constructor for Declarative Services. */
    public DmaComponent() {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetBus")
    void setBus(MemoryBus b) {
        bus = b;
    }

    void unsetBus(MemoryBus b) {
        if (bus == b) {
            bus = null;
        }
    }

    @Override
    public synchronized int in(int port, int size) {
        int p = port & 0xFFFF;
        if (p < 0x10) {
            return first.read(p);
        }
        if (p >= 0xC0 && p < 0xE0) {
            return second.read(p - 0xC0 >> 1);
        }
        for (int ch = 0; ch < 8; ch++) {
            if (PAGE_PORTS[ch] == p) {
                return pages[ch];
            }
        }
        return 0xFF;
    }

    @Override
    public synchronized void out(int port, int size, int value) {
        int p = port & 0xFFFF;
        if (p < 0x10) {
            first.write(p, value);
            checkMemToMem(first);
        } else if (p >= 0xC0 && p < 0xE0) {
            second.write(p - 0xC0 >> 1, value);
            checkMemToMem(second);
        } else {
            for (int ch = 0; ch < 8; ch++) {
                if (PAGE_PORTS[ch] == p) {
                    pages[ch] = value & 0xFF;
                }
            }
        }
    }

    private void checkMemToMem(Dma8237 chip) {
        if ((chip.command & 1) != 0 && !memToMemLogged) {
            memToMemLogged = true;
            LOG.log(Level.WARNING, "DMA: memory-to-memory transfers (command bit 0) are not modelled");
        }
    }

    @Override
    public int toMemory(int channel, byte[] data, int offset, int length) {
        return move(channel, Dma8237.WRITE, data, offset, length);
    }

    @Override
    public int fromMemory(int channel, byte[] data, int offset, int length) {
        return move(channel, Dma8237.READ, data, offset, length);
    }

    private synchronized int move(int channel, int type, byte[] data, int offset, int length) {
        if (channel < 0 || channel > 7 || channel == 4) {
            throw new IllegalArgumentException("DMA channel " + channel + " does not move data");
        }
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " length " + length + " of " + data.length);
        }
        boolean word = channel > 4;
        Dma8237 chip = word ? second : first;
        int ch = channel & 3;
        if (!chip.ready(ch, type) || !word && !cascadeOpen()) {
            return 0;
        }
        MemoryBus b = bus;
        if (b == null) {
            if (!noBusLogged) {
                noBusLogged = true;
                LOG.log(Level.WARNING, "DMA: no memory bus; channel " + channel + " moves nothing");
            }
            return 0;
        }
        int unit = word ? 2 : 1;
        int page = pages[channel];
        Dma8237.Memory memory = word
                ? new Dma8237.Memory() {
                    @Override
                    public void write(int address, byte[] d, int o) {
                        b.write(wordAddress(page, address), 2, d[o] & 0xFF | (d[o + 1] & 0xFF) << 8);
                    }

                    @Override
                    public void read(int address, byte[] d, int o) {
                        int v = b.read(wordAddress(page, address), 2);
                        d[o] = (byte) v;
                        d[o + 1] = (byte) (v >>> 8);
                    }
                }
                : new Dma8237.Memory() {
                    @Override
                    public void write(int address, byte[] d, int o) {
                        b.write((long) page << 16 | address, 1, d[o]);
                    }

                    @Override
                    public void read(int address, byte[] d, int o) {
                        d[o] = (byte) b.read((long) page << 16 | address, 1);
                    }
                };
        return chip.transfer(ch, data, offset, length / unit, unit, memory) * unit;
    }

    /** The second controller passes the first one's requests on: channel 4 unmasked and enabled. */
    private boolean cascadeOpen() {
        return (second.command & Dma8237.DISABLE) == 0 && (second.mask & 1) == 0;
    }

    /** The physical address of word channel address {@code address} with page {@code page}. */
    static long wordAddress(int page, int address) {
        return (long) (page & 0xFE) << 16 | (long) address << 1 & 0x1FFFE;
    }

    @Override
    public synchronized boolean terminalCount(int channel) {
        if (channel < 0 || channel > 7) {
            throw new IllegalArgumentException("DMA channel " + channel);
        }
        return (channel < 4 ? first : second).reachedTc[channel & 3];
    }

    @Override
    public synchronized DeviceState saveState() {
        DeviceState.Builder b = DeviceState.builder(DEVICE_ID, STATE_VERSION);
        first.save(b, "dma1.");
        second.save(b, "dma2.");
        for (int ch = 0; ch < 8; ch++) {
            b.field("page" + ch, pages[ch]);
        }
        return b.build();
    }

    @Override
    public synchronized void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        Dma8237 a = new Dma8237();
        Dma8237 c = new Dma8237();
        a.restore(state, "dma1.");
        c.restore(state, "dma2.");
        int[] p = new int[8];
        for (int ch = 0; ch < 8; ch++) {
            p[ch] = (int) state.field("page" + ch) & 0xFF;
        }
        copy(a, first);
        copy(c, second);
        System.arraycopy(p, 0, pages, 0, 8);
    }

    private static void copy(Dma8237 from, Dma8237 to) {
        DeviceState.Builder b = DeviceState.builder("copy", 0);
        from.save(b, "");
        to.restore(b.build(), "");
    }
}
