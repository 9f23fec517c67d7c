; mode13.asm - Tessera VGA guest: mode 13h (320x200, 256 colours, chain-4) set by registers; a
; DAC palette of its own written through 3C8h/3C9h and read back through 3C7h/3C9h, the DAC
; state (3C7h), the write index read back (3C8h), the PEL mask read back (3C6h).
;
; Palette: entry i has red = i >> 2, green = (i & 0Fh) << 2, blue = 3Fh - (i >> 2).
; Picture: pixel (x, y) = (x + y) & FFh; a square of colour 0Fh at x 140-179, y 80-119.
; Port E9h (by hand; mode13.expected):
;   dac 10: 04 00 3B               entry 10h: 10h >> 2, 0, 3Fh - 4
;   dac FF 00: 3F 3C 00 00 00 3F   the read index wraps from FFh to 00h
;   state 03 00                    3C7h after a read index was set, then after a write index
;   windex 00 21                   after 256 entries the write index has wrapped to 00h; after
;                                  3C8h = 20h and one entry (3 values) it is 21h
;   pel 3F FF                      the PEL mask reads back what was written. QEMU 7.2 reads
;                                  00 00 here (it does not keep the PEL mask); IBM's VGA
;                                  documentation and issue 5 say it reads back what was written,
;                                  so the expected output follows the documentation.
;   row0 8760                      the sum of line 0: 0 + 1 + ... + 255 + 0 + ... + 63 = 34656
;   p(300,150) C2 p(150,100) 0F    (300 + 150) & FFh, and the square
;
; picture: 320x200 (QEMU: 640x400, reduced by make-references.sh)

%include "boot.inc"

main:
        mov si, mode13
        call set_mode
        ; the palette
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        xor bx, bx
.pal:   call entry
        inc bl
        jnz .pal
        ; the picture
        mov ax, 0xA000
        mov es, ax
        xor di, di
        xor dx, dx              ; y
.y:     xor cx, cx              ; x
.x:     mov al, cl
        add al, dl
        stosb
        inc cx
        cmp cx, 320
        jb .x
        inc dx
        cmp dx, 200
        jb .y
        mov di, 80 * 320 + 140
        mov dx, 40
.sq:    mov cx, 40
        mov al, 0x0F
        rep stosb
        add di, 320 - 40
        dec dx
        jnz .sq

        ; ---- DAC read-back
        print "dac 10:"
        mov al, 0x10
        call dac_read
        newline
        print "dac FF 00:"
        mov al, 0xFF
        call dac_read
        mov dx, 0x3C9
        call .three
        newline
        print "state "
        mov dx, 0x3C7
        in al, dx
        call hex2
        mov dx, 0x3C8
        mov al, 0x20
        out dx, al
        mov dx, 0x3C7
        in al, dx
        mov ah, al
        mov al, ' '
        call putc
        mov al, ah
        call hex2
        newline
        ; the write index: 20h set above (no entry written yet); first the value from before
        ; is gone, so write the palette again from 0 to see the wrap
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        xor bx, bx
.again: call entry
        inc bl
        jnz .again
        print "windex "
        mov dx, 0x3C8
        in al, dx
        call hex2
        mov al, 0x20
        out dx, al
        inc dx
        mov bl, 0x20
        call entry
        dec dx
        mov al, ' '
        call putc
        in al, dx
        call hex2
        newline
        ; PEL mask
        print "pel "
        mov dx, 0x3C6
        mov al, 0x3F
        out dx, al
        in al, dx
        call hex2
        mov al, 0xFF
        out dx, al
        mov al, ' '
        call putc
        in al, dx
        call hex2
        newline
        ; memory
        print "row0 "
        xor si, si
        xor bx, bx
        xor ah, ah
        mov cx, 320
.sum:   mov al, [es:si]
        add bx, ax
        inc si
        loop .sum
        mov ax, bx
        call hex4
        print " p(300,150) "
        mov al, [es:150 * 320 + 300]
        call hex2
        print " p(150,100) "
        mov al, [es:100 * 320 + 150]
        call hex2
        newline
        finish
.three: mov cx, 3
.t:     mov al, ' '
        call putc
        in al, dx
        call hex2
        loop .t
        ret

; entry: writes palette entry BL (red, green, blue) to port DX (3C9h)
entry:
        mov al, bl
        shr al, 2
        out dx, al
        mov al, bl
        and al, 0x0F
        shl al, 2
        out dx, al
        mov al, bl
        shr al, 2
        neg al
        add al, 0x3F
        out dx, al
        ret

; dac_read: sets the read index to AL and prints the entry's three values
dac_read:
        mov dx, 0x3C7
        out dx, al
        mov dx, 0x3C9
        mov cx, 3
.v:     mov al, ' '
        call putc
        in al, dx
        call hex2
        loop .v
        ret

%include "vga.inc"
%include "end.inc"
