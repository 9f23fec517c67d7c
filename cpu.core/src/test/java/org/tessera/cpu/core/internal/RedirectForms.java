package org.tessera.cpu.core.internal;

import static org.tessera.cpu.core.internal.RegisterFile.DS;
import static org.tessera.cpu.core.internal.RegisterFile.EAX;
import static org.tessera.cpu.core.internal.RegisterFile.EBP;
import static org.tessera.cpu.core.internal.RegisterFile.EBX;
import static org.tessera.cpu.core.internal.RegisterFile.ECX;
import static org.tessera.cpu.core.internal.RegisterFile.EDI;
import static org.tessera.cpu.core.internal.RegisterFile.EDX;
import static org.tessera.cpu.core.internal.RegisterFile.ES;
import static org.tessera.cpu.core.internal.RegisterFile.ESI;
import static org.tessera.cpu.core.internal.RegisterFile.ESP;
import static org.tessera.cpu.core.internal.RegisterFile.SS;
import static org.tessera.cpu.core.internal.RedirectSetup.DATA_SEG;
import static org.tessera.cpu.core.internal.RedirectSetup.RAM_SEG;
import static org.tessera.cpu.core.internal.RedirectSetup.phys;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.tessera.cpu.core.internal.alu.Flags;

/**
 * The instruction forms of the redirect equivalence test: hand-encoded 16-bit real-mode
 * instructions, each with a setup that points its memory operands (or its stack) at the device
 * pages of {@link RedirectSetup}.
 */
final class RedirectForms {

    /**
     * One instruction form.
     *
     * @param name what it is, for the test's name
     * @param code its bytes
     * @param setup points registers (and memory) where the form wants them
     * @param device whether the form must reach the device (a sanity check of the setup)
     */
    record Form(String name, int[] code, Consumer<RedirectSetup> setup, boolean device) {
        @Override
        public String toString() {
            return name;
        }

        /** The initial state for {@code seed}. */
        RedirectSetup build(long seed) {
            RedirectSetup s = new RedirectSetup(seed);
            setup.accept(s);
            s.code(code);
            return s;
        }
    }

    private static final String[] ALU = {"ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"};
    private static final String[] SHIFT = {"ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR"};
    private static final String[] CC = {"O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP", "L", "GE",
        "LE", "G"};

    private final List<Form> forms = new ArrayList<>();

    private RedirectForms() {
    }

    /** ModR/M for {@code [bx+si]} with the given reg field. */
    private static int m(int reg) {
        return reg << 3;
    }

    private static int[] c(int... bytes) {
        return bytes;
    }

    private void add(String name, int[] code, Consumer<RedirectSetup> setup) {
        forms.add(new Form(name, code, setup, true));
    }

    private void addNoDevice(String name, int[] code, Consumer<RedirectSetup> setup) {
        forms.add(new Form(name, code, setup, false));
    }

    /** Setup: {@code [bx+si]} at a random device offset for a {@code size}-byte operand. */
    private static Consumer<RedirectSetup> mem(int size) {
        return s -> s.memAt(size);
    }

    /** Every form. */
    static List<Form> all() {
        RedirectForms f = new RedirectForms();
        f.alu();
        f.unary();
        f.moves();
        f.shifts();
        f.mulDiv();
        f.stack();
        f.controlTransfer();
        f.farPointers();
        f.bits();
        f.exchange();
        f.system();
        f.enterLeave();
        f.interrupts();
        f.strings();
        f.pageCrossing();
        f.segmentWrap();
        f.faults();
        return Collections.unmodifiableList(f.forms);
    }

    // ------------------------------------------------------------------ ALU

    private void alu() {
        for (int op = 0; op < 8; op++) {
            String n = ALU[op];
            int base = op << 3;
            add(n + " byte [dev],dl", c(base, m(2)), mem(1));
            add(n + " byte [dev],ah", c(base, m(4)), mem(1));
            add(n + " word [dev],dx", c(base + 1, m(2)), mem(2));
            add(n + " dword [dev],edx", c(0x66, base + 1, m(2)), mem(4));
            add(n + " dl,byte [dev]", c(base + 2, m(2)), mem(1));
            add(n + " dx,word [dev]", c(base + 3, m(2)), mem(2));
            add(n + " edx,dword [dev]", c(0x66, base + 3, m(2)), mem(4));
            add(n + " byte [dev],imm8", c(0x80, m(op), 0x5A), mem(1));
            add(n + " word [dev],imm16", c(0x81, m(op), 0x34, 0x92), mem(2));
            add(n + " word [dev],simm8", c(0x83, m(op), 0xF3), mem(2));
            add(n + " dword [dev],imm32", c(0x66, 0x81, m(op), 0x78, 0x56, 0x34, 0x92), mem(4));
            add(n + " dword [dev],simm8", c(0x66, 0x83, m(op), 0x07), mem(4));
        }
        add("LOCK ADD byte [dev],dl", c(0xF0, 0x00, m(2)), mem(1));
        add("LOCK SBB word [dev],dx", c(0xF0, 0x19, m(2)), mem(2));
    }

    private void unary() {
        add("INC byte [dev]", c(0xFE, m(0)), mem(1));
        add("DEC byte [dev]", c(0xFE, m(1)), mem(1));
        add("INC word [dev]", c(0xFF, m(0)), mem(2));
        add("DEC word [dev]", c(0xFF, m(1)), mem(2));
        add("INC dword [dev]", c(0x66, 0xFF, m(0)), mem(4));
        add("DEC dword [dev]", c(0x66, 0xFF, m(1)), mem(4));
        add("NOT byte [dev]", c(0xF6, m(2)), mem(1));
        add("NEG byte [dev]", c(0xF6, m(3)), mem(1));
        add("NOT word [dev]", c(0xF7, m(2)), mem(2));
        add("NEG word [dev]", c(0xF7, m(3)), mem(2));
        add("NOT dword [dev]", c(0x66, 0xF7, m(2)), mem(4));
        add("NEG dword [dev]", c(0x66, 0xF7, m(3)), mem(4));
        add("TEST byte [dev],dl", c(0x84, m(2)), mem(1));
        add("TEST word [dev],dx", c(0x85, m(2)), mem(2));
        add("TEST dword [dev],edx", c(0x66, 0x85, m(2)), mem(4));
        add("TEST byte [dev],imm8", c(0xF6, m(0), 0x5A), mem(1));
        add("TEST word [dev],imm16", c(0xF7, m(0), 0x34, 0x12), mem(2));
        add("TEST dword [dev],imm32", c(0x66, 0xF7, m(0), 0x78, 0x56, 0x34, 0x12), mem(4));
        add("BSF dx,[dev]", c(0x0F, 0xBC, m(2)), mem(2));
        add("BSR edx,[dev]", c(0x66, 0x0F, 0xBD, m(2)), mem(4));
    }

    // ------------------------------------------------------------------ moves

    private void moves() {
        add("MOV byte [dev],dl", c(0x88, m(2)), mem(1));
        add("MOV byte [dev],dh", c(0x88, m(6)), mem(1));
        add("MOV word [dev],dx", c(0x89, m(2)), mem(2));
        add("MOV dword [dev],edx", c(0x66, 0x89, m(2)), mem(4));
        add("MOV dl,byte [dev]", c(0x8A, m(2)), mem(1));
        add("MOV ah,byte [dev]", c(0x8A, m(4)), mem(1));
        add("MOV dx,word [dev]", c(0x8B, m(2)), mem(2));
        add("MOV edx,dword [dev]", c(0x66, 0x8B, m(2)), mem(4));
        add("MOV byte [dev],imm8", c(0xC6, m(0), 0xA5), mem(1));
        add("MOV word [dev],imm16", c(0xC7, m(0), 0x34, 0x12), mem(2));
        add("MOV dword [dev],imm32", c(0x66, 0xC7, m(0), 0x78, 0x56, 0x34, 0x12), mem(4));
        add("MOV al,[moffs 1234]", c(0xA0, 0x34, 0x12), s -> { });
        add("MOV ax,[moffs 2AFF]", c(0xA1, 0xFF, 0x2A), s -> { });
        add("MOV eax,[moffs 2000]", c(0x66, 0xA1, 0x00, 0x20), s -> { });
        add("MOV [moffs 1999],al", c(0xA2, 0x99, 0x19), s -> { });
        add("MOV [moffs 2502],ax", c(0xA3, 0x02, 0x25), s -> { });
        add("MOV [moffs 1FFE],eax (device page to device page)", c(0x66, 0xA3, 0xFE, 0x1F), s -> { });
        add("MOV dx,[si+1234h]", c(0x8B, 0x94, 0x34, 0x12), s -> s.set16(ESI, s.devOff(2) - 0x1234));
        add("MOV [bp+di+10h],dx (SS)", c(0x89, 0x53, 0x10), s -> {
            s.seg[SS] = DATA_SEG;
            int bp = s.rnd.nextInt(0x1000);
            s.set16(EBP, bp);
            s.set16(EDI, s.devOff(2) - 0x10 - bp);
        });
        add("MOV dx,[bx]", c(0x8B, 0x17), s -> s.set16(EBX, s.devOff(2)));
        add("MOV [di],edx", c(0x66, 0x89, 0x15), s -> s.set16(EDI, s.devOff(4)));
        add("MOV dx,[disp16 1801]", c(0x8B, 0x16, 0x01, 0x18), s -> { });
        add("MOV dx,es:[bx+si]", c(0x26, 0x8B, m(2)), s -> {
            s.seg[DS] = RAM_SEG;
            s.memAt(2);
        });
        add("MOV dx,[ebx] (32-bit address)", c(0x67, 0x8B, 0x13), s -> s.gpr[EBX] = s.devOff(2));
        add("MOV edx,[ebx+esi*2] (SIB)", c(0x67, 0x66, 0x8B, 0x14, 0x73), s -> {
            int si = s.rnd.nextInt(0x400);
            s.gpr[ESI] = si;
            s.gpr[EBX] = s.devOff(4) - 2 * si;
        });
        add("MOV es,[dev]", c(0x8E, m(0)), mem(2));
        add("MOV ss,[dev]", c(0x8E, m(2)), mem(2));
        add("MOV ds,[dev]", c(0x8E, m(3)), mem(2));
        add("MOV [dev],cs", c(0x8C, m(1)), mem(2));
        add("MOV [dev],ds", c(0x8C, m(3)), mem(2));
        add("MOVZX dx,byte [dev]", c(0x0F, 0xB6, m(2)), mem(1));
        add("MOVZX dx,word [dev]", c(0x0F, 0xB7, m(2)), mem(2));
        add("MOVSX dx,byte [dev]", c(0x0F, 0xBE, m(2)), mem(1));
        add("MOVSX dx,word [dev]", c(0x0F, 0xBF, m(2)), mem(2));
        add("MOVZX edx,byte [dev]", c(0x66, 0x0F, 0xB6, m(2)), mem(1));
        add("MOVZX edx,word [dev]", c(0x66, 0x0F, 0xB7, m(2)), mem(2));
        add("MOVSX edx,word [dev]", c(0x66, 0x0F, 0xBF, m(2)), mem(2));
        add("XLAT", c(0xD7), s -> {
            int off = s.devOff(1);
            s.set16(EBX, off - (s.gpr[EAX] & 0xFF));
        });
        addNoDevice("LEA dx,[bx+si] (no access)", c(0x8D, m(2)), mem(2));
    }

    // ------------------------------------------------------------------ shifts

    private void shifts() {
        for (int op = 0; op < 8; op++) {
            if (op == 6) {
                continue; // SAL = SHL (one case below)
            }
            String n = SHIFT[op];
            add(n + " byte [dev],1", c(0xD0, m(op)), mem(1));
            add(n + " word [dev],1", c(0xD1, m(op)), mem(2));
            add(n + " byte [dev],cl", c(0xD2, m(op)), mem(1));
            add(n + " word [dev],cl", c(0xD3, m(op)), mem(2));
            add(n + " byte [dev],3", c(0xC0, m(op), 3), mem(1));
            add(n + " word [dev],9", c(0xC1, m(op), 9), mem(2));
            add(n + " dword [dev],cl", c(0x66, 0xD3, m(op)), mem(4));
            add(n + " dword [dev],17", c(0x66, 0xC1, m(op), 17), mem(4));
        }
        add("SAL word [dev],cl (D3 /6)", c(0xD3, m(6)), mem(2));
        add("SHL word [dev],cl with CL=0 (flags unchanged)", c(0xD3, m(4)), s -> {
            s.memAt(2);
            s.set8(1, 0);
        });
        add("SHLD [dev],dx,5", c(0x0F, 0xA4, m(2), 5), mem(2));
        add("SHLD [dev],dx,cl", c(0x0F, 0xA5, m(2)), mem(2));
        add("SHRD [dev],dx,11", c(0x0F, 0xAC, m(2), 11), mem(2));
        add("SHRD [dev],dx,cl", c(0x0F, 0xAD, m(2)), mem(2));
        add("SHLD [dev],edx,19", c(0x66, 0x0F, 0xA4, m(2), 19), mem(4));
        add("SHRD [dev],edx,cl", c(0x66, 0x0F, 0xAD, m(2)), mem(4));
    }

    // ------------------------------------------------------------------ multiply and divide

    private void mulDiv() {
        String[] names = {"MUL", "IMUL", "DIV", "IDIV"};
        for (int i = 0; i < 4; i++) {
            add(names[i] + " byte [dev]", c(0xF6, m(4 + i)), mem(1));
            add(names[i] + " word [dev]", c(0xF7, m(4 + i)), mem(2));
            add(names[i] + " dword [dev]", c(0x66, 0xF7, m(4 + i)), mem(4));
        }
        add("DIV byte [dev] (no overflow)", c(0xF6, m(6)), s -> {
            int off = s.memAt(1);
            s.set8(4, 0);
            s.poke8(phys(DATA_SEG, off), s.peek8(phys(DATA_SEG, off)) | 1);
        });
        add("DIV word [dev] (no overflow)", c(0xF7, m(6)), s -> {
            int off = s.memAt(2);
            s.set16(EDX, 0);
            s.poke16(phys(DATA_SEG, off), s.peek16(phys(DATA_SEG, off)) | 1);
        });
        add("IDIV word [dev] (no overflow)", c(0xF7, m(7)), s -> {
            int off = s.memAt(2);
            s.set16(EDX, (short) s.gpr[EAX] >> 15);
            s.poke16(phys(DATA_SEG, off), 0x0123 + s.rnd.nextInt(0x4000));
        });
        add("DIV dword [dev] (no overflow)", c(0x66, 0xF7, m(6)), s -> {
            int off = s.memAt(4);
            s.gpr[EDX] = 0;
            s.poke32(phys(DATA_SEG, off), s.peek32(phys(DATA_SEG, off)) | 1);
        });
        add("IMUL dx,[dev]", c(0x0F, 0xAF, m(2)), mem(2));
        add("IMUL edx,[dev]", c(0x66, 0x0F, 0xAF, m(2)), mem(4));
        add("IMUL dx,[dev],imm16", c(0x69, m(2), 0x34, 0x12), mem(2));
        add("IMUL dx,[dev],simm8", c(0x6B, m(2), 0xF3), mem(2));
        add("IMUL edx,[dev],imm32", c(0x66, 0x69, m(2), 0x78, 0x56, 0x34, 0x12), mem(4));
    }

    // ------------------------------------------------------------------ stack

    private void stack() {
        add("PUSH word [dev]", c(0xFF, m(6)), mem(2));
        add("PUSH dword [dev]", c(0x66, 0xFF, m(6)), mem(4));
        add("PUSH word [ram] (stack on device)", c(0xFF, m(6)), s -> {
            s.stackDevice();
            s.bxsi(s.ramOff(2));
        });
        add("PUSH word [dev] (stack on device)", c(0xFF, m(6)), s -> {
            s.stackDevice();
            s.memAt(2);
        });
        add("POP word [dev] (stack in RAM)", c(0x8F, m(0)), mem(2));
        add("POP dword [dev] (stack in RAM)", c(0x66, 0x8F, m(0)), mem(4));
        add("POP word [ram] (stack on device)", c(0x8F, m(0)), s -> {
            s.stackDevice();
            s.bxsi(s.ramOff(2));
        });
        add("POP word [dev] (stack on device)", c(0x8F, m(0)), s -> {
            s.stackDevice();
            s.memAt(2);
        });
        Consumer<RedirectSetup> dev = RedirectSetup::stackDevice;
        add("PUSH dx (stack on device)", c(0x52), dev);
        add("PUSH edx (stack on device)", c(0x66, 0x52), dev);
        add("POP dx (stack on device)", c(0x5A), dev);
        add("POP edx (stack on device)", c(0x66, 0x5A), dev);
        add("POP sp (stack on device)", c(0x5C), dev);
        add("PUSH imm16 (stack on device)", c(0x68, 0x34, 0x12), dev);
        add("PUSH simm8 (stack on device)", c(0x6A, 0xF0), dev);
        add("PUSHF (stack on device)", c(0x9C), dev);
        add("PUSHFD (stack on device)", c(0x66, 0x9C), dev);
        add("POPF (stack on device)", c(0x9D), dev);
        add("POPFD (stack on device)", c(0x66, 0x9D), dev);
        add("PUSH es (stack on device)", c(0x06), dev);
        add("POP es (stack on device)", c(0x07), dev);
        add("POP ss (stack on device)", c(0x17), dev);
        add("PUSH fs (stack on device)", c(0x0F, 0xA0), dev);
        add("POP gs (stack on device)", c(0x0F, 0xA9), dev);
        add("PUSHA (stack on device)", c(0x60), dev);
        add("POPA (stack on device)", c(0x61), dev);
        add("PUSHAD (stack on device)", c(0x66, 0x60), dev);
        add("POPAD (stack on device)", c(0x66, 0x61), dev);
        add("PUSHA (stack crossing from RAM into the device)", c(0x60), s -> {
            s.seg[SS] = DATA_SEG;
            s.set16(ESP, 0x3008);
        });
        add("POPA (stack crossing from the device into RAM)", c(0x61), s -> {
            s.seg[SS] = DATA_SEG;
            s.set16(ESP, 0x2FF8);
        });
        add("PUSH dx (SP=3001: word crossing device to RAM)", c(0x52), s -> {
            s.seg[SS] = DATA_SEG;
            s.set16(ESP, 0x3001);
        });
        add("POP dx (SP=0FFF: word crossing RAM to device)", c(0x5A), s -> {
            s.seg[SS] = DATA_SEG;
            s.set16(ESP, 0x0FFF);
        });
        add("PUSH edx (SP=1002: dword crossing RAM to device)", c(0x66, 0x52), s -> {
            s.seg[SS] = DATA_SEG;
            s.set16(ESP, 0x1002);
        });
    }

    // ------------------------------------------------------------------ jumps and calls

    private void controlTransfer() {
        Consumer<RedirectSetup> dev = RedirectSetup::stackDevice;
        add("CALL near [dev]", c(0xFF, m(2)), mem(2));
        add("CALL near [dev] (stack on device)", c(0xFF, m(2)), s -> {
            s.stackDevice();
            s.memAt(2);
        });
        add("CALL near [ram] (stack on device)", c(0xFF, m(2)), s -> {
            s.stackDevice();
            s.bxsi(s.ramOff(2));
        });
        add("JMP near [dev]", c(0xFF, m(4)), mem(2));
        add("CALL far [dev]", c(0xFF, m(3)), mem(4));
        add("CALL far [dev] (stack on device)", c(0xFF, m(3)), s -> {
            s.stackDevice();
            s.memAt(4);
        });
        add("JMP far [dev]", c(0xFF, m(5)), mem(4));
        add("JMP far [dev] (32-bit offset)", c(0x66, 0xFF, m(5)), s -> {
            int off = s.memAt(6);
            s.poke16(phys(DATA_SEG, off + 2), 0);
        });
        add("CALL rel16 (stack on device)", c(0xE8, 0x34, 0x12), dev);
        add("CALL far ptr16:16 (stack on device)", c(0x9A, 0x00, 0x01, 0x00, 0x20), dev);
        add("RET (stack on device)", c(0xC3), dev);
        add("RET 6 (stack on device)", c(0xC2, 0x06, 0x00), dev);
        add("RETF (stack on device)", c(0xCB), dev);
        add("RETF 4 (stack on device)", c(0xCA, 0x04, 0x00), dev);
        add("RETFD (stack on device)", c(0x66, 0xCB), s -> {
            s.stackDevice();
            s.poke16(s.stack(2), 0);
        });
    }

    private void farPointers() {
        add("LES dx,[dev]", c(0xC4, m(2)), mem(4));
        add("LDS dx,[dev]", c(0xC5, m(2)), mem(4));
        add("LSS dx,[dev]", c(0x0F, 0xB2, m(2)), mem(4));
        add("LFS dx,[dev]", c(0x0F, 0xB4, m(2)), mem(4));
        add("LGS dx,[dev]", c(0x0F, 0xB5, m(2)), mem(4));
        add("LES edx,[dev]", c(0x66, 0xC4, m(2)), mem(6));
        add("BOUND dx,[dev] (in range)", c(0x62, m(2)), s -> {
            int off = s.memAt(4);
            int idx = s.rnd.nextInt(60000) - 30000;
            s.set16(EDX, idx);
            s.poke16(phys(DATA_SEG, off), idx - s.rnd.nextInt(100));
            s.poke16(phys(DATA_SEG, off + 2), idx + s.rnd.nextInt(100));
        });
        add("BOUND edx,[dev] (in range)", c(0x66, 0x62, m(2)), s -> {
            int off = s.memAt(8);
            int idx = s.rnd.nextInt();
            idx = idx / 2;
            s.gpr[EDX] = idx;
            s.poke32(phys(DATA_SEG, off), idx - s.rnd.nextInt(100));
            s.poke32(phys(DATA_SEG, off + 4), idx + s.rnd.nextInt(100));
        });
        add("BOUND dx,[dev] (out of range: #BR)", c(0x62, m(2)), s -> {
            int off = s.memAt(4);
            int idx = s.rnd.nextInt(60000) - 30000;
            s.set16(EDX, idx);
            s.poke16(phys(DATA_SEG, off), idx + 1 + s.rnd.nextInt(100));
            s.poke16(phys(DATA_SEG, off + 2), idx + 200);
        });
    }

    // ------------------------------------------------------------------ bit instructions, SETcc

    private void bits() {
        String[] names = {"BT", "BTS", "BTR", "BTC"};
        int[] ops = {0xA3, 0xAB, 0xB3, 0xBB};
        for (int i = 0; i < 4; i++) {
            int op = ops[i];
            add(names[i] + " [dev],dx (bit offset within +-300)", c(0x0F, op, m(2)), s -> {
                s.bxsi(0x1800 + s.rnd.nextInt(0x1000));
                s.set16(EDX, s.rnd.nextInt(601) - 300);
            });
            add(names[i] + " [dev],dx (bit offset 100: beyond the word)", c(0x0F, op, m(2)), s -> {
                s.bxsi(0x1800 + s.rnd.nextInt(0x1000));
                s.set16(EDX, 100);
            });
            add(names[i] + " [dev],edx (bit offset within +-1000)", c(0x66, 0x0F, op, m(2)), s -> {
                s.bxsi(0x1800 + s.rnd.nextInt(0x1000));
                s.gpr[EDX] = s.rnd.nextInt(2001) - 1000;
            });
            add(names[i] + " word [dev],imm 13", c(0x0F, 0xBA, m(4 + i), 13), mem(2));
            add(names[i] + " dword [dev],imm 29", c(0x66, 0x0F, 0xBA, m(4 + i), 29), mem(4));
        }
        add("BTS [ram],dx (bit offset reaching into the device)", c(0x0F, 0xAB, m(2)), s -> {
            s.bxsi(0x0F00);
            s.set16(EDX, 0x1000 + s.rnd.nextInt(16)); // +200h bytes: 1100h, on the device
        });
        for (int cc = 0; cc < 16; cc++) {
            add("SET" + CC[cc] + " byte [dev]", c(0x0F, 0x90 + cc, 0x00), mem(1));
        }
    }

    // ------------------------------------------------------------------ exchanges

    private void exchange() {
        add("XCHG byte [dev],dl", c(0x86, m(2)), mem(1));
        add("XCHG byte [dev],dh", c(0x86, m(6)), mem(1));
        add("XCHG word [dev],dx", c(0x87, m(2)), mem(2));
        add("XCHG dword [dev],edx", c(0x66, 0x87, m(2)), mem(4));
        add("LOCK XCHG byte [dev],dl", c(0xF0, 0x86, m(2)), mem(1));
        add("XADD byte [dev],dl", c(0x0F, 0xC0, m(2)), mem(1));
        add("XADD word [dev],dx", c(0x0F, 0xC1, m(2)), mem(2));
        add("XADD dword [dev],edx", c(0x66, 0x0F, 0xC1, m(2)), mem(4));
        add("LOCK XADD word [dev],dx", c(0xF0, 0x0F, 0xC1, m(2)), mem(2));
        add("CMPXCHG byte [dev],dl (equal)", c(0x0F, 0xB0, m(2)), s -> {
            int off = s.memAt(1);
            s.set8(0, s.peek8(phys(DATA_SEG, off)));
        });
        add("CMPXCHG byte [dev],dl (not equal)", c(0x0F, 0xB0, m(2)), s -> {
            int off = s.memAt(1);
            s.set8(0, s.peek8(phys(DATA_SEG, off)) ^ 0x10);
        });
        add("CMPXCHG word [dev],dx (equal)", c(0x0F, 0xB1, m(2)), s -> {
            int off = s.memAt(2);
            s.set16(EAX, s.peek16(phys(DATA_SEG, off)));
        });
        add("CMPXCHG word [dev],dx (not equal)", c(0x0F, 0xB1, m(2)), mem(2));
        add("CMPXCHG dword [dev],edx (equal)", c(0x66, 0x0F, 0xB1, m(2)), s -> {
            int off = s.memAt(4);
            s.gpr[EAX] = s.peek32(phys(DATA_SEG, off));
        });
        add("CMPXCHG dword [dev],edx (not equal)", c(0x66, 0x0F, 0xB1, m(2)), mem(4));
    }

    // ------------------------------------------------------------------ system instructions

    private void system() {
        add("LGDT [dev]", c(0x0F, 0x01, m(2)), mem(6));
        add("LIDT [dev]", c(0x0F, 0x01, m(3)), mem(6));
        add("SGDT [dev]", c(0x0F, 0x01, m(0)), mem(6));
        add("SIDT [dev]", c(0x0F, 0x01, m(1)), mem(6));
        add("SMSW [dev]", c(0x0F, 0x01, m(4)), mem(2));
        add("LMSW [dev]", c(0x0F, 0x01, m(6)), s -> {
            int off = s.memAt(2);
            s.poke16(phys(DATA_SEG, off), s.peek16(phys(DATA_SEG, off)) & ~1);
        });
        addNoDevice("ESC with a memory operand (no access)", c(0xD8, m(0)), mem(4));
    }

    // ------------------------------------------------------------------ ENTER, LEAVE

    private void enterLeave() {
        add("ENTER 16,0 (stack on device)", c(0xC8, 0x10, 0x00, 0x00), RedirectSetup::stackDevice);
        add("ENTER 8,1 (stack on device)", c(0xC8, 0x08, 0x00, 0x01), RedirectSetup::stackDevice);
        add("ENTER 4,3 (stack and frames on device)", c(0xC8, 0x04, 0x00, 0x03), s -> {
            s.stackDevice();
            s.set16(EBP, s.get16(ESP) + 0x40 + (s.rnd.nextInt(0x40) & ~1));
        });
        add("ENTER 8,2 with 32-bit operands (stack on device)", c(0x66, 0xC8, 0x08, 0x00, 0x02), s -> {
            s.stackDevice();
            s.set16(EBP, s.get16(ESP) + 0x40);
        });
        add("LEAVE (frame on device)", c(0xC9), s -> {
            s.stackDevice();
            s.set16(EBP, s.devOff(2));
        });
        add("LEAVE 32-bit (frame on device)", c(0x66, 0xC9), s -> {
            s.stackDevice();
            s.set16(EBP, s.devOff(4));
        });
    }

    // ------------------------------------------------------------------ interrupts

    private void interrupts() {
        add("INT 21h (stack on device)", c(0xCD, 0x21), RedirectSetup::stackDevice);
        add("INT 21h (vector table on device, IDTR moved there)", c(0xCD, 0x21), s -> {
            s.idtBase = phys(DATA_SEG, 0x1000 + (s.rnd.nextInt(0x800) & ~3));
        });
        add("INT 21h (vector table and stack on device)", c(0xCD, 0x21), s -> {
            s.stackDevice();
            s.idtBase = phys(DATA_SEG, 0x2000 + (s.rnd.nextInt(0x800) & ~3) + 1);
        });
        add("INT3 (stack on device)", c(0xCC), RedirectSetup::stackDevice);
        add("INTO with OF=1 (stack on device)", c(0xCE), s -> {
            s.stackDevice();
            s.setFlag(Flags.OF, true);
        });
        add("IRET (frame on device)", c(0xCF), RedirectSetup::stackDevice);
        add("IRETD (frame on device)", c(0x66, 0xCF), s -> {
            s.stackDevice();
            s.poke16(s.stack(2), 0);
        });
    }

    // ------------------------------------------------------------------ strings

    private void strings() {
        add("REP MOVSB (device to RAM)", c(0xF3, 0xA4), s -> {
            s.set16(ESI, 0x1000 + s.rnd.nextInt(0x1000));
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0x100 + s.rnd.nextInt(0xE000));
            s.set16(ECX, 37);
        });
        add("REP MOVSB DF=1 (device to RAM)", c(0xF3, 0xA4), s -> {
            s.set16(ESI, 0x1800 + s.rnd.nextInt(0x1000));
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0x1000 + s.rnd.nextInt(0xE000));
            s.set16(ECX, 41);
            s.setFlag(Flags.DF, true);
        });
        add("REP MOVSW (source crossing from RAM into the device mid-REP)", c(0xF3, 0xA5), s -> {
            s.set16(ESI, 0x0FE0);
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0x100 + s.rnd.nextInt(0xE000));
            s.set16(ECX, 40);
        });
        add("REP MOVSW (destination crossing from RAM into the device mid-REP)", c(0xF3, 0xA5), s -> {
            s.seg[DS] = RAM_SEG;
            s.set16(ESI, 0x100 + s.rnd.nextInt(0xE000));
            s.set16(EDI, 0x0FF0);
            s.set16(ECX, 30);
        });
        add("REP MOVSW (device to device, odd addresses)", c(0xF3, 0xA5), s -> {
            s.set16(ESI, 0x1801);
            s.set16(EDI, 0x2401);
            s.set16(ECX, 33);
        });
        add("REP MOVSW (odd source crossing RAM to device within an element)", c(0xF3, 0xA5), s -> {
            s.set16(ESI, 0x0FF9);
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0x4000);
            s.set16(ECX, 8);
        });
        add("REP MOVSD DF=1 (device to device)", c(0x66, 0xF3, 0xA5), s -> {
            s.set16(ESI, 0x2F00);
            s.set16(EDI, 0x2000);
            s.set16(ECX, 25);
            s.setFlag(Flags.DF, true);
        });
        add("REP MOVSB with 32-bit addressing (ECX, ESI, EDI)", c(0x67, 0xF3, 0xA4), s -> {
            s.gpr[ESI] = 0x1000 + s.rnd.nextInt(0x1000);
            s.seg[ES] = RAM_SEG;
            s.gpr[EDI] = 0x100 + s.rnd.nextInt(0xE000);
            s.gpr[ECX] = 25;
        });
        add("MOVSB (no REP, device to device)", c(0xA4), s -> {
            s.set16(ESI, s.devOff(1));
            s.set16(EDI, s.devOff(1));
        });
        add("MOVSD (no REP, RAM-to-device and device-to-RAM crossings)", c(0x66, 0xA5), s -> {
            s.set16(ESI, 0x0FFE);
            s.set16(EDI, 0x2FFF);
        });
        add("REPE CMPSB (device vs RAM, 20 equal then a difference)", c(0xF3, 0xA6), s -> {
            int si = 0x1200 + s.rnd.nextInt(0x1000);
            int di = 0x1000 + s.rnd.nextInt(0xE000);
            s.set16(ESI, si);
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, di);
            s.set16(ECX, 50);
            for (int k = 0; k <= 20; k++) {
                int b = s.peek8(phys(DATA_SEG, si + k));
                s.poke8(phys(RAM_SEG, di + k), k < 20 ? b : b ^ 0x5A);
            }
        });
        add("REPNE CMPSW (device vs device, equal at element 15)", c(0xF2, 0xA7), s -> {
            int si = 0x1000 + (s.rnd.nextInt(0x800) & ~1);
            int di = 0x2000 + (s.rnd.nextInt(0x800) & ~1);
            s.set16(ESI, si);
            s.set16(EDI, di);
            s.set16(ECX, 40);
            for (int k = 0; k <= 15; k++) {
                int w = s.peek16(phys(DATA_SEG, si + 2 * k));
                s.poke16(phys(DATA_SEG, di + 2 * k), k < 15 ? w ^ 0x0101 : w);
            }
        });
        add("REPE CMPSD DF=1 (device vs device, 10 equal)", c(0x66, 0xF3, 0xA7), s -> {
            int si = 0x2800;
            int di = 0x1C00;
            s.set16(ESI, si);
            s.set16(EDI, di);
            s.set16(ECX, 30);
            s.setFlag(Flags.DF, true);
            for (int k = 0; k <= 10; k++) {
                int v = s.peek32(phys(DATA_SEG, si - 4 * k));
                s.poke32(phys(DATA_SEG, di - 4 * k), k < 10 ? v : ~v);
            }
        });
        add("REP STOSB (to device)", c(0xF3, 0xAA), s -> {
            s.set16(EDI, 0x1000 + s.rnd.nextInt(0x1F00));
            s.set16(ECX, 45);
        });
        add("REP STOSW DF=1 (to device)", c(0xF3, 0xAB), s -> {
            s.set16(EDI, 0x2800 + s.rnd.nextInt(0x100));
            s.set16(ECX, 40);
            s.setFlag(Flags.DF, true);
        });
        add("REP STOSD (to device, crossing device pages, unaligned)", c(0x66, 0xF3, 0xAB), s -> {
            s.set16(EDI, 0x1FF2 - 1);
            s.set16(ECX, 20);
        });
        add("REP STOSW (DI wrapping at 64 KiB onto the device)", c(0xF3, 0xAB), s -> {
            s.seg[ES] = 0x3100;
            s.set16(EDI, 0xFFF0);
            s.set16(ECX, 16);
        });
        add("REP LODSB (from device)", c(0xF3, 0xAC), s -> {
            s.set16(ESI, s.devOff(30));
            s.set16(ECX, 30);
        });
        add("LODSW (from device)", c(0xAD), s -> s.set16(ESI, s.devOff(2)));
        add("LODSD (from device)", c(0x66, 0xAD), s -> s.set16(ESI, s.devOff(4)));
        add("REPNE SCASB (device, match at element 25)", c(0xF2, 0xAE), s -> {
            int di = s.devOff(60);
            s.set16(EDI, di);
            s.set16(ECX, 60);
            int al = s.gpr[EAX] & 0xFF;
            for (int k = 0; k < 25; k++) {
                if (s.peek8(phys(DATA_SEG, di + k)) == al) {
                    s.poke8(phys(DATA_SEG, di + k), al ^ 1);
                }
            }
            s.poke8(phys(DATA_SEG, di + 25), al);
        });
        add("REPE SCASW (device, 12 equal)", c(0xF3, 0xAF), s -> {
            int di = s.devOff(60);
            s.set16(EDI, di);
            s.set16(ECX, 30);
            int ax = s.gpr[EAX] & 0xFFFF;
            for (int k = 0; k <= 12; k++) {
                s.poke16(phys(DATA_SEG, di + 2 * k), k < 12 ? ax : ax ^ 0x8000);
            }
        });
        add("SCASD (device)", c(0x66, 0xAF), s -> s.set16(EDI, s.devOff(4)));
        add("REP INSB (to device)", c(0xF3, 0x6C), s -> {
            s.set16(EDX, 0x60);
            s.set16(EDI, s.devOff(33));
            s.set16(ECX, 33);
        });
        add("REP INSW (to device, odd address)", c(0xF3, 0x6D), s -> {
            s.set16(EDX, 0x1F0);
            s.set16(EDI, s.devOff(42) | 1);
            s.set16(ECX, 21);
        });
        add("REP INSD (to device)", c(0x66, 0xF3, 0x6D), s -> {
            s.set16(EDX, 0xCFC);
            s.set16(EDI, s.devOff(36));
            s.set16(ECX, 9);
        });
        add("INSB (no REP, to device)", c(0x6C), s -> {
            s.set16(EDX, 0x71);
            s.set16(EDI, s.devOff(1));
        });
        add("REP OUTSB (from device)", c(0xF3, 0x6E), s -> {
            s.set16(EDX, 0x3F8);
            s.set16(ESI, s.devOff(29));
            s.set16(ECX, 29);
        });
        add("REP OUTSW (from device)", c(0xF3, 0x6F), s -> {
            s.set16(EDX, 0x1F0);
            s.set16(ESI, s.devOff(40));
            s.set16(ECX, 20);
        });
        add("REP OUTSD (from device)", c(0x66, 0xF3, 0x6F), s -> {
            s.set16(EDX, 0xCFC);
            s.set16(ESI, s.devOff(28));
            s.set16(ECX, 7);
        });
        add("REP OUTSB ES: (segment override, from device)", c(0xF3, 0x26, 0x6E), s -> {
            s.seg[DS] = RAM_SEG;
            s.set16(EDX, 0x80);
            s.set16(ESI, s.devOff(17));
            s.set16(ECX, 17);
        });
        addNoDevice("REP MOVSB with CX=0 (nothing happens)", c(0xF3, 0xA4), s -> {
            s.set16(ESI, s.devOff(1));
            s.set16(ECX, 0);
        });
    }

    // ------------------------------------------------------------------ page crossing

    private void pageCrossing() {
        add("MOV dx,[0FFF] (word RAM to device)", c(0x8B, 0x16, 0xFF, 0x0F), s -> { });
        add("MOV edx,[0FFE] (dword RAM to device, 2+2)", c(0x66, 0x8B, 0x16, 0xFE, 0x0F), s -> { });
        add("MOV edx,[0FFD] (dword RAM to device, 3+1)", c(0x66, 0x8B, 0x16, 0xFD, 0x0F), s -> { });
        add("MOV edx,[0FFF] (dword RAM to device, 1+3)", c(0x66, 0x8B, 0x16, 0xFF, 0x0F), s -> { });
        add("MOV [0FFF],dx (word RAM to device)", c(0x89, 0x16, 0xFF, 0x0F), s -> { });
        add("MOV [0FFD],edx (dword RAM to device)", c(0x66, 0x89, 0x16, 0xFD, 0x0F), s -> { });
        add("MOV [2FFF],dx (word device to RAM)", c(0x89, 0x16, 0xFF, 0x2F), s -> { });
        add("MOV [2FFD],edx (dword device to RAM)", c(0x66, 0x89, 0x16, 0xFD, 0x2F), s -> { });
        add("MOV dx,[2FFF] (word device to RAM)", c(0x8B, 0x16, 0xFF, 0x2F), s -> { });
        add("MOV edx,[2FFE] (dword device to RAM)", c(0x66, 0x8B, 0x16, 0xFE, 0x2F), s -> { });
        add("MOV dx,[1FFF] (word device page to device page)", c(0x8B, 0x16, 0xFF, 0x1F), s -> { });
        add("MOV [1FFD],edx (dword device page to device page)", c(0x66, 0x89, 0x16, 0xFD, 0x1F), s -> { });
        add("ADD [0FFF],dx (RMW word RAM to device)", c(0x01, 0x16, 0xFF, 0x0F), s -> { });
        add("ADD [2FFF],dx (RMW word device to RAM)", c(0x01, 0x16, 0xFF, 0x2F), s -> { });
        add("ADC [1FFD],edx (RMW dword device to device)", c(0x66, 0x11, 0x16, 0xFD, 0x1F), s -> { });
        add("XCHG [2FFE],edx (dword device to RAM)", c(0x66, 0x87, 0x16, 0xFE, 0x2F), s -> { });
        add("INC dword [0FFE] (RAM to device)", c(0x66, 0xFF, 0x06, 0xFE, 0x0F), s -> { });
        add("RCL word [0FFF],1 (RAM to device)", c(0xD1, 0x16, 0xFF, 0x0F), s -> { });
        add("LES dx,[0FFE] (offset in RAM, selector on device)", c(0xC4, 0x16, 0xFE, 0x0F), s -> { });
        add("CALL far [2FFD] (offset on device, selector crossing device to RAM)", c(0xFF, 0x1E, 0xFD, 0x2F),
                s -> { });
    }

    // ------------------------------------------------------------------ 64 KiB wrap of 16-bit addresses

    private void segmentWrap() {
        add("MOV dx,[bx+si] (BX+SI > FFFFh wraps onto the device)", c(0x8B, m(2)),
                s -> s.bxsiWrapped(s.devOff(2)));
        add("ADD [bx+si+7Fh],edx (wraps)", c(0x66, 0x01, 0x50, 0x7F), s -> s.bxsiWrapped(s.devOff(4) - 0x7F));
        add("MOV dx,[bp+di-80h] (SS, wraps)", c(0x8B, 0x53, 0x80), s -> {
            s.seg[SS] = DATA_SEG;
            int off = s.devOff(2);
            int bp = 0xF000 + s.rnd.nextInt(0x1000);
            s.set16(EBP, bp);
            s.set16(EDI, off + 0x80 - bp);
        });
        add("MOV dx,[si+F000h] (wraps)", c(0x8B, 0x94, 0x00, 0xF0), s -> s.set16(ESI, s.devOff(2) + 0x1000));
        add("LES dx,[bx+si] (wraps)", c(0xC4, m(2)), s -> s.bxsiWrapped(s.devOff(4)));
        add("PUSH word [bx+si] (wraps)", c(0xFF, m(6)), s -> s.bxsiWrapped(s.devOff(2)));
        add("MOV [bx+si],dx (wraps; DS=3100h puts the low offsets on the device)",
                c(0x89, m(2)), s -> {
                    s.seg[DS] = 0x3100;
                    s.bxsiWrapped(s.rnd.nextInt(0x1F00));
                });
    }

    // ------------------------------------------------------------------ faults

    private void faults() {
        addNoDevice("MOV dx,[FFFF] (#GP, no access)", c(0x8B, 0x16, 0xFF, 0xFF), s -> { });
        Consumer<RedirectSetup> at2200 = s -> s.seg[DS] = 0x2200; // 2200:FFFD = 31FFD, on the device
        add("LES dx,[FFFD] (device read, then #GP on the selector at FFFF)", c(0xC4, 0x16, 0xFD, 0xFF), at2200);
        add("LDS edx,[FFFB] (device read, then #GP)", c(0x66, 0xC5, 0x16, 0xFB, 0xFF), at2200);
        add("BOUND dx,[FFFD] (device read, then #GP)", c(0x62, 0x16, 0xFD, 0xFF), at2200);
        add("CALL far [FFFD] (device read, then #GP)", c(0xFF, 0x1E, 0xFD, 0xFF), at2200);
        add("MOVSW (device read, then #GP writing ES:FFFF)", c(0xA5), s -> {
            s.set16(ESI, s.devOff(2));
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0xFFFF);
        });
        add("CMPSW (device read, then #GP reading ES:FFFF)", c(0xA7), s -> {
            s.set16(ESI, s.devOff(2));
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0xFFFF);
        });
        add("REP MOVSW (device source, #GP at DI=FFFF after 7 elements)", c(0xF3, 0xA5), s -> {
            s.set16(ESI, s.devOff(40));
            s.seg[ES] = RAM_SEG;
            s.set16(EDI, 0xFFF1);
            s.set16(ECX, 20);
        });
        add("DIV byte [dev] by zero (#DE)", c(0xF6, m(6)), s -> {
            int off = s.memAt(1);
            s.poke8(phys(DATA_SEG, off), 0);
        });
        add("LES dx,[FFFD] (#GP delivered onto a stack on the device)", c(0xC4, 0x16, 0xFD, 0xFF), s -> {
            s.seg[DS] = 0x2200;
            s.stackDevice();
        });
        add("DIV word [ram] by zero (#DE delivered onto a stack on the device)", c(0xF7, m(6)), s -> {
            s.stackDevice();
            int off = s.bxsi(s.ramOff(2));
            s.poke16(phys(DATA_SEG, off), 0);
        });
        add("PUSH dword [dev] at SP=2 (#SS after the device read)", c(0x66, 0xFF, m(6)), s -> {
            s.memAt(4);
            s.set16(ESP, 2);
        });
    }
}
