; debug.asm - Tessera guest program: the debug registers in real mode (386/486).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Output: text lines on port E9h.
; Ends with CLI; HLT.
;
; DR0-DR3 hold linear addresses, DR7 enables them (L/G bits) with R/W (00 execute, 01 write,
; 11 read or write) and LEN (1, 2 or 4 bytes, the address aligned down to it); DR6 reports B0-B3
; and BS (single step); DR4/DR5 are DR6/DR7. An instruction breakpoint is a fault (the pushed IP is
; the instruction's, which has not run); a data breakpoint is a trap (the pushed IP is the next
; instruction's, the access has been made). The #DB handler prints the pushed IP as a difference
; to the expected address (0000 is right) and DR6, then clears DR6 and, unless told to keep them,
; DR7. On the 486 DR6 reads with bits 4-11 and 16-31 set and bit 12 clear, DR7 with bit 10 set.

        bits 16
        org 0x7C00

%include "print-macros.inc"

%macro EXPECT 1
        mov word [expect], %1
%endmacro

start:  cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        mov word [1 * 4], db_handler
        mov word [1 * 4 + 2], 0
        PR "debug registers"
        NL

        ; ---- reading back: reserved bits, DR4/DR5 aliases
        PR "read:"
        xor eax, eax
        mov dr6, eax
        mov dr7, eax
        mov eax, dr6
        H32 eax
        mov eax, dr7
        H32 eax
        mov eax, 0x0000000F
        mov dr4, eax                    ; = DR6
        mov eax, dr6
        H32 eax
        mov eax, dr5                    ; = DR7
        H32 eax
        mov eax, 0x12345678
        mov dr3, eax
        mov ebx, dr3
        H32 ebx
        NL

        ; ---- an instruction breakpoint (DR0, L0, execute)
        PR "execute:"
        xor eax, eax
        mov dr6, eax
        mov byte [keep], 0
        mov eax, bp1
        mov dr0, eax
        mov eax, 0x00000001
        mov dr7, eax
        mov ax, 5
        EXPECT bp1
        nop
bp1:    inc ax                          ; #DB before it; it runs once after the handler
        H16 ax
        NL

        ; ---- a data write breakpoint (DR1, G1, write, 2 bytes)
        PR "write:"
        mov byte [keep], 1
        mov eax, var
        mov dr1, eax
        mov eax, 0x00500008             ; G1, R/W1 = 01, LEN1 = 01
        mov dr7, eax
        mov ax, [var]                   ; a read: no trap
        mov word [var + 2], 1           ; outside: no trap
        EXPECT w1
        mov byte [var + 1], 0x12        ; inside: trap after it
w1:
        EXPECT w2
        mov word [var - 1], 0x3456      ; overlaps the first byte: trap
w2:
        H16 [var]
        xor eax, eax
        mov dr7, eax
        mov word [var], 0               ; disabled: no trap
        NL

        ; ---- a read-or-write breakpoint (DR2, L2, 4 bytes)
        PR "read:"
        mov eax, var2 + 2               ; aligned down to var2
        mov dr2, eax
        mov eax, 0x0F000010             ; L2, R/W2 = 11, LEN2 = 11
        mov dr7, eax
        mov al, [var2 + 4]              ; outside: no trap
        EXPECT r1
        mov al, [var2 + 3]              ; inside: trap
r1:
        H8 al
        mov byte [keep], 0
        EXPECT r2
        mov cx, 1
        mov si, var2
        cld
        rep lodsb                       ; one element, inside: trap after it
r2:
        H16 si
        NL

        ; ---- single step sets BS
        PR "step:"
        xor eax, eax
        mov dr7, eax
        pushf
        pop ax
        or ax, 0x100
        push ax
        EXPECT step1
        popf                            ; TF on: trap after the next instruction
        nop
step1:
        NL

        ; ---- RF: a handler that returns by IRETD with RF set in the popped EFLAGS resumes the
        ; breakpointed instruction once without a new #DB, DR7 still armed (real-mode IRETD loads
        ; RF); without RF the breakpoint would fire again at once, for ever
        PR "resume:"
        mov word [1 * 4], rf_handler
        xor eax, eax
        mov dr6, eax
        mov eax, bp2
        mov dr0, eax
        mov eax, 0x00000001             ; L0, execute
        mov dr7, eax
        mov ax, 5
bp2:    inc ax                          ; #DB before it, then it runs once
        H16 ax
        xor eax, eax
        mov dr7, eax
        mov word [1 * 4], db_handler
        NL

        ; ---- general detect: with DR7.GD a debug register access faults before it is made
        ; (#DB, DR6.BD), and GD is cleared so that the handler can use the registers
        PR "detect:"
        mov byte [keep], 1
        mov eax, 0x00002000             ; GD (this write itself is allowed: GD was clear)
        mov dr7, eax
        EXPECT gd1
gd1:    mov eax, dr0                    ; #DB before it; it runs after the handler
        mov eax, dr7
        H32 eax
        NL

        PR "done"
        NL
        cli
        hlt

db_handler:
        push bp
        mov bp, sp
        push eax
        PR " #DB"
        mov ax, [bp + 2]
        sub ax, [expect]
        call sphex16
        mov eax, dr6
        call sphex32
        xor eax, eax
        mov dr6, eax
        cmp byte [keep], 0
        jne .keep
        mov dr7, eax
.keep:  and word [bp + 6], 0xFEFF       ; TF off in the pushed FLAGS
        pop eax
        pop bp
        iret

; #DB handler for the RF case: prints DR6, clears it, and returns with a 32-bit frame whose
; EFLAGS has RF set
rf_handler:
        push eax
        PR " #DB"
        mov eax, dr6
        call sphex32
        xor eax, eax
        mov dr6, eax
        pop eax
        pop word [rf_ip]
        pop word [rf_cs]
        pop word [rf_fl]
        mov [rf_eax], eax
        movzx eax, word [rf_fl]
        or eax, 0x00010000              ; RF
        push eax                        ; EFLAGS
        movzx eax, word [rf_cs]
        push eax                        ; CS
        movzx eax, word [rf_ip]
        push eax                        ; EIP
        mov eax, [rf_eax]
        iretd

%include "print.inc"

expect: dw 0
keep:   db 0
rf_ip:  dw 0
rf_cs:  dw 0
rf_fl:  dw 0
        align 4
rf_eax: dd 0
        align 4
var:    dd 0x11111111
var2:   dd 0x44332211, 0x88776655
