; alu.asm - Tessera guest program: arithmetic, logic and flags (real mode).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. The program sets up
; DS = ES = SS = 0 and SP = 7C00h itself. Output: text lines on port E9h. Ends with CLI; HLT.
;
; Every line is one table entry: a stub (one instruction, or a short sequence) runs with
; EAX/EBX/ECX/EDX and the arithmetic flags loaded from the entry (flags with POPF), then the
; driver prints the registers asked for and FLAGS masked to the flags the instruction defines
; (undefined flags are masked out; flags an instruction leaves alone count as defined).
;   line: NAME [a=EAX] [b=EBX] [c=ECX] [d=EDX] -> [a=EAX] [b=EBX] [c=ECX] [d=EDX] [f=FLAGS&MASK]
; The Jcc/SETcc section runs every condition code in three forms (Jcc rel8, Jcc rel16, SETcc)
; against 32 flag patterns (bit i of the pattern number: CF, PF, ZF, SF, OF for i = 0..4) and
; prints a 32-bit mask: bit n set when the condition held for pattern n.

        bits 16
        org 0x7C00

%define IA 0x01                 ; print the input EAX
%define IB 0x02                 ; print the input EBX
%define IC 0x04                 ; print the input ECX
%define ID 0x08                 ; print the input EDX
%define OA 0x10                 ; print the output EAX
%define OB 0x20                 ; print the output EBX
%define OC 0x40                 ; print the output ECX
%define OD 0x80                 ; print the output EDX

; table entry layout
E_NAME  equ 0                   ; 10 bytes, zero padded
E_STUB  equ 10
E_FIN   equ 12
E_MASK  equ 14
E_A     equ 16
E_B     equ 20
E_C     equ 24
E_D     equ 28
E_FMT   equ 32
E_SIZE  equ 33

; T stub, fmt, flags-in, flags-mask, eax, ebx, ecx, edx
%macro T 8
%defstr %%s %1
        db %%s
        times 10 - %strlen(%%s) db 0
        dw s_%1, %3, %4
        dd %5, %6, %7, %8
        db %2
%endmacro

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        cld
        call pstr
        db "alu: begin", 10, 0
        mov si, table
        call run_table
        call cc_tests
        call pstr
        db "alu: end", 10, 0
halt:
        cli
        hlt
        jmp halt

; ---------------------------------------------------------------- the table driver
run_table:
        mov [cur], si
.next:
        mov si, [cur]
        cmp si, table_end
        jae .done
        mov cx, 10
.name:
        mov al, [si]
        test al, al
        jz .named
        call putc
        inc si
        loop .name
.named:
        mov si, [cur]
        mov al, [si + E_FMT]
        mov [fmt], al
        mov eax, [si + E_A]
        mov ebx, [si + E_B]
        mov ecx, [si + E_C]
        mov edx, [si + E_D]
        mov di, 1               ; inputs: bits 0..3 of fmt
        call pregs
        mov si, [cur]
        mov eax, [si + E_A]
        mov ebx, [si + E_B]
        mov ecx, [si + E_C]
        mov edx, [si + E_D]
        push word [si + E_FIN]
        mov si, [si + E_STUB]
        popf
        call si
        pushf
        pop word [fout]
        cld
        push eax
        call pstr
        db " ->", 0
        pop eax
        mov di, 0x10            ; outputs: bits 4..7 of fmt
        call pregs
        mov si, [cur]
        mov ax, [si + E_MASK]
        test ax, ax
        jz .eol
        call pstr
        db " f=", 0
        and ax, [fout]
        call phex16
.eol:
        call pnl
        add word [cur], E_SIZE
        jmp .next
.done:
        ret

; prints " a=EAX" " b=EBX" " c=ECX" " d=EDX" for the fmt bits di, di<<1, di<<2, di<<3
pregs:
        test [fmt], di
        jz .b
        push eax
        call pstr
        db " a=", 0
        pop eax
        call phex32
.b:
        shl di, 1
        test [fmt], di
        jz .c
        push eax
        call pstr
        db " b=", 0
        mov eax, ebx
        call phex32
        pop eax
.c:
        shl di, 1
        test [fmt], di
        jz .d
        push eax
        call pstr
        db " c=", 0
        mov eax, ecx
        call phex32
        pop eax
.d:
        shl di, 1
        test [fmt], di
        jz .e
        push eax
        call pstr
        db " d=", 0
        mov eax, edx
        call phex32
        pop eax
.e:
        ret

; ---------------------------------------------------------------- Jcc / SETcc
cc_tests:
        xor bp, bp              ; condition code 0..15
.cc:
        call pstr
        db "cc", 0
        mov ax, bp
        call phexd
        mov si, bp
        shl si, 1
        call pstr
        db " jshort=", 0
        mov bx, [jshort_stubs + si]
        call cc_mask
        call pstr
        db " jnear=", 0
        mov bx, [jnear_stubs + si]
        call cc_mask
        call pstr
        db " setcc=", 0
        mov bx, [setcc_stubs + si]
        call cc_mask
        call pnl
        inc bp
        cmp bp, 16
        jb .cc
        ret

; runs the stub bx (AL = 1 when the condition holds) for the 32 flag patterns, prints the mask
cc_mask:
        xor edx, edx            ; the mask
        mov cx, 31              ; pattern number, from 31 down to 0
.p:
        xor ax, ax              ; pattern -> FLAGS
        test cl, 1
        jz .1
        or ax, 0x001
.1:     test cl, 2
        jz .2
        or ax, 0x004
.2:     test cl, 4
        jz .3
        or ax, 0x040
.3:     test cl, 8
        jz .4
        or ax, 0x080
.4:     test cl, 16
        jz .5
        or ax, 0x800
.5:     push ax
        mov al, 0x55
        popf
        call bx
        shl edx, 1
        and eax, 1
        or edx, eax
        dec cx
        jns .p
        mov eax, edx
        call phex32
        ret

%assign i 0
%rep 16
jshort %+ i:
        mov al, 1
        db 0x70 + i, 2
        mov al, 0
        ret
jnear %+ i:
        mov al, 1
        db 0x0F, 0x80 + i
        dw 2
        mov al, 0
        ret
setcc %+ i:
        mov al, 0x55
        db 0x0F, 0x90 + i, 0xC0  ; SETcc AL
        ret
%assign i i + 1
%endrep

jshort_stubs:
%assign i 0
%rep 16
        dw jshort %+ i
%assign i i + 1
%endrep
jnear_stubs:
%assign i 0
%rep 16
        dw jnear %+ i
%assign i i + 1
%endrep
setcc_stubs:
%assign i 0
%rep 16
        dw setcc %+ i
%assign i i + 1
%endrep

; ---------------------------------------------------------------- output (port E9h)
putc:
        out 0xE9, al
        ret

%include "print.inc"

; ---------------------------------------------------------------- stubs
; 8-bit: AL op BL
s_add8:  add al, bl
         ret
s_adc8:  adc al, bl
         ret
s_sub8:  sub al, bl
         ret
s_sbb8:  sbb al, bl
         ret
s_and8:  and al, bl
         ret
s_or8:   or al, bl
         ret
s_xor8:  xor al, bl
         ret
s_cmp8:  cmp al, bl
         ret
s_test8: test al, bl
         ret
s_inc8:  inc al
         ret
s_dec8:  dec al
         ret
s_neg8:  neg al
         ret
s_not8:  not al
         ret
s_add8h: add ah, bh             ; high byte registers
         ret
s_sub8h: sub bh, al
         ret
s_cmp8i: cmp al, 0x80           ; 3C ib
         ret
s_xor8i: xor bl, 0x55           ; 80 /6 ib
         ret
s_sbb8m: mov [mscr], bl
         sbb al, [mscr]         ; 1A /r with a memory operand
         ret
s_dec8m: mov [mscr], al
         dec byte [mscr]
         mov al, [mscr]
         ret
; 16-bit: AX op BX
s_add16: add ax, bx
         ret
s_adc16: adc ax, bx
         ret
s_sub16: sub ax, bx
         ret
s_sbb16: sbb ax, bx
         ret
s_and16: and ax, bx
         ret
s_or16:  or ax, bx
         ret
s_xor16: xor ax, bx
         ret
s_cmp16: cmp ax, bx
         ret
s_test16: test ax, bx
         ret
s_inc16: inc ax
         ret
s_dec16: dec ax
         ret
s_neg16: neg ax
         ret
s_not16: not ax
         ret
s_add16i8: add ax, byte -3      ; 83 /0 ib, sign extended
         ret
s_sub16i: sub ax, word 0x1234   ; 2D iw
         ret
s_add16m: mov [mscr], ax
         add [mscr], bx         ; 01 /r to memory
         mov ax, [mscr]
         ret
s_inc16m: mov [mscr], ax
         inc word [mscr]
         mov ax, [mscr]
         ret
; 32-bit: EAX op EBX (66 prefix)
s_add32: add eax, ebx
         ret
s_adc32: adc eax, ebx
         ret
s_sub32: sub eax, ebx
         ret
s_sbb32: sbb eax, ebx
         ret
s_and32: and eax, ebx
         ret
s_or32:  or eax, ebx
         ret
s_xor32: xor eax, ebx
         ret
s_cmp32: cmp eax, ebx
         ret
s_test32: test eax, ebx
         ret
s_inc32: inc eax
         ret
s_dec32: dec eax
         ret
s_neg32: neg eax
         ret
s_not32: not eax
         ret
s_and32i: and eax, dword 0xF0F0F0F0 ; 66 25 id
         ret
s_adc32i8: adc ebx, byte -1     ; 66 83 /2 ib
         ret
s_neg32m: mov [mscr], eax
         neg dword [mscr]
         mov eax, [mscr]
         ret
; multiply and divide
s_mul8:  mul bl
         ret
s_mul16: mul bx
         ret
s_mul32: mul ebx
         ret
s_imul8: imul bl
         ret
s_imul16: imul bx
         ret
s_imul32: imul ebx
         ret
s_imul16r: imul ax, bx          ; 0F AF
         ret
s_imul32r: imul eax, ebx
         ret
s_imul16i: imul ax, bx, word 1000 ; 69 /r iw
         ret
s_imul16b: imul ax, bx, byte -3 ; 6B /r ib
         ret
s_imul32i: imul eax, ebx, dword 0x10001 ; 66 69 /r id
         ret
s_div8:  div bl
         ret
s_div16: div bx
         ret
s_div32: div ebx
         ret
s_idiv8: idiv bl
         ret
s_idiv16: idiv bx
         ret
s_idiv32: idiv ebx
         ret
; shifts and rotates by CL
%macro SHIFTSTUBS 1
s_%1 %+ 8:  %1 al, cl
         ret
s_%1 %+ 16: %1 ax, cl
         ret
s_%1 %+ 32: %1 eax, cl
         ret
%endmacro
SHIFTSTUBS shl
SHIFTSTUBS shr
SHIFTSTUBS sar
SHIFTSTUBS rol
SHIFTSTUBS ror
SHIFTSTUBS rcl
SHIFTSTUBS rcr
; by 1 (D0/D1) and by an immediate (C0/C1)
s_shl8one: shl al, 1
         ret
s_sar16one: sar ax, 1
         ret
s_shr32one: shr eax, 1
         ret
s_rcr8one: rcr al, 1
         ret
s_rcl16one: rcl ax, 1
         ret
s_rol32one: rol eax, 1
         ret
s_ror8one: ror al, 1
         ret
s_shl16i: shl ax, 5
         ret
s_sar8i: sar al, 3
         ret
s_shr32i: shr eax, 20
         ret
s_rol16i: rol ax, 4
         ret
s_rcr32i: rcr eax, 7
         ret
s_rol8i: rol al, 12             ; an immediate count above 8 (mod 8: 4)
         ret
; double shifts
s_shld16: shld ax, bx, cl
         ret
s_shrd16: shrd ax, bx, cl
         ret
s_shld32: shld eax, ebx, cl
         ret
s_shrd32: shrd eax, ebx, cl
         ret
s_shld16i: shld ax, bx, 4
         ret
s_shrd32i: shrd eax, ebx, 8
         ret
s_shld32m: mov [mscr], eax
         shld [mscr], ebx, cl
         mov eax, [mscr]
         ret
; decimal adjust
s_daa:   daa
         ret
s_das:   das
         ret
s_aaa:   aaa
         ret
s_aas:   aas
         ret
s_aam:   aam
         ret
s_aam16: aam 16
         ret
s_aad:   aad
         ret
s_aad16: aad 16
         ret
s_adddaa: add al, bl
         daa
         ret
s_subdas: sub al, bl
         das
         ret
s_addaaa: add al, bl
         aaa
         ret
s_subaas: sub al, bl
         aas
         ret
; bit test and scan
s_bt16:  bt ax, bx
         ret
s_bts16: bts ax, bx
         ret
s_btr16: btr ax, bx
         ret
s_btc16: btc ax, bx
         ret
s_bt32:  bt eax, ebx
         ret
s_bts32: bts eax, ebx
         ret
s_btr32: btr eax, ebx
         ret
s_btc32: btc eax, ebx
         ret
s_bt16i: bt ax, 13
         ret
s_btc16i: btc ax, 20            ; register operand: the offset is taken mod 16
         ret
s_bts32i: bts eax, 31
         ret
s_btr32i: btr eax, 4
         ret
; memory bit strings: [bsbuf-4] = EDX, [bsbuf] = 0, [bsbuf+4] = EAX, [bsbuf+8] = 0; the bit
; offset in (E)BX reaches outside the addressed operand. Out: EAX = [bsbuf+4], EDX = [bsbuf-4],
; ECX = [bsbuf], EBX = [bsbuf+8]
%macro BITMEM 3                 ; name, instruction, offset register
s_%1:    mov [bsbuf - 4], edx
         mov dword [bsbuf], 0
         mov [bsbuf + 4], eax
         mov dword [bsbuf + 8], 0
         %2 [bsbuf], %3
         mov eax, [bsbuf + 4]
         mov edx, [bsbuf - 4]
         mov ecx, [bsbuf]
         mov ebx, [bsbuf + 8]
         ret
%endmacro
BITMEM bt16m, bt word, bx
BITMEM bts16m, bts word, bx
BITMEM btr32m, btr dword, ebx
BITMEM btc32m, btc dword, ebx
BITMEM bts32i8m, bts dword, 40  ; immediate offset with memory: mod 32, no string addressing
s_bsf16: bsf ax, bx
         ret
s_bsr16: bsr ax, bx
         ret
s_bsf32: bsf eax, ebx
         ret
s_bsr32: bsr eax, ebx
         ret
; flag instructions
s_sahf:  sahf
         ret
s_lahf:  lahf
         ret
s_clc:   clc
         ret
s_stc:   stc
         ret
s_cmc:   cmc
         ret

; ---------------------------------------------------------------- the table
%define AR  IA|IB|OA            ; binary op: inputs EAX, EBX; output EAX
%define UN  IA|OA               ; unary op on EAX
table:
        ; 8-bit add/adc/sub/sbb/cmp (upper bits of EAX must survive)
        T add8,  AR, 0x000, 0x8D5, 0x1234567F, 0x00000001, 0, 0
        T add8,  AR, 0x000, 0x8D5, 0xAAAA55FF, 0x00000001, 0, 0
        T add8,  AR, 0x000, 0x8D5, 0x00000080, 0x00000080, 0, 0
        T add8,  AR, 0x000, 0x8D5, 0x0000000F, 0x00000001, 0, 0
        T add8,  AR, 0x8D5, 0x8D5, 0x00000012, 0x00000034, 0, 0
        T adc8,  AR, 0x001, 0x8D5, 0x000000FF, 0x00000000, 0, 0
        T adc8,  AR, 0x001, 0x8D5, 0x0000007F, 0x00000000, 0, 0
        T adc8,  AR, 0x000, 0x8D5, 0x0000007F, 0x00000000, 0, 0
        T adc8,  AR, 0x001, 0x8D5, 0x00000008, 0x00000007, 0, 0
        T adc8,  AR, 0x001, 0x8D5, 0x00000000, 0x000000FF, 0, 0 ; carry-in with an all-ones operand
        T adc8,  AR, 0x001, 0x8D5, 0x000000FF, 0x000000FF, 0, 0
        T sub8,  AR, 0x000, 0x8D5, 0x00000000, 0x00000001, 0, 0
        T sub8,  AR, 0x000, 0x8D5, 0x00000080, 0x00000001, 0, 0
        T sub8,  AR, 0x000, 0x8D5, 0x00000010, 0x00000001, 0, 0
        T sub8,  AR, 0x8D5, 0x8D5, 0x00000055, 0x00000055, 0, 0
        T sub8,  AR, 0x000, 0x8D5, 0x0000007F, 0x000000FF, 0, 0
        T sbb8,  AR, 0x001, 0x8D5, 0x00000000, 0x00000000, 0, 0
        T sbb8,  AR, 0x001, 0x8D5, 0x00000080, 0x0000007F, 0, 0
        T sbb8,  AR, 0x001, 0x8D5, 0x00000010, 0x0000000F, 0, 0
        T sbb8,  AR, 0x000, 0x8D5, 0x00000010, 0x0000000F, 0, 0
        T sbb8,  AR, 0x001, 0x8D5, 0x00000000, 0x000000FF, 0, 0 ; borrow-in with an all-ones operand
        T sbb8,  AR, 0x001, 0x8D5, 0x00000080, 0x000000FF, 0, 0
        T cmp8,  AR, 0x000, 0x8D5, 0x00000005, 0x00000007, 0, 0
        T cmp8,  AR, 0x000, 0x8D5, 0x00000080, 0x0000007F, 0, 0
        T cmp8,  AR, 0x000, 0x8D5, 0x000000C3, 0x000000C3, 0, 0
        ; 8-bit logic: OF and CF cleared, AF undefined
        T and8,  AR, 0x801, 0x8C5, 0x000000F0, 0x0000008F, 0, 0
        T and8,  AR, 0x801, 0x8C5, 0x000000F0, 0x0000000F, 0, 0
        T or8,   AR, 0x801, 0x8C5, 0x00000003, 0x00000004, 0, 0
        T or8,   AR, 0x000, 0x8C5, 0x00000000, 0x00000000, 0, 0
        T xor8,  AR, 0x801, 0x8C5, 0x000000FF, 0x0000007F, 0, 0
        T xor8,  AR, 0x000, 0x8C5, 0x0000005A, 0x0000005A, 0, 0
        T test8, AR, 0x801, 0x8C5, 0x00000081, 0x00000080, 0, 0
        T test8, AR, 0x000, 0x8C5, 0x00000081, 0x0000007E, 0, 0
        ; INC/DEC leave CF alone
        T inc8,  UN, 0x001, 0x8D5, 0x0000007F, 0, 0, 0
        T inc8,  UN, 0x000, 0x8D5, 0x000000FF, 0, 0, 0
        T inc8,  UN, 0x001, 0x8D5, 0x0000000F, 0, 0, 0
        T dec8,  UN, 0x001, 0x8D5, 0x00000080, 0, 0, 0
        T dec8,  UN, 0x000, 0x8D5, 0x00000000, 0, 0, 0
        T dec8,  UN, 0x001, 0x8D5, 0x00000001, 0, 0, 0
        T neg8,  UN, 0x000, 0x8D5, 0x00000000, 0, 0, 0
        T neg8,  UN, 0x000, 0x8D5, 0x00000080, 0, 0, 0
        T neg8,  UN, 0x000, 0x8D5, 0x00000001, 0, 0, 0
        T neg8,  UN, 0x000, 0x8D5, 0x00000010, 0, 0, 0
        T not8,  UN, 0x8D5, 0x8D5, 0x123456A5, 0, 0, 0
        T not8,  UN, 0x000, 0x8D5, 0x00000000, 0, 0, 0
        T add8h, IA|IB|OA, 0x000, 0x8D5, 0x1234F000, 0x00002000, 0, 0
        T sub8h, IA|IB|OB, 0x000, 0x8D5, 0x00000081, 0x55550100, 0, 0
        T cmp8i, UN, 0x000, 0x8D5, 0x0000007F, 0, 0, 0
        T cmp8i, UN, 0x000, 0x8D5, 0x00000080, 0, 0, 0
        T xor8i, IB|OB, 0x801, 0x8C5, 0, 0x12345655, 0, 0
        T xor8i, IB|OB, 0x000, 0x8C5, 0, 0x000000AA, 0, 0
        T sbb8m, AR, 0x001, 0x8D5, 0x00000050, 0x00000050, 0, 0
        T dec8m, UN, 0x001, 0x8D5, 0x00000010, 0, 0, 0
        ; 16-bit
        T add16, AR, 0x000, 0x8D5, 0x00001234, 0x0000EDCC, 0, 0
        T add16, AR, 0x000, 0x8D5, 0xFFFF7FFF, 0x00000001, 0, 0
        T add16, AR, 0x000, 0x8D5, 0x00008000, 0x00008000, 0, 0
        T add16, AR, 0x000, 0x8D5, 0x0000FFFF, 0x0000FFFF, 0, 0
        T add16, AR, 0x000, 0x8D5, 0x00000FFF, 0x00000001, 0, 0
        T adc16, AR, 0x001, 0x8D5, 0x0000FFFF, 0x0000FFFF, 0, 0
        T adc16, AR, 0x001, 0x8D5, 0x00007FFF, 0x00000000, 0, 0
        T adc16, AR, 0x000, 0x8D5, 0x00001111, 0x00002222, 0, 0
        T adc16, AR, 0x001, 0x8D5, 0x00008000, 0x00007FFF, 0, 0
        T sub16, AR, 0x000, 0x8D5, 0x00008000, 0x00000001, 0, 0
        T sub16, AR, 0x000, 0x8D5, 0x00001234, 0x00001235, 0, 0
        T sub16, AR, 0x000, 0x8D5, 0x00007FFF, 0x0000FFFF, 0, 0
        T sub16, AR, 0x000, 0x8D5, 0x0000ABCD, 0x0000ABCD, 0, 0
        T sbb16, AR, 0x001, 0x8D5, 0x00000000, 0x0000FFFF, 0, 0
        T sbb16, AR, 0x001, 0x8D5, 0x00008000, 0x00000000, 0, 0
        T sbb16, AR, 0x000, 0x8D5, 0x00005000, 0x00001000, 0, 0
        T sbb16, AR, 0x001, 0x8D5, 0x00007FFF, 0x0000FFFF, 0, 0
        T cmp16, AR, 0x000, 0x8D5, 0x00000100, 0x00000200, 0, 0
        T cmp16, AR, 0x000, 0x8D5, 0x00007FFF, 0x00008000, 0, 0
        T and16, AR, 0x801, 0x8C5, 0x0000FF00, 0x00008F0F, 0, 0
        T or16,  AR, 0x801, 0x8C5, 0x00000000, 0x00000000, 0, 0
        T or16,  AR, 0x000, 0x8C5, 0x00001200, 0x00000034, 0, 0
        T xor16, AR, 0x801, 0x8C5, 0x0000FFFF, 0x00007FFE, 0, 0
        T test16, AR, 0x000, 0x8C5, 0x00008001, 0x00008000, 0, 0
        T test16, AR, 0x801, 0x8C5, 0x0000F000, 0x00000FFF, 0, 0
        T inc16, UN, 0x001, 0x8D5, 0x00007FFF, 0, 0, 0
        T inc16, UN, 0x000, 0x8D5, 0x1234FFFF, 0, 0, 0
        T dec16, UN, 0x001, 0x8D5, 0x00008000, 0, 0, 0
        T dec16, UN, 0x000, 0x8D5, 0x00000000, 0, 0, 0
        T neg16, UN, 0x000, 0x8D5, 0x00008000, 0, 0, 0
        T neg16, UN, 0x000, 0x8D5, 0x00001234, 0, 0, 0
        T neg16, UN, 0x001, 0x8D5, 0x00000000, 0, 0, 0
        T not16, UN, 0x000, 0x8D5, 0x12345A5A, 0, 0, 0
        T add16i8, UN, 0x000, 0x8D5, 0x00000002, 0, 0, 0
        T add16i8, UN, 0x000, 0x8D5, 0x00000003, 0, 0, 0
        T sub16i, UN, 0x000, 0x8D5, 0x00001234, 0, 0, 0
        T sub16i, UN, 0x000, 0x8D5, 0x00001000, 0, 0, 0
        T add16m, AR, 0x000, 0x8D5, 0x0000F00F, 0x00001FF1, 0, 0
        T inc16m, UN, 0x001, 0x8D5, 0x0000FFFF, 0, 0, 0
        ; 32-bit
        T add32, AR, 0x000, 0x8D5, 0x7FFFFFFF, 0x00000001, 0, 0
        T add32, AR, 0x000, 0x8D5, 0xFFFFFFFF, 0x00000001, 0, 0
        T add32, AR, 0x000, 0x8D5, 0x12345678, 0x9ABCDEF0, 0, 0
        T add32, AR, 0x000, 0x8D5, 0x80000000, 0x80000000, 0, 0
        T adc32, AR, 0x001, 0x8D5, 0x7FFFFFFF, 0x00000000, 0, 0
        T adc32, AR, 0x001, 0x8D5, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0
        T adc32, AR, 0x001, 0x8D5, 0x0000FFFF, 0x00000000, 0, 0
        T sub32, AR, 0x000, 0x8D5, 0x00000000, 0x00000001, 0, 0
        T sub32, AR, 0x000, 0x8D5, 0x80000000, 0x00000001, 0, 0
        T sub32, AR, 0x000, 0x8D5, 0x12345678, 0x12345678, 0, 0
        T sub32, AR, 0x000, 0x8D5, 0x00010000, 0x00000001, 0, 0
        T sbb32, AR, 0x001, 0x8D5, 0x00000001, 0x00000000, 0, 0
        T sbb32, AR, 0x001, 0x8D5, 0x00000000, 0xFFFFFFFF, 0, 0
        T sbb32, AR, 0x001, 0x8D5, 0x7FFFFFFF, 0xFFFFFFFF, 0, 0
        T adc32, AR, 0x001, 0x8D5, 0x80000000, 0x7FFFFFFF, 0, 0
        T cmp32, AR, 0x000, 0x8D5, 0x80000000, 0x7FFFFFFF, 0, 0
        T cmp32, AR, 0x000, 0x8D5, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0
        T and32, AR, 0x801, 0x8C5, 0xFFFF0000, 0x12345678, 0, 0
        T or32,  AR, 0x801, 0x8C5, 0x80000000, 0x00000001, 0, 0
        T xor32, AR, 0x000, 0x8C5, 0xDEADBEEF, 0xDEADBEEF, 0, 0
        T test32, AR, 0x801, 0x8C5, 0x00010000, 0x00010000, 0, 0
        T inc32, UN, 0x001, 0x8D5, 0x7FFFFFFF, 0, 0, 0
        T inc32, UN, 0x000, 0x8D5, 0xFFFFFFFF, 0, 0, 0
        T dec32, UN, 0x001, 0x8D5, 0x80000000, 0, 0, 0
        T dec32, UN, 0x001, 0x8D5, 0x00010000, 0, 0, 0
        T neg32, UN, 0x000, 0x8D5, 0x80000000, 0, 0, 0
        T neg32, UN, 0x000, 0x8D5, 0x00000001, 0, 0, 0
        T neg32, UN, 0x001, 0x8D5, 0x00000000, 0, 0, 0
        T not32, UN, 0x8D5, 0x8D5, 0x0F0F0F0F, 0, 0, 0
        T and32i, UN, 0x801, 0x8C5, 0x12345678, 0, 0, 0
        T adc32i8, IB|OB, 0x001, 0x8D5, 0, 0x00000001, 0, 0
        T adc32i8, IB|OB, 0x000, 0x8D5, 0, 0x00000000, 0, 0
        T neg32m, UN, 0x000, 0x8D5, 0x00000010, 0, 0, 0
        ; multiply: only CF and OF are defined
        T mul8,  IA|IB|OA|OD, 0x000, 0x801, 0x00000080, 0x00000002, 0, 0x11111111
        T mul8,  IA|IB|OA|OD, 0x8D5, 0x801, 0x0000000F, 0x0000000F, 0, 0x11111111
        T mul16, IA|IB|OA|OD, 0x000, 0x801, 0x0000FFFF, 0x0000FFFF, 0, 0x11111111
        T mul16, IA|IB|OA|OD, 0x8D5, 0x801, 0x00001234, 0x00000002, 0, 0x11111111
        T mul16, IA|IB|OA|OD, 0x000, 0x801, 0x00000100, 0x00000100, 0, 0x11111111
        T mul32, IA|IB|OA|OD, 0x000, 0x801, 0xFFFFFFFF, 0xFFFFFFFF, 0, 0x11111111
        T mul32, IA|IB|OA|OD, 0x000, 0x801, 0x00010000, 0x00010000, 0, 0x11111111
        T mul32, IA|IB|OA|OD, 0x8D5, 0x801, 0x12345678, 0x00000003, 0, 0x11111111
        T imul8, IA|IB|OA|OD, 0x000, 0x801, 0x000000FF, 0x000000FF, 0, 0x11111111
        T imul8, IA|IB|OA|OD, 0x000, 0x801, 0x00000080, 0x000000FF, 0, 0x11111111
        T imul8, IA|IB|OA|OD, 0x000, 0x801, 0x00000040, 0x00000002, 0, 0x11111111
        T imul8, IA|IB|OA|OD, 0x000, 0x801, 0x000000C0, 0x00000002, 0, 0x11111111
        T imul16, IA|IB|OA|OD, 0x000, 0x801, 0x00008000, 0x0000FFFF, 0, 0x11111111
        T imul16, IA|IB|OA|OD, 0x000, 0x801, 0x0000FFFE, 0x00001234, 0, 0x11111111
        T imul16, IA|IB|OA|OD, 0x000, 0x801, 0x00004000, 0x00000002, 0, 0x11111111
        T imul32, IA|IB|OA|OD, 0x000, 0x801, 0x80000000, 0xFFFFFFFF, 0, 0x11111111
        T imul32, IA|IB|OA|OD, 0x000, 0x801, 0xFFFFFFFE, 0x00000003, 0, 0x11111111
        T imul32, IA|IB|OA|OD, 0x000, 0x801, 0x12345678, 0x9ABCDEF0, 0, 0x11111111
        T imul16r, AR, 0x000, 0x801, 0x00000100, 0x00000080, 0, 0
        T imul16r, AR, 0x000, 0x801, 0x0000FFFF, 0x00007FFF, 0, 0
        T imul32r, AR, 0x000, 0x801, 0x00010000, 0x00008000, 0, 0
        T imul32r, AR, 0x000, 0x801, 0xFFFFFFFF, 0x80000001, 0, 0
        T imul16i, IB|OA, 0x000, 0x801, 0, 0x00000020, 0, 0
        T imul16i, IB|OA, 0x000, 0x801, 0, 0x00000021, 0, 0
        T imul16b, IB|OA, 0x000, 0x801, 0, 0x00001234, 0, 0
        T imul16b, IB|OA, 0x000, 0x801, 0, 0x00002AAB, 0, 0
        T imul32i, IB|OA, 0x000, 0x801, 0, 0x00007FFF, 0, 0
        T imul32i, IB|OA, 0x000, 0x801, 0, 0x00008000, 0, 0
        ; divide: no flag is defined
        T div8,  IA|IB|OA, 0x000, 0, 0x00001234, 0x00000056, 0, 0
        T div8,  IA|IB|OA, 0x000, 0, 0x000000FF, 0x000000FF, 0, 0
        T div16, IA|IB|ID|OA|OD, 0x000, 0, 0x00003456, 0x00000789, 0, 0x00000012
        T div16, IA|IB|ID|OA|OD, 0x000, 0, 0x0000FFFF, 0x0000FFFF, 0, 0x0000FFFE
        T div32, IA|IB|ID|OA|OD, 0x000, 0, 0x9ABCDEF0, 0x87654321, 0, 0x12345678
        T div32, IA|IB|ID|OA|OD, 0x000, 0, 0x00000007, 0x00000002, 0, 0x00000000
        T idiv8, IA|IB|OA, 0x000, 0, 0x0000FFF9, 0x00000002, 0, 0
        T idiv8, IA|IB|OA, 0x000, 0, 0x00000007, 0x000000FE, 0, 0
        T idiv8, IA|IB|OA, 0x000, 0, 0x0000FF00, 0x00000002, 0, 0
        T idiv8, IA|IB|OA, 0x000, 0, 0x0000007F, 0x00000001, 0, 0
        T idiv16, IA|IB|ID|OA|OD, 0x000, 0, 0x00000000, 0x00000007, 0, 0xFFFFFFFF
        T idiv16, IA|IB|ID|OA|OD, 0x000, 0, 0x00001001, 0x0000FF00, 0, 0x00000000
        T idiv16, IA|IB|ID|OA|OD, 0x000, 0, 0x0000FFF9, 0x0000FFFE, 0, 0x0000FFFF
        T idiv32, IA|IB|ID|OA|OD, 0x000, 0, 0xFFFFFFF9, 0x00000002, 0, 0xFFFFFFFF
        T idiv32, IA|IB|ID|OA|OD, 0x000, 0, 0x00000000, 0xFFFFFFF0, 0, 0x00000001
        T idiv32, IA|IB|ID|OA|OD, 0x000, 0, 0x80000000, 0xFFFFFFFF, 0, 0x00000000
        ; shifts and rotates by CL: counts 0 1 7 8 9 16 17 31 33, FLAGS in = SF PF CF
        T shl8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T shl8, IA|IC|OA, 0x0085, 0x8C5, 0x123456B5, 0, 0x5A01, 0
        T shl8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A07, 0
        T shl8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A08, 0
        T shl8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A09, 0
        T shl8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A10, 0
        T shl8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A11, 0
        T shl8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A1F, 0
        T shl8, IA|IC|OA, 0x0085, 0x8C5, 0x123456B5, 0, 0x5A21, 0
        T shl16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T shl16, IA|IC|OA, 0x0085, 0x8C5, 0x1234A5C3, 0, 0x5A01, 0
        T shl16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A07, 0
        T shl16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A08, 0
        T shl16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A09, 0
        T shl16, IA|IC|OA, 0x0085, 0x0C4, 0x1234A5C3, 0, 0x5A10, 0
        T shl16, IA|IC|OA, 0x0085, 0x0C4, 0x1234A5C3, 0, 0x5A11, 0
        T shl16, IA|IC|OA, 0x0085, 0x0C4, 0x1234A5C3, 0, 0x5A1F, 0
        T shl16, IA|IC|OA, 0x0085, 0x8C5, 0x1234A5C3, 0, 0x5A21, 0
        T shl32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T shl32, IA|IC|OA, 0x0085, 0x8C5, 0x9234C5A7, 0, 0x5A01, 0
        T shl32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A07, 0
        T shl32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A08, 0
        T shl32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A09, 0
        T shl32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A10, 0
        T shl32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A11, 0
        T shl32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A1F, 0
        T shl32, IA|IC|OA, 0x0085, 0x8C5, 0x9234C5A7, 0, 0x5A21, 0
        T shr8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T shr8, IA|IC|OA, 0x0085, 0x8C5, 0x123456B5, 0, 0x5A01, 0
        T shr8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A07, 0
        T shr8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A08, 0
        T shr8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A09, 0
        T shr8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A10, 0
        T shr8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A11, 0
        T shr8, IA|IC|OA, 0x0085, 0x0C4, 0x123456B5, 0, 0x5A1F, 0
        T shr8, IA|IC|OA, 0x0085, 0x8C5, 0x123456B5, 0, 0x5A21, 0
        T shr16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T shr16, IA|IC|OA, 0x0085, 0x8C5, 0x1234A5C3, 0, 0x5A01, 0
        T shr16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A07, 0
        T shr16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A08, 0
        T shr16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A09, 0
        T shr16, IA|IC|OA, 0x0085, 0x0C4, 0x1234A5C3, 0, 0x5A10, 0
        T shr16, IA|IC|OA, 0x0085, 0x0C4, 0x1234A5C3, 0, 0x5A11, 0
        T shr16, IA|IC|OA, 0x0085, 0x0C4, 0x1234A5C3, 0, 0x5A1F, 0
        T shr16, IA|IC|OA, 0x0085, 0x8C5, 0x1234A5C3, 0, 0x5A21, 0
        T shr32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T shr32, IA|IC|OA, 0x0085, 0x8C5, 0x9234C5A7, 0, 0x5A01, 0
        T shr32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A07, 0
        T shr32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A08, 0
        T shr32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A09, 0
        T shr32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A10, 0
        T shr32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A11, 0
        T shr32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A1F, 0
        T shr32, IA|IC|OA, 0x0085, 0x8C5, 0x9234C5A7, 0, 0x5A21, 0
        T sar8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T sar8, IA|IC|OA, 0x0085, 0x8C5, 0x123456B5, 0, 0x5A01, 0
        T sar8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A07, 0
        T sar8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A08, 0
        T sar8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A09, 0
        T sar8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A10, 0
        T sar8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A11, 0
        T sar8, IA|IC|OA, 0x0085, 0x0C5, 0x123456B5, 0, 0x5A1F, 0
        T sar8, IA|IC|OA, 0x0085, 0x8C5, 0x123456B5, 0, 0x5A21, 0
        T sar16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T sar16, IA|IC|OA, 0x0085, 0x8C5, 0x1234A5C3, 0, 0x5A01, 0
        T sar16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A07, 0
        T sar16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A08, 0
        T sar16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A09, 0
        T sar16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A10, 0
        T sar16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A11, 0
        T sar16, IA|IC|OA, 0x0085, 0x0C5, 0x1234A5C3, 0, 0x5A1F, 0
        T sar16, IA|IC|OA, 0x0085, 0x8C5, 0x1234A5C3, 0, 0x5A21, 0
        T sar32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T sar32, IA|IC|OA, 0x0085, 0x8C5, 0x9234C5A7, 0, 0x5A01, 0
        T sar32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A07, 0
        T sar32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A08, 0
        T sar32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A09, 0
        T sar32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A10, 0
        T sar32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A11, 0
        T sar32, IA|IC|OA, 0x0085, 0x0C5, 0x9234C5A7, 0, 0x5A1F, 0
        T sar32, IA|IC|OA, 0x0085, 0x8C5, 0x9234C5A7, 0, 0x5A21, 0
        T rol8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T rol8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A01, 0
        T rol8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A07, 0
        T rol8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A08, 0
        T rol8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A09, 0
        T rol8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A10, 0
        T rol8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A11, 0
        T rol8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A1F, 0
        T rol8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A21, 0
        T rol16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T rol16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A01, 0
        T rol16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A07, 0
        T rol16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A08, 0
        T rol16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A09, 0
        T rol16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A10, 0
        T rol16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A11, 0
        T rol16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A1F, 0
        T rol16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A21, 0
        T rol32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T rol32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A01, 0
        T rol32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A07, 0
        T rol32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A08, 0
        T rol32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A09, 0
        T rol32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A10, 0
        T rol32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A11, 0
        T rol32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A1F, 0
        T rol32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A21, 0
        T ror8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T ror8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A01, 0
        T ror8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A07, 0
        T ror8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A08, 0
        T ror8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A09, 0
        T ror8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A10, 0
        T ror8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A11, 0
        T ror8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A1F, 0
        T ror8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A21, 0
        T ror16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T ror16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A01, 0
        T ror16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A07, 0
        T ror16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A08, 0
        T ror16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A09, 0
        T ror16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A10, 0
        T ror16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A11, 0
        T ror16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A1F, 0
        T ror16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A21, 0
        T ror32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T ror32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A01, 0
        T ror32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A07, 0
        T ror32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A08, 0
        T ror32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A09, 0
        T ror32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A10, 0
        T ror32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A11, 0
        T ror32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A1F, 0
        T ror32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A21, 0
        T rcl8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T rcl8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A01, 0
        T rcl8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A07, 0
        T rcl8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A08, 0
        T rcl8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A09, 0
        T rcl8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A10, 0
        T rcl8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A11, 0
        T rcl8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A1F, 0
        T rcl8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A21, 0
        T rcl16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T rcl16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A01, 0
        T rcl16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A07, 0
        T rcl16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A08, 0
        T rcl16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A09, 0
        T rcl16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A10, 0
        T rcl16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A11, 0
        T rcl16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A1F, 0
        T rcl16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A21, 0
        T rcl32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T rcl32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A01, 0
        T rcl32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A07, 0
        T rcl32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A08, 0
        T rcl32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A09, 0
        T rcl32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A10, 0
        T rcl32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A11, 0
        T rcl32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A1F, 0
        T rcl32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A21, 0
        T rcr8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A00, 0
        T rcr8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A01, 0
        T rcr8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A07, 0
        T rcr8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A08, 0
        T rcr8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A09, 0
        T rcr8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A10, 0
        T rcr8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A11, 0
        T rcr8, IA|IC|OA, 0x0085, 0x0D5, 0x123456B5, 0, 0x5A1F, 0
        T rcr8, IA|IC|OA, 0x0085, 0x8D5, 0x123456B5, 0, 0x5A21, 0
        T rcr16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A00, 0
        T rcr16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A01, 0
        T rcr16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A07, 0
        T rcr16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A08, 0
        T rcr16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A09, 0
        T rcr16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A10, 0
        T rcr16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A11, 0
        T rcr16, IA|IC|OA, 0x0085, 0x0D5, 0x1234A5C3, 0, 0x5A1F, 0
        T rcr16, IA|IC|OA, 0x0085, 0x8D5, 0x1234A5C3, 0, 0x5A21, 0
        T rcr32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A00, 0
        T rcr32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A01, 0
        T rcr32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A07, 0
        T rcr32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A08, 0
        T rcr32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A09, 0
        T rcr32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A10, 0
        T rcr32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A11, 0
        T rcr32, IA|IC|OA, 0x0085, 0x0D5, 0x9234C5A7, 0, 0x5A1F, 0
        T rcr32, IA|IC|OA, 0x0085, 0x8D5, 0x9234C5A7, 0, 0x5A21, 0
        T rcl8, IA|IC|OA, 0x0840, 0x8D5, 0x1D3B59BA, 0, 0x01, 0
        T rcl8, IA|IC|OA, 0x0840, 0x0D5, 0x1D3B59BA, 0, 0x02, 0
        T rcl8, IA|IC|OA, 0x0840, 0x0D5, 0x1D3B59BA, 0, 0x09, 0
        T rcl8, IA|IC|OA, 0x0840, 0x0D5, 0x1D3B59BA, 0, 0x11, 0
        T rcl8, IA|IC|OA, 0x0840, 0x8D5, 0x1D3B59BA, 0, 0x21, 0
        T rcl16, IA|IC|OA, 0x0840, 0x8D5, 0x1D3BAACC, 0, 0x01, 0
        T rcl16, IA|IC|OA, 0x0840, 0x0D5, 0x1D3BAACC, 0, 0x02, 0
        T rcl16, IA|IC|OA, 0x0840, 0x0D5, 0x1D3BAACC, 0, 0x09, 0
        T rcl16, IA|IC|OA, 0x0840, 0x0D5, 0x1D3BAACC, 0, 0x11, 0
        T rcl16, IA|IC|OA, 0x0840, 0x8D5, 0x1D3BAACC, 0, 0x21, 0
        T rcl32, IA|IC|OA, 0x0840, 0x8D5, 0x9D3BCAA8, 0, 0x01, 0
        T rcl32, IA|IC|OA, 0x0840, 0x0D5, 0x9D3BCAA8, 0, 0x02, 0
        T rcl32, IA|IC|OA, 0x0840, 0x0D5, 0x9D3BCAA8, 0, 0x09, 0
        T rcl32, IA|IC|OA, 0x0840, 0x0D5, 0x9D3BCAA8, 0, 0x11, 0
        T rcl32, IA|IC|OA, 0x0840, 0x8D5, 0x9D3BCAA8, 0, 0x21, 0
        T rcr8, IA|IC|OA, 0x0840, 0x8D5, 0x1D3B59BA, 0, 0x01, 0
        T rcr8, IA|IC|OA, 0x0840, 0x0D5, 0x1D3B59BA, 0, 0x02, 0
        T rcr8, IA|IC|OA, 0x0840, 0x0D5, 0x1D3B59BA, 0, 0x09, 0
        T rcr8, IA|IC|OA, 0x0840, 0x0D5, 0x1D3B59BA, 0, 0x11, 0
        T rcr8, IA|IC|OA, 0x0840, 0x8D5, 0x1D3B59BA, 0, 0x21, 0
        T rcr16, IA|IC|OA, 0x0840, 0x8D5, 0x1D3BAACC, 0, 0x01, 0
        T rcr16, IA|IC|OA, 0x0840, 0x0D5, 0x1D3BAACC, 0, 0x02, 0
        T rcr16, IA|IC|OA, 0x0840, 0x0D5, 0x1D3BAACC, 0, 0x09, 0
        T rcr16, IA|IC|OA, 0x0840, 0x0D5, 0x1D3BAACC, 0, 0x11, 0
        T rcr16, IA|IC|OA, 0x0840, 0x8D5, 0x1D3BAACC, 0, 0x21, 0
        T rcr32, IA|IC|OA, 0x0840, 0x8D5, 0x9D3BCAA8, 0, 0x01, 0
        T rcr32, IA|IC|OA, 0x0840, 0x0D5, 0x9D3BCAA8, 0, 0x02, 0
        T rcr32, IA|IC|OA, 0x0840, 0x0D5, 0x9D3BCAA8, 0, 0x09, 0
        T rcr32, IA|IC|OA, 0x0840, 0x0D5, 0x9D3BCAA8, 0, 0x11, 0
        T rcr32, IA|IC|OA, 0x0840, 0x8D5, 0x9D3BCAA8, 0, 0x21, 0
        ; by 1 and by an immediate
        T shl8one, UN, 0x000, 0x8C5, 0x000000C0, 0, 0, 0
        T shl8one, UN, 0x000, 0x8C5, 0x00000040, 0, 0, 0
        T sar16one, UN, 0x801, 0x8C5, 0x00008001, 0, 0, 0
        T shr32one, UN, 0x000, 0x8C5, 0x80000001, 0, 0, 0
        T rcr8one, UN, 0x001, 0x8D5, 0x00000001, 0, 0, 0
        T rcr8one, UN, 0x000, 0x8D5, 0x00000080, 0, 0, 0
        T rcl16one, UN, 0x001, 0x8D5, 0x00004000, 0, 0, 0
        T rol32one, UN, 0x000, 0x8D5, 0x80000000, 0, 0, 0
        T ror8one, UN, 0x000, 0x8D5, 0x00000001, 0, 0, 0
        T shl16i, UN, 0x000, 0x0C5, 0x00000C01, 0, 0, 0
        T sar8i, UN, 0x000, 0x0C5, 0x00000084, 0, 0, 0
        T shr32i, UN, 0x001, 0x0C5, 0xFFF80000, 0, 0, 0
        T rol16i, UN, 0x0C4, 0x0D5, 0x0000ABCD, 0, 0, 0
        T rcr32i, UN, 0x001, 0x0D5, 0x00000040, 0, 0, 0
        T rol8i, UN, 0x000, 0x0D5, 0x000000A1, 0, 0, 0
        ; double shifts: count 0 changes nothing; OF only for count 1
        T shld16, IA|IB|IC|OA, 0x0085, 0x8D5, 0x00001234, 0x0000ABCD, 0, 0
        T shld16, IA|IB|IC|OA, 0x0085, 0x8C5, 0x00001234, 0x0000ABCD, 1, 0
        T shld16, IA|IB|IC|OA, 0x0085, 0x0C5, 0x00001234, 0x0000ABCD, 4, 0
        T shld16, IA|IB|IC|OA, 0x0085, 0x0C5, 0x00001234, 0x0000ABCD, 15, 0
        T shld16, IA|IB|IC|OA, 0x0000, 0x8C5, 0x00004321, 0x0000ABCD, 33, 0
        T shrd16, IA|IB|IC|OA, 0x0085, 0x8D5, 0x00001234, 0x0000ABCD, 0, 0
        T shrd16, IA|IB|IC|OA, 0x0085, 0x8C5, 0x00001234, 0x0000ABCD, 1, 0
        T shrd16, IA|IB|IC|OA, 0x0085, 0x0C5, 0x00001234, 0x0000ABCD, 4, 0
        T shrd16, IA|IB|IC|OA, 0x0085, 0x0C5, 0x00001234, 0x0000ABCD, 15, 0
        T shrd16, IA|IB|IC|OA, 0x0000, 0x8C5, 0x00004321, 0x0000ABCD, 33, 0
        T shld32, IA|IB|IC|OA, 0x0085, 0x8D5, 0x12345678, 0x9ABCDEF0, 0, 0
        T shld32, IA|IB|IC|OA, 0x0085, 0x8C5, 0x12345678, 0x9ABCDEF0, 1, 0
        T shld32, IA|IB|IC|OA, 0x0085, 0x0C5, 0x12345678, 0x9ABCDEF0, 8, 0
        T shld32, IA|IB|IC|OA, 0x0085, 0x0C5, 0x12345678, 0x9ABCDEF0, 31, 0
        T shld32, IA|IB|IC|OA, 0x0000, 0x8C5, 0x42345678, 0x9ABCDEF0, 33, 0
        T shrd32, IA|IB|IC|OA, 0x0085, 0x8D5, 0x12345678, 0x9ABCDEF0, 0, 0
        T shrd32, IA|IB|IC|OA, 0x0085, 0x8C5, 0x12345678, 0x9ABCDEF0, 1, 0
        T shrd32, IA|IB|IC|OA, 0x0085, 0x0C5, 0x12345678, 0x9ABCDEF0, 8, 0
        T shrd32, IA|IB|IC|OA, 0x0085, 0x0C5, 0x12345678, 0x9ABCDEF0, 31, 0
        T shrd32, IA|IB|IC|OA, 0x0000, 0x8C5, 0x12345679, 0x9ABCDEF0, 33, 0
        T shld16i, AR, 0x0000, 0x0C5, 0x0000F234, 0x0000ABCD, 0, 0
        T shrd32i, AR, 0x0000, 0x0C5, 0x12345678, 0x9ABCDEF0, 0, 0
        T shld32m, IA|IB|IC|OA, 0x0000, 0x0C5, 0x12345678, 0x9ABCDEF0, 12, 0
        ; decimal adjust: DAA/DAS leave OF undefined, AAA/AAS define only AF and CF,
        ; AAM/AAD only SF, ZF, PF
        T daa,   UN, 0x000, 0x0D5, 0x0000000F, 0, 0, 0
        T daa,   UN, 0x000, 0x0D5, 0x0000009A, 0, 0, 0
        T daa,   UN, 0x011, 0x0D5, 0x00000000, 0, 0, 0
        T daa,   UN, 0x000, 0x0D5, 0x00000099, 0, 0, 0
        T daa,   UN, 0x010, 0x0D5, 0x00000045, 0, 0, 0
        T daa,   UN, 0x000, 0x0D5, 0x000000A5, 0, 0, 0
        T das,   UN, 0x000, 0x0D5, 0x0000000F, 0, 0, 0
        T das,   UN, 0x011, 0x0D5, 0x00000066, 0, 0, 0
        T das,   UN, 0x000, 0x0D5, 0x000000A0, 0, 0, 0
        T das,   UN, 0x010, 0x0D5, 0x00000019, 0, 0, 0
        T adddaa, AR, 0x000, 0x0D5, 0x00000079, 0x00000035, 0, 0
        T adddaa, AR, 0x000, 0x0D5, 0x00000058, 0x00000046, 0, 0
        T adddaa, AR, 0x000, 0x0D5, 0x00000019, 0x00000028, 0, 0
        T adddaa, AR, 0x000, 0x0D5, 0x00000099, 0x00000099, 0, 0
        T adddaa, AR, 0x000, 0x0D5, 0x00000050, 0x00000050, 0, 0
        T subdas, AR, 0x000, 0x0D5, 0x00000035, 0x00000047, 0, 0
        T subdas, AR, 0x000, 0x0D5, 0x00000047, 0x00000035, 0, 0
        T subdas, AR, 0x000, 0x0D5, 0x00000050, 0x00000001, 0, 0
        T subdas, AR, 0x000, 0x0D5, 0x00000000, 0x00000001, 0, 0
        T aaa,   UN, 0x000, 0x011, 0x0000020B, 0, 0, 0
        T aaa,   UN, 0x010, 0x011, 0x00000203, 0, 0, 0
        T aaa,   UN, 0x000, 0x011, 0x00000209, 0, 0, 0
        T aas,   UN, 0x000, 0x011, 0x0000020B, 0, 0, 0
        T aas,   UN, 0x010, 0x011, 0x00000208, 0, 0, 0
        T addaaa, AR, 0x000, 0x011, 0x00000008, 0x00000009, 0, 0
        T addaaa, AR, 0x000, 0x011, 0x00000505, 0x00000004, 0, 0
        T subaas, AR, 0x000, 0x011, 0x00000203, 0x00000005, 0, 0
        T subaas, AR, 0x000, 0x011, 0x00000208, 0x00000003, 0, 0
        T aam,   UN, 0x000, 0x0C4, 0x0000003F, 0, 0, 0
        T aam,   UN, 0x000, 0x0C4, 0x00001200, 0, 0, 0
        T aam,   UN, 0x000, 0x0C4, 0x000000FF, 0, 0, 0
        T aam16, UN, 0x000, 0x0C4, 0x000012FF, 0, 0, 0
        T aad,   UN, 0x000, 0x0C4, 0x00000607, 0, 0, 0
        T aad,   UN, 0x000, 0x0C4, 0x00001999, 0, 0, 0
        T aad,   UN, 0x000, 0x0C4, 0x00000000, 0, 0, 0
        T aad16, UN, 0x000, 0x0C4, 0x00000A05, 0, 0, 0
        ; bit tests: only CF is defined (BSF/BSR: only ZF)
        T bt16,  AR, 0x000, 0x001, 0x00001234, 0x00000002, 0, 0
        T bt16,  AR, 0x000, 0x001, 0x00001234, 0x00000012, 0, 0
        T bts16, AR, 0x001, 0x001, 0x00001234, 0x00000003, 0, 0
        T btr16, AR, 0x000, 0x001, 0x00001234, 0x00000002, 0, 0
        T btc16, AR, 0x000, 0x001, 0x00001234, 0x0000001F, 0, 0
        T bt32,  AR, 0x000, 0x001, 0x80000000, 0x0000001F, 0, 0
        T bts32, AR, 0x000, 0x001, 0x00000000, 0x00000045, 0, 0
        T btr32, AR, 0x000, 0x001, 0xFFFFFFFF, 0x00000010, 0, 0
        T btc32, AR, 0x000, 0x001, 0x12345678, 0x0000003F, 0, 0
        T bt16i, UN, 0x000, 0x001, 0x00002000, 0, 0, 0
        T btc16i, UN, 0x000, 0x001, 0x00001234, 0, 0, 0
        T bts32i, UN, 0x000, 0x001, 0x7FFFFFFF, 0, 0, 0
        T btr32i, UN, 0x000, 0x001, 0x000000FF, 0, 0, 0
        T bt16m, IB|OA|OB|OC|OD, 0x000, 0x001, 0x00010000, 0x00000030, 0, 0
        T bts16m, IB|OA|OB|OC|OD, 0x000, 0x001, 0x00000000, 0x00000023, 0, 0
        T bts16m, IB|OA|OB|OC|OD, 0x000, 0x001, 0x00000000, 0x0000FFFF, 0, 0x00000000
        T btr32m, IB|OA|OB|OC|OD, 0x000, 0x001, 0xFFFFFFFF, 0x00000024, 0, 0
        T btc32m, IB|OA|OB|OC|OD, 0x000, 0x001, 0x00000000, 0xFFFFFFE3, 0, 0x0000FFFF
        T bts32i8m, OA|OB|OC|OD, 0x000, 0x001, 0x00000000, 0, 0, 0
        T bsf16, AR, 0x000, 0x040, 0x0000FFFF, 0x00000018, 0, 0
        T bsr16, AR, 0x000, 0x040, 0x0000FFFF, 0x00000018, 0, 0
        T bsf32, AR, 0x040, 0x040, 0x00000000, 0x80000000, 0, 0
        T bsr32, AR, 0x040, 0x040, 0x00000000, 0x00000001, 0, 0
        T bsr32, AR, 0x040, 0x040, 0x00000000, 0xF0000000, 0, 0
        T bsf16, IB, 0x000, 0x040, 0x00000000, 0x00000000, 0, 0
        T bsr32, IB, 0x000, 0x040, 0x00000000, 0x00000000, 0, 0
        ; flag instructions
        T sahf,  IA, 0x800, 0x8D5, 0x0000D500, 0, 0, 0
        T sahf,  IA, 0x8D5, 0x8D5, 0x00000200, 0, 0, 0
        T lahf,  OA, 0x095, 0x8D5, 0x00000000, 0, 0, 0
        T lahf,  OA, 0x840, 0x8D5, 0x0000FFFF, 0, 0, 0
        T clc,   0, 0x8D5, 0x8D5, 0, 0, 0, 0
        T stc,   0, 0x000, 0x8D5, 0, 0, 0, 0
        T cmc,   0, 0x001, 0x8D5, 0, 0, 0, 0
        T cmc,   0, 0x0C4, 0x8D5, 0, 0, 0, 0
table_end:

; ---------------------------------------------------------------- data
cur:    dw 0
fmt:    dw 0
fout:   dw 0
        align 4
mscr:   dd 0
        dd 0, 0
bsbuf:  dd 0, 0, 0, 0
