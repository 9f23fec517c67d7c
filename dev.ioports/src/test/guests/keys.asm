; keys.asm - Tessera guest program: reads what is typed on the keyboard through the 8042 (the
; keyboard's set-2 codes translated to set 1, as a PC BIOS leaves it) without a BIOS, by IRQ1: the
; 8259A at vector 08h, the keyboard interrupt enabled in the 8042's command byte; each byte read
; from port 60h in the interrupt handler is printed. Stops after the break code of Enter (9Ch).
; Keys typed before the guest set up the controllers wait in the 8042: the first one is taken by
; polling (its interrupt came before the 8259A was initialized), the rest by IRQ1.
;
; Load: flat binary at 0000:7C00; run with --type "dir\r". Output: text on port E9h.

        bits 16
        org 0x7C00

start:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7000
        ; 8259A: vectors 08h-0Fh, only IRQ1 (and the cascade) unmasked
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x08
        out 0x21, al
        mov al, 0x70
        out 0xA1, al
        mov al, 0x04
        out 0x21, al
        mov al, 0x02
        out 0xA1, al
        mov al, 0x01
        out 0x21, al
        out 0xA1, al
        mov al, 0xFD
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        mov word [9 * 4], irq1
        mov word [9 * 4 + 2], 0
        ; 8042 command byte: keyboard interrupt, system flag, translation
        call wait_in
        mov al, 0x60
        out 0x64, al
        call wait_in
        mov al, 0x45
        out 0x60, al
        mov si, hello
        call puts
        ; a key typed before the controllers were set up raised IRQ1 while the 8259A was not
        ; listening: its edge is gone, so take that byte by polling, as a BIOS flushes at POST
        in al, 0x64
        test al, 1
        jz .ready
        in al, 0x60
        mov [last], al
        call hex8
.ready:
        sti
.wait:  hlt
        cmp byte [last], 0x9C
        jne .wait
        cli
        mov si, bye
        call puts
        hlt

irq1:
        push ax
        in al, 0x60
        mov [last], al
        call hex8
        mov al, 0x20
        out 0x20, al
        pop ax
        iret

wait_in:
        in al, 0x64
        test al, 2
        jnz wait_in
        ret

puts:
        lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp puts
.done:  ret

hex8:
        push ax
        mov al, ' '
        out 0xE9, al
        pop ax
        push ax
        shr al, 4
        call .digit
        pop ax
        and al, 0x0F
.digit: add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '0' - 10
.out:   out 0xE9, al
        ret

last:   db 0
hello:  db "keys:", 0
bye:    db 10, "keys: end", 10, 0
