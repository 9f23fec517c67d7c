; palette.asm - Tessera VGA guest: mode 12h; the attribute controller's palette registers,
; mode control with P54S (bit 7: palette bits 5-4 from the colour select register), the colour
; select register (bits 3-2 give DAC index bits 7-6, bits 1-0 bits 5-4), and the DAC.
;
; Picture: 16 vertical bars of 40 pixels, colour c = x / 40 in the planes (write mode 2). Then:
;   attribute palette register i = 0Fh - i (written with the palette address source bit clear,
;   as the hardware requires, then set again), mode control 81h (graphics, P54S), colour select
;   06h, DAC entries 60h-6Fh a grey ramp: entry 60h + k = (4k + 3, 4k + 3, 4k + 3).
;   So bar c shows DAC entry 40h | 20h | (0Fh - c) = 6Fh - c: grey 4 * (15 - c) + 3, white on the
;   left down to dark grey on the right.
; Port E9h (by hand; palette.expected):
;   attr 0F 0E 00 81 06 0F    palette registers 0, 1 and 15, mode control, colour select,
;                             colour plane enable
;   dac 60: 03 03 03 dac 6F: 3F 3F 3F
;   line 0 p0=27D8 ...        the sum of line 0 in each plane (80 bytes): bar c covers 5 bytes
;                             FFh in plane p when bit p of c is set: 8 bars, 40 * 255 = 27D8h
;
; picture: 640x480

%include "boot.inc"

main:
        mov si, mode12
        call set_mode
        call clear_planes
        mov ax, 0xA000
        mov es, ax
        outidx 0x3CE, 5, 0x02
        xor di, di
        mov bx, 480
.line:  xor cx, cx
.byte:  mov ax, cx
        mov dl, 5
        div dl
        stosb
        inc cx
        cmp cx, 80
        jb .byte
        dec bx
        jnz .line
        outidx 0x3CE, 5, 0x00

        ; the attribute palette, reversed
        mov dx, 0x3DA
        in al, dx
        mov dx, 0x3C0
        xor bl, bl
.pal:   mov al, bl              ; palette address source clear: the palette can be written
        out dx, al
        mov al, 0x0F
        sub al, bl
        out dx, al
        inc bl
        cmp bl, 16
        jb .pal
        mov al, 0x20
        out dx, al
        attrw 0x10, 0x81
        attrw 0x14, 0x06
        ; DAC 60h-6Fh
        mov dx, 0x3C8
        mov al, 0x60
        out dx, al
        inc dx
        xor bl, bl
.dac:   mov al, bl
        shl al, 2
        add al, 3
        out dx, al
        out dx, al
        out dx, al
        inc bl
        cmp bl, 16
        jb .dac

        ; ---- read-back
        print "attr"
        mov bl, 0
        call palreg
        mov bl, 1
        call palreg
        mov bl, 15
        call palreg
        mov al, ' '
        call putc
        attrr 0x10
        call hex2
        mov al, ' '
        call putc
        attrr 0x14
        call hex2
        mov al, ' '
        call putc
        attrr 0x12
        call hex2
        newline
        print "dac 60:"
        mov al, 0x60
        call dacrd
        print " dac 6F:"
        mov al, 0x6F
        call dacrd
        newline
        print "line 0"
        xor di, di
        mov cx, 80
        call print_sums
        newline
        outidx 0x3CE, 4, 0x00
        finish

; palreg: prints " XX", palette register BL (read with the palette address source clear)
palreg:
        mov dx, 0x3DA
        in al, dx
        mov dx, 0x3C0
        mov al, bl
        out dx, al
        inc dx
        in al, dx
        mov ah, al
        mov dx, 0x3DA
        in al, dx               ; the flip-flop to "index" again
        mov dx, 0x3C0
        mov al, 0x20            ; palette address source set again
        out dx, al
        mov al, ' '
        call putc
        mov al, ah
        jmp hex2

; dacrd: prints " RR GG BB" of DAC entry AL
dacrd:
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
