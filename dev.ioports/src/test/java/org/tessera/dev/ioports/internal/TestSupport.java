package org.tessera.dev.ioports.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.tessera.machine.api.device.DeviceState;
import org.tessera.machine.api.device.StatefulDevice;
import org.tessera.machine.api.io.PortHandler;

/** Handlers, property maps and waiting helpers shared by the tests. */
final class TestSupport {

    private TestSupport() {
    }

    /** Service properties for a handler. */
    static final class Props {
        private final Map<String, Object> map = new HashMap<>();

        static Props sid(long serviceId) {
            Props p = new Props();
            p.map.put(HandlerProperties.SERVICE_ID, serviceId);
            return p;
        }

        Props range(int base, int count) {
            map.put(PortHandler.PORT_BASE, base);
            map.put(PortHandler.PORT_COUNT, count);
            return this;
        }

        Props list(Object ports) {
            map.put(PortHandler.PORT_LIST, ports);
            return this;
        }

        Props priority(int priority) {
            map.put(PortHandler.PORT_PRIORITY, priority);
            return this;
        }

        Props ranking(int ranking) {
            map.put(HandlerProperties.SERVICE_RANKING, ranking);
            return this;
        }

        Props name(String name) {
            map.put(PortHandler.PORT_NAME, name);
            return this;
        }

        Props device(String id) {
            map.put(StatefulDevice.DEVICE_ID, id);
            return this;
        }

        Map<String, Object> map() {
            return map;
        }
    }

    /**
     * A handler that logs its calls (to its own list and to an optional shared one) and answers
     * byte {@code (tag + port) & 0xFF} at each port.
     */
    static class RecordingHandler implements PortHandler {
        final String tag;
        final int base;
        final int sizes;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final List<String> shared;

        RecordingHandler(String tag, int base, int sizes, List<String> shared) {
            this.tag = tag;
            this.base = base;
            this.sizes = sizes;
            this.shared = shared;
        }

        RecordingHandler(String tag, int base, int sizes) {
            this(tag, base, sizes, null);
        }

        int byteAt(int port) {
            return (base + port) & 0xFF;
        }

        @Override
        public int accessSizes() {
            return sizes;
        }

        @Override
        public int in(int port, int size) {
            record(String.format("%s in %04X/%d", tag, port, size));
            int v = 0;
            for (int i = 0; i < size; i++) {
                v |= byteAt(port + i) << (8 * i);
            }
            return v;
        }

        @Override
        public void out(int port, int size, int value) {
            record(String.format("%s out %04X/%d=%X", tag, port, size, value));
        }

        void record(String call) {
            calls.add(call);
            if (shared != null) {
                shared.add(call);
            }
        }
    }

    /** A stateful handler with one byte register at each of its ports' first one. */
    static class StatefulHandler extends RecordingHandler implements StatefulDevice {
        final String deviceId;
        volatile int register;
        volatile int saves;
        volatile int restores;
        volatile boolean refuseState;

        StatefulHandler(String tag, String deviceId) {
            super(tag, 0, BYTE);
            this.deviceId = deviceId;
        }

        @Override
        public int in(int port, int size) {
            record(String.format("%s in %04X/%d", tag, port, size));
            return register;
        }

        @Override
        public void out(int port, int size, int value) {
            super.out(port, size, value);
            register = value & 0xFF;
        }

        @Override
        public DeviceState saveState() {
            saves++;
            record(tag + " save");
            return DeviceState.builder(deviceId, 1).field("reg", register).build();
        }

        @Override
        public void restoreState(DeviceState state) {
            restores++;
            record(tag + " restore");
            if (refuseState) {
                throw new IllegalArgumentException("refused");
            }
            state.require(deviceId, 1, 1);
            register = (int) state.field("reg");
        }
    }

    /** A ServiceReference with {@code props}, registered by a bundle named {@code bsn}. */
    @SuppressWarnings("unchecked")
    static ServiceReference<PortHandler> reference(Map<String, Object> props, String bsn) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(TestSupport.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (p, m, a) -> switch (m.getName()) {
                    case "getSymbolicName" -> bsn;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> "bundle " + bsn;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        return (ServiceReference<PortHandler>) Proxy.newProxyInstance(TestSupport.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) a[0]);
                    case "getPropertyKeys" -> props.keySet().toArray(new String[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    case "toString" -> "reference " + props;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    /** Waits (up to 10 s) until {@code thread} is in one of {@code states}. */
    static void awaitThreadState(Thread thread, Thread.State... states) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Thread.State> wanted = Arrays.asList(states);
        while (!wanted.contains(thread.getState())) {
            if (System.nanoTime() > deadline) {
                fail(thread.getName() + " never reached " + wanted + "; it is " + thread.getState());
            }
            Thread.sleep(1);
        }
    }

    /** Starts a daemon thread. */
    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
