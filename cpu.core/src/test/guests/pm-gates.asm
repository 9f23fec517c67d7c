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

; CODE16 (08h) and DATA16 (10h): pm-common.inc
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

        PM_START
        PM_BEGIN "pm-gates"
        ENTER_PM
        mov ax, TSS32
        ltr ax
        IRET_TO DATA3 | 3, STACK3, 0x3002, CODE3 | 3, ring3

ring3:
        mov ax, DATA3 | 3
        mov ds, ax
        mov es, ax
        PR "ring3"
        SHOW16 cs, sp
        NL

        PR "gate16"
        push word 0x1111
        push word 0x2222
        call GATE16:0xDEAD
after16:
        PR " back"
        SHOW16 cs, ss, sp
        NL

        PR "gate32"
        push dword 0xCAFEBABE
        call GATE32:0
after32:
        PR " back"
        SHOW16 cs, sp
        NL

        PR "faults"
        mov [spv], sp
        TRY call GATE0:0
        TRY call GATENP:0
        TRY jmp GATE16:0
        TRY call GATEDAT:0
        TRY jmp GATEDAT:0
        SPDELTA
        NL

        PR "same level"
        mov [spv], sp
        call GATE3:0
        call sphex16
        jmp GATEJ:0
jmp_back:
        call GATECF:0
        call sphex16
        SHOW16 sp
        NL

        call GATEEND:0

; ring 0 through GATE16: prints CS, SS:SP and the frame (IP - after16, CS, the two parameters,
; SP, SS), returns to ring 3 releasing the parameters
g16:
        RING0_ENTER
        PR " cs"
        SHOW16 cs
        SHOW_STACK " ss:sp"
        mov ax, [bp + 2]
        sub ax, after16
        call sphex16
        SHOW16 [bp + 4], [bp + 6], [bp + 8], [bp + 10], [bp + 12]
        RING0_LEAVE
        retf 4

; ring 0 through the 32-bit GATE32 (into 16-bit code): a frame of doublewords
g32:
        RING0_ENTER
        SHOW_STACK " ss:sp"
        mov eax, [bp + 2]
        sub eax, after32
        call sphex32
        SHOW16 [bp + 6]
        SHOW32 [bp + 10], [bp + 14]
        SHOW16 [bp + 18]
        RING0_LEAVE
        o32 retf 4

; ring 3 through GATE3
same3:
        mov ax, cs
        retf

; reached by JMP through GATEJ: prints CS and the SP change (0000: nothing pushed)
samejmp:
        SHOW16 cs
        SPDELTA
        jmp CODE3 | 3:jmp_back

; conforming ring 0 code: runs at CPL 3
conf:
        mov ax, cs
        retf

finish:
        PR "ring0"
        SHOW16 cs, ss, sp
        NL
        PM_END "pm-gates"

        PM_RUNTIME

spv:    dw 0
        FAULT_VARS

        PM_DTRS 32

        GDT_BEGIN                       ; 00 null, 08 code16, 10 data16
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

        IDT_BEGIN                       ; 00-1F exception stubs
