; pm-system.asm - Tessera guest program: protected-mode system instructions and exception
; delivery (386 rules).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Checks that the protected-mode
; instructions raise #UD in real mode, enters protected mode and prints what LAR, LSL, VERR, VERW,
; ARPL, SMSW, STR, SLDT, SGDT/SIDT give, LGDT with a 16-bit operand (24-bit base), MOV to/from
; DR0-7, CLTS, LMSW (cannot clear PE); then exceptions raised while delivering another: a benign
; one followed by a contributory one is delivered alone with EXT = 1 in its error code, two
; contributory ones make a double fault (error code 0). Output: text lines on port E9h. Ends with
; CLI; HLT.

        bits 16
        org 0x7C00

; CODE16 (08h) and DATA16 (10h): pm-common.inc
DATA3   equ 0x18
XCODE   equ 0x20
CONF3   equ 0x28
LDTSEL  equ 0x30
TSS32   equ 0x38
NPDATA  equ 0x40
GATE3   equ 0x48
BIGDATA equ 0x50
GDT_END equ 0x58

%include "print-macros.inc"
%include "pm-common.inc"

        PM_START
        mov word [6 * 4], rud
        mov word [6 * 4 + 2], 0
        PM_BEGIN "pm-system"
        PR "real mode"
        ; TRY works in real mode too: rud, the #UD vector of the vector table, reports and skips
        TRY sldt ax
        TRY str ax
        TRY lldt ax
        TRY verr ax
        TRY lar ax, bx
        TRY lsl ax, bx
        TRY arpl ax, bx
        TRY smsw ax
        NL

        ; LGDT with a 16-bit operand uses 24 bits of the base
        lgdt [gdtr_junk]
        sgdt [scratch]
        PR "lgdt16"
        SHOW32 [scratch + 2]
        o32 lgdt [gdtr_junk]
        o32 sgdt [scratch]
        SHOW32 [scratch + 2]
        NL

        ENTER_PM
        mov ax, TSS32
        ltr ax
        mov ax, LDTSEL
        lldt ax

        PR "str sldt"
        str ax
        call sphex16
        sldt ax
        call sphex16
        NL

        PR "lar"
        mov bx, CODE16
        call dolar
        mov bx, DATA16
        call dolar
        mov bx, DATA3 | 3
        call dolar
        mov bx, CONF3
        call dolar
        mov bx, TSS32
        call dolar
        mov bx, LDTSEL
        call dolar
        mov bx, GATE3
        call dolar
        mov bx, 0
        call dolar
        mov bx, GDT_END
        call dolar
        mov bx, 0x0004
        call dolar
        NL

        PR "lsl"
        mov bx, CODE16
        call dolsl
        mov bx, BIGDATA
        call dolsl
        mov bx, TSS32
        call dolsl
        mov bx, LDTSEL
        call dolsl
        mov bx, GATE3
        call dolsl
        mov bx, 0x0004
        call dolsl
        mov ebx, BIGDATA
        mov eax, 0x11111111
        lsl eax, ebx
        call sphex32
        NL

        PR "verr verw"
        mov bx, CODE16
        call dover
        mov bx, DATA16
        call dover
        mov bx, XCODE
        call dover
        mov bx, NPDATA
        call dover
        mov bx, CONF3
        call dover
        mov bx, TSS32
        call dover
        mov bx, 0
        call dover
        NL

        PR "arpl"
        mov ax, 0x0010
        mov bx, 0x0003
        arpl ax, bx
        HF 0x40
        call sphex16
        mov ax, 0x0013
        mov bx, 0x0001
        arpl ax, bx
        HF 0x40
        call sphex16
        mov word [scratch], 0x0021
        mov bx, 0x0002
        arpl [scratch], bx
        HF 0x40
        SHOW16 [scratch]
        NL

        PR "msw"
        smsw ax
        call sphex16
        mov ax, 0x000E
        lmsw ax
        smsw ax
        call sphex16
        clts
        smsw ax
        call sphex16
        mov eax, cr0
        and al, 0xF1
        mov cr0, eax
        smsw ax
        call sphex16
        NL

        PR "dr"
        mov eax, 0x12345678
        mov dr0, eax
        mov eax, 0x00000400
        mov dr7, eax
        SHOW32 dr0, dr7
        NL

        ; exceptions while delivering exceptions
        PR "nested"
        mov byte [idt + 6 * 8 + 5], 0x06        ; #UD gate not present
        TRY ud2
        mov byte [idt + 6 * 8 + 5], 0x86
        mov byte [idt + 11 * 8 + 5], 0x06       ; #NP gate not present: #NP while delivering #NP
        mov ax, NPDATA
        TRY mov es, ax
        mov byte [idt + 11 * 8 + 5], 0x86
        mov byte [idt + 13 * 8 + 5], 0x06       ; #GP gate not present: #NP while delivering #GP
        mov ax, XCODE
        TRY mov es, ax
        mov byte [idt + 13 * 8 + 5], 0x86
        mov word [idt + 13 * 8 + 2], NPDATA     ; #GP gate to a data segment: #GP while delivering #GP
        mov ax, XCODE
        TRY mov es, ax
        mov word [idt + 13 * 8 + 2], CODE16
        mov word [idt + 0 * 8 + 2], 0x1000      ; #DE gate selector beyond the GDT
        xor cx, cx
        mov ax, 1
        TRY div cl
        mov word [idt + 0 * 8 + 2], CODE16
        TRY int 0x30
        NL

        PM_END "pm-system"

dolar:
        mov eax, 0x11111111
        lar eax, ebx
        HF 0x40
        call sphex32
        ret

dolsl:
        mov ax, 0x1111
        lsl ax, bx
        HF 0x40
        call sphex16
        ret

dover:
        verr bx
        HF 0x40
        verw bx
        HF 0x40
        ret

; real-mode #UD: skip the instruction
rud:
        push bp
        mov bp, sp
        push ax
        PR " UD"
        mov ax, [fault_ip]
        add ax, [skip_len]
        mov [bp + 2], ax
        mov byte [faulted], 1
        pop ax
        pop bp
        iret

        PM_RUNTIME

        FAULT_VARS
        align 4
scratch: dd 0, 0

gdtr_junk: dw 0x1234
        dd 0xAB345678
        PM_DTRS 0x31

        GDT_BEGIN                       ; 00 null, 08 code16, 10 data16
        DESC 0, 0xFFFF, 0x00F2          ; 18 data DPL 3
        DESC 0, 0xFFFF, 0x0098          ; 20 execute-only code
        DESC 0, 0x0FFF, 0x00FE          ; 28 conforming readable code DPL 3
        DESC ldt - $$ + 0x7C00, 7, 0x0082       ; 30 LDT
        DESC tss32 - $$ + 0x7C00, 0x67, 0x0089  ; 38 32-bit TSS
        DESC 0, 0xFFFF, 0x0012          ; 40 data, not present
        dw 0x1234, CODE16, 0xEC00, 0    ; 48 call gate DPL 3
        DESC 0x12345, 0xABCDE, 0xC092   ; 50 data, G: limit ABCDEFFF

ldt:
        DESC 0, 0xFFFF, 0x0092

        align 8
tss32:
        times 0x68 db 0

        IDT_BEGIN                       ; 00-1F exception stubs
        times 0x30 - 32 dq 0
        GATE stub3, CODE16, 0x06, 0     ; 30 not present
