package org.tessera.dev.ioports.internal.kbc;

import java.util.ArrayDeque;
import org.tessera.machine.api.device.DeviceState;

/**
 * A standard PS/2 mouse (ID 00h) in stream mode: reset, defaults, enable/disable data reporting,
 * sample rate, resolution, scaling, status request, read data, and its 3-byte movement packets.
 * Wrap and remote mode are not modelled (their commands are acknowledged). Not thread safe.
 */
final class Ps2Mouse {

    static final int ACK = 0xFA;
    static final int CAPACITY = 16;

    private final ArrayDeque<Integer> queue = new ArrayDeque<>();
    private boolean reporting;
    private int sampleRate = 100;
    private int resolution = 2;
    private boolean scaling21;
    private int buttons;
    private int pending = -1;
    private int lastSent = -1;

    boolean hasByte() {
        return !queue.isEmpty();
    }

    int take() {
        int b = queue.removeFirst();
        lastSent = b;
        return b;
    }

    boolean reporting() {
        return reporting;
    }

    int sampleRate() {
        return sampleRate;
    }

    int resolution() {
        return resolution;
    }

    /** Movement ({@code dx} right, {@code dy} up, each -256..255) and buttons (bit 0 left, 1 right, 2 middle). */
    boolean move(int dx, int dy, int newButtons) {
        buttons = newButtons & 0x07;
        if (!reporting || queue.size() + 3 > CAPACITY) {
            return false;
        }
        packet(dx, dy);
        return true;
    }

    private void packet(int dx, int dy) {
        dx = Math.max(-256, Math.min(255, dx));
        dy = Math.max(-256, Math.min(255, dy));
        queue.addLast(0x08 | buttons | (dx < 0 ? 0x10 : 0) | (dy < 0 ? 0x20 : 0));
        queue.addLast(dx & 0xFF);
        queue.addLast(dy & 0xFF);
    }

    void receive(int b) {
        b &= 0xFF;
        if (pending >= 0) {
            int command = pending;
            pending = -1;
            if (command == 0xF3) {
                sampleRate = b;
            } else {
                resolution = b & 0x03;
            }
            queue.addLast(ACK);
            return;
        }
        switch (b) {
            case 0xE6 -> ack(() -> scaling21 = false);
            case 0xE7 -> ack(() -> scaling21 = true);
            case 0xE8, 0xF3 -> {
                queue.addLast(ACK);
                pending = b;
            }
            case 0xE9 -> {
                queue.addLast(ACK);
                queue.addLast((reporting ? 0x20 : 0) | (scaling21 ? 0x10 : 0) | (buttons & 1) << 2 | (buttons & 4) >> 1
                        | (buttons & 2) >> 1);
                queue.addLast(resolution);
                queue.addLast(sampleRate);
            }
            case 0xEA, 0xEC, 0xEE, 0xF0 -> queue.addLast(ACK);
            case 0xEB -> {
                queue.addLast(ACK);
                packet(0, 0);
            }
            case 0xF2 -> {
                queue.addLast(ACK);
                queue.addLast(0x00);
            }
            case 0xF4 -> ack(() -> reporting = true);
            case 0xF5 -> ack(() -> reporting = false);
            case 0xF6 -> ack(this::defaults);
            case 0xFE -> {
                if (lastSent >= 0) {
                    queue.addLast(lastSent);
                }
            }
            case 0xFF -> {
                defaults();
                queue.addLast(ACK);
                queue.addLast(0xAA);
                queue.addLast(0x00);
            }
            default -> queue.addLast(0xFE);
        }
    }

    private void ack(Runnable action) {
        queue.clear();
        action.run();
        queue.addLast(ACK);
    }

    private void defaults() {
        queue.clear();
        reporting = false;
        sampleRate = 100;
        resolution = 2;
        scaling21 = false;
    }

    void save(DeviceState.Builder b) {
        byte[] bytes = new byte[queue.size()];
        int i = 0;
        for (int x : queue) {
            bytes[i++] = (byte) x;
        }
        b.blob("mouse.buffer", bytes)
                .field("mouse.reporting", reporting ? 1 : 0)
                .field("mouse.sampleRate", sampleRate)
                .field("mouse.resolution", resolution)
                .field("mouse.scaling21", scaling21 ? 1 : 0)
                .field("mouse.buttons", buttons)
                .field("mouse.pending", pending)
                .field("mouse.lastSent", lastSent);
    }

    void restore(DeviceState state) {
        byte[] bytes = state.blob("mouse.buffer");
        reporting = state.field("mouse.reporting") != 0;
        sampleRate = (int) state.field("mouse.sampleRate") & 0xFF;
        resolution = (int) state.field("mouse.resolution") & 0x03;
        scaling21 = state.field("mouse.scaling21") != 0;
        buttons = (int) state.field("mouse.buttons") & 0x07;
        pending = (int) state.field("mouse.pending");
        lastSent = (int) state.field("mouse.lastSent");
        queue.clear();
        for (byte x : bytes) {
            queue.addLast(x & 0xFF);
        }
    }
}
