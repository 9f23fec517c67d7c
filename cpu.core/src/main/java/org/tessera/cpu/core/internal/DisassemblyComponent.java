package org.tessera.cpu.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.tessera.cpu.core.internal.disasm.ByteSource;
import org.tessera.cpu.core.internal.disasm.Disassembler;
import org.tessera.machine.api.cpu.Disassembly;
import org.tessera.machine.api.memory.MemoryBus;
import org.tessera.machine.api.memory.MemoryView;

/**
 * The bundle's {@link Disassembly} service: the {@link Disassembler} reading guest code through
 * the memory bus's compiled view.
 *
 * <p>Only pages the view maps for direct reads (RAM, ROM) are read, straight from their backing
 * arrays, so a disassembly never reaches a device (reading one can change it) and never counts
 * as a guest access; any other byte is unreadable and the disassembler reports the instruction
 * as {@code (bad)}. Each call takes the view that is current when it starts.
 */
@Component(service = Disassembly.class)
public final class DisassemblyComponent implements Disassembly {

    private static final long ADDRESS_MASK = 0xFFFF_FFFFL;
    private static final long OFFSET_MASK_16 = 0xFFFFL;

    private final MemoryBus bus;
    private final Disassembler disassembler = new Disassembler();

    /** @param bus the machine's memory bus, whose view the code is read from */
    @Activate
    public DisassemblyComponent(@Reference MemoryBus bus) {
        this.bus = bus;
    }

    @Override
    public List<Instruction> disassemble(long segmentBase, long offset, boolean code32, int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + " (got " + count + ")");
        }
        long offsetMask = code32 ? ADDRESS_MASK : OFFSET_MASK_16;
        long base = segmentBase & ADDRESS_MASK;
        MemoryView view = bus.view();
        // the disassembler asks for offsets in the segment; they wrap like the CPU's
        ByteSource code = a -> readDirect(view, (base + (a & offsetMask)) & ADDRESS_MASK);
        List<Instruction> listing = new ArrayList<>(count);
        long at = offset & offsetMask;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.setLength(0);
            int length = disassembler.disassemble(code, at, code32, code32, text);
            byte[] bytes = readable(code, at, length);
            listing.add(new Instruction((base + at) & ADDRESS_MASK, at, length, bytes, text.toString()));
            at = (at + length) & offsetMask;
        }
        return listing;
    }

    /** The leading bytes of an instruction that can be read. */
    private static byte[] readable(ByteSource code, long at, int length) {
        byte[] bytes = new byte[length];
        int n = 0;
        while (n < length) {
            int b = code.byteAt(at + n);
            if (b < 0) {
                break;
            }
            bytes[n++] = (byte) b;
        }
        return n == length ? bytes : Arrays.copyOf(bytes, n);
    }

    /** A byte of a directly readable page, or -1. */
    static int readDirect(MemoryView view, long address) {
        long page = address >>> MemoryView.PAGE_SHIFT;
        if (page >= view.pageCount()) {
            return -1;
        }
        int p = (int) page;
        if ((view.flags(p) & MemoryView.DIRECT_READ) == 0) {
            return -1;
        }
        byte[] array = view.readArray(p);
        if (array == null) {
            return -1;
        }
        int index = view.arrayOffset(p) + (int) (address & (MemoryView.PAGE_SIZE - 1));
        return index >= 0 && index < array.length ? array[index] & 0xFF : -1;
    }
}
