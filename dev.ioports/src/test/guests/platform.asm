; platform.asm - Tessera guest program: the PC chipset as a real-mode program without a BIOS sees
; it. Programs the 8259A pair and the 8254 itself and counts timer interrupts while halted (machine
; time runs to each tick), reads the controllers' registers back, talks to the 8042 and the PS/2
; keyboard, checks the CMOS memory size bytes, the A20 gate through port 92h, a byte through the
; UART in loopback and then out of COM1, and the DMA controller's address and count registers.
;
; Load: flat binary at 0000:7C00 (tessera.jar run --load platform.bin@0000:7C00 --serial FILE).
; Output: text lines on port E9h; "COM1 ok" on the serial line. Ends with CLI; HLT.

        bits 16
        org 0x7C00

%macro PR 1
        call puts
        db %1, 0
%endmacro

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7000
        cld
        PR "platform: begin"

        ; ---- 8259A pair: vectors 08h and 70h, cascade on IR2, only IRQ0 unmasked
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
        mov al, 0xFE
        out 0x21, al
        mov al, 0xFF
        out 0xA1, al
        PR {10, "pic: imr"}
        in al, 0x21
        call hex8
        in al, 0xA1
        call hex8

        ; ---- 8254 counter 0: mode 2, 1193 (about 1 kHz)
        mov word [8 * 4], tick
        mov word [8 * 4 + 2], 0
        mov al, 0x34
        out 0x43, al
        mov ax, 1193
        out 0x40, al
        mov al, ah
        out 0x40, al
        sti
.wait:  hlt
        cmp word [ticks], 100
        jb .wait
        cli
        PR {10, "pit: ticks"}
        mov ax, [ticks]
        call hex16
        ; in-service and request registers after the last EOI
        mov al, 0x0B
        out 0x20, al
        in al, 0x20
        call hex8                       ; ISR: 00
        mov al, 0x0A
        out 0x20, al
        ; counter 2 through port 61h: gate on, mode 0, count 100, OUT rises at terminal count
        PR {10, "pit: counter 2"}
        in al, 0x61
        and al, 0xFC
        or al, 0x01
        out 0x61, al
        mov al, 0xB0
        out 0x43, al
        mov al, 100
        out 0x42, al
        xor al, al
        out 0x42, al
        in al, 0x61
        and al, 0x20
        call hex8                       ; OUT low while counting: 00
        mov cx, 10000
.spin:  loop .spin                      ; 10000 loops (200 us of machine time) > 100 clocks (84 us)
        in al, 0x61
        and al, 0x20
        call hex8                       ; OUT high: 20

        ; ---- CMOS: base memory 640 KB, extended memory (RAM - 1 MB) in KB
        PR {10, "cmos: base"}
        mov al, 0x16
        out 0x70, al
        in al, 0x71
        mov ah, al
        mov al, 0x15
        out 0x70, al
        in al, 0x71
        call hex16
        PR " ext"
        mov al, 0x18
        out 0x70, al
        in al, 0x71
        mov ah, al
        mov al, 0x17
        out 0x70, al
        in al, 0x71
        call hex16
        PR " regb"
        mov al, 0x0B
        out 0x70, al
        in al, 0x71
        call hex8

        ; ---- 8042: self test, command byte, keyboard reset and identify
        PR {10, "kbc: test"}
        mov al, 0xAA
        call kbc_cmd
        call kbc_read
        call hex8                       ; 55
        PR " kbd"
        mov al, 0xFF
        call kbd_write
        call kbc_read
        call hex8                       ; FA
        call kbc_read
        call hex8                       ; AA
        mov al, 0xF2
        call kbd_write
        call kbc_read
        call hex8                       ; FA
        call kbc_read
        call hex8                       ; AB
        call kbc_read
        call hex8                       ; 41 (83h translated)

        ; ---- A20 through port 92h: FFFF:0010 is 100000h with the gate open, 0 with it closed
        PR {10, "a20:"}
        mov ax, 0xFFFF
        mov es, ax
        in al, 0x92
        or al, 0x02
        out 0x92, al
        mov byte [0], 0x11
        mov byte [es:0x10], 0x22
        mov al, [0]
        call hex8                       ; 11
        in al, 0x92
        and al, 0xFD
        out 0x92, al
        mov byte [es:0x10], 0x33
        mov al, [0]
        call hex8                       ; 33: wrapped to 0
        in al, 0x92
        or al, 0x02
        out 0x92, al
        xor ax, ax
        mov es, ax

        ; ---- UART: 9600 8N1, loopback first, then a line out of COM1
        PR {10, "uart:"}
        mov dx, 0x3FB
        mov al, 0x80
        out dx, al                      ; DLAB
        mov dx, 0x3F8
        mov al, 12
        out dx, al
        inc dx
        xor al, al
        out dx, al
        mov dx, 0x3FB
        mov al, 0x03
        out dx, al                      ; 8N1
        mov dx, 0x3FC
        mov al, 0x10
        out dx, al                      ; loopback
        mov dx, 0x3F8
        mov al, 0x5A
        out dx, al
        mov dx, 0x3FD
.rx:    in al, dx
        test al, 1
        jz .rx
        mov dx, 0x3F8
        in al, dx
        call hex8                       ; 5A came back
        mov dx, 0x3FC
        mov al, 0x03
        out dx, al                      ; DTR, RTS, no loopback
        mov si, com1_text
.tx:    lodsb
        test al, al
        jz .txdone
        mov ah, al
        mov dx, 0x3FD
.thre:  in al, dx
        test al, 0x20
        jz .thre
        mov dx, 0x3F8
        mov al, ah
        out dx, al
        jmp .tx
.txdone:

        ; ---- DMA channel 2: address and count through the flip-flop, page register 81h
        PR {10, "dma:"}
        out 0x0C, al                    ; clear the flip-flop
        mov al, 0x34
        out 0x04, al
        mov al, 0x12
        out 0x04, al
        mov al, 0xFF
        out 0x05, al
        mov al, 0x01
        out 0x05, al
        mov al, 0x07
        out 0x81, al
        out 0x0C, al
        in al, 0x04
        mov ah, al
        in al, 0x04
        xchg al, ah
        call hex16                      ; 1234
        in al, 0x05
        mov ah, al
        in al, 0x05
        xchg al, ah
        call hex16                      ; 01FF
        in al, 0x81
        call hex8                       ; 07

        PR {10, "platform: end", 10}
        cli
        hlt

tick:
        inc word [cs:ticks]
        push ax
        mov al, 0x20
        out 0x20, al
        pop ax
        iret

kbc_cmd:                                ; AL to port 64h when the input buffer is empty
        push ax
.w:     in al, 0x64
        test al, 2
        jnz .w
        pop ax
        out 0x64, al
        ret

kbd_write:                              ; AL to the keyboard through port 60h
        push ax
.w:     in al, 0x64
        test al, 2
        jnz .w
        pop ax
        out 0x60, al
        ret

kbc_read:                               ; AL from port 60h once the output buffer is full
        in al, 0x64
        test al, 1
        jz kbc_read
        in al, 0x60
        ret

puts:
        push si
        mov si, sp
        mov si, [ss:si + 2]
        push ax
.next:  cs lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp .next
.done:  pop ax
        mov bx, sp
        mov [ss:bx + 2], si
        pop si
        ret

hex16:                                  ; " " and AX in hex
        push ax
        mov al, ah
        call hex8
        pop ax
        jmp hex8nospace
hex8:
        push ax
        mov al, ' '
        out 0xE9, al
        pop ax
hex8nospace:
        push ax
        shr al, 4
        call .digit
        pop ax
        push ax
        and al, 0x0F
        call .digit
        pop ax
        ret
.digit: add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'a' - '0' - 10
.out:   out 0xE9, al
        ret

ticks:  dw 0
com1_text:
        db "COM1 ok", 13, 10, 0
