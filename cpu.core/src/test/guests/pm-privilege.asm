; pm-privilege.asm - Tessera guest program: privilege levels in protected mode (386 rules).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Enters protected mode, loads TR,
; goes to ring 3 with IRET and with RETF (data segment registers the new level may not use become
; null), comes back to ring 0 through interrupt gates with the stack switch from the TSS (32-bit
; TSS, then a 16-bit one; 16- and 32-bit gates), prints the SS:SP the handler runs on and the frame
; it finds, and IRETs back to ring 3. Ring 3 provokes the privilege faults: gate DPL, privileged
; instructions, IOPL-sensitive ones, the I/O permission bitmap (port E9h is allowed, so ring 3 can
; print), segment loads and transfers to inner levels. Output: text lines on port E9h. Ends with
; CLI; HLT (at ring 0).

        bits 16
        org 0x7C00

; CODE16 (08h) and DATA16 (10h): pm-common.inc
CODE3   equ 0x18
DATA3   equ 0x20
TSS32   equ 0x28
TSS16   equ 0x30
CONF0   equ 0x38
DATA1   equ 0x40
GDT_END equ 0x48

STACK0  equ 0x7000
STACK0B equ 0x6800
STACK3  equ 0x6000

%include "print-macros.inc"
%include "pm-common.inc"

        PM_START
        PM_BEGIN "pm-privilege"
        ENTER_PM                        ; leaves AX = DATA16
        mov fs, ax
        mov gs, ax
        mov ax, TSS32
        ltr ax
        PR "tr"
        str ax
        call sphex16
        SHOWACC TSS32
        NL

        ; to ring 3 with IRET: ES = DATA3 and FS = CONF0 stay usable, DS and GS (DPL 0) become null
        mov ax, DATA3
        mov es, ax
        mov ax, CONF0
        mov fs, ax
        IRET_TO DATA3 | 3, STACK3, 0x0002, CODE3 | 3, ring3

ring3:
        PR "ring3 cs ss sp"
        SHOW16 cs, ss, sp
        PR " ds es fs gs"
        SHOW16 ds, es, fs, gs
        mov ax, DATA3 | 3
        mov ds, ax
        NL

        PR "int 40"
        mov word [expect_ip], ret40
        int 0x40
ret40:
        PR " back"
        SHOW16 ss, sp
        NL

        PR "int 43 (32-bit gate)"
        int 0x43
ret43:
        PR " back"
        SHOW16 sp
        NL

        PR "gates"
        TRY int 0x41
        TRY int 0x50
        TRY int3
        TRY int 0x44
        NL

        PR "privileged"
        TRY cli
        TRY sti
        TRY hlt
        TRY mov eax, cr0
        TRY mov cr0, eax
        TRY lgdt [gdtr]
        TRY lidt [idtr]
        TRY lmsw ax
        TRY clts
        TRY mov eax, dr7
        mov ax, TSS32
        TRY ltr ax
        xor ax, ax
        TRY lldt ax
        TRY smsw ax
        TRY sgdt [scratch]
        NL

        PR "io"
        TRY out 0x80, al
        TRY in al, 0x80
        TRY in al, 0xE9
        call sphex8
        mov dx, 0xE8
        TRY out dx, ax
        mov dx, 0xE9
        TRY out dx, ax
        mov dx, 0x3F8
        TRY in al, dx
        NL

        PR "flags"
        SHOWFLAGS 0x3201
        push word 0x3203
        popf
        SHOWFLAGS 0x3201
        NL

        PR "inner"
        mov ax, DATA16
        TRY mov es, ax
        mov ax, DATA1 | 3
        TRY mov es, ax
        TRY mov ss, ax
        TRY call CODE16:r0func
        TRY jmp CODE16:r0func
        push word 0x0002
        push word CODE16
        push word ring3
        TRY iret
        add sp, 6
        push word CODE16
        push word ring3
        TRY retf
        add sp, 4
        call CONF0:confunc
        call sphex16
        NL

        ; back to ring 0 for good
        int 0x42

ring0:
        PR "ring0 cs ss sp"
        SHOW16 cs, ss, sp
        NL

        ; to ring 3 with RETF, then int 40 through the 16-bit TSS
        mov ax, TSS16
        ltr ax
        PR "tr"
        str ax
        call sphex16
        SHOWACC TSS16
        NL
        mov ax, DATA16
        mov ds, ax
        mov ax, DATA1
        mov es, ax
        ; IOPL 3: ring 3 may use IN/OUT (a 16-bit TSS has no I/O permission bitmap)
        pushf
        or word [esp], 0x3000
        popf
        push word DATA3 | 3
        push word STACK3 - 0x100
        push word CODE3 | 3
        push word ring3b
        retf
ring3b:
        PR "ring3 cs ss sp"
        SHOW16 cs, ss, sp
        PR " ds es"
        SHOW16 ds, es
        mov ax, DATA3 | 3
        mov ds, ax
        PR " iopl"
        SHOWFLAGS 0x3200
        NL
        PR "int 40"
        mov word [expect_ip], ret40b
        int 0x40
ret40b:
        PR " back"
        SHOW16 ss, sp
        NL
        PR "fault"
        TRY mov ax, [es:0]
        NL
        int 0x42

end:
        PM_END "pm-privilege"

r0func:
        retf

confunc:
        mov ax, cs
        retf

; int 40: prints SS:SP on entry and the frame (IP, CS, FLAGS & 3200h, SP, SS), IRETs
h40:
        RING0_ENTER ax
        PR " handler cs"
        SHOW16 cs
        SHOW_STACK " ss:sp"
        mov ax, [bp + 2]
        sub ax, [expect_ip]
        call sphex16
        SHOW16 [bp + 4]
        mov ax, [bp + 6]
        and ax, 0x3200
        call sphex16
        SHOW16 [bp + 8], [bp + 10]
        RING0_LEAVE ax
        iret

; int 43 through a 32-bit gate into 16-bit code: the frame is of doublewords
h43:
        RING0_ENTER eax
        SHOW_STACK " handler ss:sp"
        mov eax, [bp + 2]
        sub eax, ret43
        call sphex32
        SHOW16 [bp + 6]
        mov eax, [bp + 10]
        and eax, 0x3200
        call sphex32
        SHOW32 [bp + 14]
        SHOW16 [bp + 18]
        RING0_LEAVE eax
        o32 iret

; int 42: back to ring 0 (the frame is dropped); continues at ring0 or end
h42:
        add sp, 10
        mov ax, DATA16
        mov ds, ax
        mov es, ax
        cmp byte [pass], 0
        jne .second
        inc byte [pass]
        jmp ring0
.second:
        jmp end

        PM_RUNTIME

pass:   db 0
expect_ip: dw 0
        FAULT_VARS
        align 4
scratch: dd 0, 0

        PM_DTRS 0x45

        GDT_BEGIN                       ; 00 null, 08 code16, 10 data16
        DESC 0, 0xFFFF, 0x00FA          ; 18 code16 DPL 3
        DESC 0, 0xFFFF, 0x00F2          ; 20 data16 DPL 3
        DESC tss32 - $$ + 0x7C00, 0x88, 0x0089  ; 28 32-bit TSS with an I/O bitmap for ports 0-FF
        DESC tss16 - $$ + 0x7C00, 0x2B, 0x0081  ; 30 16-bit TSS
        DESC 0, 0xFFFF, 0x009E          ; 38 conforming code DPL 0
        DESC 0, 0xFFFF, 0x00B2          ; 40 data16 DPL 1

        align 8
tss32:
        dd 0                            ; back link
        dd STACK0                       ; ESP0
        dd DATA16                       ; SS0
        times 22 dd 0
        dw 0                            ; T
        dw 0x68                         ; I/O map base
        times 29 db 0xFF                ; ports 00-E7
        db 0xFD                         ; ports E8-EF: only E9 allowed
        times 2 db 0xFF                 ; ports F0-FF
        db 0xFF

        align 8
tss16:
        dw 0                            ; back link
        dw STACK0B                      ; SP0
        dw DATA16                       ; SS0
        times 19 dw 0

        IDT_BEGIN                       ; 00-1F exception stubs
        times 0x40 - 32 dq 0
        GATE h40, CODE16, 0xE6, 0       ; 40 16-bit interrupt gate, DPL 3
        GATE h40, CODE16, 0x86, 0       ; 41 DPL 0
        GATE h42, CODE16, 0xE6, 0       ; 42 DPL 3
        GATE h43, CODE16, 0xEE, 0       ; 43 32-bit interrupt gate, DPL 3
        GATE h40, CODE16, 0x66, 0       ; 44 DPL 3, not present
