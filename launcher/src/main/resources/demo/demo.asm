; demo.asm - the demo program that ships inside the Tessera launcher.
;
;   java -jar launcher/target/tessera.jar run --demo
;
; There is no BIOS yet, so the launcher loads this flat binary at 1000:0100 and starts it there
; with CS = DS = ES = SS = 1000h, SP = FFFEh and interrupts disabled. It uses no BIOS service:
; everything it prints goes to the debug console on port E9h. It ends with CLI; HLT, which ends
; the run.
;
; Assemble: nasm -f bin -o demo.bin demo.asm

        bits 16
        org 0x100

start:
        mov si, msg_hello
        call puts

        mov si, msg_where               ; where the CPU runs: CS and IP of the next instruction
        call puts
        mov ax, cs
        call puthex
        mov al, ':'
        out 0xE9, al
        call .here
.here:  pop ax                          ; IP of .here
        call puthex
        call newline

        mov si, msg_cpuid               ; what the CPU says it is
        call puts
        xor eax, eax
        cpuid
        mov [vendor], ebx
        mov [vendor + 4], edx
        mov [vendor + 8], ecx
        mov si, vendor
        call puts
        mov si, msg_family
        call puts
        mov eax, 1
        cpuid
        shr ax, 8
        and ax, 0x0F
        call putdec
        call newline

        mov si, msg_fib                 ; Fibonacci numbers below 1000
        call puts
        xor ax, ax
        mov bx, 1
.fib:   call space
        call putdec
        mov cx, ax
        add cx, bx
        mov ax, bx
        mov bx, cx
        cmp ax, 1000
        jb .fib
        call newline

        mov si, msg_primes              ; primes below 100, by trial division
        call puts
        mov si, 2
.cand:  mov bx, 2
.div:   cmp bx, si
        jae .prime
        mov ax, si
        xor dx, dx
        div bx
        test dx, dx
        jz .next
        inc bx
        jmp .div
.prime: call space
        mov ax, si
        call putdec
.next:  inc si
        cmp si, 100
        jb .cand
        call newline

        mov si, msg_bye
        call puts
        cli
        hlt
        jmp $                           ; not reached: nothing wakes a CPU halted with IF = 0

; puts: prints the zero-terminated string at DS:SI
puts:   push ax
        push si
.next:  lodsb
        test al, al
        jz .end
        out 0xE9, al
        jmp .next
.end:   pop si
        pop ax
        ret

; putdec: prints AX as an unsigned decimal number
putdec: push ax
        push bx
        push cx
        push dx
        mov bx, 10
        xor cx, cx
.digit: xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .digit
.out:   pop ax
        add al, '0'
        out 0xE9, al
        loop .out
        pop dx
        pop cx
        pop bx
        pop ax
        ret

; puthex: prints AX as four hex digits
puthex: push ax
        push cx
        push dx
        mov dx, ax
        mov cx, 4
.nib:   rol dx, 4
        mov al, dl
        and al, 0x0F
        add al, '0'
        cmp al, '9'
        jbe .put
        add al, 'A' - '0' - 10
.put:   out 0xE9, al
        loop .nib
        pop dx
        pop cx
        pop ax
        ret

space:  push ax
        mov al, ' '
        out 0xE9, al
        pop ax
        ret

newline:
        push ax
        mov al, 10
        out 0xE9, al
        pop ax
        ret

msg_hello:  db "Hello from the Tessera demo: real-mode code on Tessera's own x86 CPU.", 10
            db "No BIOS yet: the launcher loaded this program; it writes to port E9h.", 10, 0
msg_where:  db "Running at ", 0
msg_cpuid:  db "CPUID: ", 0
msg_family: db ", family ", 0
msg_fib:    db "Fibonacci:", 0
msg_primes: db "Primes below 100:", 0
msg_bye:    db "Done: CLI; HLT ends the run.", 10, 0
vendor:     times 13 db 0
