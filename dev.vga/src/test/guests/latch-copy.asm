; latch-copy.asm - Tessera VGA guest: mode 12h; copies through the four latches: write mode 1
; with REP MOVSB between two VGA addresses (DS = ES = A000h), with the map mask limiting the
; planes, and write mode 0 with a bit mask that takes some or all bits from the latches.
;
;   source  lines 0-15: the byte in column c of line y has colour (c + y) & 0Fh in all 8 pixels
;           (write mode 2, bit mask FFh)
;   copy 1  write mode 1, map mask 0Fh, REP MOVSB of the 1280 bytes to line 32
;   copy 2  write mode 1, map mask 05h (planes 0 and 2), REP MOVSB to line 64
;   copy 3  write mode 0, set/reset 0Fh in every plane, bit mask F0h: left nibble white, right
;           nibble from the latches; byte by byte to line 96
;   copy 4  write mode 0, bit mask 00h: every bit from the latches; REP MOVSB to line 128
; Port E9h: the sums of the 1280 bytes of each area per plane (read mode 0).
;   source: in each line every colour 0-15 appears in 5 of the 80 columns, so each plane holds
;           40 bytes FFh per line: 16 * 40 * 255 = 163200 = 7D80h (mod 10000h) in every plane
;   copy 1: as the source; copy 2: 7D80h in planes 0 and 2, 0000h in planes 1 and 3
;   copy 3: per line 40 bytes FFh and 40 bytes F0h: 16 * (40 * 255 + 40 * 240) = 316800 = D580h
;   copy 4: as the source
; and the first 8 bytes of each area in plane 1 (colours 0-7: plane 1 is lit for 2, 3, 6, 7), which
; tell latches from CPU data (a copy that wrote the byte read from plane 0 would show 00 FF 00 FF):
;   00 00 FF FF 00 00 FF FF, copy 2: all 00, copy 3: F0 F0 FF FF F0 F0 FF FF
;
; picture: 640x480

%include "boot.inc"

main:
        mov si, mode12
        call set_mode
        call dac_ega
        call clear_planes
        mov ax, 0xA000
        mov es, ax
        mov ds, ax

        ; source
        outidx 0x3CE, 5, 0x02
        xor di, di
        xor bx, bx              ; line
.line:  xor cx, cx              ; column
.col:   mov al, cl
        add al, bl
        and al, 0x0F
        stosb
        inc cx
        cmp cx, 80
        jb .col
        inc bx
        cmp bx, 16
        jb .line
        outidx 0x3CE, 5, 0x00

        ; copy 1
        outidx 0x3CE, 5, 0x01
        xor si, si
        mov di, 32 * 80
        mov cx, 1280
        rep movsb
        ; copy 2
        outidx 0x3C4, 2, 0x05
        xor si, si
        mov di, 64 * 80
        mov cx, 1280
        rep movsb
        outidx 0x3C4, 2, 0x0F
        ; copy 3
        outidx 0x3CE, 5, 0x00
        outidx 0x3CE, 0, 0x0F
        outidx 0x3CE, 1, 0x0F
        outidx 0x3CE, 8, 0xF0
        xor si, si
        mov di, 96 * 80
        mov cx, 1280
.c3:    mov al, [si]
        mov [di], al
        inc si
        inc di
        loop .c3
        outidx 0x3CE, 0, 0x00
        outidx 0x3CE, 1, 0x00
        ; copy 4
        outidx 0x3CE, 8, 0x00
        xor si, si
        mov di, 128 * 80
        mov cx, 1280
        rep movsb
        outidx 0x3CE, 8, 0xFF

        xor ax, ax
        mov ds, ax
        print "source"
        xor di, di
        call sums
        print "copy 1"
        mov di, 32 * 80
        call sums
        print "copy 2"
        mov di, 64 * 80
        call sums
        print "copy 3"
        mov di, 96 * 80
        call sums
        print "copy 4"
        mov di, 128 * 80
        call sums
        outidx 0x3CE, 4, 0x00
        finish

sums:
        mov cx, 1280
        call print_sums
        print " plane 1:"
        mov bl, 1
        mov dx, 0x3CE
        mov al, 4
        mov ah, bl
        out dx, ax
        mov cx, 8
.b:     mov al, ' '
        call putc
        mov al, [es:di]
        call hex2
        inc di
        loop .b
        newline
        ret

%include "vga.inc"
%include "end.inc"
