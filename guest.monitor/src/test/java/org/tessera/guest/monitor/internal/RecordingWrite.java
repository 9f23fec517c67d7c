package org.tessera.guest.monitor.internal;

import org.tessera.machine.api.watch.RedirectedWrite;
import org.tessera.machine.api.watch.WriteOrigin;

/** A redirected byte written to 5000h whose completion runs an action. */
final class RecordingWrite implements RedirectedWrite {

    private final Runnable onComplete;
    private boolean completed;

    RecordingWrite(Runnable onComplete) {
        this.onComplete = onComplete;
    }

    @Override
    public long address() {
        return 0x5000;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public int value() {
        return 0;
    }

    @Override
    public int oldValue() {
        return 0;
    }

    @Override
    public WriteOrigin origin() {
        return WriteOrigin.DEVICE;
    }

    @Override
    public int cs() {
        return 0;
    }

    @Override
    public int eip() {
        return 0;
    }

    @Override
    public void store(int value) {
    }

    @Override
    public synchronized boolean complete() {
        if (completed) {
            return false;
        }
        completed = true;
        onComplete.run();
        return true;
    }
}
