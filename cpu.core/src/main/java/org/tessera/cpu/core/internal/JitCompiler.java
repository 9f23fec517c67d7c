package org.tessera.cpu.core.internal;

import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles guest code into {@link CompiledBlock}s: decodes from the block's start while the
 * instructions are ones {@link JitDecoder} accepts, within one page and the CS limit, and has
 * {@link JitEmitter} write a class for them, defined as a hidden class (unloaded with its block).
 *
 * <p>A block runs straight on through conditional branches (a taken one leaves, or jumps inside
 * the block if its target is one of the block's instructions). It ends at the first instruction
 * it does not translate, at {@link #MAX_INSTRUCTIONS}, or after an unconditional transfer unless an
 * earlier branch of the block targets code further on.
 */
final class JitCompiler {

    /**
     * System property {@code tessera.jit.profile=true}: blocks become ordinary classes (never
     * unloaded) named {@code JitBlock$N}, which profilers show; hidden classes' frames are not.
     */
    private static final boolean PROFILING = Boolean.getBoolean("tessera.jit.profile");
    /** Numbers the named classes of {@link #PROFILING} (class names are per class loader). */
    private static final java.util.concurrent.atomic.AtomicLong NAMES = new java.util.concurrent.atomic.AtomicLong();

    /** Most instructions in one block. */
    static final int MAX_INSTRUCTIONS = 64;

    private final JitDecoder decoder = new JitDecoder();
    private final JitEmitter emitter = new JitEmitter();
    private final MethodHandles.Lookup lookup = MethodHandles.lookup();
    private final JitInsn[] pool = new JitInsn[MAX_INSTRUCTIONS];
    private final List<JitInsn> insns = new ArrayList<>(MAX_INSTRUCTIONS);
    private long compiled;
    private long failures;

    JitCompiler() {
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new JitInsn();
        }
    }

    /** A compiled block with what its entry checks: the code bytes it was made from. */
    record Result(CompiledBlock block, byte[] code, int length) {
    }

    /**
     * Compiles the code at CS offset {@code eip}, whose first byte is {@code code[index]}; bytes up
     * to CS offset {@code end} may be used.
     *
     * @return the block, or null if its first instruction is not one the compiler translates
     */
    Result compile(byte[] code, int index, int eip, int end, boolean code32, boolean protectedMode) {
        decoder.setCode(code, index, eip, end, code32, protectedMode);
        insns.clear();
        int at = eip;
        int furthest = eip;
        while (insns.size() < MAX_INSTRUCTIONS) {
            JitInsn in = pool[insns.size()];
            if (!decoder.decode(at, in)) {
                break;
            }
            insns.add(in);
            if (in.isRelative() && in.op != 0xE8 && Integer.compareUnsigned(in.target, at) > 0) {
                furthest = Math.max(furthest, in.target);
            }
            at = in.next;
            if (in.isUnconditional() && Integer.compareUnsigned(furthest, at) <= 0) {
                break;
            }
        }
        if (insns.isEmpty()) {
            failures++;
            return null;
        }
        int bytes = at - eip;
        byte[] copy = new byte[bytes];
        System.arraycopy(code, index, copy, 0, bytes);
        try {
            Class<?> c;
            if (PROFILING) {
                // ordinary named classes, so that a profiler shows the blocks' frames
                c = lookup.defineClass(emitter.emit("org/tessera/cpu/core/internal/JitBlock$" + NAMES.incrementAndGet(), insns));
            } else {
                c = lookup.defineHiddenClass(emitter.emit("org/tessera/cpu/core/internal/JitBlock", insns), true).lookupClass();
            }
            CompiledBlock block = (CompiledBlock) c.getDeclaredConstructor().newInstance();
            compiled++;
            return new Result(block, copy, insns.size());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("block compiler wrote an invalid class for code at " + Integer.toHexString(eip), e);
        }
    }

    long compiled() {
        return compiled;
    }

    long failures() {
        return failures;
    }
}
