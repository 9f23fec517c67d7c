; modex.asm - Tessera VGA guest: "mode X", 320x240 with 256 colours unchained (chain-4 off, the
; CRTC in byte mode), two pages, a page flip by the CRTC start address and a split screen by the
; line compare register.
;
; Registers: the mode 13h values with sequencer 4 = 06h (chain-4 off), CRTC 14h = 00h and 17h =
; E3h (byte addressing), and for 480 scan lines misc = E3h, CRTC 06h = 0Dh, 07h = 3Eh, 10h =
; EAh, 11h = ACh, 12h = DFh, 15h = E7h, 16h = 06h; maximum scan line 1 shows every line twice.
; Palette (3-3-2): entry i has red = (i & 7) * 9, green = ((i >> 3) & 7) * 9, blue = (i >> 6) * 21.
; Page 0 (offset 0): 16 vertical bars of 20 pixels, colour (x / 20) * 17, written plane by plane
;   (map mask 1 << plane); a square of colour 07h (red) at x 240-279, y 10-49.
; Page 1 (offset 4B00h = 80 * 240): 16 horizontal bars of 15 lines, colour (y / 15) * 16 + 8,
;   written four pixels per byte (map mask 0Fh); a white square (FFh) at x 20-59, y 20-59.
; Then the start address becomes 4B00h (page 1 shows) and the line compare 13Fh (bit 8 in the
; overflow register, bit 9 clear in the maximum scan line register): scan lines 0-319 (pixel
; lines 0-159) show page 1, scan lines 320-479 (pixel lines 160-239) the memory from address 0,
; page 0's lines 0-79.
;
; Port E9h (by hand; modex.expected):
;   crtc 4B00 3F 01 3E        start address, line compare, maximum scan line, overflow
;   page0 p2 1968             plane 2 of page 0 (19200 bytes): per line 5 * 17 * (0+1+...+15)
;                             = 10200; lines 10-49 lose 5 pixels of colour 12*17 and 5 of 13*17
;                             and gain 10 of colour 7: 8145; 200*10200 + 40*8145 = 2365800
;   page1 (20,20) FF (19,20) 18   the square; line 20 is in bar 1: 1 * 16 + 8
;   page0 (319,239) FF        bar 15: 15 * 17
;
; picture: 320x240 (QEMU: 640x480, reduced by make-references.sh)

%include "boot.inc"

PAGE1 equ 80 * 240

main:
        mov si, modex
        call set_mode
        ; palette
        mov dx, 0x3C8
        xor al, al
        out dx, al
        inc dx
        xor bx, bx
.pal:   mov al, bl
        and al, 7
        mov ah, 9
        mul ah
        out dx, al
        mov al, bl
        shr al, 3
        and al, 7
        mov ah, 9
        mul ah
        out dx, al
        mov al, bl
        shr al, 6
        mov ah, 21
        mul ah
        out dx, al
        inc bl
        jnz .pal
        call clear_planes
        mov ax, 0xA000
        mov es, ax

        ; page 0, plane by plane: one line of 80 bytes in RAM at 1000:0000, copied 240 times
        xor bx, bx              ; plane
.plane: mov ax, 0x1000
        mov ds, ax
        xor di, di
.lb:    mov ax, di
        shl ax, 2
        add ax, bx              ; x = 4 * byte + plane
        mov cl, 20
        div cl                  ; al = x / 20
        mov cl, 17
        mul cl
        mov [di], al
        inc di
        cmp di, 80
        jb .lb
        mov dx, 0x3C4
        mov al, 2
        mov ah, 1
        mov cl, bl
        shl ah, cl
        out dx, ax
        xor di, di
        mov dx, 240
.copy:  xor si, si
        mov cx, 80
        rep movsb
        dec dx
        jnz .copy
        inc bx
        cmp bx, 4
        jb .plane
        xor ax, ax
        mov ds, ax
        outidx 0x3C4, 2, 0x0F
        mov di, 10 * 80 + 60
        mov al, 0x07
        mov dx, 40
.sq0:   mov cx, 10
        rep stosb
        add di, 80 - 10
        dec dx
        jnz .sq0

        ; page 1, four pixels per byte
        mov di, PAGE1
        xor bx, bx              ; y
.y1:    mov ax, bx
        mov cl, 15
        div cl
        shl al, 4
        add al, 8
        mov cx, 80
        rep stosb
        inc bx
        cmp bx, 240
        jb .y1
        mov di, PAGE1 + 20 * 80 + 5
        mov al, 0xFF
        mov dx, 40
.sq1:   mov cx, 10
        rep stosb
        add di, 80 - 10
        dec dx
        jnz .sq1

        ; flip to page 1, split at scan line 319
        outidx 0x3D4, 0x0C, PAGE1 >> 8
        outidx 0x3D4, 0x0D, PAGE1 & 0xFF
        outidx 0x3D4, 0x09, 0x01
        outidx 0x3D4, 0x18, 0x3F

        ; ---- read-back
        print "crtc "
        inidx 0x3D4, 0x0C
        call hex2
        inidx 0x3D4, 0x0D
        call hex2
        mov al, ' '
        call putc
        inidx 0x3D4, 0x18
        call hex2
        mov al, ' '
        call putc
        inidx 0x3D4, 0x09
        call hex2
        mov al, ' '
        call putc
        inidx 0x3D4, 0x07
        call hex2
        newline
        print "page0 p2 "
        mov bl, 2
        xor di, di
        mov cx, PAGE1
        call sum_plane
        call hex4
        newline
        print "page1 (20,20) "
        outidx 0x3CE, 4, 0
        mov al, [es:PAGE1 + 20 * 80 + 5]
        call hex2
        print " (19,20) "
        outidx 0x3CE, 4, 3
        mov al, [es:PAGE1 + 20 * 80 + 4]
        call hex2
        newline
        print "page0 (319,239) "
        mov al, [es:239 * 80 + 79]
        call hex2
        newline
        outidx 0x3CE, 4, 0
        finish

modex:
        db 0xE3
        db 0x01, 0x0F, 0x00, 0x06
        db 0x5F, 0x4F, 0x50, 0x82, 0x54, 0x80, 0x0D, 0x3E, 0x00, 0x41, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        db 0xEA, 0xAC, 0xDF, 0x28, 0x00, 0xE7, 0x06, 0xE3, 0xFF
        db 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0F, 0xFF
        db 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F
        db 0x41, 0x00, 0x0F, 0x00, 0x00

%include "vga.inc"
%include "end.inc"
