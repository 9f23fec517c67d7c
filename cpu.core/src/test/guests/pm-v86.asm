; pm-v86.asm - Tessera guest program: virtual-8086 mode (386 rules, no VME) under a small monitor.
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Enters protected mode, loads a
; 32-bit TSS whose I/O permission bitmap traps every port of 00-FF but E9h, and enters V86 mode
; with a 32-bit IRET (VM set in the EFLAGS image). The V86 code runs at 07C0:xxxx, prints through
; port E9h directly (the bitmap allows it) and, with IOPL 0, does CLI, STI, PUSHF, POPF, INT 21h,
; IRET, IN and OUT: each raises #GP(0) and the ring-0 monitor (a 32-bit interrupt gate) decodes
; the opcode at CS:IP of the V86 frame and emulates it (a virtual IF; INT n reflected through the
; V86 task's vector table at 0; IN/OUT done by the monitor itself). Then the instructions V86
; mode does not have (#UD, #GP), a segment limit fault, INT3 through a DPL 3 trap gate, and with
; IOPL 3 (set by the monitor on INT 7Dh): CLI/STI/PUSHF/POPF run directly (POPF changes neither
; IOPL nor VM), INT n goes through the IDT, the bitmap still traps port 80h. INT 7Fh makes the
; monitor print the final V86 frame and stay in ring 0. Last, a JMP to a TSS with VM set starts a
; V86 task, which comes back with INT 40h through a task gate; ring 0 prints what the switch
; saved in the V86 task's TSS. Output: text lines on port E9h. Ends with CLI; HLT (at ring 0).

        bits 16
        org 0x7C00

; CODE16 (08h) and DATA16 (10h): pm-common.inc
FLAT    equ 0x18
TSS32   equ 0x20
TSSV86  equ 0x28
GDT_END equ 0x30

STACK0  equ 0x7000                      ; ring 0 stack of the monitor (SS0 = DATA16)
STACK0B equ 0x6800                      ; ring 0 stack of the V86 task's TSS
V86ORG  equ 0x7C00                      ; V86 code runs at V86SEG:(label - V86ORG)
V86SEG  equ 0x07C0
V86SS   equ 0x0500                      ; V86 stack 0500:1000 (linear 6000h down)

%include "print-macros.inc"
%include "pm-common.inc"

; a 32-bit gate (DPL from the type byte) to CODE16:handler, written into the IDT in real mode
%macro SETGATE 3
        mov word [idt + (%1) * 8], %2
        mov word [idt + (%1) * 8 + 4], (%3) << 8
%endmacro

; TRY for V86 code: a fault's handler prints it and resumes after the instruction
%macro VTRY 1+
        mov word [resume], %%end - V86ORG
        mov byte [faulted], 0
        %1
%%end:
        cmp byte [faulted], 0
        jne %%done
        PR " -"
%%done:
%endmacro

        PM_START
        PM_BEGIN "pm-v86"
        ; the V86 task's vector table (real-mode IVT at 0): INT 21h -> 07C0:int21v
        mov word [0x21 * 4], int21v - V86ORG
        mov word [0x21 * 4 + 2], V86SEG
        SETGATE 3, h_int3, 0xEF         ; 32-bit trap gate, DPL 3
        SETGATE 6, h_ud, 0x8E           ; 32-bit interrupt gates, DPL 0
        SETGATE 13, monitor, 0x8E
        ENTER_PM                        ; leaves AX = DATA16
        mov ax, TSS32
        ltr ax
        PR "enter"
        push dword 0x0222               ; GS
        push dword 0x0111               ; FS
        push dword 0                    ; DS
        push dword V86SEG               ; ES
        push dword V86SS                ; SS
        push dword 0x1000               ; ESP
        push dword 0x00020202           ; EFLAGS: VM, IOPL 0, IF
        push dword V86SEG               ; CS
        push dword v86code - V86ORG     ; EIP
        o32 iret

; ------------------------------------------------------------------ V86 code (CS = 07C0, DS = 0)

v86code:
        PR " v86 cs ss sp"
        SHOW16 cs, ss, sp
        PR " ds es fs gs"
        SHOW16 ds, es, fs, gs
        NL

        PR "flags"
        cli
        sti
        xor ax, ax                      ; ZF, PF
        pushf
        pop ax
        call sphex16
        push word 0x08C1                ; OF, SF, ZF, CF; IF clear
        popf
        pushf
        pop ax
        call sphex16
        NL

        PR "int21"
        mov ah, 0x30
        int 0x21
        call sphex16
        NL

        PR "io"
        mov al, 0x5A
        out 0x80, al
        in al, 0x80
        call sphex8
        mov dx, 0x80
        mov al, 0x33
        out dx, al
        in al, dx
        call sphex8
        PR " "
        mov al, '!'
        out 0xE9, al                    ; allowed by the bitmap
        mov dx, 0xE9
        mov si, okmsg
        mov cx, 3
        cld
        rep outsb                       ; allowed
        in al, dx
        call sphex8
        mov dx, 0x80
        mov cx, 1
        VTRY rep outsb                  ; trapped
        mov dx, 0xE8
        VTRY out dx, ax                 ; E8h is trapped, E9h is not
        mov dx, 0x100
        VTRY in ax, dx                  ; beyond the bitmap
        NL

        PR "ud"
        VTRY arpl ax, ax
        VTRY sldt ax
        VTRY str ax
        VTRY lar ax, bx
        VTRY verr ax
        VTRY lldt ax
        VTRY lgdt [gdtr]
        VTRY mov eax, cr0
        VTRY hlt
        VTRY smsw ax
        call sphex16
        NL

        PR "seg"
        mov al, [es:sig - V86ORG]
        call sphex8
        mov ax, 0x07C0
        mov ds, ax
        mov al, [sig - V86ORG]
        call sphex8
        xor ax, ax
        mov ds, ax
        VTRY mov ax, [0xFFFF]
        NL

        PR "int3"
        int3
        NL

        PR "iopl3"
        int 0x7D                        ; the monitor sets IOPL 3
        cli
        o32 pushf
        pop eax
        and eax, 0x37200
        call sphex32
        sti
        o32 pushf
        pop eax
        and eax, 0x37200
        call sphex32
        push word 0x0002
        popf
        pushf
        pop ax
        and ax, 0x3200
        call sphex16
        push dword 0x00030202           ; VM, RF, IF; IOPL 0
        o32 popf
        o32 pushf
        pop eax
        and eax, 0x37200
        call sphex32
        NL
        PR "int 7E"
        int 0x7E
        NL
        PR "int 21"
        mov ah, 0x31
        int 0x21
        call sphex16
        mov al, 0x42
        out 0x80, al
        o32 pushf
        pop eax
        and eax, 0x37200
        call sphex32
        NL
        int 0x7F                        ; to the monitor for good

; the V86 task's INT 21h handler (through its vector table): AL = 7
int21v:
        PR " v86-int21 ah"
        SHOW8 ah
        mov al, 7
        iret

; the V86 task started by the task switch
v86task:
        PR " v86 task cs ss sp"
        SHOW16 cs, ss, sp
        PR " ds es fs gs"
        SHOW16 ds, es, fs, gs
        o32 pushf
        pop eax
        and eax, 0x37200
        call sphex32
        NL
        int 0x40                        ; task gate to TSS32

; ------------------------------------------------------------------ ring 0

; the frame a 32-bit gate leaves for #GP from V86 mode (BP frame: after PUSH BP)
G_ERR   equ 2
G_EIP   equ 6
G_CS    equ 10
G_FL    equ 14
G_ESP   equ 18
G_SS    equ 22
G_ES    equ 26
G_DS    equ 30
G_FS    equ 34
G_GS    equ 38

; #GP: the V86 monitor
monitor:
        push bp
        mov bp, sp
        push gs                         ; bp-2
        push fs                         ; bp-4
        push es                         ; bp-6
        push ds                         ; bp-8
        push eax                        ; bp-12: the V86 task's EAX
        push ebx
        push ecx
        push edx                        ; bp-24: the V86 task's EDX
        mov ax, DATA16
        mov ds, ax
        mov ax, FLAT
        mov es, ax
        movzx ebx, word [bp + G_CS]
        shl ebx, 4
        add ebx, [bp + G_EIP]
        mov al, [es:ebx]
        cmp al, 0xFA
        je m_cli
        cmp al, 0xFB
        je m_sti
        cmp al, 0x9C
        je m_pushf
        cmp al, 0x9D
        je m_popf
        cmp al, 0xCD
        je m_int
        cmp al, 0xCF
        je m_iret
        cmp al, 0xE4
        je m_inimm
        cmp al, 0xE6
        je m_outimm
        cmp al, 0xEC
        je m_indx
        cmp al, 0xEE
        je m_outdx
        PR " #0D("
        mov ax, [bp + G_ERR]
        call phex16
        PR ") op"
        mov al, [es:ebx]
        call sphex8
        mov byte [faulted], 1
        mov ax, [resume]
        mov [bp + G_EIP], ax
        jmp m_back

m_cli:
        PR " cli"
        mov byte [vif], 0
        jmp m_skip1
m_sti:
        PR " sti"
        mov byte [vif], 1
        jmp m_skip1
m_pushf:
        PR " pushf"
        call vflags
        call vpush
        jmp m_skip1
m_popf:
        PR " popf"
        call vpop
        call setvflags
        jmp m_skip1
m_iret:
        PR " iret"
        call vpop
        mov [bp + G_EIP], ax
        call vpop
        mov [bp + G_CS], ax
        call vpop
        call setvflags
        jmp m_back
m_int:
        mov al, [es:ebx + 1]
        cmp al, 0x7F
        je m_exit
        cmp al, 0x7D
        je m_iopl3
        mov [intno], al
        PR " int"
        call sphex8
        mov ax, [bp + G_ERR]
        test ax, ax
        jz .noerr
        PR "("
        call phex16
        PR ")"
.noerr:
        ; reflect through the V86 task's vector table, as real mode does
        call vflags
        call vpush
        mov ax, [bp + G_CS]
        call vpush
        mov ax, [bp + G_EIP]
        add ax, 2
        call vpush
        mov byte [vif], 0
        and word [bp + G_FL], 0xFEFF    ; TF
        call iopl3
        jne .vif
        and word [bp + G_FL], 0xFDFF    ; with IOPL 3 the real IF
.vif:
        movzx ebx, byte [intno]
        shl ebx, 2
        mov ax, [es:ebx]
        mov [bp + G_EIP], ax
        mov ax, [es:ebx + 2]
        mov [bp + G_CS], ax
        jmp m_back
m_iopl3:
        PR " iopl3"
        or word [bp + G_FL], 0x3000
        add word [bp + G_EIP], 2
        jmp m_back
m_inimm:
        movzx dx, byte [es:ebx + 1]
        add word [bp + G_EIP], 1
        jmp m_in
m_indx:
        mov dx, [bp - 24]
m_in:
        PR " in"
        mov ax, dx
        call sphex16
        in al, dx
        mov [bp - 12], al
        jmp m_skip1
m_outimm:
        movzx dx, byte [es:ebx + 1]
        add word [bp + G_EIP], 1
        jmp m_out
m_outdx:
        mov dx, [bp - 24]
m_out:
        PR " out"
        mov ax, dx
        call sphex16
        PR "="
        mov al, [bp - 12]
        call phex8
        out dx, al
m_skip1:
        add word [bp + G_EIP], 1
m_back:
        pop edx
        pop ecx
        pop ebx
        pop eax
        pop ds
        pop es
        pop fs
        pop gs
        pop bp
        add sp, 4                       ; the error code
        o32 iret

; INT 7Fh from V86 mode: the final frame, the monitor's own state, then the V86 task
m_exit:
        PR "exit frame"
        SHOW32 [bp + G_EIP]
        SHOW16 [bp + G_CS]
        mov eax, [bp + G_FL]
        and eax, 0x37300
        call sphex32
        SHOW32 [bp + G_ESP]
        SHOW16 [bp + G_SS], [bp + G_ES], [bp + G_DS], [bp + G_FS], [bp + G_GS]
        PR " error"
        SHOW16 [bp + G_ERR]
        NL
        PR "monitor cs ss sp"
        SHOW16 cs, ss
        lea ax, [bp + 2]
        call sphex16
        PR " ds es fs gs"
        SHOW16 [bp - 8], [bp - 6], [bp - 4], [bp - 2]
        PR " flags"
        pushfd
        pop eax
        and eax, 0x37300
        call sphex32
        NL

        PR "task"
        jmp TSSV86:0
        ; back here through INT 40h's task gate from the V86 task
        PR "back tr"
        str ax
        call sphex16
        PR " link"
        SHOW16 [tss32]
        PR " nt"
        pushf
        pop ax
        and ax, 0x4000
        call sphex16
        NL
        PR "saved"
        SHOW32 [tssv86 + 0x20]          ; EIP
        SHOW16 [tssv86 + 0x4C]          ; CS
        mov eax, [tssv86 + 0x24]        ; EFLAGS
        and eax, 0x37300
        call sphex32
        SHOW32 [tssv86 + 0x38]          ; ESP
        SHOW16 [tssv86 + 0x50], [tssv86 + 0x48], [tssv86 + 0x54], [tssv86 + 0x58], [tssv86 + 0x5C]
        NL
        PM_END "pm-v86"

; AX = FLAGS as the V86 task should see them: with IOPL < 3 its arithmetic flags, TF, DF, OF and
; the virtual IF; with IOPL 3 the real ones
vflags:
        call iopl3
        mov ax, [bp + G_FL]
        je .real
        and ax, 0x0DD5
        or ax, 2
        cmp byte [vif], 0
        je .done
        or ax, 0x0200
        ret
.real:
        and ax, 0x3FD5
        or ax, 2
.done:
        ret

; loads the flags the V86 task popped (AX): arithmetic, TF, DF, OF into the frame, IF virtually
setvflags:
        push ax
        and ax, 0x0DD5
        and word [bp + G_FL], 0xF22A
        or [bp + G_FL], ax
        pop ax
        shr ax, 9
        and al, 1
        mov [vif], al
        ret

; ZF = 1 if the frame's IOPL is 3 (AX kept)
iopl3:
        push ax
        mov ax, [bp + G_FL]
        and ax, 0x3000
        cmp ax, 0x3000
        pop ax
        ret

; the V86 stack: EBX = linear SS:SP of the frame (ECX clobbered)
vsp:
        movzx ebx, word [bp + G_SS]
        shl ebx, 4
        movzx ecx, word [bp + G_ESP]
        add ebx, ecx
        ret

vpush:
        sub word [bp + G_ESP], 2
        call vsp
        mov [es:ebx], ax
        ret

vpop:
        call vsp
        mov ax, [es:ebx]
        add word [bp + G_ESP], 2
        ret

; #UD from V86 mode (no error code): prints it, resumes at [resume]
h_ud:
        RING0_ENTER eax
        PR " #06"
        mov byte [faulted], 1
        movzx eax, word [resume]
        mov [bp + 2], eax
        RING0_LEAVE eax
        o32 iret

; INT3 (trap gate) and INT 7Eh (interrupt gate) from V86 mode: the frame and the handler's state
h_int3:
h7e:
        RING0_ENTER eax
        SHOW_STACK " ss:sp"
        SHOW32 [bp + 2]                 ; EIP
        SHOW16 [bp + 6]                 ; CS
        mov eax, [bp + 10]              ; EFLAGS
        and eax, 0x37300
        call sphex32
        SHOW32 [bp + 14]                ; ESP
        SHOW16 [bp + 18], [bp + 22], [bp + 26], [bp + 30], [bp + 34]
        PR " ds"
        SHOW16 [bp - 2]
        PR " flags"
        pushfd
        pop eax
        and eax, 0x37300
        call sphex32
        RING0_LEAVE eax
        o32 iret

        PM_RUNTIME

vif:    db 1
intno:  db 0
sig:    db 0xA5
okmsg:  db "ok."
resume: dw 0
        FAULT_VARS

        PM_DTRS 0x80

        GDT_BEGIN                       ; 00 null, 08 code16, 10 data16
        DESC 0, 0xFFFFF, 0xC092         ; 18 flat data, 4 GB
        DESC tss32 - $$ + 0x7C00, 0x88, 0x0089  ; 20 32-bit TSS with an I/O bitmap for ports 00-FF
        DESC tssv86 - $$ + 0x7C00, 0x88, 0x0089 ; 28 32-bit TSS of a V86 task

%macro IOMAP 0
        times 29 db 0xFF                ; ports 00-E7
        db 0xFD                         ; ports E8-EF: only E9 allowed
        times 2 db 0xFF                 ; ports F0-FF
        db 0xFF
%endmacro

        align 8
tss32:
        dd 0                            ; back link
        dd STACK0                       ; ESP0
        dd DATA16                       ; SS0
        times 22 dd 0
        dw 0                            ; T
        dw 0x68                         ; I/O map base
        IOMAP

        align 8
tssv86:
        dd 0                            ; 00 back link
        dd STACK0B                      ; 04 ESP0
        dd DATA16                       ; 08 SS0
        times 4 dd 0                    ; 0C ESP1, SS1, ESP2, SS2
        dd 0                            ; 1C CR3
        dd v86task - V86ORG             ; 20 EIP
        dd 0x00023002                   ; 24 EFLAGS: VM, IOPL 3
        dd 0, 0, 0, 0                   ; 28 EAX, ECX, EDX, EBX
        dd 0x0F00                       ; 38 ESP
        dd 0, 0, 0                      ; 3C EBP, ESI, EDI
        dd 0x0333                       ; 48 ES
        dd V86SEG                       ; 4C CS
        dd V86SS                        ; 50 SS
        dd 0x0444                       ; 54 DS
        dd 0x0555                       ; 58 FS
        dd 0x0666                       ; 5C GS
        dd 0                            ; 60 LDT
        dw 0                            ; 64 T
        dw 0x68                         ; 66 I/O map base
        IOMAP

        IDT_BEGIN                       ; 00-1F exception stubs (3, 6, 13: SETGATE)
        times 0x40 - 32 dq 0
        GATE 0, TSS32, 0xE5, 0          ; 40 task gate, DPL 3
        times 0x7E - 0x41 dq 0
        GATE h7e, CODE16, 0xEE, 0       ; 7E 32-bit interrupt gate, DPL 3
        dq 0                            ; 7F
