package org.tessera.cpu.core.internal.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Unit tests of {@link Disassembler} on hand-picked, mostly tricky encodings. */
class DisassemblerTest {

    private final Disassembler dis = new Disassembler();

    /** Parses "8B 46 02" into bytes. */
    private static byte[] bytes(String hex) {
        String[] parts = hex.trim().isEmpty() ? new String[0] : hex.trim().split("\\s+");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return b;
    }

    /**
     * Checks text and length of the instruction at address {@code address}.
     *
     * @param mode "16" (16-bit operand and address size) or "32"
     */
    private void check(String mode, long address, String hex, String text, int length) {
        boolean is32 = mode.equals("32");
        StringBuilder sb = new StringBuilder();
        int n = dis.disassemble(bytes(hex), 0, address, is32, is32, sb);
        assertEquals(text, sb.toString(), () -> "text of " + hex + " (" + mode + "-bit)");
        assertEquals(length, n, () -> "length of " + hex + " (" + mode + "-bit)");
    }

    /** 16-bit code at address 0, the whole byte string being one instruction. */
    private void d16(String hex, String text) {
        check("16", 0, hex, text, bytes(hex).length);
    }

    /** 32-bit code at address 0, the whole byte string being one instruction. */
    private void d32(String hex, String text) {
        check("32", 0, hex, text, bytes(hex).length);
    }

    @Test
    void modrm16() {
        d16("00 5F 0E", "add [bx+0Eh],bl");
        d16("00 42 FE", "add [bp+si-2],al");
        d16("01 01", "add [bx+di],ax");
        d16("03 D9", "add bx,cx");
        d16("8B 46 00", "mov ax,[bp]");
        d16("8B 06 34 12", "mov ax,[1234h]");
        d16("8B 86 00 80", "mov ax,[bp-8000h]");
        d16("8B 87 FF 7F", "mov ax,[bx+7FFFh]");
        d16("8A 80 BE B2", "mov al,[bx+si-4D42h]");
        d16("88 2D", "mov [di],ch");
        d16("8B 04", "mov ax,[si]");
        d16("8B 05", "mov ax,[di]");
        d16("8B 03", "mov ax,[bp+di]");
        d16("8B 06 09 00", "mov ax,[9]");
        d16("8B 06 0A 00", "mov ax,[0Ah]");
    }

    @Test
    void segmentOverrides() {
        d16("26 8B 07", "mov ax,[es:bx]");
        d16("3E 8B 46 02", "mov ax,[ds:bp+2]");
        d16("36 8B 46 02", "mov ax,[bp+2]");
        d16("36 8B 07", "mov ax,[ss:bx]");
        d16("3E 8B 07", "mov ax,[bx]");
        d16("2E 26 8B 07", "mov ax,[es:bx]");
        d16("26 2E 8B 07", "mov ax,[cs:bx]");
        d16("64 8B 07", "mov ax,[fs:bx]");
        d16("65 8B 06 00 01", "mov ax,[gs:100h]");
        d16("36 26 11 E5", "adc bp,sp");
        d16("2E 8D 07", "lea ax,[bx]");
        d16("26 A1 9D B9", "mov ax,[es:0B99Dh]");
        d16("2E FF 1E 0E 21", "call far [cs:210Eh]");
        d32("3E 8B 04 24", "mov eax,[ds:esp]");
        d32("36 8B 04 24", "mov eax,[esp]");
        d32("36 8B 00", "mov eax,[ss:eax]");
        d32("64 A1 30 00 00 00", "mov eax,[fs:30h]");
        d32("3E 8B 45 00", "mov eax,[ds:ebp]");
    }

    @Test
    void modrm32AndSib() {
        d32("8B 04 24", "mov eax,[esp]");
        d32("8B 44 24 04", "mov eax,[esp+4]");
        d32("8B 4C 24 FC", "mov ecx,[esp-4]");
        d32("8B 84 24 00 01 00 00", "mov eax,[esp+100h]");
        d32("8B 45 FC", "mov eax,[ebp-4]");
        d32("8B 45 00", "mov eax,[ebp]");
        d32("8B 04 88", "mov eax,[eax+ecx*4]");
        d32("8B 44 8D F0", "mov eax,[ebp+ecx*4-10h]");
        d32("8B 04 4B", "mov eax,[ebx+ecx*2]");
        d32("8B 04 C3", "mov eax,[ebx+eax*8]");
        // SIB without base (mod 00, base 101): disp32, printed unsigned
        d32("8B 04 8D 00 10 00 80", "mov eax,[ecx*4+80001000h]");
        d32("8B 04 CD 00 00 00 00", "mov eax,[ecx*8]");
        // SIB without base and without index: a plain disp32
        d32("8B 04 25 78 56 34 12", "mov eax,[12345678h]");
        d32("8B 04 65 00 00 00 00", "mov eax,[0]");
        // index 100 means no index whatever the scale
        d32("8B 04 60", "mov eax,[eax]");
        // mod 00 r/m 101 is an absolute disp32 (no RIP-relative addressing outside 64-bit mode)
        d32("8B 05 78 56 34 12", "mov eax,[12345678h]");
        d32("8B 80 00 00 00 80", "mov eax,[eax-80000000h]");
        d32("8B 5C 24 00", "mov ebx,[esp]");
        d32("C7 84 24 00 01 00 00 78 56 34 12", "mov dword [esp+100h],12345678h");
        d32("81 7C 8D 08 FF FF 00 00", "cmp dword [ebp+ecx*4+8],0FFFFh");
    }

    @Test
    void operandAndAddressSizePrefixes() {
        d16("66 8B 07", "mov eax,[bx]");
        d16("67 8B 07", "mov ax,[edi]");
        d16("66 67 8B 07", "mov eax,[edi]");
        d16("67 66 8B 07", "mov eax,[edi]");
        d16("66 66 8B 07", "mov eax,[bx]");
        d16("67 8B 04 24", "mov ax,[esp]");
        d16("67 8B 44 24 08", "mov ax,[esp+8]");
        d32("66 8B 07", "mov ax,[edi]");
        d32("67 8B 07", "mov eax,[bx]");
        d32("67 8B 46 02", "mov eax,[bp+2]");
        d16("66 B8 78 56 34 12", "mov eax,12345678h");
        d16("66 05 FF FF FF FF", "add eax,0FFFFFFFFh");
        d16("83 C0 FE", "add ax,0FFFEh");
        d16("66 83 C0 FE", "add eax,0FFFFFFFEh");
        d16("66 6A FF", "o32 push 0FFFFFFFFh");
        d16("66 68 78 56 34 12", "o32 push 12345678h");
        d16("6A FF", "push 0FFFFh");
        d32("66 6A FF", "o16 push 0FFFFh");
        d16("66 06", "o32 push es");
        d16("66 C3", "o32 ret");
        d16("66 98", "cwde");
        d16("66 99", "cdq");
        d16("66 A5", "movsd");
        d16("66 CF", "iretd");
        d16("66 60", "pushad");
        d16("66 9D", "popfd");
        d16("66 6D", "insd");
        d32("66 CF", "iret");
        d32("66 A5", "movsw");
        d32("A5", "movsd");
        d16("67 A4", "a32 movsb");
        d16("67 F3 AA", "rep a32 stosb");
        d16("67 D7", "a32 xlatb");
        d16("67 A1 78 56 34 12", "mov ax,[12345678h]");
        d32("67 A1 34 12", "mov eax,[1234h]");
        d16("66 8C D8", "mov eax,ds");
        d16("8C D8", "mov ax,ds");
        d16("66 8C 1F", "mov [bx],ds");
        d16("66 0F B6 07", "movzx eax,byte [bx]");
        d16("0F B7 C3", "movzx ax,bx");
        d16("66 0F BF C3", "movsx eax,bx");
        d16("66 0F BE 46 FE", "movsx eax,byte [bp-2]");
        d16("66 0F B7 07", "movzx eax,word [bx]");
    }

    @Test
    void relativeBranches() {
        check("16", 0x100, "EB FE", "jmp short 0100h", 2);
        check("16", 0, "70 87", "jo short 0FF89h", 2);
        check("16", 0, "74 03", "je short 5", 2);
        check("16", 0, "70 0D", "jo short 000Fh", 2);
        check("16", 0x8000, "E9 00 80", "jmp 3", 3);
        check("16", 0, "E8 0C 48", "call 480Fh", 3);
        check("16", 0x100, "0F 84 FA FF", "je 00FEh", 4);
        check("16", 0xFFF0, "0F 8F 20 00", "jg 0014h", 4);
        check("16", 0, "66 E8 00 00 00 00", "call 6", 6);
        check("16", 0x100, "66 0F 85 00 00 00 80", "jne 80000107h", 7);
        check("32", 0x100, "0F 85 00 00 00 80", "jne 80000106h", 6);
        check("32", 0x100, "E8 00 00 00 00", "call 00000105h", 5);
        check("32", 0x100, "EB FE", "jmp short 00000100h", 2);
        check("32", 0xFFFFFFF0L, "E9 10 00 00 00", "jmp 5", 5);
        check("32", 0x100, "66 E9 00 00", "jmp 0104h", 4);
        check("16", 0, "E2 FE", "loop 0", 2);
        check("16", 0, "E0 BC", "loopne 0FFBEh", 2);
        check("16", 0, "E3 53", "jcxz 0055h", 2);
        check("16", 0, "67 E3 10", "jecxz 0013h", 3);
        check("32", 0, "E3 10", "jecxz 00000012h", 2);
        check("32", 0, "67 E3 10", "jcxz 00000013h", 3);
        check("16", 0, "67 E2 FD", "a32 loop 0", 3);
        check("16", 0, "EA D0 57 32 36", "jmp 3632h:57D0h", 5);
        check("16", 0, "9A E5 04 EF F2", "call 0F2EFh:04E5h", 5);
        check("16", 0, "66 EA 78 56 34 12 00 F0", "jmp 0F000h:12345678h", 8);
        check("32", 0, "EA 78 56 34 12 08 00", "jmp 8:12345678h", 7);
    }

    @Test
    void groups() {
        d16("80 87 4E 12 B3", "add byte [bx+124Eh],0B3h");
        d16("80 C6 51", "add dh,51h");
        d16("82 3A 90", "cmp byte [bp+si],90h");
        d16("81 01 2E FE", "add word [bx+di],0FE2Eh");
        d16("81 E0 C1 7B", "and ax,7BC1h");
        d16("83 40 B5 E7", "add word [bx+si-4Bh],0FFE7h");
        d16("83 F7 01", "xor di,1");
        d32("83 38 FF", "cmp dword [eax],0FFFFFFFFh");
        d16("C0 C4 FF", "rol ah,0FFh");
        d16("C1 A2 C5 F4 2B", "shl word [bp+si-0B3Bh],2Bh");
        d16("C0 32 4A", "sal byte [bp+si],4Ah");
        d16("D0 02", "rol byte [bp+si],1");
        d16("D1 F8", "sar ax,1");
        d16("D2 0C", "ror byte [si],cl");
        d16("D3 1E E5 68", "rcr word [68E5h],cl");
        d16("F6 47 0A 13", "test byte [bx+0Ah],13h");
        d16("F6 CF D6", "test bh,0D6h");
        d16("F6 D7", "not bh");
        d16("F7 03 0F 9A", "test word [bp+di],9A0Fh");
        d16("F7 F4", "div sp");
        d16("F7 6F 53", "imul word [bx+53h]");
        d16("FE 04", "inc byte [si]");
        d16("FE 4E 71", "dec byte [bp+71h]");
        d16("FF 40 29", "inc word [bx+si+29h]");
        d16("FF 15", "call word [di]");
        d16("FF D0", "call ax");
        d16("FF 1D", "call far [di]");
        d16("FF 67 81", "jmp word [bx-7Fh]");
        d16("FF 2E 0E 21", "jmp far [210Eh]");
        d16("FF 77 81", "push word [bx-7Fh]");
        d32("FF 30", "push dword [eax]");
        d16("8F 40 44", "pop word [bx+si+44h]");
        d16("C6 45 87 3C", "mov byte [di-79h],3Ch");
        d16("C7 42 3B 3A B5", "mov word [bp+si+3Bh],0B53Ah");
        d16("66 C7 07 01 00 00 00", "mov dword [bx],1");
        // undefined group members and register operands where memory is required
        check("16", 0, "FE 10", "db 0xFE", 1);
        check("16", 0, "FF 38", "db 0xFF", 1);
        check("16", 0, "FF D8", "db 0xFF", 1);
        check("16", 0, "FF E8", "db 0xFF", 1);
        check("16", 0, "8F A1", "db 0x8F", 1);
        check("16", 0, "C6 FD", "db 0xC6", 1);
        check("16", 0, "C7 0E", "db 0xC7", 1);
        check("16", 0, "0F BA 00 05", "db 0x0F", 1);
    }

    @Test
    void oneByteMiscellany() {
        d16("90", "nop");
        d16("91", "xchg cx,ax");
        d16("87 3D", "xchg di,[di]");
        d16("86 D5", "xchg dl,ch");
        d16("84 97 BC 6F", "test [bx+6FBCh],dl");
        d16("8C 97 FE 75", "mov [bx+75FEh],ss");
        d16("8E 15", "mov ss,[di]");
        d16("8E CD", "mov cs,bp");
        d16("8E E0", "mov fs,ax");
        check("16", 0, "8C F0", "db 0x8C", 1);
        d16("62 2B", "bound bp,[bp+di]");
        check("16", 0, "62 E2", "db 0x62", 1);
        d16("63 C8", "arpl ax,cx");
        d16("63 07", "arpl [bx],ax");
        d16("69 81 BB 86 76 0F", "imul ax,[bx+di-7945h],0F76h");
        d16("6B D6 D6", "imul dx,si,0FFD6h");
        d16("6B F6 95", "imul si,0FF95h");
        d16("C4 41 74", "les ax,[bx+di+74h]");
        check("16", 0, "C4 C0", "db 0xC4", 1);
        check("16", 0, "8D C6", "db 0x8D", 1);
        d16("C8 10 00 00", "enter 10h,0");
        d16("C8 00 01 01", "enter 100h,1");
        d16("C9", "leave");
        d16("C2 07 D9", "ret 0D907h");
        d16("CA 14 6E", "retf 6E14h");
        d16("CB", "retf");
        d16("CC", "int3");
        d16("CD 9B", "int 9Bh");
        d16("CE", "into");
        d16("F1", "int1");
        d16("D4 8F", "aam 8Fh");
        d16("D4 0A", "aam");
        d16("D5 02", "aad 2");
        d16("D6", "salc");
        d16("D7", "xlatb");
        d16("9B", "wait");
        d16("E4 4D", "in al,4Dh");
        d16("E5 7D", "in ax,7Dh");
        d16("E6 B5", "out 0B5h,al");
        d16("E7 03", "out 3,ax");
        d16("EC", "in al,dx");
        d16("66 ED", "in eax,dx");
        d16("EF", "out dx,ax");
        d16("6C", "insb");
        d16("6F", "outsw");
        d16("A0 9E BE", "mov al,[0BE9Eh]");
        d16("A3 1D 68", "mov [681Dh],ax");
        d16("B7 08", "mov bh,8");
        d16("B8 CE 08", "mov ax,8CEh");
        d16("BE FF FF", "mov si,0FFFFh");
        d16("60", "pusha");
        d16("61", "popa");
        d16("9C", "pushf");
        d16("F4", "hlt");
    }

    @Test
    void prefixes() {
        d16("F3 A4", "rep movsb");
        d16("F3 A6", "repe cmpsb");
        d16("F3 AF", "repe scasw");
        d16("F2 A7", "repne cmpsw");
        d16("F2 AE", "repne scasb");
        d16("F2 A4", "repne movsb");
        d16("F0 01 07", "lock add [bx],ax");
        d16("F0 5C", "lock pop sp");
        d16("2E AC", "cs lodsb");
        d16("3E AC", "lodsb");
        d16("26 AA", "stosb");
        d16("2E AE", "scasb");
        d16("26 D7", "es xlatb");
        d16("36 26 D7", "es xlatb");
        d16("26 F3 2E 6E", "cs rep outsb");
        d16("2E F0 AD", "cs lock lodsw");
        d16("F2 F0 3E 26 A4", "es lock repne movsb");
        d16("F2 F0 3E 26 AA", "lock repne stosb");
        d16("F3 F2 A4", "repne movsb");
        d16("64 A4", "fs movsb");
        d16("F0 2E 0F B1 0F", "lock cmpxchg [cs:bx],cx");
        d16("F3 90", "rep nop");
    }

    @Test
    void twoByteOpcodes() {
        d32("0F 20 C0", "mov eax,cr0");
        d32("0F 22 D8", "mov cr3,eax");
        d16("0F 20 C0", "mov eax,cr0");
        d32("0F 21 C7", "mov edi,dr0");
        d32("0F 23 F8", "mov dr7,eax");
        d32("0F 24 F0", "mov eax,tr6");
        d32("0F 26 F8", "mov tr7,eax");
        d32("0F B6 C0", "movzx eax,al");
        d32("0F B7 00", "movzx eax,word [eax]");
        d32("0F A3 C8", "bt eax,ecx");
        d16("0F AB 07", "bts [bx],ax");
        d16("0F B3 C8", "btr ax,cx");
        d16("0F BB 07", "btc [bx],ax");
        d32("0F BA 20 05", "bt dword [eax],5");
        d16("0F BA 2F 0F", "bts word [bx],0Fh");
        d16("0F BA F0 03", "btr ax,3");
        d16("0F BA FB 1F", "btc bx,1Fh");
        d32("0F BC C1", "bsf eax,ecx");
        d16("0F BD 07", "bsr ax,[bx]");
        d32("0F 94 C0", "sete al");
        d16("0F 9F 07", "setg byte [bx]");
        d16("0F 92 C3", "setb bl");
        d32("0F A4 C2 04", "shld edx,eax,4");
        d16("0F A5 07", "shld [bx],ax,cl");
        d32("0F AC 03 10", "shrd [ebx],eax,10h");
        d32("0F AD 03", "shrd [ebx],eax,cl");
        d32("0F AF C3", "imul eax,ebx");
        d16("0F AF 47 02", "imul ax,[bx+2]");
        d16("0F A0", "push fs");
        d16("0F A1", "pop fs");
        d16("0F A8", "push gs");
        d16("0F A9", "pop gs");
        d32("66 0F A9", "o16 pop gs");
        d16("0F B2 07", "lss ax,[bx]");
        d32("0F B4 00", "lfs eax,[eax]");
        d16("66 0F B5 07", "lgs eax,[bx]");
        check("16", 0, "0F B2 C0", "db 0x0F", 1);
        d16("0F 02 C1", "lar ax,cx");
        d16("0F 03 07", "lsl ax,[bx]");
        d16("0F 06", "clts");
        d16("0F 00 C0", "sldt ax");
        d16("0F 00 0F", "str word [bx]");
        d16("0F 00 D0", "lldt ax");
        d16("0F 00 1F", "ltr word [bx]");
        d16("0F 00 E0", "verr ax");
        d16("0F 00 2F", "verw word [bx]");
        check("16", 0, "0F 00 30", "db 0x0F", 1);
        d16("0F 01 07", "sgdt [bx]");
        d16("0F 01 0F", "sidt [bx]");
        d16("0F 01 17", "lgdt [bx]");
        d32("0F 01 18", "lidt [eax]");
        d16("0F 01 E0", "smsw ax");
        d16("0F 01 27", "smsw word [bx]");
        d16("0F 01 F0", "lmsw ax");
        d32("0F 01 38", "invlpg [eax]");
        check("16", 0, "0F 01 C0", "db 0x0F", 1);
        check("16", 0, "0F 01 28", "db 0x0F", 1);
        d32("0F C8", "bswap eax");
        d32("0F CF", "bswap edi");
        d16("0F C9", "bswap ecx");
        d32("0F C0 C1", "xadd cl,al");
        d32("0F C1 03", "xadd [ebx],eax");
        d32("0F B0 0B", "cmpxchg [ebx],cl");
        d32("0F B1 C8", "cmpxchg eax,ecx");
        d16("0F A2", "cpuid");
        d16("0F 31", "rdtsc");
        d16("0F 08", "invd");
        d16("0F 09", "wbinvd");
        d16("0F 0B", "ud2");
        d16("0F 05", "loadall286");
        d16("0F 07", "loadall");
        check("16", 0, "0F 0A", "db 0x0F", 1);
        check("16", 0, "0F FF", "db 0x0F", 1);
    }

    @Test
    void x87() {
        d16("D8 43 3A", "fadd dword [bp+di+3Ah]");
        d16("3E 36 D8 05", "fadd dword [ss:di]");
        d16("D8 C2", "fadd st2");
        d16("D8 D1", "fcom");
        d16("D8 D9", "fcomp");
        d16("D8 D3", "fcom st3");
        d16("D8 F8", "fdivr st0");
        d16("F0 D8 C6", "lock fadd st6");
        d16("D9 07", "fld dword [bx]");
        d16("D9 C3", "fld st3");
        d16("D9 C9", "fxch");
        d16("D9 CA", "fxch st2");
        d16("D9 D0", "fnop");
        d16("D9 E0", "fchs");
        d16("D9 E8", "fld1");
        d16("D9 FF", "fcos");
        d16("D9 2F", "fldcw word [bx]");
        d16("D9 3F", "fnstcw word [bx]");
        d16("D9 27", "fldenv [bx]");
        d16("DA 07", "fiadd dword [bx]");
        d16("DA E9", "fucompp");
        d16("DB E3", "fninit");
        d16("DB E2", "fnclex");
        d16("DB 2F", "fld tword [bx]");
        d16("DC 46 F8", "fadd qword [bp-8]");
        d16("DC C1", "fadd st1,st0");
        d16("DC E9", "fsub st1,st0");
        d16("DC E1", "fsubr st1,st0");
        d16("DC F9", "fdiv st1,st0");
        d16("DD 36 00 10", "fnsave [1000h]");
        d16("DD 3E 00 10", "fnstsw word [1000h]");
        d16("DD D9", "fstp st1");
        d16("DD E1", "fucom");
        d16("DD E3", "fucom st3");
        d16("DE C1", "faddp st1,st0");
        d16("DE D9", "fcompp");
        d16("DE F9", "fdivp st1,st0");
        d16("DF E0", "fnstsw ax");
        d16("DF 2F", "fild qword [bx]");
        d16("DF 27", "fbld tword [bx]");
        d32("DD 04 24", "fld qword [esp]");
        check("16", 0, "D9 08", "db 0xD9", 1);
        check("16", 0, "D9 D8", "db 0xD9", 1);
        check("16", 0, "DE D1", "db 0xDE", 1);
    }

    @Test
    void truncatedAndUndecodable() {
        check("16", 0, "", "(bad)", 1);
        check("16", 0, "8B", "(bad)", 1);
        check("16", 0, "8B 86 00", "(bad)", 3);
        check("16", 0, "66", "(bad)", 1);
        check("16", 0, "2E 26", "(bad)", 2);
        check("16", 0, "0F", "(bad)", 1);
        check("32", 0, "8B 84 24 01", "(bad)", 4);
        check("32", 0, "E8 00 00", "(bad)", 3);
        check("16", 0, "9A 00 00 00", "(bad)", 4);
        check("16", 0, "DD 36", "(bad)", 2);
        check("16", 0, "2E 8D C0", "db 0x2E", 1);
        check("16", 0, "8D C0", "db 0x8D", 1);
        // 15 prefixes cannot start an instruction of at most 15 bytes
        check("16", 0, "2E ".repeat(15) + "90", "db 0x2E", 1);
        check("16", 0, "2E ".repeat(14) + "90", "nop", 15);
    }

    @Test
    void byteSourceAndArrayVariants() {
        // unreadable byte in the middle of an instruction
        ByteSource holey = a -> a == 0x1002 ? -1 : 0x81;
        StringBuilder sb = new StringBuilder();
        assertEquals(2, dis.disassemble(holey, 0x1000, false, false, sb));
        assertEquals("(bad)", sb.toString());
        // a throwing source is treated as unreadable
        ByteSource throwing = a -> {
            throw new IllegalStateException("bus error");
        };
        sb.setLength(0);
        assertEquals(1, dis.disassemble(throwing, 0, false, false, sb));
        assertEquals("(bad)", sb.toString());
        // the convenience form uses the array index as the address
        byte[] code = bytes("90 90 EB FE");
        assertEquals("jmp short 2", dis.disassemble(code, 2, false, false));
        assertEquals("nop", dis.disassemble(code, 0, false, false));
        assertEquals("(bad)", dis.disassemble(code, 4, false, false));
        // out appends, and a different address moves the target
        sb.setLength(0);
        sb.append("> ");
        assertEquals(2, dis.disassemble(code, 2, 0x7C00, false, false, sb));
        assertEquals("> jmp short 7C00h", sb.toString());
        // walking a buffer instruction by instruction
        byte[] prog = bytes("B8 00 4C CD 21 66 8B 44 24 08 F3 A4");
        StringBuilder all = new StringBuilder();
        for (int pc = 0; pc < prog.length; ) {
            pc += dis.disassemble(prog, pc, pc, false, false, all);
            all.append('\n');
        }
        assertEquals("mov ax,4C00h\nint 21h\nmov eax,[si+24h]\nor bl,dh\nmovsb\n",
                all.toString());
    }

    @Test
    void randomBytesNeverThrowAndGiveSaneLengths() {
        Random random = new Random(386);
        byte[] buf = new byte[16];
        for (int i = 0; i < 200_000; i++) {
            random.nextBytes(buf);
            int avail = 1 + random.nextInt(buf.length);
            boolean is32 = (i & 1) != 0;
            StringBuilder sb = new StringBuilder();
            int n = dis.disassemble(a -> a < avail ? buf[(int) a] & 0xFF : -1, 0, is32, is32, sb);
            String text = sb.toString();
            assertTrue(n >= 1 && n <= Math.min(15, avail), () -> n + " bytes for " + text);
            assertFalse(text.isEmpty() || text.contains("null"), text);
        }
    }
}
