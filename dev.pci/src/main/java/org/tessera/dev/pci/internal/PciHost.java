package org.tessera.dev.pci.internal;

import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.cpu.ResetLine;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.pci.PciFunction;

/**
 * The host side of PCI bus 0: configuration mechanism #1 and the PIIX3's reset control register,
 * as one {@link PortHandler} on 0CF8h-0CFFh.
 *
 * <ul>
 * <li>0CF8h, CONFIG_ADDRESS, dword accesses only: bit 31 enables configuration cycles, bits 23-16
 * are the bus, 15-11 the device, 10-8 the function, 7-2 the dword register. Bits 30-24 and 1-0
 * are read-only 0 (PCI 2.1, 3.7.4.1). A byte or word access to 0CF8h-0CFBh other than the byte
 * at 0CF9h is not the host's (on the PIIX3 it goes to ISA, where nothing answers): it reads all
 * ones and writes nothing.</li>
 * <li>0CFCh-0CFFh, CONFIG_DATA: a byte, word or dword access at 0CFCh + k reaches register
 * {@code (CONFIG_ADDRESS & FCh) + k} of the addressed function. With the enable bit clear, on a
 * bus other than 0, or for an absent function it reads all ones (vendor FFFFh: master abort)
 * and writes nothing.</li>
 * <li>0CF9h, byte accesses: the reset control register. Bit 1 chooses a hard (1) or soft (0)
 * reset, bit 3 a full reset; both read back. Writing bit 2 as 1 starts the reset: the CPU's
 * {@link ResetLine} is pulsed (memory and devices keep their state, as the contract of the line
 * says; this model does not reset the chipset on a hard reset). Bit 2 is self-clearing (the
 * reset it starts clears it) and reads 0, so every write with bit 2 set is its 0-to-1 edge.</li>
 * </ul>
 *
 * <p>Because one handler owns all eight ports, the IO bus hands a dword at 0CF8h over whole
 * (not split into bytes, which would write 0CF9h); accesses not aligned to their size (which
 * the CPU would have split into aligned cycles) are split here into bytes.
 *
 * <p>{@link PciFunction} services are tracked in a {@link FunctionTable}; a configuration cycle
 * reads one volatile array and calls the function, allocating nothing. The device state (id
 * {@value #DEVICE_ID}) holds CONFIG_ADDRESS, the reset control register and the states of the
 * stateful functions, so that a function's state survives the update of its bundle even when
 * that bundle is this one.
 */
@Component(service = PortHandler.class,
        property = {
            PortHandler.PORT_BASE + ":Integer=3320",
            PortHandler.PORT_COUNT + ":Integer=8",
            PortHandler.PORT_NAME + "=pci",
            StatefulDevice.DEVICE_ID + "=" + PciHost.DEVICE_ID
        })
public final class PciHost implements PortHandler, StatefulDevice {

    /** The device id, also of the saved state. */
    static final String DEVICE_ID = "pci";
    /** The format of the saved state. */
    static final int STATE_VERSION = 1;

    /** CONFIG_ADDRESS. */
    static final int ADDRESS_PORT = 0xCF8;
    /** The reset control register. */
    static final int RESET_PORT = 0xCF9;
    /** CONFIG_DATA. */
    static final int DATA_PORT = 0xCFC;

    /** The bits of CONFIG_ADDRESS that hold what is written. */
    static final int ADDRESS_MASK = 0x80FF_FFFC;
    /** Reset control: hard (1) or soft (0) reset. */
    static final int RC_HARD = 0x02;
    /** Reset control: start the reset. */
    static final int RC_RESET = 0x04;
    /** Reset control: full reset. */
    static final int RC_FULL = 0x08;

    private final FunctionTable functions = new FunctionTable();
    private volatile ResetLine reset;
    private volatile int address;
    private volatile int resetControl;

    /** Constructor for Declarative Services. */
    public PciHost() {
    }

    @Reference(service = PciFunction.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeFunction", updated = "updatedFunction")
    void addFunction(PciFunction f, Map<String, Object> props) {
        functions.add(f, props);
    }

    void updatedFunction(PciFunction f, Map<String, Object> props) {
        functions.update(f, props);
    }

    void removeFunction(PciFunction f, Map<String, Object> props) {
        functions.remove(f, props);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetReset")
    void setReset(ResetLine line) {
        reset = line;
    }

    void unsetReset(ResetLine line) {
        if (reset == line) {
            reset = null;
        }
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD | DWORD;
    }

    @Override
    public int in(int port, int size) {
        if ((port & (size - 1)) != 0) {
            int v = 0;
            for (int i = 0; i < size; i++) {
                v |= (in(port + i, 1) & 0xFF) << (i << 3);
            }
            return v;
        }
        if (port >= DATA_PORT && port < DATA_PORT + 4) {
            PciFunction f = target();
            return f == null ? ones(size) : f.configRead((address & 0xFC) + port - DATA_PORT, size);
        }
        if (port == ADDRESS_PORT && size == 4) {
            return address;
        }
        if (port == RESET_PORT && size == 1) {
            return resetControl;
        }
        return ones(size);
    }

    @Override
    public void out(int port, int size, int value) {
        if ((port & (size - 1)) != 0) {
            for (int i = 0; i < size; i++) {
                out(port + i, 1, value >>> (i << 3) & 0xFF);
            }
            return;
        }
        if (port >= DATA_PORT && port < DATA_PORT + 4) {
            PciFunction f = target();
            if (f != null) {
                f.configWrite((address & 0xFC) + port - DATA_PORT, size, size == 4 ? value : value & ones(size));
            }
        } else if (port == ADDRESS_PORT && size == 4) {
            address = value & ADDRESS_MASK;
        } else if (port == RESET_PORT && size == 1) {
            resetControl = value & (RC_HARD | RC_FULL);
            ResetLine r = reset;
            if ((value & RC_RESET) != 0 && r != null) {
                r.pulse();
            }
        }
    }

    /** The function CONFIG_ADDRESS selects, or null (disabled, another bus, absent). */
    private PciFunction target() {
        int a = address;
        if (a >= 0 || (a & 0x00FF_0000) != 0) {
            return null;
        }
        return functions.at(a >>> 8 & 0xFF);
    }

    private static int ones(int size) {
        return size == 4 ? -1 : (1 << (size << 3)) - 1;
    }

    @Override
    public DeviceState saveState() {
        DeviceState.Builder b = DeviceState.builder(DEVICE_ID, STATE_VERSION)
                .field("configAddress", address & 0xFFFF_FFFFL)
                .field("resetControl", resetControl);
        functions.saveAll(b);
        return b.build();
    }

    @Override
    public void restoreState(DeviceState state) {
        state.require(DEVICE_ID, STATE_VERSION, STATE_VERSION);
        address = (int) state.field("configAddress") & ADDRESS_MASK;
        resetControl = (int) state.field("resetControl") & (RC_HARD | RC_FULL);
        functions.restoreAll(state);
    }

    @Override
    public String toString() {
        return "PCI host (CF8h-CFFh)";
    }
}
