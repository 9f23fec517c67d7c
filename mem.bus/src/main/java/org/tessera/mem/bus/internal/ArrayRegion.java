package org.tessera.mem.bus.internal;

import java.util.Dictionary;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.tessera.machine.api.memory.RegionHandler;

/**
 * A region backed by one byte array that the bus maps directly (RAM, ROM). Such a region's size
 * is only known once its configuration is read, so the component registers its handler service
 * itself ({@link #publish}) with the size among the properties, and withdraws it on deactivation.
 */
abstract class ArrayRegion implements RegionHandler {

    /** The backing array; byte 0 is the region base. */
    protected byte[] memory;
    private ServiceRegistration<RegionHandler> registration;

    /** Registers this handler with {@code props}. */
    protected final void publish(BundleContext context, Dictionary<String, Object> props) {
        registration = context.registerService(RegionHandler.class, this, props);
    }

    /** Unregisters the handler if it is still registered. */
    protected final void withdraw() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it with the bundle
            }
            registration = null;
        }
    }

    @Override
    public int accessSizes() {
        return BYTE | WORD | DWORD;
    }

    @Override
    public boolean readsAreSideEffectFree() {
        return true;
    }

    @Override
    public byte[] directMemory() {
        return memory;
    }

    @Override
    public int read(long offset, int size) {
        return Pieces.readLE(memory, (int) offset, size);
    }
}
