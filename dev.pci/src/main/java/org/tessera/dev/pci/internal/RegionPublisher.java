package org.tessera.dev.pci.internal;

import java.util.Map;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * Where a device puts the region handlers it maps and unmaps while it runs: the framework's
 * service registry in a machine, a fake bus in tests.
 */
interface RegionPublisher {

    /** Registers {@code handler} with the service properties {@code props}. */
    Registration publish(RegionHandler handler, Map<String, Object> props);

    /** One published handler. */
    interface Registration {

        /** Takes the handler away again (once; later calls do nothing). */
        void withdraw();
    }
}
