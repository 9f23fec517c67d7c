; shutdown.asm - Tessera guest program: turns the machine off through the Bochs/QEMU shutdown
; port: prints a line on port E9h, writes the bytes "Shutdown" to port 8900h (the power-off takes
; effect at the end of the last OUT), and would print a second line and halt if it did not.
;
; Load: flat binary at 0000:7C00. Output: text on port E9h, then the machine shuts down.

        bits 16
        org 0x7C00

start:
        cli
        xor ax, ax
        mov ds, ax
        mov si, before
        call print
        mov si, word_
        mov dx, 0x8900
.next:
        lodsb
        test al, al
        jz .after
        out dx, al
        jmp .next
.after:
        mov si, after
        call print
        hlt

; prints the NUL-terminated string at DS:SI on port E9h
print:
        mov dx, 0xE9
.loop:
        lodsb
        test al, al
        jz .done
        out dx, al
        jmp .loop
.done:
        ret

before: db "powering off", 10, 0
after:  db "still running", 10, 0
word_:  db "Shutdown", 0
