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

CODE16  equ 0x08
DATA16  equ 0x10
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

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        PR "pm-privilege: begin"
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
        mov fs, ax
        mov gs, ax
        mov ax, TSS32
        ltr ax
        PR "tr"
        str ax
        call sphex16
        mov al, [gdt + TSS32 + 5]
        call sphex8
        NL

        ; to ring 3 with IRET: ES = DATA3 and FS = CONF0 stay usable, DS and GS (DPL 0) become null
        mov ax, DATA3
        mov es, ax
        mov ax, CONF0
        mov fs, ax
        push word DATA3 | 3
        push word STACK3
        push word 0x0002
        push word CODE3 | 3
        push word ring3
        iret

ring3:
        PR "ring3 cs ss sp"
        mov ax, cs
        call sphex16
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        PR " ds es fs gs"
        mov ax, ds
        call sphex16
        mov ax, es
        call sphex16
        mov ax, fs
        call sphex16
        mov ax, gs
        call sphex16
        mov ax, DATA3 | 3
        mov ds, ax
        NL

        PR "int 40"
        mov word [expect_ip], ret40
        int 0x40
ret40:
        PR " back"
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        NL

        PR "int 43 (32-bit gate)"
        int 0x43
ret43:
        PR " back"
        mov ax, sp
        call sphex16
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
        pushf
        pop ax
        and ax, 0x3201
        call sphex16
        push word 0x3203
        popf
        pushf
        pop ax
        and ax, 0x3201
        call sphex16
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
        mov ax, cs
        call sphex16
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        NL

        ; to ring 3 with RETF, then int 40 through the 16-bit TSS
        mov ax, TSS16
        ltr ax
        PR "tr"
        str ax
        call sphex16
        mov al, [gdt + TSS16 + 5]
        call sphex8
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
        mov ax, cs
        call sphex16
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        PR " ds es"
        mov ax, ds
        call sphex16
        mov ax, es
        call sphex16
        mov ax, DATA3 | 3
        mov ds, ax
        PR " iopl"
        pushf
        pop ax
        and ax, 0x3200
        call sphex16
        NL
        PR "int 40"
        mov word [expect_ip], ret40b
        int 0x40
ret40b:
        PR " back"
        mov ax, ss
        call sphex16
        mov ax, sp
        call sphex16
        NL
        PR "fault"
        TRY mov ax, [es:0]
        NL
        int 0x42

end:
        PR "pm-privilege: end"
        NL
        cli
        hlt

r0func:
        retf

confunc:
        mov ax, cs
        retf

; int 40: prints SS:SP on entry and the frame (IP, CS, FLAGS & 3200h, SP, SS), IRETs
h40:
        push bp
        mov bp, sp
        push ds
        push ax
        mov ax, DATA16
        mov ds, ax
        PR " handler cs"
        mov ax, cs
        call sphex16
        PR " ss:sp"
        mov ax, ss
        call sphex16
        lea ax, [bp + 2]
        call sphex16
        PR " frame"
        mov ax, [bp + 2]
        sub ax, [expect_ip]
        call sphex16
        mov ax, [bp + 4]
        call sphex16
        mov ax, [bp + 6]
        and ax, 0x3200
        call sphex16
        mov ax, [bp + 8]
        call sphex16
        mov ax, [bp + 10]
        call sphex16
        pop ax
        pop ds
        pop bp
        iret

; int 43 through a 32-bit gate into 16-bit code: the frame is of doublewords
h43:
        push bp
        mov bp, sp
        push ds
        push eax
        mov ax, DATA16
        mov ds, ax
        PR " handler ss:sp"
        mov ax, ss
        call sphex16
        lea ax, [bp + 2]
        call sphex16
        PR " frame"
        mov eax, [bp + 2]
        sub eax, ret43
        call sphex32
        mov ax, [bp + 6]
        call sphex16
        mov eax, [bp + 10]
        and eax, 0x3200
        call sphex32
        mov eax, [bp + 14]
        call sphex32
        mov ax, [bp + 18]
        call sphex16
        pop eax
        pop ds
        pop bp
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

%include "print.inc"

        STUBS

pass:   db 0
expect_ip: dw 0
fault_ip: dw 0
fault_flags: dw 0
skip_len: dw 0
faulted: db 0
        align 4
scratch: dd 0, 0

gdtr:   dw GDT_END - 1
        dd gdt
idtr:   dw 0x45 * 8 - 1
        dd idt

        align 8
gdt:
        dq 0
        DESC 0, 0xFFFF, 0x009A          ; 08 code16
        DESC 0, 0xFFFF, 0x0092          ; 10 data16
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

        align 8
idt:
        IDT16
        times 0x40 - 32 dq 0
        GATE h40, CODE16, 0xE6, 0       ; 40 16-bit interrupt gate, DPL 3
        GATE h40, CODE16, 0x86, 0       ; 41 DPL 0
        GATE h42, CODE16, 0xE6, 0       ; 42 DPL 3
        GATE h43, CODE16, 0xEE, 0       ; 43 32-bit interrupt gate, DPL 3
        GATE h40, CODE16, 0x66, 0       ; 44 DPL 3, not present
