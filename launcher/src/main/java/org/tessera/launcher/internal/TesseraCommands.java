package org.tessera.launcher.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.machine.api.io.DebugConsole;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.memory.MemoryBus;

/**
 * The Gogo commands of scope {@code tessera}: {@code memmap}, {@code ports}, {@code peek},
 * {@code poke}, {@code counters} and {@code debugcon}. Gogo calls the public methods named in
 * {@code osgi.command.function}; each returns its text (Gogo prints it) or throws an
 * {@link IllegalArgumentException} whose message tells the user what is wrong.
 *
 * <p>The buses are dynamic, optional references: a bus bundle replaced by hot reload is picked
 * up at once, and a machine without an IO bus still has the memory commands. The
 * {@link Descriptor} annotations feed Gogo's {@code help}; they are ignored where Gogo is absent.
 */
@Component(service = TesseraCommands.class, property = {
    "osgi.command.scope=tessera",
    "osgi.command.function=memmap",
    "osgi.command.function=ports",
    "osgi.command.function=peek",
    "osgi.command.function=poke",
    "osgi.command.function=counters",
    "osgi.command.function=debugcon"
})
public final class TesseraCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MemoryBus memoryBus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile IoBus ioBus;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DebugConsole debugConsole;

    private final MapFormatter formatter = new MapFormatter();
    private final MemoryInspector inspector = new MemoryInspector();

    /** @return the memory map (regions with their owners) and the flat page view */
    @Descriptor("the memory map: regions with the bundles that own them, and the flat page view")
    public String memmap() {
        MemoryBus bus = requireMemoryBus();
        return trim(formatter.memoryMap(bus.regions()) + formatter.pageRuns(bus.view()));
    }

    /** @return the IO port map */
    @Descriptor("the IO port map")
    public String ports() {
        IoBus io = ioBus;
        if (io == null) {
            return "no IO bus (dev.ioports is not part of this machine)";
        }
        return trim(formatter.portMap(io.ports()));
    }

    /** @return a hex dump of physical memory */
    @Descriptor("hex dump of physical memory: peek [-f] ADDR [COUNT]; -f reads MMIO regions too")
    public String peek(@Descriptor("[-f] ADDR [COUNT]") String... args) {
        MemoryInspector.PeekRequest request = MemoryInspector.parsePeek(args);
        MemoryBus bus = requireMemoryBus();
        return trim(formatter.hexDump(request.address(), inspector.read(bus, request)));
    }

    /** @return what was written */
    @Descriptor("write to physical memory: poke ADDR VALUE [SIZE], SIZE 1, 2 or 4 bytes (default 1)")
    public String poke(@Descriptor("ADDR VALUE [SIZE]") String... args) {
        MemoryInspector.PokeRequest request = MemoryInspector.parsePoke(args);
        return inspector.write(requireMemoryBus(), request);
    }

    /** @return the counters of both buses */
    @Descriptor("the memory bus's and the IO bus's counters")
    public String counters() {
        StringBuilder sb = new StringBuilder();
        MemoryBus bus = memoryBus;
        sb.append(bus == null ? "memory bus: none\n" : formatter.counters("memory bus", bus.counters()));
        IoBus io = ioBus;
        sb.append(io == null ? "io bus: none (dev.ioports is not part of this machine)\n"
                : formatter.counters("io bus", io.counters()));
        return trim(sb.toString());
    }

    /** @return the debug console's text so far */
    @Descriptor("the text written to the debug console (port E9h) so far")
    public String debugcon() {
        DebugConsole console = debugConsole;
        if (console == null) {
            return "no debug console (dev.ioports is not part of this machine)";
        }
        String text = console.text();
        return text.isEmpty() ? "(the debug console is empty)" : text;
    }

    private MemoryBus requireMemoryBus() {
        MemoryBus bus = memoryBus;
        if (bus == null) {
            throw new IllegalArgumentException("no memory bus (mem.bus is not part of this machine, or is being replaced)");
        }
        return bus;
    }

    private static String trim(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
