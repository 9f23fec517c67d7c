; cga.asm - Tessera VGA guest: mode 04h (320x200, 4 colours, CGA-compatible) set by registers:
; odd/even addressing at B800h, even scan lines at 0000h and odd ones at 2000h (CRTC mode
; control bit 0 clear), two bits per pixel (graphics controller shift register interleave), the
; attribute palette 00h 13h 15h 17h, with DAC entries 13h, 15h, 17h set to light cyan, light
; magenta and white (the CGA's palette 1).
;
; Picture: four vertical bars of 80 pixels in colours 0, 1, 2, 3 (bytes 00h, 55h, AAh, FFh), and a
; diagonal of colour 3 at x = y + 60.
; Port E9h (by hand; cga.expected):
;   regs 63 02 30 0F A2     misc, sequencer 4, graphics 5 and 6, CRTC 17h
;   even A44C odd 955B      the 16-bit sums of the 8000 bytes of each bank: 100 lines of
;                           20 * (55h + AAh + FFh) = 10200 give 1020000 = 9060h (mod 10000h); the
;                           diagonal adds (3 - bar colour) << (6 - 2 * (x & 3)) per line: on the
;                           even lines (x even) 10 * 3 * 34 + 40 * 2 * 34 + 40 * 34 = 5100 (13ECh),
;                           on the odd lines 10 * 3 * 8.5 + 40 * 2 * 8.5 + 40 * 8.5 = 1275 (4FBh)
;   line1[15] 30            line 1, byte 15: x = 61 is its second pixel, colour 3 over bar 0
;
; picture: 320x200 (QEMU: 640x400, reduced by make-references.sh)

%include "boot.inc"

main:
        mov si, mode04
        call set_mode
        call dac_ega
        ; DAC 13h, 15h, 17h as the CGA's light cyan, light magenta and white (as a VGA BIOS
        ; loads the DAC for the 200-line modes, bit 4 as intensity)
        mov si, cgadac
        mov dx, 0x3C8
        mov cx, 3
.dac:   lodsb
        out dx, al
        inc dx
        outsb
        outsb
        outsb
        dec dx
        loop .dac
        mov ax, 0xB800
        mov es, ax
        xor di, di              ; clear both banks
        mov cx, 0x2000
        xor ax, ax
        rep stosw
        xor bx, bx              ; y
.line:  mov di, bx
        and di, 1
        shl di, 13              ; bank
        mov ax, bx
        shr ax, 1
        mov cx, 80
        mul cx
        add di, ax
        push di
        mov cx, 20
        xor al, al
        rep stosb
        mov cx, 20
        mov al, 0x55
        rep stosb
        mov cx, 20
        mov al, 0xAA
        rep stosb
        mov cx, 20
        mov al, 0xFF
        rep stosb
        pop di
        mov ax, bx              ; the diagonal: x = y + 60
        add ax, 60
        mov cx, ax
        shr ax, 2
        add di, ax
        and cl, 3
        shl cl, 1
        mov al, 0xC0
        shr al, cl
        or [es:di], al
        inc bx
        cmp bx, 200
        jb .line

        print "regs "
        mov dx, 0x3CC
        in al, dx
        call hex2
        mov al, ' '
        call putc
        inidx 0x3C4, 4
        call hex2
        mov al, ' '
        call putc
        inidx 0x3CE, 5
        call hex2
        mov al, ' '
        call putc
        inidx 0x3CE, 6
        call hex2
        mov al, ' '
        call putc
        inidx 0x3D4, 0x17
        call hex2
        newline
        print "even "
        xor si, si
        call bank
        print " odd "
        mov si, 0x2000
        call bank
        newline
        print "line1[15] "
        mov al, [es:0x2000 + 15]
        call hex2
        newline
        finish

cgadac: db 0x13, 0x15, 0x3F, 0x3F
        db 0x15, 0x3F, 0x15, 0x3F
        db 0x17, 0x3F, 0x3F, 0x3F

; bank: prints the 16-bit sum of 8000 bytes at ES:SI
bank:
        xor bx, bx
        xor ah, ah
        mov cx, 8000
.s:     mov al, [es:si]
        add bx, ax
        inc si
        loop .s
        mov ax, bx
        jmp hex4

%include "vga.inc"
%include "end.inc"
