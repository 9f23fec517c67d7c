; pm-gates.asm - Tessera guest program: call gates in protected mode (386 rules).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Enters protected mode, goes to
; ring 3 (IOPL 3, so that ring 3 can print) and calls ring 0 through a 16-bit call gate that copies
; two word parameters and a 32-bit one that copies a doubleword, with the stack switch from the
; TSS: the ring-0 code prints the frame it finds and returns with RETF n to ring 3. Then the call
; gate faults (gate DPL, not present, JMP to an inner level, a gate to a data segment) and calls
; and jumps through gates that stay at ring 3 (same level, conforming code). Output: text lines on
; port E9h. Ends with CLI; HLT (at ring 0, reached through a call gate).

        bits 16
        org 0x7C00

CODE16  equ 0x08
DATA16  equ 0x10
CODE3   equ 0x18
DATA3   equ 0x20
TSS32   equ 0x28
GATE16  equ 0x30
GATE32  equ 0x38
GATE0   equ 0x40
GATENP  equ 0x48
GATE3   equ 0x50
GATEDAT equ 0x58
CONF0   equ 0x60
GATECF  equ 0x68
GATEEND equ 0x70
GATEJ   equ 0x78
GDT_END equ 0x80

STACK0  equ 0x7000
STACK3  equ 0x6000

%include "print-macros.inc"
%include "pm-common.inc"

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        PR "pm-gates: begin"
        NL
        lgdt [gdtr]
        lidt [idtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp CODE16:pm16
pm16:
        mov ax, DATA16
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov ax, TSS32
        ltr ax
        push word DATA3 | 3
        push word STACK3
        push word 0x3002
        push word CODE3 | 3
        push word ring3
        iret

ring3:
        mov ax, DATA3 | 3
        mov ds, ax
        mov es, ax
        PR "ring3"
        mov ax, cs
        call sphex16
        mov ax, sp
        call sphex16
        NL

        PR "gate16"
        push word 0x1111
        push word 0x2222
        call GATE16:0xDEAD
after16:
        PR " back"
        mov ax, cs
        call sphex16
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        NL

        PR "gate32"
        push dword 0xCAFEBABE
        call GATE32:0
after32:
        PR " back"
        mov ax, cs
        call sphex16
        mov ax, sp
        call sphex16
        NL

        PR "faults"
        mov [spv], sp
        TRY call GATE0:0
        TRY call GATENP:0
        TRY jmp GATE16:0
        TRY call GATEDAT:0
        TRY jmp GATEDAT:0
        mov ax, [spv]
        sub ax, sp
        call sphex16
        NL

        PR "same level"
        mov [spv], sp
        call GATE3:0
        call sphex16
        jmp GATEJ:0
jmp_back:
        call GATECF:0
        call sphex16
        mov ax, sp
        call sphex16
        NL

        call GATEEND:0

; ring 0 through GATE16: prints CS, SS:SP and the frame (IP - after16, CS, the two parameters,
; SP, SS), returns to ring 3 releasing the parameters
g16:
        push bp
        mov bp, sp
        push ds
        mov ax, DATA16
        mov ds, ax
        PR " cs"
        mov ax, cs
        call sphex16
        PR " ss:sp"
        mov ax, ss
        call sphex16
        lea ax, [bp + 2]
        call sphex16
        PR " frame"
        mov ax, [bp + 2]
        sub ax, after16
        call sphex16
        mov ax, [bp + 4]
        call sphex16
        mov ax, [bp + 6]
        call sphex16
        mov ax, [bp + 8]
        call sphex16
        mov ax, [bp + 10]
        call sphex16
        mov ax, [bp + 12]
        call sphex16
        pop ds
        pop bp
        retf 4

; ring 0 through the 32-bit GATE32 (into 16-bit code): a frame of doublewords
g32:
        push bp
        mov bp, sp
        push ds
        mov ax, DATA16
        mov ds, ax
        PR " ss:sp"
        mov ax, ss
        call sphex16
        lea ax, [bp + 2]
        call sphex16
        PR " frame"
        mov eax, [bp + 2]
        sub eax, after32
        call sphex32
        mov ax, [bp + 6]
        call sphex16
        mov eax, [bp + 10]
        call sphex32
        mov eax, [bp + 14]
        call sphex32
        mov ax, [bp + 18]
        call sphex16
        pop ds
        pop bp
        o32 retf 4

; ring 3 through GATE3
same3:
        mov ax, cs
        retf

; reached by JMP through GATEJ: prints CS and the SP change (0000: nothing pushed)
samejmp:
        mov ax, cs
        call sphex16
        mov ax, [spv]
        sub ax, sp
        call sphex16
        jmp CODE3 | 3:jmp_back

; conforming ring 0 code: runs at CPL 3
conf:
        mov ax, cs
        retf

finish:
        PR "ring0"
        mov ax, cs
        call sphex16
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        NL
        PR "pm-gates: end"
        NL
        cli
        hlt

%include "print.inc"

        STUBS

spv:    dw 0
fault_ip: dw 0
fault_flags: dw 0
skip_len: dw 0
faulted: db 0

gdtr:   dw GDT_END - 1
        dd gdt
idtr:   dw 32 * 8 - 1
        dd idt

        align 8
gdt:
        dq 0
        DESC 0, 0xFFFF, 0x009A          ; 08 code16
        DESC 0, 0xFFFF, 0x0092          ; 10 data16
        DESC 0, 0xFFFF, 0x00FA          ; 18 code16 DPL 3
        DESC 0, 0xFFFF, 0x00F2          ; 20 data16 DPL 3
        DESC tss32 - $$ + 0x7C00, 0x67, 0x0089  ; 28 32-bit TSS
        dw g16, CODE16                  ; 30 16-bit call gate DPL 3, 2 word parameters
        db 2, 0xE4
        dw 0
        dw g32, CODE16                  ; 38 32-bit call gate DPL 3, 1 doubleword parameter
        db 1, 0xEC
        dw 0
        GATE g16, CODE16, 0x84, 0       ; 40 DPL 0
        GATE g16, CODE16, 0x64, 0       ; 48 DPL 3, not present
        GATE same3, CODE3 | 3, 0xE4, 0  ; 50 to ring 3 code
        GATE 0, DATA3, 0xE4, 0          ; 58 to a data segment
        DESC 0, 0xFFFF, 0x009E          ; 60 conforming code DPL 0
        GATE conf, CONF0, 0xE4, 0       ; 68 to conforming code
        GATE finish, CODE16, 0xE4, 0    ; 70 to ring 0 for the end
        GATE samejmp, CODE3 | 3, 0xE4, 0  ; 78 to ring 3 code, for JMP

        align 8
tss32:
        dd 0
        dd STACK0                       ; ESP0
        dd DATA16                       ; SS0
        times 0x68 - 12 db 0

        align 8
idt:
        IDT16
