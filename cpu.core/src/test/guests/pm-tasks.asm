; pm-tasks.asm - Tessera guest program: task switches in protected mode (386 rules).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Enters protected mode with task A
; (32-bit TSS, LTR), CALLs task B (32-bit TSS with its own LDT) twice: B returns with IRET through
; the back link and continues after its IRET the next time; JMPs to task C (16-bit TSS), which
; JMPs back; INT 40h through a task gate to task D; a #GP through a task gate to task E, which
; pops the error code, moves task A's saved EIP past the faulting instruction and IRETs; CALLs
; task F, whose TSS has the T bit: a #DB trap (DR6.BT) before F's first instruction; CALLs task G,
; whose TSS holds an FS selector beyond the GDT: the #TS is taken in task G (386 rule), at G's
; first instruction, with ES and DS loaded, FS and GS holding their selectors unusable. Prints
; TR, back links, NT, busy bits, CR0.TS and registers kept across the switches. Output: text lines
; on port E9h. Ends with CLI; HLT.

        bits 16
        org 0x7C00

; CODE16 (08h) and DATA16 (10h): pm-common.inc
TSSA    equ 0x18
TSSB    equ 0x20
TSSC    equ 0x28
TSSD    equ 0x30
TSSE    equ 0x38
LDTB    equ 0x40
TGATEB  equ 0x48
XCODE   equ 0x50
TSSF    equ 0x58
TSSG    equ 0x60
BADSEL  equ 0x78                ; beyond the GDT
GDT_END equ 0x68

%include "print-macros.inc"
%include "pm-common.inc"

%macro TSS32 4-6 0, DATA16      ; EIP, ESP, LDT, EFLAGS, T bit, FS
        dd 0                    ; back link
        dd 0, 0, 0, 0, 0, 0     ; ESP0..SS2
        dd 0                    ; CR3
        dd %1, %4               ; EIP, EFLAGS
        dd 0, 0, 0, 0, %2, 0, 0, 0      ; EAX..EDI
        dd DATA16, CODE16, DATA16, DATA16, %6, DATA16   ; ES CS SS DS FS GS
        dd %3                   ; LDT
        dw %5, 0x68             ; T, I/O map base
%endmacro

        PM_START
        PM_BEGIN "pm-tasks"
        ENTER_PM
        mov ax, TSSA
        ltr ax
        PR "A"
        str ax
        call sphex16
        SHOWACC TSSA, TSSB
        smsw ax
        and ax, 8
        call sphex16
        NL

        PR "call B"
        mov ebx, 0x11223344
        mov ecx, 0x55667788
        call TSSB:0
        PR " A"
        str ax
        call sphex16
        SHOW32 ebx, ecx
        SHOWACC TSSA, TSSB
        smsw ax
        and ax, 8
        call sphex16
        sldt ax
        call sphex16
        SHOWFLAGS 0x4000
        NL

        PR "call gate B"
        clts
        call TGATEB:0
        PR " A"
        str ax
        call sphex16
        SHOWACC TSSB
        NL

        PR "jmp C"
        mov si, 0x1234
        jmp TSSC:0
        PR " A"
        str ax
        call sphex16
        SHOW16 si
        SHOWACC TSSA, TSSC
        SHOW16 [tssc]
        NL

        PR "busy"
        TRY call TSSA:0
        TRY jmp TSSA:0
        TRY call LDTB:0
        NL

        PR "int 40"
        int 0x40
        PR " A"
        str ax
        call sphex16
        SHOWACC TSSD
        NL

        PR "#GP task"
        ; the #GP vector becomes a task gate to task E
        mov word [idt + 13 * 8 + 2], TSSE
        mov byte [idt + 13 * 8 + 5], 0x85
        mov ax, XCODE
        mov word [fault_ip], gp_at
        mov word [skip_len], gp_end - gp_at
gp_at:
        mov es, ax
gp_end:
        PR " A"
        SHOW16 es
        str ax
        call sphex16
        SHOWACC TSSE
        NL

        ; the T bit: the #DB trap is taken in task F before its first instruction (stub 1 prints
        ; #01 and, as the pushed IP is taskF = fault_ip, nothing else), then F shows DR6 (BT)
        PR "T bit"
        mov word [fault_ip], taskF
        mov word [skip_len], 0
        call TSSF:0
        PR " A"
        str ax
        call sphex16
        NL

        ; a bad FS in the new TSS: #TS(BADSEL) in task G, returning to G's first instruction
        PR "TS in G"
        mov word [fault_ip], taskG
        mov word [skip_len], 0
        call TSSG:0
        PR " A"
        str ax
        call sphex16
        NL

        PM_END "pm-tasks"

taskB:
        PR " B"
        str ax
        call sphex16
        SHOW16 [tssb]
        SHOWFLAGS 0x4000
        sldt ax
        call sphex16
        mov ax, 0x000C
        mov es, ax
        SHOW16 [es:0]
        SHOW32 ebx
        iret
        PR " B again"
        iret
        jmp taskB

taskC:
        PR " C"
        str ax
        call sphex16
        SHOW16 [tssc]
        SHOWFLAGS 0x4000
        SHOW16 si
        mov si, 0x5678
        jmp TSSA:0

taskD:
        PR " D"
        str ax
        call sphex16
        SHOW16 [tssd]
        SHOWFLAGS 0x4000
        iret
        jmp taskD

taskE:
        pop eax
        PR " E error"
        call sphex32
        mov eax, [tssa + 0x20]
        sub ax, [fault_ip]
        call sphex16
        mov ax, [fault_ip]
        add ax, [skip_len]
        mov [tssa + 0x20], ax
        iret
        jmp taskE

taskF:
        PR " F"
        mov eax, dr6
        call sphex32
        xor eax, eax
        mov dr6, eax
        iret
        jmp taskF

taskG:
        mov bx, fs                      ; the selectors from the TSS, their descriptors unusable
        mov cx, gs
        PR " G"
        str ax
        call sphex16
        mov ax, bx
        call sphex16
        mov ax, cx
        call sphex16
        mov ax, DATA16                  ; usable again once loaded
        mov fs, ax
        mov gs, ax
        iret
        jmp taskG

marker: dw 0xB0B0

        PM_RUNTIME

        FAULT_VARS

        PM_DTRS 0x41

        GDT_BEGIN                       ; 00 null, 08 code16, 10 data16
        DESC tssa - $$ + 0x7C00, 0x67, 0x0089   ; 18 task A (32-bit)
        DESC tssb - $$ + 0x7C00, 0x67, 0x0089   ; 20 task B (32-bit)
        DESC tssc - $$ + 0x7C00, 0x2B, 0x0081   ; 28 task C (16-bit)
        DESC tssd - $$ + 0x7C00, 0x67, 0x0089   ; 30 task D (32-bit)
        DESC tsse - $$ + 0x7C00, 0x67, 0x0089   ; 38 task E (32-bit)
        DESC ldtb - $$ + 0x7C00, 15, 0x0082     ; 40 task B's LDT
        dw 0, TSSB, 0x8500, 0           ; 48 task gate to task B
        DESC 0, 0xFFFF, 0x0098          ; 50 execute-only code
        DESC tssf - $$ + 0x7C00, 0x67, 0x0089   ; 58 task F (32-bit, T bit)
        DESC tssg - $$ + 0x7C00, 0x67, 0x0089   ; 60 task G (32-bit, bad FS)

ldtb:
        dq 0
        DESC marker - $$ + 0x7C00, 1, 0x0092    ; 0C the marker

        align 8
tssa:   times 0x68 db 0
tssb:   TSS32 taskB, 0x6000, LDTB, 2
tssc:
        dw 0                            ; back link
        dw 0, 0, 0, 0, 0, 0             ; SP0..SS2
        dw taskC, 2                     ; IP, FLAGS
        dw 0, 0, 0, 0, 0x5800, 0, 0, 0  ; AX..DI
        dw DATA16, CODE16, DATA16, DATA16       ; ES CS SS DS
        dw 0                            ; LDT
        align 8
tssd:   TSS32 taskD, 0x5000, 0, 2
tsse:   TSS32 taskE, 0x4800, 0, 2
tssf:   TSS32 taskF, 0x4400, 0, 2, 1
tssg:   TSS32 taskG, 0x4000, 0, 2, 0, BADSEL  ; FS beyond the GDT

        IDT_BEGIN                       ; 00-1F exception stubs
        times 0x40 - 32 dq 0
        dw 0, TSSD, 0x8500, 0           ; 40 task gate to task D
