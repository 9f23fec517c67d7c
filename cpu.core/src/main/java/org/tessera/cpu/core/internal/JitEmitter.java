package org.tessera.cpu.core.internal;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.GOTO;
import static org.objectweb.asm.Opcodes.I2B;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.IALOAD;
import static org.objectweb.asm.Opcodes.IAND;
import static org.objectweb.asm.Opcodes.IASTORE;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPEQ;
import static org.objectweb.asm.Opcodes.IF_ICMPGT;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IOR;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.IXOR;
import static org.objectweb.asm.Opcodes.NOP;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SIPUSH;
import static org.objectweb.asm.Opcodes.V17;

import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes the class of one compiled block: a subclass of {@link CompiledBlock} whose
 * {@code run} is the block's instructions in a row, each a few calls of {@link JitOps} templates
 * with the decoded operands as constants. Branches to an instruction of the same block become
 * jumps inside the method (a backward one first checks the instruction budget); others set EIP
 * and return. Each instruction has its own exception handler, which records how many instructions
 * were completed and leaves EIP at the instruction before the fault or suspension travels on.
 */
final class JitEmitter {

    private static final String OPS = "org/tessera/cpu/core/internal/JitOps";
    private static final String CTX = "org/tessera/cpu/core/internal/JitContext";
    private static final String SUPER = "org/tessera/cpu/core/internal/CompiledBlock";
    private static final String C = "L" + CTX + ";";

    // locals of run(JitContext c, int budget)
    private static final int L_C = 1;
    private static final int L_BUDGET = 2;
    private static final int L_N = 3;
    private static final int L_EA = 4;
    private static final int L_V = 5;
    private static final int L_A = 6;
    private static final int L_CODE_WRITES = 7;
    /** The general registers ({@link JitContext#gpr}), loaded once. */
    private static final int L_GPR = 8;

    private MethodVisitor mv;
    private List<JitInsn> block;
    private Label[] labels;

    /**
     * The class file of a block.
     *
     * @param name internal name of the class (in this package)
     * @param insns the block's instructions, in address order, none with an unknown form
     */
    byte[] emit(String name, List<JitInsn> insns) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_FINAL | ACC_SUPER, name, null, SUPER, null);
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, SUPER, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        mv = cw.visitMethod(0, "run", "(" + C + "I)I", null, null);
        block = insns;
        int count = insns.size();
        labels = new Label[count + 1];
        for (int i = 0; i <= count; i++) {
            labels[i] = new Label();
        }
        mv.visitCode();
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_N);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_EA);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_V);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L_A);
        ctx();
        ops("codeWrites", "(" + C + ")I");
        mv.visitVarInsn(ISTORE, L_CODE_WRITES);
        ctx();
        mv.visitFieldInsn(GETFIELD, CTX, "gpr", "[I");
        mv.visitVarInsn(ASTORE, L_GPR);
        Label[] handlers = new Label[count];
        for (int i = 0; i < count; i++) {
            handlers[i] = new Label();
            mv.visitTryCatchBlock(labels[i], labels[i + 1], handlers[i], null);
        }
        for (int i = 0; i < count; i++) {
            mv.visitLabel(labels[i]);
            JitInsn in = insns.get(i);
            instruction(in, i);
            if (writesMemory(in)) {
                // a write to compiled code: leave, so the next instruction is looked up afresh
                Label same = new Label();
                ctx();
                ops("codeWrites", "(" + C + ")I");
                mv.visitVarInsn(ILOAD, L_CODE_WRITES);
                mv.visitJumpInsn(IF_ICMPEQ, same);
                exit(in.next, i + 1);
                mv.visitLabel(same);
            }
        }
        mv.visitLabel(labels[count]);
        exit(insns.get(count - 1).next, count);
        for (int i = 0; i < count; i++) {
            mv.visitLabel(handlers[i]);
            ctx();
            mv.visitVarInsn(ILOAD, L_N);
            push(i);
            mv.visitInsn(IADD);
            push(insns.get(i).start);
            ops("stoppedAt", "(" + C + "II)V");
            mv.visitInsn(ATHROW);
        }
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    // ------------------------------------------------------------------ bytecode helpers

    private void ctx() {
        mv.visitVarInsn(ALOAD, L_C);
    }

    private void push(int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    private void ops(String method, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, OPS, method, desc, false);
    }

    /** Sets EIP and returns {@code n + done}. */
    private void exit(int eip, int done) {
        ctx();
        push(eip);
        ops("setEip", "(" + C + "I)V");
        returnDone(done);
    }

    private void returnDone(int done) {
        mv.visitVarInsn(ILOAD, L_N);
        push(done);
        mv.visitInsn(IADD);
        mv.visitInsn(IRETURN);
    }

    private void gpr(int n) {
        mv.visitVarInsn(ALOAD, L_GPR);
        push(n);
        mv.visitInsn(IALOAD);
    }

    /** Computes the effective address into {@link #L_EA}. */
    private void effectiveAddress(JitInsn in) {
        boolean any = false;
        if (in.base >= 0) {
            gpr(in.base);
            any = true;
        }
        if (in.index >= 0) {
            gpr(in.index);
            if (in.scale != 0) {
                push(in.scale);
                mv.visitInsn(ISHL);
            }
            if (any) {
                mv.visitInsn(IADD);
            }
            any = true;
        }
        if (!any) {
            push(in.adBits == 16 ? in.disp & 0xFFFF : in.disp);
        } else {
            if (in.disp != 0) {
                push(in.disp);
                mv.visitInsn(IADD);
            }
            if (in.adBits == 16) {
                push(0xFFFF);
                mv.visitInsn(IAND);
            }
        }
        mv.visitVarInsn(ISTORE, L_EA);
    }

    private void begin() {
        ctx();
        ops("begin", "(" + C + ")V");
    }

    /**
     * Pushes register {@code n} of size {@code bits}, read from the register array in place (the
     * byte registers AH-BH are bits 8-15 of EAX-EBX).
     */
    private void reg(int bits, int n) {
        if (bits == 32) {
            gpr(n);
        } else if (bits == 16) {
            gpr(n);
            push(0xFFFF);
            mv.visitInsn(IAND);
        } else {
            gpr(n & 3);
            if (n >= 4) {
                push(8);
                mv.visitInsn(IUSHR);
            }
            push(0xFF);
            mv.visitInsn(IAND);
        }
    }

    /** Stores the value in {@link #L_V} to register {@code n}, keeping the bits a smaller size leaves. */
    private void setRegFromV(int bits, int n) {
        int index = bits == 8 ? n & 3 : n;
        mv.visitVarInsn(ALOAD, L_GPR);
        push(index);
        if (bits == 32) {
            mv.visitVarInsn(ILOAD, L_V);
        } else {
            int shift = bits == 8 && n >= 4 ? 8 : 0;
            int keep = bits == 16 ? 0xFFFF0000 : shift == 8 ? 0xFFFF00FF : 0xFFFFFF00;
            gpr(index);
            push(keep);
            mv.visitInsn(IAND);
            mv.visitVarInsn(ILOAD, L_V);
            push(bits == 16 ? 0xFFFF : 0xFF);
            mv.visitInsn(IAND);
            if (shift != 0) {
                push(shift);
                mv.visitInsn(ISHL);
            }
            mv.visitInsn(IOR);
        }
        mv.visitInsn(IASTORE);
    }

    private void read(int bits, int seg) {
        ctx();
        push(seg);
        mv.visitVarInsn(ILOAD, L_EA);
        ops("read" + bits, "(" + C + "II)I");
    }

    /**
     * Pushes the r/m operand of an instruction that computes flags from it and writes it back:
     * a memory operand is first checked for writing, so that a read-only segment faults before
     * the flags change (as the interpreter's {@link Operands#rmw}).
     */
    private void loadRm(JitInsn in, int bits, boolean written) {
        if (written && in.mod != 3) {
            ctx();
            push(bits);
            push(in.eaSeg);
            mv.visitVarInsn(ILOAD, L_EA);
            ops("checkWrite", "(" + C + "III)V");
        }
        loadRm(in, bits);
    }

    /** Pushes the r/m operand. */
    private void loadRm(JitInsn in, int bits) {
        if (in.mod == 3) {
            reg(bits, in.rm);
        } else {
            read(bits, in.eaSeg);
        }
    }

    /** Stores the value on the stack to the r/m operand. */
    private void storeRm(JitInsn in, int bits) {
        mv.visitVarInsn(ISTORE, L_V);
        if (in.mod == 3) {
            setRegFromV(bits, in.rm);
        } else {
            ctx();
            push(in.eaSeg);
            mv.visitVarInsn(ILOAD, L_EA);
            mv.visitVarInsn(ILOAD, L_V);
            ops("write" + bits, "(" + C + "III)V");
        }
    }

    /** Stores the value on the stack to register {@code n}. */
    private void storeReg(int bits, int n) {
        mv.visitVarInsn(ISTORE, L_V);
        setRegFromV(bits, n);
    }

    private void arith(int op, int bits, Runnable a, Runnable b) {
        ctx();
        push(op);
        push(bits);
        a.run();
        b.run();
        ops("arith", "(" + C + "IIII)I");
    }

    private int dataSeg(JitInsn in) {
        return in.segOverride == Decoder.NO_SEG ? RegisterFile.DS : in.segOverride;
    }

    /** Whether the instruction reads or writes memory (it then starts with {@link JitOps#begin}). */
    private static boolean touchesMemory(JitInsn in) {
        if (in.memory() && in.op != 0x8D) {
            return true;
        }
        int op = in.op;
        return (op >= 0x50 && op <= 0x5F) || op == 0x68 || op == 0x6A || (op >= 0xA0 && op <= 0xA7)
                || (op >= 0xAA && op <= 0xAF) || op == 0xC2 || op == 0xC3 || op == 0xD7 || op == 0xE8
                || (op == 0xFF && (in.reg == 2 || in.reg == 6));
    }

    /** Whether the instruction may write memory and then continue with the next one. */
    private static boolean writesMemory(JitInsn in) {
        int op = in.op;
        if (in.memory()) {
            if (op < 0x40) {
                return (op & 2) == 0 && (op >>> 3) != 7;
            }
            return switch (op) {
                case 0x80, 0x81, 0x82, 0x83 -> in.reg != 7;
                case 0x86, 0x87, 0x88, 0x89, 0x8C, 0xC0, 0xC1, 0xC6, 0xC7, 0xD0, 0xD1, 0xD2, 0xD3, 0xFE -> true;
                case 0xF6, 0xF7 -> in.reg == 2 || in.reg == 3;
                case 0xFF -> in.reg == 0 || in.reg == 1 || in.reg == 6;
                default -> op >= 0x190 && op <= 0x19F;
            };
        }
        return (op >= 0x50 && op <= 0x57) || op == 0x68 || op == 0x6A || op == 0xA2 || op == 0xA3 || op == 0xA4
                || op == 0xA5 || op == 0xAA || op == 0xAB || (op == 0xFF && in.reg == 6);
    }

    // ------------------------------------------------------------------ instructions

    private void instruction(JitInsn in, int i) {
        if (touchesMemory(in)) {
            begin();
        }
        if (in.memory()) {
            effectiveAddress(in);
        }
        int op = in.op;
        int bits = in.opBits;
        if (op < 0x40 && (op & 7) < 4) {
            int aluOp = op >>> 3;
            int size = (op & 1) == 0 ? 8 : bits;
            if ((op & 2) == 0) {
                arith(aluOp, size, () -> loadRm(in, size, aluOp != 7), () -> reg(size, in.reg));
                if (aluOp != 7) {
                    storeRm(in, size);
                } else {
                    mv.visitInsn(POP);
                }
            } else {
                arith(aluOp, size, () -> reg(size, in.reg), () -> loadRm(in, size));
                if (aluOp != 7) {
                    storeReg(size, in.reg);
                } else {
                    mv.visitInsn(POP);
                }
            }
            return;
        }
        if (op < 0x40 && (op & 7) < 6) {
            int aluOp = op >>> 3;
            int size = (op & 1) == 0 ? 8 : bits;
            arith(aluOp, size, () -> reg(size, RegisterFile.EAX), () -> push(in.imm));
            if (aluOp != 7) {
                storeReg(size, RegisterFile.EAX);
            } else {
                mv.visitInsn(POP);
            }
            return;
        }
        switch (op) {
            case 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F -> {
                ctx();
                push(bits);
                reg(bits, op & 7);
                ops(op < 0x48 ? "inc" : "dec", "(" + C + "II)I");
                storeReg(bits, op & 7);
            }
            case 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57 -> {
                ctx();
                push(bits);
                reg(bits, op & 7);
                ops("push", "(" + C + "II)V");
            }
            case 0x58, 0x59, 0x5A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F -> {
                ctx();
                push(bits);
                push(op & 7);
                ops("pop", "(" + C + "II)V");
            }
            case 0x68, 0x6A -> {
                ctx();
                push(bits);
                push(in.imm);
                ops("push", "(" + C + "II)V");
            }
            case 0x69, 0x6B -> {
                ctx();
                push(bits);
                loadRm(in, bits);
                push(in.imm);
                ops("imul", "(" + C + "III)I");
                storeReg(bits, in.reg);
            }
            case 0x80, 0x81, 0x82, 0x83 -> {
                int size = op == 0x81 || op == 0x83 ? bits : 8;
                arith(in.reg, size, () -> loadRm(in, size, in.reg != 7), () -> push(in.imm));
                if (in.reg != 7) {
                    storeRm(in, size);
                } else {
                    mv.visitInsn(POP);
                }
            }
            case 0x84, 0x85 -> {
                int size = op == 0x84 ? 8 : bits;
                ctx();
                push(size);
                loadRm(in, size);
                reg(size, in.reg);
                ops("test", "(" + C + "III)V");
            }
            case 0xA8, 0xA9 -> {
                int size = op == 0xA8 ? 8 : bits;
                ctx();
                push(size);
                reg(size, RegisterFile.EAX);
                push(in.imm);
                ops("test", "(" + C + "III)V");
            }
            case 0x86, 0x87 -> {
                int size = op == 0x86 ? 8 : bits;
                loadRm(in, size);
                mv.visitVarInsn(ISTORE, L_A);
                reg(size, in.reg);
                storeRm(in, size);
                mv.visitVarInsn(ILOAD, L_A);
                storeReg(size, in.reg);
            }
            case 0x88, 0x89 -> {
                int size = op == 0x88 ? 8 : bits;
                reg(size, in.reg);
                storeRm(in, size);
            }
            case 0x8A, 0x8B -> {
                int size = op == 0x8A ? 8 : bits;
                loadRm(in, size);
                storeReg(size, in.reg);
            }
            case 0x8C -> {
                ctx();
                push(in.reg);
                ops("selector", "(" + C + "I)I");
                if (in.mod == 3) {
                    storeReg(bits, in.rm);
                } else {
                    storeRm(in, 16);
                }
            }
            case 0x8D -> {
                mv.visitVarInsn(ILOAD, L_EA);
                storeReg(bits, in.reg);
            }
            case 0x8E -> {
                loadRm(in, 16);
                mv.visitVarInsn(ISTORE, L_V);
                ctx();
                push(in.reg);
                mv.visitVarInsn(ILOAD, L_V);
                ops("loadSegment", "(" + C + "II)V");
            }
            case 0x90 -> mv.visitInsn(NOP); // (an exception range may not be empty)
            case 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97 -> {
                reg(bits, RegisterFile.EAX);
                mv.visitVarInsn(ISTORE, L_A);
                reg(bits, op & 7);
                storeReg(bits, RegisterFile.EAX);
                mv.visitVarInsn(ILOAD, L_A);
                storeReg(bits, op & 7);
            }
            case 0x98, 0x99 -> {
                ctx();
                push(bits);
                ops(op == 0x98 ? "cbw" : "cwd", "(" + C + "I)V");
            }
            case 0x9E -> {
                ctx();
                ops("sahf", "(" + C + ")V");
            }
            case 0x9F -> {
                ctx();
                ops("lahf", "(" + C + ")V");
            }
            case 0xA0, 0xA1 -> {
                int size = op == 0xA0 ? 8 : bits;
                push(in.disp);
                mv.visitVarInsn(ISTORE, L_EA);
                read(size, in.eaSeg);
                storeReg(size, RegisterFile.EAX);
            }
            case 0xA2, 0xA3 -> {
                int size = op == 0xA2 ? 8 : bits;
                push(in.disp);
                mv.visitVarInsn(ISTORE, L_EA);
                ctx();
                push(in.eaSeg);
                mv.visitVarInsn(ILOAD, L_EA);
                reg(size, RegisterFile.EAX);
                ops("write" + size, "(" + C + "III)V");
            }
            case 0xA4, 0xA5, 0xA6, 0xA7, 0xAC, 0xAD -> {
                ctx();
                push((op & 1) == 0 ? 8 : bits);
                push(dataSeg(in));
                push(in.adBits);
                String name = op <= 0xA5 ? "movs" : op <= 0xA7 ? "cmps" : "lods";
                ops(name, "(" + C + "III)V");
            }
            case 0xAA, 0xAB, 0xAE, 0xAF -> {
                ctx();
                push((op & 1) == 0 ? 8 : bits);
                push(in.adBits);
                ops(op <= 0xAB ? "stos" : "scas", "(" + C + "II)V");
            }
            case 0xB0, 0xB1, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7 -> {
                push(in.imm);
                storeReg(8, op & 7);
            }
            case 0xB8, 0xB9, 0xBA, 0xBB, 0xBC, 0xBD, 0xBE, 0xBF -> {
                push(in.imm);
                storeReg(bits, op & 7);
            }
            case 0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3 -> {
                int size = (op & 1) == 0 ? 8 : bits;
                ctx();
                push(in.reg);
                push(size);
                loadRm(in, size, true);
                if (op <= 0xC1) {
                    push(in.imm);
                } else if (op <= 0xD1) {
                    push(1);
                } else {
                    reg(8, RegisterFile.ECX);
                }
                ops("shift", "(" + C + "IIII)I");
                storeRm(in, size);
            }
            case 0xC2, 0xC3 -> {
                ctx();
                push(bits);
                push(op == 0xC2 ? in.imm : 0);
                ops("ret", "(" + C + "II)V");
                returnDone(i + 1);
            }
            case 0xC6, 0xC7 -> {
                push(in.imm);
                storeRm(in, op == 0xC6 ? 8 : bits);
            }
            case 0xD7 -> {
                ctx();
                push(dataSeg(in));
                push(in.adBits);
                ops("xlat", "(" + C + "II)V");
            }
            case 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x7B, 0x7C, 0x7D, 0x7E, 0x7F,
                    0x180, 0x181, 0x182, 0x183, 0x184, 0x185, 0x186, 0x187, 0x188, 0x189, 0x18A, 0x18B, 0x18C, 0x18D,
                    0x18E, 0x18F -> {
                ctx();
                push(op & 15);
                ops("condition", "(" + C + "I)Z");
                conditionalBranch(in, i);
            }
            case 0xE0, 0xE1, 0xE2 -> {
                ctx();
                push(op);
                push(in.adBits);
                ops("loop", "(" + C + "II)Z");
                conditionalBranch(in, i);
            }
            case 0xE3 -> {
                ctx();
                push(in.adBits);
                ops("jcxz", "(" + C + "I)Z");
                conditionalBranch(in, i);
            }
            case 0xE8 -> {
                ctx();
                push(bits);
                push(in.next);
                push(in.target);
                ops("call", "(" + C + "III)V");
                returnDone(i + 1);
            }
            case 0xE9, 0xEB -> {
                ctx();
                push(in.target);
                ops("checkNear", "(" + C + "I)V");
                branch(in.target, i);
            }
            case 0xF5, 0xF8, 0xF9 -> {
                ctx();
                push(op);
                ops("carry", "(" + C + "I)V");
            }
            case 0xFC, 0xFD -> {
                ctx();
                push(op);
                ops("direction", "(" + C + "I)V");
            }
            case 0xF6, 0xF7 -> group3(in, op == 0xF6 ? 8 : bits);
            case 0xFE -> {
                ctx();
                push(8);
                loadRm(in, 8, true);
                ops(in.reg == 0 ? "inc" : "dec", "(" + C + "II)I");
                storeRm(in, 8);
            }
            case 0xFF -> group5(in, bits, i);
            case 0x190, 0x191, 0x192, 0x193, 0x194, 0x195, 0x196, 0x197, 0x198, 0x199, 0x19A, 0x19B, 0x19C, 0x19D,
                    0x19E, 0x19F -> {
                ctx();
                push(op & 15);
                ops("setcc", "(" + C + "I)I");
                storeRm(in, 8);
            }
            case 0x1AF -> {
                ctx();
                push(bits);
                reg(bits, in.reg);
                loadRm(in, bits);
                ops("imul", "(" + C + "III)I");
                storeReg(bits, in.reg);
            }
            case 0x1B6, 0x1B7, 0x1BE, 0x1BF -> {
                int size = (op & 1) == 0 ? 8 : 16;
                loadRm(in, size);
                if (op >= 0x1BE) {
                    mv.visitInsn(size == 8 ? I2B : I2S);
                }
                storeReg(bits, in.reg);
            }
            default -> throw new IllegalArgumentException("no template for " + in);
        }
    }

    private void group3(JitInsn in, int size) {
        switch (in.reg) {
            case 0, 1 -> {
                ctx();
                push(size);
                loadRm(in, size);
                push(in.imm);
                ops("test", "(" + C + "III)V");
            }
            case 2 -> {
                loadRm(in, size);
                push(-1);
                mv.visitInsn(IXOR);
                storeRm(in, size);
            }
            case 3 -> {
                ctx();
                push(size);
                loadRm(in, size, true);
                ops("neg", "(" + C + "II)I");
                storeRm(in, size);
            }
            default -> {
                loadRm(in, size);
                mv.visitVarInsn(ISTORE, L_A);
                ctx();
                push(in.reg);
                push(size);
                mv.visitVarInsn(ILOAD, L_A);
                ops(in.reg < 6 ? "mul" : "div", "(" + C + "III)V");
            }
        }
    }

    private void group5(JitInsn in, int bits, int i) {
        switch (in.reg) {
            case 0, 1 -> {
                ctx();
                push(bits);
                loadRm(in, bits, true);
                ops(in.reg == 0 ? "inc" : "dec", "(" + C + "II)I");
                storeRm(in, bits);
            }
            case 2 -> {
                loadRm(in, bits);
                mv.visitVarInsn(ISTORE, L_A);
                ctx();
                push(bits);
                push(in.next);
                mv.visitVarInsn(ILOAD, L_A);
                ops("callAbsolute", "(" + C + "III)V");
                returnDone(i + 1);
            }
            case 4 -> {
                loadRm(in, bits);
                mv.visitVarInsn(ISTORE, L_A);
                ctx();
                push(bits);
                mv.visitVarInsn(ILOAD, L_A);
                ops("jumpAbsolute", "(" + C + "II)V");
                returnDone(i + 1);
            }
            default -> {
                loadRm(in, bits);
                mv.visitVarInsn(ISTORE, L_A);
                ctx();
                push(bits);
                mv.visitVarInsn(ILOAD, L_A);
                ops("push", "(" + C + "II)V");
            }
        }
    }

    /** The condition is on the stack: taken branches to the target, otherwise falls through. */
    private void conditionalBranch(JitInsn in, int i) {
        Label notTaken = new Label();
        mv.visitJumpInsn(IFEQ, notTaken);
        branch(in.target, i);
        mv.visitLabel(notTaken);
    }

    /** Control goes to {@code target} after instruction {@code i}. */
    private void branch(int target, int i) {
        int k = indexOf(target);
        if (k < 0) {
            exit(target, i + 1);
            return;
        }
        // n + i + 1 instructions are done; at label k the count is n' + k
        int adjust = i + 1 - k;
        if (adjust != 0) {
            mv.visitIincInsn(L_N, adjust);
        }
        if (k <= i) {
            Label stop = new Label();
            mv.visitVarInsn(ILOAD, L_N);
            mv.visitVarInsn(ILOAD, L_BUDGET);
            mv.visitJumpInsn(IF_ICMPGT, stop);
            mv.visitJumpInsn(GOTO, labels[k]);
            mv.visitLabel(stop);
            exit(block.get(k).start, k);
        } else {
            mv.visitJumpInsn(GOTO, labels[k]);
        }
    }

    private int indexOf(int offset) {
        for (int k = 0; k < block.size(); k++) {
            if (block.get(k).start == offset) {
                return k;
            }
        }
        return -1;
    }
}
