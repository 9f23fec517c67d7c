package org.tessera.cpu.core.internal;

import org.tessera.cpu.core.internal.alu.Alu;
import org.tessera.cpu.core.internal.alu.LazyFlags;

/**
 * What compiled blocks work on: the CPU's units, passed to every {@link JitOps} template. When an
 * instruction of a block faults or is suspended, the block records here how many instructions it
 * completed before that one (EIP is left at the instruction's start).
 */
final class JitContext {

    final RegisterFile r;
    final int[] gpr;
    final AccessPath mem;
    final Operands ops;
    final Alu alu;
    final LazyFlags lazy;
    final FlagsUnit flags;
    final CpuFault fault;

    /** Instructions completed in the block before the one that raised a fault or was suspended. */
    int done;

    JitContext(RegisterFile r, AccessPath mem, Operands ops, Alu alu, FlagsUnit flags, CpuFault fault) {
        this.r = r;
        this.gpr = r.gpr;
        this.mem = mem;
        this.ops = ops;
        this.alu = alu;
        this.lazy = flags.lazy();
        this.flags = flags;
        this.fault = fault;
    }
}
