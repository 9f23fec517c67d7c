package org.tessera.dev.ioports.internal.uart;

import java.util.ArrayList;
import java.util.List;
import org.tessera.machine.api.io.IrqLines;

/** Interrupt lines that remember their levels and every change. */
final class FakeIrqLines implements IrqLines {

    final boolean[] levels = new boolean[16];
    final List<String> changes = new ArrayList<>();

    @Override
    public synchronized void raise(int irq) {
        levels[irq] = true;
        changes.add("+" + irq);
    }

    @Override
    public synchronized void lower(int irq) {
        levels[irq] = false;
        changes.add("-" + irq);
    }

    @Override
    public synchronized boolean isRaised(int irq) {
        return levels[irq];
    }
}
