; text.asm - Tessera VGA guest: text mode 03h set by registers, the project's own 8x16 font
; loaded into plane 2, colours, line-graphics characters and the ninth column, the blink
; attribute, the cursor shape and position; register and memory read-back on port E9h.
;
; Screen (80x25, 9x16 cells, 720x400):
;   row 0      title, white on blue (1Fh)
;   row 2      "0123456789ABCDEF" in the 16 foreground colours on black, row 3 the 8 backgrounds
;   rows 5-9   a single-line box (DA C4 BF B3 C3 C5 B4 C0 D9 C2 C1) and a double-line one (C9 CD BB
;              BA CC CE B9 C8 BC CB CA); row 11 C4 x 20 and DB x 4 (the ninth column joins them),
;              row 12 the same with the attribute controller's line graphics bit cleared is not
;              shown (one screen): instead row 12 holds B0 B1 B2 DC DD DE DF
;   rows 14-21 all 256 characters, 32 per row from column 24, light grey on black
;   row 23     "BLINK" with attribute 8Eh (blinking yellow) at columns 2-6, "ON RED" with CFh (blinking white on red) at 8-13
;   cursor     row 24, column 40, scan lines 12-15 (CRTC 0Ah = 0Ch, 0Bh = 0Fh)
; The test masks the blinking cells (row 23, columns 2-13) and the cursor cell (row 24,
; column 40): each must match either phase.
;
; Port E9h (text.expected):
;   misc=67 seq1=00 seq4=02 gc5=10 gc6=0E attr10=0C attr13=08   as set from the mode 03h table
;   cursor=0C 0F 07A8 crtc09=4F crtc12=8F   cursor lines 12-15 at 24 * 80 + 40 = 1960 = 7A8h
;   b800:0000=1F54 b800:0E64=8E42   'T' on 1Fh; 'B' on 8Eh at (23 * 80 + 2) * 2 = E64h
;   sum=F56E   the sum of the screen's 4000 bytes as written above (1920 blank cells of 20h,07h
;              and the text, modulo 10000h)
;   plane2 A=00001028284482FEFE82820000000000 fontsum=17D7   glyph 41h and the sum of all
;              4096 bytes of fonts/vga8x16.fnt, read back from plane 2 (read map select 2)
;
; picture: 720x400 (80x25 cells of 9x16)
; ninth column black: 12:2-7,19:40-55
;   QEMU repeats the eighth pixel column into the ninth for characters B0h-DFh; IBM's VGA
;   documentation does so only for C0h-DFh (attribute mode control bit 2). make-references.sh
;   makes the ninth column of the cells holding B0h-BFh (the shades in row 12, the character set
;   in row 19) black, their background, as the documentation says.

%define WITH_FONT16
%include "boot.inc"

main:
        mov si, mode03
        call set_mode
        call dac_ega
        call load_font16
        mov ax, 0xB800
        mov es, ax
        ; clear: spaces, light grey on black
        xor di, di
        mov cx, 80 * 25
        mov ax, 0x0720
        rep stosw

        ; row 0: title
        mov di, 0 * 160
        mov ah, 0x1F
        mov si, title
        call text_at
        ; row 2: 16 foregrounds
        mov di, 2 * 160
        mov si, digits
        xor ah, ah
.fg:    lodsb
        stosw
        inc ah
        cmp ah, 16
        jb .fg
        ; row 3: 8 backgrounds, white letters
        mov di, 3 * 160
        mov ah, 0x0F
.bg:    mov al, 'b'
        stosw
        stosw
        add ah, 0x10
        cmp ah, 0x8F
        jb .bg
        ; rows 5-9: the boxes
        mov si, boxes
        mov di, 5 * 160 + 2 * 2
        mov bx, 5
.box:   push di
        mov ah, 0x0E
        call text_at
        pop di
        add di, 160
        dec bx
        jnz .box
        ; row 11: horizontal lines and full blocks, cyan
        mov di, 11 * 160 + 2 * 2
        mov cx, 20
        mov ax, 0x0BC4
        rep stosw
        mov cx, 4
        mov al, 0xDB
        rep stosw
        ; row 12: shades and half blocks
        mov di, 12 * 160 + 2 * 2
        mov si, shades
        mov ah, 0x0A
        call text_at
        ; rows 14-21: the character set
        mov di, 14 * 160 + 24 * 2
        xor al, al
        mov ah, 0x07
.chars: stosw
        inc al
        test al, 31
        jnz .same
        add di, 160 - 64
.same:  test al, al
        jnz .chars
        ; row 23: blinking text
        mov di, 23 * 160 + 2 * 2
        mov si, blink1
        mov ah, 0x8E
        call text_at
        mov di, 23 * 160 + 8 * 2
        mov si, blink2
        mov ah, 0xCF
        call text_at
        ; cursor: shape and position
        outidx 0x3D4, 0x0A, 0x0C
        outidx 0x3D4, 0x0B, 0x0F
        outidx 0x3D4, 0x0E, (24 * 80 + 40) >> 8
        outidx 0x3D4, 0x0F, (24 * 80 + 40) & 0xFF

        ; ---- read-back on port E9h
        print "misc="
        mov dx, 0x3CC
        in al, dx
        call hex2
        print " seq1="
        inidx 0x3C4, 1
        call hex2
        print " seq4="
        inidx 0x3C4, 4
        call hex2
        print " gc5="
        inidx 0x3CE, 5
        call hex2
        print " gc6="
        inidx 0x3CE, 6
        call hex2
        print " attr10="
        attrr 0x10
        call hex2
        print " attr13="
        attrr 0x13
        call hex2
        newline
        print "cursor="
        inidx 0x3D4, 0x0A
        call hex2
        mov al, ' '
        call putc
        inidx 0x3D4, 0x0B
        call hex2
        mov al, ' '
        call putc
        inidx 0x3D4, 0x0E
        call hex2
        inidx 0x3D4, 0x0F
        call hex2
        print " crtc09="
        inidx 0x3D4, 0x09
        call hex2
        print " crtc12="
        inidx 0x3D4, 0x12
        call hex2
        newline
        ; memory: words read back through odd/even addressing
        print "b800:0000="
        mov ax, [es:0]
        call hex4
        print " b800:0E64="
        mov ax, [es:23 * 160 + 2 * 2]
        call hex4
        ; sum of the 4000 bytes of the screen
        xor si, si
        xor bx, bx
        xor ah, ah
        mov cx, 4000
.sum:   mov al, [es:si]
        add bx, ax
        inc si
        loop .sum
        print " sum="
        mov ax, bx
        call hex4
        newline
        ; the font in plane 2, read with read map select 2: glyph 'A' (16 bytes) as hex, and
        ; the sum of the 4096 font bytes (256 glyphs of 16 at 32-byte steps)
        outidx 0x3C4, 4, 0x06
        outidx 0x3CE, 4, 0x02
        outidx 0x3CE, 5, 0x00
        outidx 0x3CE, 6, 0x04
        mov ax, 0xA000
        mov es, ax
        print "plane2 A="
        mov si, 0x41 * 32
        mov cx, 16
.glyph: mov al, [es:si]
        call hex2
        inc si
        loop .glyph
        xor si, si
        xor bx, bx
        xor ah, ah
        mov dx, 256
.fsum:  mov cx, 16
.frow:  mov al, [es:si]
        add bx, ax
        inc si
        loop .frow
        add si, 16
        dec dx
        jnz .fsum
        print " fontsum="
        mov ax, bx
        call hex4
        newline
        outidx 0x3C4, 4, 0x02
        outidx 0x3CE, 4, 0x00
        outidx 0x3CE, 5, 0x10
        outidx 0x3CE, 6, 0x0E
        finish

; text_at: the zero-terminated string at SI with attribute AH at ES:DI
text_at:
        lodsb
        test al, al
        jz .e
        stosw
        jmp text_at
.e:     ret

title:  db "Tessera VGA guest: text mode 03h by registers, own 8x16 font", 0
digits: db "0123456789ABCDEF"
boxes:  db 0xDA, 0xC4, 0xC4, 0xC2, 0xC4, 0xC4, 0xBF, "  ", 0xC9, 0xCD, 0xCD, 0xCB, 0xCD, 0xCD, 0xBB, 0
        db 0xB3, "ab", 0xB3, "cd", 0xB3, "  ", 0xBA, "ef", 0xBA, "gh", 0xBA, 0
        db 0xC3, 0xC4, 0xC4, 0xC5, 0xC4, 0xC4, 0xB4, "  ", 0xCC, 0xCD, 0xCD, 0xCE, 0xCD, 0xCD, 0xB9, 0
        db 0xB3, "ij", 0xB3, "kl", 0xB3, "  ", 0xBA, "mn", 0xBA, "op", 0xBA, 0
        db 0xC0, 0xC4, 0xC4, 0xC1, 0xC4, 0xC4, 0xD9, "  ", 0xC8, 0xCD, 0xCD, 0xCA, 0xCD, 0xCD, 0xBC, 0
shades: db 0xB0, 0xB0, 0xB1, 0xB1, 0xB2, 0xB2, " ", 0xDC, 0xDD, 0xDE, 0xDF, 0
blink1: db "BLINK", 0
blink2: db "ON RED", 0

font16:
        incbin "fonts/vga8x16.fnt"

%include "vga.inc"
%include "end.inc"
