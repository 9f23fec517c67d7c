package org.tessera.cpu.core.internal;

import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.io.IoBus;
import org.tessera.machine.api.io.IoCounters;
import org.tessera.machine.api.io.PortRangeInfo;

/**
 * An IO bus for the redirect tests: every IN answers the next value of a counter (so an IN done
 * twice shows in the data as well as in the log), every OUT is logged. Called on the CPU thread.
 */
final class RedirectTestIo implements IoBus {

    private int counter;
    private final List<String> log = new ArrayList<>();

    RedirectTestIo(int start) {
        this.counter = start;
    }

    @Override
    public int in(int port, int size) {
        int v = counter;
        counter += 0x01010101 * 0x11 + 0x0203;
        v &= size == 4 ? -1 : (1 << (size << 3)) - 1;
        log.add("IN" + size + " " + Integer.toHexString(port) + "=" + Integer.toHexString(v));
        return v;
    }

    @Override
    public void out(int port, int size, int value) {
        int v = value & (size == 4 ? -1 : (1 << (size << 3)) - 1);
        log.add("OUT" + size + " " + Integer.toHexString(port) + "=" + Integer.toHexString(v));
    }

    @Override
    public List<PortRangeInfo> ports() {
        return List.of();
    }

    @Override
    public IoCounters counters() {
        long ins = log.stream().filter(s -> s.startsWith("IN")).count();
        return new IoCounters(ins, log.size() - ins, 0, 0, 0);
    }

    List<String> log() {
        return new ArrayList<>(log);
    }
}
