; structures.asm - Tessera guest program for guest.monitor: a 32-bit protected-mode guest with
; paging that loads its GDT, IDT, LDT, TSS and page tables and then modifies each of them in every
; way an instruction can write memory: plain moves, string instructions (REP STOSD, REP MOVSB),
; read-modify-write instructions, LOCKed instructions, and writes that cross out of a watched range
; (at a page boundary with the next page adjacent, and through paging to a physically distant
; page). It also makes the CPU write on its own account: the TSS busy bit (LTR), a descriptor's
; accessed bit (a segment load), accessed and dirty bits of page table entries (page walks), and
; the registers a task switch saves in the TSS, an interrupt frame. A directory entry that starts pointing to a new
; page table, then a write to that table, checks that the monitor follows the guest.
;
; Load: flat binary at 0000:7C00 (tessera.jar run --load structures.bin@0000:7C00). Output: text
; lines on port E9h: each step's label, then the final contents of what was modified. A write a
; watch refuses with a fault (#GP or #PF) is reported by the handler as " #0D(0000)" or
; " #0E(0007) cr2=xxxxxxxx" and the guest goes on after the instruction; a step that did not fault
; prints nothing more. Ends with CLI; HLT.

        bits 16
        org 0x7C00

GDT     equ 0x10000             ; 8 descriptors
IDT     equ 0x12800             ; 256 gates: the IDT ends at the end of its page
LDT     equ 0x14000             ; 3 descriptors
TSS     equ 0x16000             ; the first task's TSS (limit 67h)
TSS2    equ 0x17000             ; the second task's TSS
PD      equ 0x18000             ; page directory
PT0     equ 0x19000             ; linear 0-4 MiB, identity
PT1     equ 0x1A000             ; linear 4 MiB: 400000h -> IDT's page, 401000h -> 30000h
PT2     equ 0x1B000             ; linear 8 MiB: a table the guest adds late
STACK   equ 0x70000
STACK2  equ 0x6F000

CODE    equ 0x08
DATA    equ 0x10
DATAX   equ 0x18                ; accessed bit clear: loading it makes the CPU set it
TSSSEL  equ 0x20
LDTSEL  equ 0x28
SPARE   equ 0x30                ; written by the guest
TSS2SEL equ 0x38

; page table entry bits
P_RW    equ 0x03
P_AD    equ 0x60

%macro PR 1                     ; prints a string literal
        call puts
        db %1, 0
%endmacro

%macro STEP 1                   ; a new line with the step's label
        PR {10, %1, ":"}
%endmacro

; TRY instruction: if the instruction faults, the handler reports it and resumes after it
%macro TRY 1+
        mov dword [skip_to], %%end
%%at:
        %1
%%end:
        mov dword [skip_to], 0
%endmacro

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        ; the GDT goes to 10000h before it is loaded
        mov ax, GDT >> 4
        mov es, ax
        mov si, gdt_template
        xor di, di
        mov cx, gdt_end - gdt_template
        cld
        rep movsb
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword CODE:pm32

        bits 32
pm32:
        mov ax, DATA
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, STACK
        PR "structures: begin"

        ; IDT: 32 interrupt gates to the exception stubs, the rest not present
        mov edi, IDT
        xor eax, eax
        mov ecx, 512
        rep stosd
        mov edi, IDT
        mov ebx, stubs
        mov ecx, 32
.gate:  mov eax, ebx
        mov [edi], ax
        mov word [edi + 2], CODE
        mov word [edi + 4], 0x8E00
        shr eax, 16
        mov [edi + 6], ax
        add ebx, stub1 - stub0
        add edi, 8
        loop .gate
        mov eax, bp_handler             ; #BP returns at once (the frame step)
        mov [IDT + 3 * 8], ax
        lidt [idtr]

        ; LDT: three data descriptors (accessed)
        mov edi, LDT
        mov eax, 0x0000FFFF
        mov edx, 0x00CF9300
        mov ecx, 3
.ldt:   mov [edi], eax
        mov [edi + 4], edx
        add edi, 8
        loop .ldt

        ; TSSs: zero, then SS0:ESP0, CR3, and the second task's registers
        mov edi, TSS
        xor eax, eax
        mov ecx, 0x2000 / 4
        rep stosd
        mov dword [TSS + 4], STACK
        mov dword [TSS + 8], DATA
        mov dword [TSS + 0x1C], PD      ; a task switch back loads CR3 and the LDT from here
        mov dword [TSS + 0x60], LDTSEL
        mov dword [TSS2 + 0x1C], PD
        mov dword [TSS2 + 0x20], task2
        mov dword [TSS2 + 0x24], 0x00000002
        mov dword [TSS2 + 0x38], STACK2
        mov dword [TSS2 + 0x48], DATA
        mov dword [TSS2 + 0x4C], CODE
        mov dword [TSS2 + 0x50], DATA
        mov dword [TSS2 + 0x54], DATA
        mov dword [TSS2 + 0x58], DATA
        mov dword [TSS2 + 0x5C], DATA
        mov dword [TSS2 + 0x60], LDTSEL

        ; paging: 0-4 MiB identity (accessed and dirty already set, except 30000h and 31000h),
        ; 400000h -> the IDT's page, 401000h -> 30000h (both clear)
        mov edi, PD
        xor eax, eax
        mov ecx, 3 * 1024
        rep stosd
        mov dword [PD], PT0 | P_RW | 0x20
        mov dword [PD + 4], PT1 | P_RW | 0x20
        mov edi, PT0
        mov eax, P_RW | P_AD
        mov ecx, 1024
.pt:    stosd
        add eax, 0x1000
        loop .pt
        mov dword [PT0 + 0x30 * 4], 0x30000 | P_RW
        mov dword [PT0 + 0x31 * 4], 0x31000 | P_RW
        mov dword [PT1], (IDT & ~0xFFF) | P_RW
        mov dword [PT1 + 4], 0x30000 | P_RW

        lldt [ldtsel]
        STEP "ltr"
        mov ax, TSSSEL
        ltr ax                          ; the CPU sets the busy bit
        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        jmp .paged
.paged:
        ; ---- plain moves
        STEP "mov"
        TRY mov dword [GDT + SPARE], 0x0000FFFF
        TRY mov word [IDT + 31 * 8 + 2], CODE
        mov byte [LDT + 2 * 8 + 5], 0x92
        mov dword [TSS + 0x10], 0x11111111
        mov dword [PT0 + 0x50 * 4], 0x50000 | P_RW | P_AD

        ; ---- string instructions
        STEP "string"
        mov edi, LDT + 8
        mov eax, 0x2222FFFF
        mov ecx, 3
        rep stosd
        mov esi, pattern
        mov edi, TSS + 0x14
        mov ecx, 6
        rep movsb
        mov esi, pattern
        mov edi, IDT + 30 * 8
        mov ecx, 2
        TRY rep movsd

        ; ---- read-modify-write
        STEP "rmw"
        TRY or dword [GDT + SPARE + 4], 0x00CF9200
        TRY inc byte [IDT + 29 * 8]
        mov eax, 0x33333333
        xchg [LDT + 8], eax             ; locked without a prefix
        bts dword [PT0 + 0x51 * 4], 0
        add word [TSS + 0x0C], 0x0101
        not byte [TSS + 0x0E]

        ; ---- locked instructions
        STEP "lock"
        TRY lock or dword [GDT + SPARE], 0x00010000
        mov eax, 0x10
        TRY lock xadd [IDT + 28 * 8], eax
        mov eax, [LDT + 16]
        mov ecx, 0x44444444
        lock cmpxchg [LDT + 16], ecx    ; equal: writes ECX
        lock cmpxchg [LDT + 16], ecx    ; EAX differs now: writes back what it read
        lock bts dword [PT0 + 0x52 * 4], 1

        ; ---- out of a watched range: the IDT's last two bytes and the next page's first two
        STEP "cross"
        TRY mov dword [IDT + 0x7FE], 0x55667788
        ; the same through paging: 400FFEh is the IDT's page, 401000h is 30000h
        TRY mov dword [0x400FFE], 0x99AABBCC

        ; ---- the CPU's own writes
        STEP "cpu"
        mov dword [0x31000], 0x12345678 ; sets A and D in PT0's entry for 31000h
        mov ax, DATAX
        mov fs, ax                      ; sets the descriptor's accessed bit
        jmp TSS2SEL:0                   ; a task switch: saves this task in TSS, busy bits
back:
        ; ---- a new page table
        STEP "newtable"
        mov dword [PD + 8], PT2 | P_RW | 0x20
        mov dword [PT2], 0x60000 | P_RW | P_AD
        mov dword [PT2 + 4], 0x61000 | P_RW | P_AD
        mov eax, [0x800000]

        ; ---- an interrupt frame, which the CPU pushes, on a watched page: the stack's top is
        ; the end of the TSS's range for one INT3 (the task switches are over, its last 12
        ; bytes, GS and the LDT selector, are not needed any more)
        STEP "frame"
        mov ebp, esp
        mov esp, TSS + 0x68
        int3
        mov esp, ebp

        ; ---- what the structures hold now
        STEP "gdt"
        mov esi, GDT + SPARE
        mov ecx, 2
        call dumpd
        movzx eax, byte [GDT + DATAX + 5]
        call hex8
        movzx eax, byte [GDT + TSSSEL + 5]
        call hex8
        movzx eax, byte [GDT + TSS2SEL + 5]
        call hex8
        STEP "idt"
        mov esi, IDT + 28 * 8
        mov ecx, 8
        call dumpd
        mov eax, [IDT + 0x7FC]
        call hex32
        mov eax, [0x13000]
        call hex32
        mov eax, [0x30FFC]
        call hex32
        mov eax, [0x30000]
        call hex32
        STEP "ldt"
        mov esi, LDT
        mov ecx, 6
        call dumpd
        STEP "tss"
        mov esi, TSS + 0x0C
        mov ecx, 4
        call dumpd
        mov eax, [TSS + 0x20]           ; EIP saved by the task switch
        sub eax, back
        call hex32
        STEP "pt"
        mov eax, [PT0 + 0x30 * 4]
        call hex32
        mov eax, [PT0 + 0x31 * 4]
        call hex32
        mov esi, PT0 + 0x50 * 4
        mov ecx, 3
        call dumpd
        mov esi, PT1
        mov ecx, 2
        call dumpd
        mov esi, PT2
        mov ecx, 2
        call dumpd
        PR {10, "structures: end", 10}
        cli
        hlt

; the second task: goes back with a task switch (which saves it in TSS2)
task2:
        STEP "task2"
        jmp TSSSEL:0
        jmp task2

; ---- output on port E9h

puts:                                   ; the zero-terminated string after the call
        xchg esi, [esp]
        push eax
.next:  lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp .next
.done:  pop eax
        xchg esi, [esp]
        ret

hex32:                                  ; " " and EAX in hex
        push ecx
        mov ecx, 8
        jmp hexn
hex8:                                   ; " " and AL in hex
        push ecx
        mov ecx, 2
        rol eax, 24
hexn:   push eax
        mov al, ' '
        out 0xE9, al
        pop eax
        call digits
        pop ecx
        ret

digits:                                 ; the top ECX nibbles of EAX (rotated through EAX)
        rol eax, 4
        push eax
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '0' - 10
.out:   out 0xE9, al
        pop eax
        loop digits
        ret

dumpd:                                  ; ECX doublewords from ESI
        lodsd
        call hex32
        loop dumpd
        ret

bp_handler:
        iretd

; ---- exceptions: the stubs push the vector; #GP and #PF report and resume at skip_to

stubs:
%assign i 0
%rep 32
stub%[i]:
        push dword i
        jmp near fault
%assign i i+1
%endrep

fault:                                  ; [esp] vector, then error code (8, 10-14, 17), EIP, CS, EFLAGS
        push eax
        push ecx
        PR " #"
        mov eax, [esp + 8]
        mov ecx, 2
        rol eax, 24
        call digits
        mov eax, [esp + 8]
        cmp eax, 13
        jb .halt
        cmp eax, 14
        ja .halt
        PR "("
        mov eax, [esp + 12]
        mov ecx, 4
        rol eax, 16
        call digits
        PR ")"
        cmp dword [esp + 8], 14
        jne .resume
        PR " cr2="
        mov eax, cr2
        mov ecx, 8
        call digits
.resume:
        cmp dword [skip_to], 0
        je .halt
        mov eax, [skip_to]
        mov [esp + 16], eax             ; the saved EIP
        pop ecx
        pop eax
        add esp, 8                      ; vector, error code
        iretd
.halt:
        PR {10, "structures: unexpected exception", 10}
        cli
        hlt

; ---- data

align 8
gdt_template:
        dq 0
        dq 0x00CF9A000000FFFF           ; 08 code, flat
        dq 0x00CF93000000FFFF           ; 10 data, flat (accessed)
        dq 0x00CF92000000FFFF           ; 18 data, flat (not accessed)
        dw 0x67, TSS & 0xFFFF           ; 20 TSS (available)
        db TSS >> 16, 0x89, 0, 0
        dw 0x17, LDT & 0xFFFF           ; 28 LDT
        db LDT >> 16, 0x82, 0, 0
        dq 0                            ; 30 spare
        dw 0x67, TSS2 & 0xFFFF          ; 38 second TSS (available)
        db TSS2 >> 16, 0x89, 0, 0
gdt_end:

gdtr:   dw gdt_end - gdt_template - 1
        dd GDT
idtr:   dw 0x7FF
        dd IDT
ldtsel: dw LDTSEL
pattern:
        db 0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x17, 0x28
skip_to:
        dd 0
