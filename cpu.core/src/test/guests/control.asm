; control.asm - Tessera guest program: control transfer, interrupts, exceptions, single step,
; CPUID (real mode).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. The program sets DS = ES = SS = 0,
; SP = 7C00h and installs its handlers in the vector table at 0000:0000. Some code runs as
; 07C0:xxxx (the same bytes reached through another CS). Output: text lines on port E9h. Ends with
; CLI; HLT.
;
; A handler prints the pushed return address as a difference to the address it must be: for a
; trap (INT n, INT3, INTO, single step) the next instruction, for a fault (#DE, #BR, #UD) the first
; byte (prefixes included) of the faulting instruction; 0000 is right. A fault handler then moves
; the return address past the faulting instruction. " -" after a TRY means: no exception.

        bits 16
        org 0x7C00

%include "print-macros.inc"
%macro SAVESP 0
        mov [spv], sp
%endmacro
%macro HSPD 0                   ; print " " and spv - SP
        mov [tmp], sp
        push ax
        mov ax, [spv]
        sub ax, [tmp]
        call sphex16
        pop ax
%endmacro
%macro SETVEC 2                 ; vector, handler (segment 0)
        mov word [(%1) * 4], %2
        mov word [(%1) * 4 + 2], 0
%endmacro
; CALLS instruction: expect_ret = the address after the instruction
%macro CALLS 1+
        mov word [expect_ret], %%after
        %1
%%after:
%endmacro
; TRY instruction: an exception handler may report it and skip it; " -" if none was raised
%macro TRY 1+
        mov word [fault_ip], %%at
        mov word [skip_len], %%end - %%at
        mov byte [faulted], 0
%%at:
        %1
%%end:
        cmp byte [faulted], 0
        jne %%done
        PR " -"
%%done:
%endmacro

start:
        cli
        xor eax, eax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x7C00
        mov fs, ax
        mov gs, ax
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor esi, esi
        xor edi, edi
        xor ebp, ebp
        cld
        SETVEC 0, h_de
        SETVEC 1, h_db
        SETVEC 3, h_bp
        SETVEC 4, h_of
        SETVEC 5, h_br
        SETVEC 6, h_ud
        SETVEC 0x40, h_40
        SETVEC 0x41, h_41_old
        PR "control: begin", 10

; ================================================================ CALL / RET
        PR "call near"
        SAVESP
        CALLS call p_near       ; E8
        mov bx, p_near
        CALLS call bx           ; FF /2, register
        CALLS call [pvec]       ; FF /2, memory
        mov si, pvec - 2
        CALLS call [si + 2]
        HSPD
        NL
        PR "call o32"
        SAVESP
        CALLS call dword p_near32 ; 66 E8 rel32: pushes EIP
        HSPD
        NL
        PR "ret imm"
        SAVESP
        push word 0x1111
        push word 0x2222
        CALLS call p_retimm     ; RET 4 drops the two words
        HSPD
        NL
        PR "call far"
        SAVESP
        CALLS call 0x07C0:(p_far - 0x7C00)        ; 9A
        CALLS call far [fvec]                     ; FF /3
        push word 0x3333
        CALLS call 0x07C0:(p_farimm - 0x7C00)     ; RETF 2
        HSPD
        NL

; ================================================================ JMP
        PR "jmp"
        jmp short .j1
        PR " bad1"
.j1:
        PR " short"
        jmp near .j2
        PR " bad2"
.j2:
        PR " near"
        jmp short .fwd
.back:
        PR " back"
        jmp short .j3
.fwd:
        jmp short .back
.j3:
        mov bx, .j4
        jmp bx                  ; FF /4, register
        PR " bad3"
.j4:
        PR " reg"
        jmp [jvec]              ; FF /4, memory
        PR " bad4"
.j5:
        PR " mem"
        jmp 0x07C0:(.j6 - 0x7C00) ; EA
        PR " bad5"
.j6:
        PR " far"
        H16 cs
        jmp 0x0000:.j7
.j7:
        H16 cs
        jmp far [fjvec]         ; FF /5 to 07C0:.j8
        PR " bad6"
.j8:
        H16 cs
        jmp far [fjvec + 4]     ; back to 0000:.j9
.j9:
        H16 cs
        xor ax, ax
        jz near .j10            ; Jcc rel16 backward and forward
        PR " bad7"
.j11:
        PR " jcc-back"
        jmp short .j12
.j10:
        jz near .j11
.j12:
        NL

; ================================================================ LOOP / JCXZ
        PR "loop"
        mov cx, 5
        xor ax, ax
.l1:
        inc ax
        loop .l1
        H16 ax
        H16 cx
        NL
        PR "loope"
        mov si, arr_a
        mov di, arr_b
        mov cx, 5
.l2:
        mov ax, [si]
        mov dx, [di]
        add si, 2
        add di, 2
        cmp ax, dx
        loope .l2
        HF 0x040
        H16 cx
        mov ax, si
        sub ax, arr_a
        call sphex16
        NL
        PR "loopne"
        mov si, arr_a
        mov di, arr_c
        mov cx, 5
.l3:
        mov ax, [si]
        mov dx, [di]
        add si, 2
        add di, 2
        cmp ax, dx
        loopne .l3
        HF 0x040
        H16 cx
        NL
        PR "loop keeps flags"
        mov cx, 2
        mov al, 0x80
        add al, 0x80            ; OF ZF PF CF
.l4:
        loop .l4
        HF 0x8D5
        NL
        PR "jcxz"
        xor cx, cx
        jcxz .c1
        PR " bad1"
.c1:
        PR " t"
        inc cx
        jcxz .c2
        PR " n"
.c2:
        mov ecx, 0x00010000
        jcxz .c3                ; CX = 0
        PR " bad3"
.c3:
        PR " t"
        jecxz .c4               ; ECX <> 0
        PR " n"
.c4:
        xor ecx, ecx
        jecxz .c5
        PR " bad5"
.c5:
        PR " t"
        NL
        PR "loop ecx"
        mov ecx, 0x00010002
        xor edx, edx
.l5:
        inc edx
        loop .l5, ecx           ; 67 E2: counts with ECX
        H32 edx
        H32 ecx
        mov ecx, 0x00010002
        xor edx, edx
.l6:
        inc edx
        loop .l6                ; counts with CX only
        H32 edx
        H32 ecx
        xor cx, cx
        xor edx, edx
.l7:
        inc edx
        loop .l7                ; CX = 0: 65536 times
        H32 edx
        NL

; ================================================================ INT / IRET
        PR "int 40h"
        mov ax, 0x1234
        push word 0x0203        ; IF CF
        popf
        CALLS int 0x40          ; the handler doubles AX, flips CF and ZF in the pushed FLAGS
        HF 0x0AD5
        cli
        H16 ax
        NL
        PR "int3"
        CALLS int3              ; CC
        CALLS int 3             ; CD 03
        NL
        PR "into"
        mov al, 0x7F
        add al, 1               ; OF
        CALLS into
        mov al, 1
        add al, 1               ; no OF
        into
        PR " -"
        NL
        PR "iret"
        push word 0x08D5        ; all arithmetic flags
        push cs
        push word .i1
        iret
.i1:
        HF 0x8D5
        xor eax, eax
        pushfd
        push dword 0
        push dword .i2
        o32 iret                ; 66 CF: pops EIP, CS, EFLAGS as dwords
.i2:
        HF 0x8D5
        NL
        PR "lidt"
        SETVEC 0x1000 / 4 + 0x41, h_41_new ; vector 41h of a table at 0000:1000
        lidt [idt_new]
        int 0x41
        lidt [idt_old]
        int 0x41
        sidt [idt_save]         ; 16-bit operand size: 24-bit base, then 00
        H16 [idt_save]
        H32 [idt_save + 2]
        NL

; ================================================================ exceptions
        PR "#DE"
        mov ax, 0x1234
        mov bl, 0
        TRY div bl
        H16 ax                  ; unchanged
        mov ax, 0x1000
        mov bl, 0x10
        TRY div bl              ; quotient 100h does not fit
        mov ax, 0x8000
        mov bl, 1
        TRY idiv bl             ; -32768 does not fit
        mov ax, 0x0100
        mov bl, 2
        TRY idiv bl             ; 128 does not fit
        mov eax, 0x80000000
        mov edx, 0xFFFFFFFF
        mov ebx, 0xFFFFFFFF
        TRY idiv ebx            ; -2^31 / -1
        NL
        PR "#DE 2"
        TRY aam 0
        TRY div dword [cs:zero32] ; 2E 66 F7 36: the address is that of the first prefix
        mov ax, 0x0100
        mov bl, 0xFE
        TRY idiv bl             ; -128: fits
        H16 ax
        NL
        PR "#BR"
        mov ax, 5
        TRY bound ax, [bounds]  ; 10..20
        mov ax, 10
        TRY bound ax, [bounds]
        mov ax, 20
        TRY bound ax, [bounds]
        mov ax, 21
        TRY bound ax, [bounds]
        mov ax, -2
        TRY bound ax, [bounds + 4] ; -5..5, signed
        mov ax, 6
        TRY bound ax, [bounds + 4]
        mov eax, 0x80000000
        TRY bound eax, [bounds32] ; 0..7FFFFFFFh
        mov eax, 0x7FFFFFFF
        TRY bound eax, [bounds32]
        NL
        PR "#UD"
        TRY ud2                 ; 0F 0B
        TRY db 0x0F, 0xFF       ; unused two-byte opcode
        TRY db 0xF0, 0x40       ; LOCK INC AX: LOCK on a register instruction
        TRY db 0x8E, 0xC8       ; MOV CS, AX
        TRY db 0x8D, 0xC3       ; LEA AX, BX: register operand
        TRY db 0xC4, 0xC3       ; LES AX, BX: register operand
        TRY lock inc word [var16] ; LOCK with a memory operand is fine
        NL

; ================================================================ single step
        PR "single-step"
        mov word [nsteps], 0
        mov word [step_base], s0
        mov word [tf_in], 0
        mov word [tf_pushed], 0
        xor bx, bx
        mov cx, 3
        mov di, 0x1000
        pushf
        pop dx
        or dx, 0x0100
        push dx
        mov al, 0xAA
        popf                    ; TF = 1; the first trap comes after the next instruction
s0:     nop
s1:     inc bx
s2:     mov si, 5
s3:     rep stosb               ; a trap after each element
s4:     jmp short s5
        int3                    ; skipped
s5:     pushf
s6:     pop dx
s7:     and dx, 0xFEFF
s8:     push dx
s9:     popf                    ; clears TF: still trapped, TF was set when it began
s10:
        call steplog
        H16 bx
        H16 di
        NL
        PR "iret-step"
        mov word [nsteps], 0
        mov word [step_base], t0
        mov word [tf_in], 0
        mov word [tf_pushed], 0
        pushf                   ; TF = 0 for the POPF at t1
        pushf
        pop dx
        or dx, 0x0100
        push dx
        push cs
        push word t0
        iret                    ; TF = 1 from here, no trap after the IRET
t0:     nop
t1:     popf
t2:
        call steplog
        NL

; ================================================================ IN from the debug port
        PR "in e9"              ; the debug port reads back E9h (as in Bochs and QEMU)
        mov al, 0
        in al, 0xE9
        H8 al
        mov dx, 0xE9
        mov al, 0
        in al, dx
        H8 al
        NL

; ================================================================ CPUID
        PR "cpuid"
        pushfd
        pop ecx                 ; the original EFLAGS
        mov eax, ecx
        xor eax, 0x00040000     ; AC: the 486 can change it, the 386 cannot
        push eax
        popfd
        pushfd
        pop eax
        xor eax, ecx
        shr eax, 18
        and al, 1
        PR " ac="
        call phexd
        mov eax, ecx
        xor eax, 0x00200000     ; ID: changeable when there is CPUID
        push eax
        popfd
        pushfd
        pop eax
        push ecx
        popfd
        xor eax, ecx
        shr eax, 21
        and al, 1
        PR " id="
        call phexd
        test al, al
        jz .nocpuid
        xor eax, eax
        cpuid
        H32 eax
        PR " "
        mov [vendor], ebx
        mov [vendor + 4], edx
        mov [vendor + 8], ecx
        mov si, vendor
        mov cx, 12
.v:
        mov al, [si]
        out 0xE9, al
        inc si
        loop .v
        mov eax, 1
        cpuid
        shr eax, 8
        PR " family="
        call phexd
.nocpuid:
        NL

        PR "control: end", 10
halt:
        cli
        hlt
        jmp halt

; ---------------------------------------------------------------- procedures
; print " n" and the return address - expect_ret
p_near:
        push bp
        mov bp, sp
        PR " n"
        push ax
        mov ax, [bp + 2]
        sub ax, [expect_ret]
        call sphex16
        pop ax
        pop bp
        ret

p_near32:
        push bp
        mov bp, sp
        PR " n32"
        push eax
        push ecx
        mov eax, [bp + 2]       ; the whole pushed EIP
        movzx ecx, word [expect_ret]
        sub eax, ecx
        call sphex32
        pop ecx
        pop eax
        pop bp
        o32 ret                 ; 66 C3

p_retimm:
        push bp
        mov bp, sp
        PR " r"
        push ax
        mov ax, [bp + 2]
        sub ax, [expect_ret]
        call sphex16
        pop ax
        H16 [bp + 4]
        H16 [bp + 6]
        pop bp
        ret 4

; reached as 07C0:(p_far - 7C00h)
p_far:
        push bp
        mov bp, sp
        PR " f"
        H16 cs
        push ax
        mov ax, [bp + 2]
        sub ax, [expect_ret]
        call sphex16
        pop ax
        H16 [bp + 4]            ; the caller's CS
        pop bp
        retf

p_farimm:
        push bp
        mov bp, sp
        PR " fi"
        H16 cs
        H16 [bp + 6]            ; the argument
        pop bp
        retf 2

; ---------------------------------------------------------------- handlers
h_40:
        push bp
        mov bp, sp
        PR " in"
        H16 ax
        push ax
        mov ax, [bp + 2]
        sub ax, [expect_ret]
        call sphex16
        H16 [bp + 4]            ; CS
        mov ax, [bp + 6]
        and ax, 0x0FD5          ; the pushed FLAGS (IF, TF, DF and the arithmetic ones)
        call sphex16
        pushf
        pop ax
        and ax, 0x0300          ; IF and TF are clear in the handler
        call sphex16
        xor word [bp + 6], 0x0041 ; flip CF and ZF for the caller
        pop ax
        add ax, ax
        pop bp
        iret

h_41_old:
        PR " old-table"
        iret

h_41_new:
        PR " new-table"
        iret

; traps: print the name and the return address - expect_ret
h_bp:
        PR " #BP"
        jmp trap_common
h_of:
        PR " #OF"
trap_common:
        push bp
        mov bp, sp
        push ax
        mov ax, [bp + 2]
        sub ax, [expect_ret]
        call sphex16
        pop ax
        pop bp
        iret

; faults: print the vector and the return address - fault_ip, then skip the instruction
h_de:
        push ax
        mov al, 0
        jmp fault_common
h_br:
        push ax
        mov al, 5
        jmp fault_common
h_ud:
        push ax
        mov al, 6
fault_common:
        push bp
        mov bp, sp              ; [bp+2] AX, [bp+4] IP, [bp+6] CS, [bp+8] FLAGS
        PR " #"
        call phex8
        mov ax, [bp + 4]
        sub ax, [fault_ip]
        call sphex16
        mov ax, [fault_ip]
        add ax, [skip_len]
        mov [bp + 4], ax
        mov byte [faulted], 1
        pop bp
        pop ax
        iret

; single step: log the return address - step_base (16 at most), count the pushed FLAGS with TF
; set, check that TF is clear in the handler
h_db:
        push bp
        mov bp, sp
        push ax
        push bx
        mov bx, [nsteps]
        cmp bx, 16
        jae .full
        mov ax, [bp + 2]
        sub ax, [step_base]
        mov [steps + bx], al
.full:
        inc word [nsteps]
        test word [bp + 6], 0x0100
        jz .notf
        inc word [tf_pushed]    ; traps whose pushed FLAGS have TF set
.notf:
        pushf
        pop ax
        and ax, 0x0100
        or [tf_in], ax          ; TF clear in the handler
        pop bx
        pop ax
        pop bp
        iret

; prints " n=COUNT" and the logged offsets, and the TF checks
steplog:
        push ax
        push cx
        push si
        PR " n="
        mov ax, [nsteps]
        call phex16
        PR " log"
        mov cx, [nsteps]
        cmp cx, 16
        jbe .n
        mov cx, 16
.n:
        mov si, steps
        jcxz .e
.l:
        mov al, [si]
        call sphex8
        inc si
        loop .l
.e:
        PR " tfin="
        mov ax, [tf_in]
        call phex16
        PR " tfset="
        mov ax, [tf_pushed]
        call phex16
        pop si
        pop cx
        pop ax
        ret

; ---------------------------------------------------------------- output (port E9h)
%include "print.inc"

; ---------------------------------------------------------------- data
pvec:   dw p_near
fvec:   dw p_far - 0x7C00, 0x07C0
jvec:   dw start.j5
fjvec:  dw start.j8 - 0x7C00, 0x07C0
        dw start.j9, 0x0000
arr_a:  dw 1, 2, 3, 4, 5
arr_b:  dw 1, 2, 3, 9, 5
arr_c:  dw 5, 4, 3, 2, 1
bounds: dw 10, 20, -5, 5
bounds32: dd 0, 0x7FFFFFFF
idt_new: dw 0x03FF
        dd 0x1000
idt_old: dw 0x03FF
        dd 0
idt_save: times 6 db 0xAA
        align 4
zero32: dd 0
vendor: times 12 db 0
expect_ret: dw 0
fault_ip: dw 0
skip_len: dw 0
faulted: db 0
        align 2
var16:  dw 0
nsteps: dw 0
step_base: dw 0
tf_in:  dw 0
tf_pushed: dw 0
steps:  times 16 db 0
spv:    dw 0
tmp:    dw 0
