; pm-paging.asm - Tessera guest program: paging in 32-bit protected mode (486 rules, plus the
; 4 MiB pages of CR4.PSE).
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. Enters 32-bit protected mode with
; flat segments (ring 0 and ring 3) and a 32-bit TSS (SS0:ESP0 for the ring-3 faults), builds a
; page directory at 10000h whose first table (11000h) identity maps the low 1 MiB + 64 KiB with
; 4 KiB pages (user, writable), some made not present, read-only or supervisor-only; directory
; entry 1 is a 4 MiB page (linear 400000h -> physical 0), entry 2 is not present. Turns paging on
; and provokes page faults. The #PF handler prints " #PF", CR2 and the error code (and " eip+d"
; when the saved EIP is not the faulting instruction's first byte); in "skip" mode it resumes after
; the instruction, in "fix" mode it sets P and R/W in the page table entry of CR2, does INVLPG and
; IRETs to retry. Output: text lines on port E9h. Ends with CLI; HLT (at ring 0).
;
; Expected values (Intel SDM): error code bit 0 P (protection violation, not a missing page), bit 1
; W/R, bit 2 U/S (CPL 3); CR2 is the linear address of the first byte of the access that lies in
; the faulting page (so the first byte of the second page when an access crossing a page boundary
; finds that page missing); a fault leaves no part of the access done; A is set on any access, D on
; a write (in the directory entry for a 4 MiB page); a faulting REP MOVSB leaves ECX/ESI/EDI at
; the iteration that faulted and the saved EIP at the instruction. CR4.PSE is a Pentium feature:
; the 4 MiB page case assumes a CPU with it (a 486 has no CR4).

        bits 16
        org 0x7C00

CODE0   equ 0x08
DATA0   equ 0x10
CODE3   equ 0x18
DATA3   equ 0x20
TSSSEL  equ 0x28
GDT_END equ 0x30

STACK0  equ 0x7000              ; ring 0 (main program)
STACK0T equ 0x6C00              ; ring 0 from ring 3 (TSS ESP0)
STACK3  equ 0x6000              ; ring 3

PD      equ 0x10000             ; page directory
PT0     equ 0x11000             ; page table of linear 0-4 MiB

; test pages (linear = physical)
NPR     equ 0x20000             ; not present, fixed by the handler (read)
SUPER   equ 0x21000             ; supervisor only
RO      equ 0x22000             ; user, read-only
XA      equ 0x23000             ; present
XB      equ 0x24000             ; not present (crossing cases)
XC      equ 0x25000             ; present
ROW     equ 0x26000             ; user, read-only (CR0.WP cases)
FA      equ 0x27000             ; code page, present
FB      equ 0x28000             ; code page, not present (fetch case, fixed)
SRC     equ 0x29000             ; REP MOVSB source
DSTA      equ 0x2A000             ; REP MOVSB destination, present
DSTB      equ 0x2B000             ; REP MOVSB destination, not present (fixed)
PSEPHYS equ 0x2D000             ; physical page read through the 4 MiB page
NPW     equ 0x2E000             ; user, read-only, not present (fixed: present and writable)
AD      equ 0x2F000             ; accessed/dirty bits
NOPDE   equ 0x800000            ; directory entry 2: not present
BIG     equ 0x400000            ; directory entry 1: 4 MiB page at physical 0

%include "print-macros.inc"
%include "pm-common.inc"

%define PTE(a) (PT0 + ((a) >> 12) * 4)

%macro SETPTE 2                 ; page, flags
        mov dword [PTE(%1)], (%1) | (%2)
%endmacro

; TRY32 instruction: fault_eip = its first byte, skip_to = the next instruction; " -" if it
; does not fault
%macro TRY32 1+
        mov dword [fault_eip], %%at
        mov dword [skip_to], %%end
        mov byte [faulted], 0
%%at:
        %1
%%end:
        cmp byte [faulted], 0
        jne %%done
        PR " -"
%%done:
%endmacro

%macro SHOWD 1-*
%rep %0
%ifnidni %1, eax
        mov eax, %1
%endif
        call sphex32
%rotate 1
%endrep
%endmacro

%macro SHOWB 1                  ; " " and the byte at an address
        movzx eax, byte [%1]
        call sphex8
%endmacro

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        lgdt [gdtr]
        lidt [idtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword CODE0:pm32

        bits 32
pm32:
        mov ax, DATA0
        mov ds, ax
        mov es, ax
        mov fs, ax
        mov gs, ax
        mov ss, ax
        mov esp, STACK0
        cld
        PR "pm-paging: begin"
        NL
        mov ax, TSSSEL
        ltr ax

        ; the page directory and the first page table
        mov edi, PD
        xor eax, eax
        mov ecx, 2048
        rep stosd
        mov dword [PD], PT0 | 7
        mov dword [PD + 4], 0x00000087  ; 4 MiB page, physical 0, user, writable
        mov edi, PT0
        mov eax, 7
        mov ecx, 0x110
.pt:
        stosd
        add eax, 0x1000
        loop .pt
        SETPTE NPR, 6                   ; not present
        SETPTE SUPER, 3                 ; supervisor, writable
        SETPTE RO, 5                    ; user, read-only
        SETPTE XB, 6
        SETPTE ROW, 5
        SETPTE FB, 6
        SETPTE DSTB, 6
        SETPTE NPW, 4                   ; user, read-only, not present

        ; memory contents
        mov dword [NPR], 0xCAFEF00D
        mov dword [RO], 0x0BADC0DE
        mov dword [XB - 4], 0xAAAAAAAA
        mov esi, fetch_code
        mov edi, FB - 3
        mov ecx, fetch_end - fetch_code
        rep movsb
        mov edi, SRC
        xor ecx, ecx
.src:
        lea eax, [ecx * 2 + ecx + 1]
        stosb
        inc ecx
        cmp ecx, 0x100
        jb .src
        mov edi, DSTB - 0x80
        mov ecx, 0x100
        xor eax, eax
        rep stosb
        mov dword [PSEPHYS], 0x11223344

        ; paging on
        mov eax, PD
        mov cr3, eax
        mov eax, cr4
        or eax, 0x10                    ; PSE
        mov cr4, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged:

        ; not present at the table level: fixed and retried
        mov byte [pf_mode], 1
        PR "np pte read"
        TRY32 mov eax, [NPR]
        SHOWD eax, [PTE(NPR)]
        NL
        PR "np pte write"
        TRY32 mov dword [NPW + 4], 0x600DF00D
        SHOWD [NPW + 4], [PTE(NPW)]
        NL

        ; not present at the directory level: skipped
        mov byte [pf_mode], 0
        PR "np pde read"
        TRY32 mov eax, [NOPDE]
        PR " write"
        TRY32 mov dword [NOPDE + 0x10], 1
        NL

        ; ring 3 (IOPL 3 so that it may print)
        push dword DATA3 | 3
        push dword STACK3
        push dword 0x3002
        push dword CODE3 | 3
        push dword ring3
        iretd
ring3:
        mov ax, DATA3 | 3
        mov ds, ax
        mov es, ax
        PR "user super read"
        TRY32 mov eax, [SUPER]
        PR " write"
        TRY32 mov dword [SUPER], 1
        NL
        PR "user ro write"
        TRY32 mov dword [RO], 2
        PR " read"
        TRY32 mov eax, [RO]
        SHOWD eax
        NL
        PR "user np pde read"
        TRY32 mov eax, [NOPDE]
        NL
        int 0x30                        ; back to ring 0 at ring0

ring0:
        ; a supervisor write to a read-only page: allowed with CR0.WP = 0, a fault with WP = 1
        PR "wp0 write"
        TRY32 mov dword [ROW], 0x12345678
        SHOWD [ROW], [PTE(ROW)]
        NL
        mov eax, cr0
        or eax, 0x10000
        mov cr0, eax
        mov byte [pf_mode], 1
        PR "wp1 write"
        TRY32 mov dword [ROW + 4], 0x9ABCDEF0
        SHOWD [ROW + 4], [PTE(ROW)]
        NL
        mov eax, cr0
        and eax, ~0x10000
        mov cr0, eax

        ; page-crossing accesses with one page missing: skipped
        mov byte [pf_mode], 0
        PR "cross write"
        TRY32 mov dword [XB - 2], 0x11223344
        SHOWB XB - 4
        SHOWB XB - 3
        SHOWB XB - 2
        SHOWB XB - 1
        NL
        PR "cross read second"
        TRY32 mov eax, [XB - 2]
        PR " first"
        TRY32 mov eax, [XC - 2]
        NL

        ; an instruction that crosses into a missing page: fixed and retried
        mov byte [pf_mode], 1
        mov byte [pf_show], 2
        PR "fetch"
        mov dword [fault_eip], FB - 3
        xor edx, edx
        mov eax, FB - 3
        call eax
        SHOWD eax, edx
        NL

        ; REP MOVSB into a missing page: fixed and retried
        mov byte [pf_show], 1
        PR "rep movsb"
        mov esi, SRC
        mov edi, DSTB - 0x80
        mov ecx, 0x100
        TRY32 rep movsb
        PR " ->"
        SHOWD ecx, esi, edi
        mov esi, DSTB - 0x80
        mov ecx, 0x100
        xor edx, edx
.sum:
        rol edx, 1
        movzx eax, byte [esi]
        add edx, eax
        inc esi
        loop .sum
        PR " sum"
        SHOWD edx
        NL
        mov byte [pf_show], 0

        ; accessed and dirty bits of a table entry
        PR "a/d pte"
        SHOWD [PTE(AD)]
        mov eax, [AD]
        PR " read"
        SHOWD [PTE(AD)]
        mov byte [AD], 1
        PR " write"
        SHOWD [PTE(AD)]
        NL

        ; a 4 MiB page (CR4.PSE): translation and the A/D bits of its directory entry
        PR "pse pde"
        SHOWD [PD + 4]
        PR " read"
        SHOWD [BIG + PSEPHYS], [PD + 4]
        mov dword [BIG + PSEPHYS + 4], 0x55667788
        PR " write"
        SHOWD [PD + 4], [PSEPHYS + 4]
        NL

        PR "pm-paging: end"
        NL
        cli
        hlt

; copied to FB - 3: MOV EAX, imm32 crosses into FB; then EDX = the address after the CALL
fetch_code:
        mov eax, 0x12345678
        call .next
.next:
        pop edx
        ret
fetch_end:

; #PF: stack after PUSHAD, DS, ES: es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax, error, eip
pf_handler:
        pushad
        push ds
        push es
        mov ebp, esp
        mov ax, DATA0
        mov ds, ax
        mov es, ax
        PR " #PF"
        mov eax, cr2
        call sphex32
        mov eax, [ebp + 40]
        call sphex16
        mov eax, [ebp + 44]
        sub eax, [fault_eip]
        jz .eipok
        PR " eip+"
        call phex32
.eipok:
        test byte [pf_show], 2
        jz .noeip
        PR " eip"
        SHOWD [ebp + 44]
.noeip:
        test byte [pf_show], 1
        jz .noregs
        PR " ecx esi edi"
        SHOWD [ebp + 32], [ebp + 12], [ebp + 8]
.noregs:
        mov byte [faulted], 1
        cmp byte [pf_mode], 0
        je .skip
        mov eax, cr2
        shr eax, 12
        or dword [PT0 + eax * 4], 3
        mov eax, cr2
        invlpg [eax]
        jmp .out
.skip:
        mov eax, [skip_to]
        mov [ebp + 44], eax
.out:
        pop es
        pop ds
        popad
        add esp, 4
        iretd

; int 30h (DPL 3): back to ring 0, the frame dropped
back0:
        mov esp, STACK0
        mov ax, DATA0
        mov ds, ax
        mov es, ax
        jmp ring0

; any other exception: prints the vector and the two dwords above it, stops
%assign i 0
%rep 32
exc%[i]:
        push dword i
        jmp unexpected
%assign i i+1
%endrep
unexpected:
        PR " unexpected"
        pop eax
        call sphex32
        SHOWD [esp], [esp + 4], [esp + 8]
        NL
        cli
        hlt

; 32-bit output routines (they keep every register but the flags, read strings through CS)
pnl:
        push eax
        mov al, 10
        out 0xE9, al
        pop eax
        ret

pstr:
        push ebp
        mov ebp, esp
        push eax
        push esi
        mov esi, [ebp + 4]
.l:
        mov al, [cs:esi]
        inc esi
        test al, al
        jz .e
        out 0xE9, al
        jmp .l
.e:
        mov [ebp + 4], esi
        pop esi
        pop eax
        pop ebp
        ret

sphex32:
        push eax
        mov al, ' '
        out 0xE9, al
        pop eax
phex32:
        push eax
        ror eax, 16
        call phex16
        ror eax, 16
        call phex16
        pop eax
        ret

sphex16:
        push eax
        mov al, ' '
        out 0xE9, al
        pop eax
phex16:
        push eax
        xchg al, ah
        call phex8
        xchg al, ah
        call phex8
        pop eax
        ret

sphex8:
        push eax
        mov al, ' '
        out 0xE9, al
        pop eax
phex8:
        push eax
        shr al, 4
        call phexd
        pop eax
        push eax
        and al, 0x0F
        call phexd
        pop eax
        ret

phexd:
        push eax
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .o
        add al, 'A' - '0' - 10
.o:
        out 0xE9, al
        pop eax
        ret

        align 4
fault_eip: dd 0
skip_to: dd 0
faulted: db 0
pf_mode: db 0                   ; 0 skip the instruction, 1 fix the entry and retry
pf_show: db 0                   ; bit 0: ECX ESI EDI, bit 1: the saved EIP

        align 4
gdtr:   dw GDT_END - 1
        dd gdt
idtr:   dw 0x31 * 8 - 1
        dd idt

        align 8
gdt:
        dq 0
        DESC 0, 0xFFFFF, 0xC09A         ; 08 code32 DPL 0
        DESC 0, 0xFFFFF, 0xC092         ; 10 data32 DPL 0
        DESC 0, 0xFFFFF, 0xC0FA         ; 18 code32 DPL 3
        DESC 0, 0xFFFFF, 0xC0F2         ; 20 data32 DPL 3
        DESC tss - $$ + 0x7C00, 0x67, 0x0089          ; 28 32-bit TSS

        align 8
idt:
%assign i 0
%rep 32
%if i == 14
        GATE pf_handler, CODE0, 0x8E, 0
%else
        GATE exc%[i], CODE0, 0x8E, 0
%endif
%assign i i+1
%endrep
        times 0x30 - 32 dq 0
        GATE back0, CODE0, 0xEE, 0      ; 30 DPL 3

        align 8
tss:
        dd 0                            ; back link
        dd STACK0T                      ; ESP0
        dd DATA0                        ; SS0
        times 22 dd 0
        dw 0                            ; T
        dw 0x68                         ; I/O map base (none)
