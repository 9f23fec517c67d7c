package org.tessera.dev.ioports.internal;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortHandler;
import org.tessera.machine.api.io.PortRangeInfo;

/**
 * The IO bus component: provides {@link IoBus} and binds {@link PortHandler} whiteboard services
 * dynamically and greedily. It only translates between Declarative Services and the
 * {@link PortRegistry} (binding, hot swap) and {@link PortDispatcher} (IN/OUT). Immediate, so
 * the port map and any swap in progress do not depend on whether someone uses the bus.
 */
@Component(service = IoBus.class, immediate = true, configurationPid = IoBusComponent.PID)
@Designate(ocd = IoBusConfig.class)
public final class IoBusComponent implements IoBus {

    /** Configuration PID. */
    static final String PID = "tessera.iobus";

    private static final System.Logger LOG = System.getLogger(IoBusComponent.class.getName());

    private final IoStatistics statistics = new IoStatistics();
    private final PortDispatcher dispatcher = new PortDispatcher(statistics);
    private final PortRegistry registry = new PortRegistry(dispatcher, IoBusConfig.DEFAULT_SWAP_TIMEOUT_MILLIS);

    /** Constructor for Declarative Services. */
    public IoBusComponent() {
    }

    @Activate
    @Modified
    void activate(IoBusConfig config) {
        configure(config.swapTimeoutMillis());
    }

    /** Applies the configuration (also used by tests). */
    void configure(long swapTimeoutMillis) {
        registry.setSwapTimeout(swapTimeoutMillis);
        LOG.log(Level.DEBUG, () -> "IO bus swap timeout " + swapTimeoutMillis + " ms");
    }

    @Deactivate
    void deactivate() {
        registry.close();
    }

    @Reference(name = "handler", service = PortHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeHandler", updated = "updatedHandler")
    void addHandler(ServiceReference<PortHandler> reference, PortHandler handler) {
        bind(handler, properties(reference), owner(reference));
    }

    void updatedHandler(ServiceReference<PortHandler> reference, PortHandler handler) {
        HandlerProperties properties = parse(handler, properties(reference), owner(reference));
        if (properties != null) {
            registry.update(handler, properties);
        } else {
            removeHandler(reference, handler);
        }
    }

    void removeHandler(ServiceReference<PortHandler> reference, PortHandler handler) {
        Object sid = reference.getProperty(HandlerProperties.SERVICE_ID);
        if (sid instanceof Number n) {
            unbind(n.longValue());
        }
    }

    /** Binds {@code handler} with its service properties, registered by bundle {@code owner}. */
    void bind(PortHandler handler, Map<String, ?> properties, String owner) {
        HandlerProperties parsed = parse(handler, properties, owner);
        if (parsed != null) {
            registry.add(handler, parsed);
        }
    }

    /** Unbinds the handler registered as service {@code serviceId}. */
    void unbind(long serviceId) {
        registry.remove(serviceId);
    }

    private static HandlerProperties parse(PortHandler handler, Map<String, ?> properties, String owner) {
        try {
            return HandlerProperties.parse(properties, owner);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "port handler " + handler + " from " + owner + " has unusable service properties ("
                    + e.getMessage() + "); not bound");
            return null;
        }
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> map = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            map.put(key, reference.getProperty(key));
        }
        return map;
    }

    private static String owner(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle == null ? null : bundle.getSymbolicName();
    }

    @Override
    public int in(int port, int size) {
        return dispatcher.in(port, size);
    }

    @Override
    public void out(int port, int size, int value) {
        dispatcher.out(port, size, value);
    }

    @Override
    public List<PortRangeInfo> ports() {
        return dispatcher.table().runs();
    }

    /** The table now published (for tests and diagnostics). */
    PortTable table() {
        return dispatcher.table();
    }

    @Override
    public IoCounters counters() {
        return statistics.snapshot();
    }
}
