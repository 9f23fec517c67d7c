; pm-descriptors.asm - Tessera guest program: protected-mode segmentation (386 rules).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Enters protected mode (GDT, IDT
; with 16-bit interrupt gates to handlers that print the vector and the error code and skip the
; faulting instruction), loads segment registers, provokes the faults of segment loads and of
; segment checks on accesses, uses an LDT, far JMP/CALL/RET between 16- and 32-bit code segments,
; then returns to real mode. Output: text lines on port E9h. Ends with CLI; HLT.
;
; Every segment has base 0 so that offsets are the program's addresses. Error codes are the
; selector with RPL cleared (TI kept), or 0.

        bits 16
        org 0x7C00

; CODE16 (08h) and DATA16 (10h): pm-common.inc
RODATA  equ 0x18
XCODE   equ 0x20
NPDATA  equ 0x28
DATA3   equ 0x30
EXPDOWN equ 0x38
SMALL   equ 0x40
FLAT    equ 0x48
LDTSEL  equ 0x50
CODE32  equ 0x58
CONFORM equ 0x60
EXPD32  equ 0x68
TINYCODE equ 0x70
NPCODE  equ 0x78
CODE3   equ 0x80
CONF3   equ 0x88
GDT_END equ 0x90

%include "print-macros.inc"
%include "pm-common.inc"

        PM_START
        PM_BEGIN "pm-descriptors"
        ENTER_PM lmsw
        PR "pm cs ss ds"
        SHOW16 cs, ss, ds
        str ax
        call sphex16
        NL

        PR "accessed"
        SHOWACC RODATA
        mov ax, RODATA
        mov fs, ax
        SHOWACC RODATA, NPDATA
        NL

        PR "read-only"
        TRY mov al, [fs:0x7C00]
        TRY mov [fs:0x500], al
        TRY add [fs:0x500], al
        TRY inc word [fs:0x500]
        ; the flags the fault handler finds are those from before the instruction
        xor ax, ax
        stc
        TRY adc [fs:0x500], al
        mov ax, [fault_flags]
        and ax, 0x08C5                  ; AF is undefined after XOR
        call sphex16
        mov al, 0x80
        cmp al, 1
        TRY shl word [fs:0x500], 1
        mov ax, [fault_flags]
        and ax, 0x08D5
        call sphex16
        NL

        PR "code"
        mov ax, XCODE
        TRY mov fs, ax
        mov ax, CODE16
        TRY mov fs, ax
        TRY mov al, [fs:0x7C00]
        TRY mov [fs:0x500], al
        TRY mov al, [cs:0x7C00]
        TRY mov [cs:0x500], al
        NL

        PR "load ds/es/fs/gs"
        mov ax, NPDATA
        TRY mov es, ax
        mov ax, DATA3
        TRY mov es, ax
        mov ax, DATA16 | 3
        TRY mov gs, ax
        mov ax, 0x1000
        TRY mov es, ax
        mov ax, GDT_END
        TRY mov es, ax
        mov ax, LDTSEL
        TRY mov es, ax
        mov ax, 0x0004
        TRY mov es, ax
        NL

        PR "null"
        xor ax, ax
        TRY mov es, ax
        SHOW16 es
        TRY mov al, [es:0]
        TRY mov [es:0], al
        mov ax, 3
        TRY mov gs, ax
        SHOW16 gs
        TRY mov ax, [gs:0]
        mov ax, DATA16
        mov es, ax
        mov gs, ax
        NL

        PR "load ss"
        xor ax, ax
        TRY mov ss, ax
        mov ax, RODATA
        TRY mov ss, ax
        mov ax, DATA3
        TRY mov ss, ax
        mov ax, DATA16 | 3
        TRY mov ss, ax
        mov ax, CODE16
        TRY mov ss, ax
        mov ax, NPDATA
        TRY mov ss, ax
        SHOW16 ss
        NL

        PR "pop/les"
        mov [spv], sp
        push word NPDATA
        TRY pop es
        SPDELTA
        pop ax
        mov word [farptr], 0x1234
        mov word [farptr + 2], XCODE
        TRY les bx, [farptr]
        mov word [farptr + 2], DATA3
        mov bx, 0
        TRY les bx, [farptr]
        call sphex16
        SHOW16 bx, es
        mov ax, DATA16
        mov es, ax
        NL

        PR "limit"
        mov ax, SMALL
        mov es, ax
        TRY mov al, [es:0xFF]
        TRY mov ax, [es:0xFF]
        TRY mov al, [es:0x100]
        TRY mov dword [es:0xFC], 0
        TRY mov dword [es:0xFD], 0
        mov ebx, 0x10000
        TRY mov al, [ebx]
        TRY mov al, [ss:ebx]
        mov bp, 0xFFFF
        TRY mov ax, [bp]
        mov ax, FLAT
        mov es, ax
        TRY mov al, [es:ebx]
        mov ax, DATA16
        mov es, ax
        NL

        PR "expand-down"
        mov ax, EXPDOWN
        mov es, ax
        TRY mov al, [es:0x0FFF]
        TRY mov al, [es:0x1000]
        TRY mov ax, [es:0x0FFF]
        TRY mov [es:0xFFFF], al
        TRY mov [es:0xFFFE], ax
        TRY mov [es:0xFFFF], ax
        TRY mov al, [es:0]
        mov ax, EXPD32
        mov es, ax
        TRY mov al, [es:ebx]
        mov ebx, 0xFFFFF
        TRY mov al, [es:ebx]
        mov ebx, 0xFFFFFFFF
        TRY mov al, [es:ebx]
        mov ax, DATA16
        mov es, ax
        NL

        PR "ldt"
        mov ax, LDTSEL
        lldt ax
        sldt ax
        call sphex16
        mov ax, 0x0004
        mov es, ax
        SHOW16 [es:0]
        mov ax, 0x000F
        TRY mov es, ax
        SHOW16 es
        SHOW8 [ldt + 8 + 5]
        mov ax, 0x0014
        TRY mov es, ax
        mov ax, 0x000C
        TRY mov ss, ax
        xor ax, ax
        lldt ax
        mov ax, 0x0004
        TRY mov es, ax
        mov ax, DATA16
        mov es, ax
        NL

        PR "far"
        call CODE16:farsub
        call sphex16
        call far [farsub_ptr]
        call sphex16
        jmp CODE32:code32
back16:
        call sphex32
        jmp CONFORM:conforming
back_conf:
        call sphex16
        mov [spv], sp
        TRY jmp DATA16:0
        TRY jmp TINYCODE:0x100
        TRY jmp NPDATA:0
        TRY jmp NPCODE:0
        TRY jmp 0:0
        TRY jmp CODE3:0
        TRY jmp CONF3:0
        TRY call TINYCODE:0x100
        TRY call LDTSEL:0
        TRY jmp far [farptr]
        SPDELTA
        NL
        PR "far ret"
        push word CODE16 | 3
        push word 0
        TRY retf
        add sp, 4
        push word 0
        push word 0
        TRY retf
        add sp, 4
        push word DATA16
        push word 0
        TRY retf
        add sp, 4
        NL

        ; back to real mode: 64 KiB writable segments, then PE = 0
        mov ax, DATA16
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov eax, cr0
        and eax, ~1
        mov cr0, eax
        jmp 0:real
real:
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        PR "real"
        SHOW16 cs, [marker]
        NL
        PM_END "pm-descriptors"

farsub:
        mov ax, cs
        retf

        bits 32
code32:
        mov eax, 0x12345678
        add eax, eax
        jmp CODE16:back16
        bits 16

conforming:
        mov ax, cs
        jmp CODE16:back_conf

        PM_RUNTIME

spv:    dw 0
        FAULT_VARS
        align 4
farptr: dd 0
farsub_ptr: dw farsub, CODE16

        PM_DTRS 32

        GDT_BEGIN                       ; 00 null, 08 code16, 10 data16
        DESC 0, 0xFFFF, 0x0090          ; 18 read-only data (not yet accessed)
        DESC 0, 0xFFFF, 0x0098          ; 20 execute-only code
        DESC 0, 0xFFFF, 0x0012          ; 28 data, not present
        DESC 0, 0xFFFF, 0x00F2          ; 30 data DPL 3
        DESC 0, 0x0FFF, 0x0096          ; 38 expand-down data, offsets 1000..FFFF
        DESC 0, 0x00FF, 0x0092          ; 40 data, limit FF
        DESC 0, 0xFFFFF, 0xC092         ; 48 flat 4 GiB data
        DESC ldt - $$ + 0x7C00, 15, 0x0082           ; 50 LDT of two descriptors
        DESC 0, 0xFFFF, 0x409A          ; 58 code32
        DESC 0, 0xFFFF, 0x009E          ; 60 conforming code
        DESC 0, 0xFF, 0xC096            ; 68 expand-down, B, G: offsets 100000..FFFFFFFF
        DESC 0, 0x00FF, 0x009A          ; 70 code16, limit FF
        DESC 0, 0xFFFF, 0x001A          ; 78 code16, not present
        DESC 0, 0xFFFF, 0x00FA          ; 80 code16 DPL 3
        DESC 0, 0xFFFF, 0x00FE          ; 88 conforming code DPL 3

ldt:
        DESC marker - $$ + 0x7C00, 1, 0x0092         ; 04 data at the marker
        DESC 0, 0xFFFF, 0x0092          ; 0C data16

marker: dw 0xBEEF

        IDT_BEGIN                       ; 00-1F exception stubs
