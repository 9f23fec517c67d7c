; planar-read.asm - Tessera VGA guest: mode 12h; read mode 0 (read map select) and read mode 1
; (colour compare with colour don't care), and that a read in read mode 1 still loads the latches.
;
; Lines 0-63: the byte in column k holds the pixels x = 0..7 (bit 7 - x) of colour (k + x) & 0Fh:
; line 0 is drawn pixel by pixel with write mode 2 and a one-bit bit mask (after a read that
; loads the latches), lines 1-63 are copies of line 0 with write mode 1.
;
; Port E9h (worked out by hand; planar-read.expected):
;   rm0 k=0  the four planes of byte 0 (colours 0-7):  p0=55 p1=33 p2=0F p3=00
;   rm0 k=9  byte 9 (colours 9-15, 0):                  p0=AA p1=66 p2=1E p3=FE
;   rm1 cc=05 dc=0F  bytes 0-7: a bit for each pixel of colour 5: 04 08 10 20 40 80 00 00
;   rm1 cc=05 dc=0E  plane 0 ignored, colours 4 and 5 match:      0C 18 30 60 C0 80 00 00
;   rm1 cc=0F dc=08  only plane 3 compared, colours 8-15 match:   00 01 03 07 0F 1F 3F 7F
;   rm1 cc=0A dc=00  nothing compared, every pixel matches:       FF FF FF FF FF FF FF FF
;   latch            byte 9 read in read mode 1, written with write mode 1 to line 100,
;                    read back in read mode 0: p0=AA p1=66 p2=1E p3=FE
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

        ; line 0, pixel by pixel
        outidx 0x3CE, 5, 0x02
        xor di, di
.byte:  xor cx, cx              ; x
.pixel: mov dx, 0x3CE
        mov al, 8
        mov ah, 0x80
        shr ah, cl
        out dx, ax              ; bit mask: pixel x only
        mov al, [di]            ; latches
        mov ax, di
        add al, cl
        and al, 0x0F
        mov [di], al
        inc cx
        cmp cx, 8
        jb .pixel
        inc di
        cmp di, 80
        jb .byte
        outidx 0x3CE, 8, 0xFF

        ; lines 1-63: copies through the latches
        outidx 0x3CE, 5, 0x01
        mov di, 80
.line:  xor si, si
        mov cx, 80
        rep movsb
        cmp di, 64 * 80
        jb .line
        outidx 0x3CE, 5, 0x00

        xor ax, ax
        mov ds, ax

        ; ---- read mode 0
        print "rm0 k=0 "
        xor di, di
        call planes
        print "rm0 k=9 "
        mov di, 9
        call planes

        ; ---- read mode 1
        outidx 0x3CE, 5, 0x08
        outidx 0x3CE, 2, 0x05
        outidx 0x3CE, 7, 0x0F
        print "rm1 cc=05 dc=0F"
        call eight
        outidx 0x3CE, 7, 0x0E
        print "rm1 cc=05 dc=0E"
        call eight
        outidx 0x3CE, 2, 0x0F
        outidx 0x3CE, 7, 0x08
        print "rm1 cc=0F dc=08"
        call eight
        outidx 0x3CE, 2, 0x0A
        outidx 0x3CE, 7, 0x00
        print "rm1 cc=0A dc=00"
        call eight

        ; ---- read mode 1 loads the latches
        outidx 0x3CE, 7, 0x0F
        mov al, [es:9]
        outidx 0x3CE, 5, 0x09   ; write mode 1, read mode 1
        mov [es:100 * 80], al
        outidx 0x3CE, 5, 0x00
        print "latch "
        mov di, 100 * 80
        call planes
        outidx 0x3CE, 4, 0x00
        finish

; planes: the byte at A000:DI of each plane (read mode 0), as " pN=XX"
planes:
        xor bx, bx
.p:     print " p"
        mov al, bl
        add al, '0'
        call putc
        mov al, '='
        call putc
        mov dx, 0x3CE
        mov al, 4
        mov ah, bl
        out dx, ax
        mov al, [es:di]
        call hex2
        inc bx
        cmp bx, 4
        jb .p
        newline
        ret

; eight: bytes 0-7 of line 0 as read now, " XX" each
eight:
        xor di, di
.b:     mov al, ' '
        call putc
        mov al, [es:di]
        call hex2
        inc di
        cmp di, 8
        jb .b
        newline
        ret

%include "vga.inc"
%include "end.inc"
