; planar-write.asm - Tessera VGA guest: mode 12h (640x480, 16 colours) set by registers; the
; four write modes with every register that shapes them, each in a band of 16 lines (1280 bytes
; at offset band * 1280), then every band read back plane by plane with read mode 0 (read map
; select) and printed as 16-bit sums of its 1280 bytes per plane on port E9h.
;
;   band 0  write mode 0, FFh written with the map mask = column & 0Fh
;   band 1  set/reset 0Ah with enable set/reset 0Fh and bit mask F0h (lines 0-7, latches read
;           first), then enable set/reset 03h with CPU data 3Ch and bit mask FFh (lines 8-15)
;   band 2  data rotate 3 (81h becomes 30h) in every plane (lines 0-7), then with enable
;           set/reset 05h and set/reset 04h (lines 8-15)
;   band 3  colour 0Ch everywhere, then AND F0h (lines 0-3), OR 0Fh (4-7), XOR 3Ch (8-11), XOR
;           with set/reset 05h in every plane (12-15), each after a read that loads the latches
;   band 4  write mode 1: band 0 copied byte by byte through the latches with map mask 07h
;   band 5  write mode 2: colour = column & 0Fh (lines 0-7), colour 0Fh with bit mask 81h (8-15)
;   band 6  write mode 3 with set/reset 0Eh: CPU data 3Ch (lines 0-7); set/reset 01h, rotate 4 of
;           0Fh and bit mask 3Fh (lines 8-15)
;   band 7  write mode 2: colour 05h (lines 0-15), then XOR with colour 0Ch and map mask 0Bh
;           (lines 8-15: plane 0 FFh ^ 00h, plane 1 00h ^ 00h, plane 2 kept FFh, plane 3 00h ^ FFh)
;   band 8  write mode 2: colour 03h; then write mode 3: AND with set/reset 06h, data FFh
;           (lines 0-7: planes 00 FF 00 00), OR with set/reset 08h, data 0Fh (lines 8-15: the
;           low nibble ORed, the high one from the latches: planes FF FF 00 0F)
; Port E9h: "band N p0=.... p1=.... p2=.... p3=....", the sums modulo 10000h, worked out by hand
; (a line is 80 bytes; 8 lines 640 bytes; FFh = 255, F0h = 240, 3Ch = 60, 30h = 48):
;   band 0  each plane is FFh in the 40 columns whose low nibble has its bit: 16 * 40 * 255 =
;           163200 = 7D80h in every plane
;   band 1  p0 0; p1 640 * 240 + 640 * 255 = 316800 = D580h; p2 640 * 60 = 9600h;
;           p3 640 * 240 + 640 * 60 = 192000 = EE00h
;   band 2  p0 640 * 48 = 7800h; p1 = p3 1280 * 48 = F000h; p2 640 * 48 + 640 * 255 = F580h
;   band 3  per 4 lines (320 bytes): p0 00 0F 3C FF -> 320 * 330 = 9C80h; p1 00 0F 3C 00 -> 5DC0h;
;           p2 F0 FF C3 00 -> 320 * 690 = 5E80h; p3 F0 FF C3 FF -> 320 * 945 = 9D40h
;   band 4  as band 0 in planes 0-2, 0000h in plane 3
;   band 5  8 * 40 * 255 + 640 * 81h = 81600 + 82560 = 8140h in every plane
;   band 6  p0 640 * 30h = 7800h; p1-p3 640 * 3Ch = 9600h
;   band 7  p0 1280 * 255 = FB00h; p1 0; p2 FB00h; p3 640 * 255 = 7D80h
;   band 8  p0 640 * 255 = 7D80h; p1 FB00h; p2 0; p3 640 * 0Fh = 2580h
;
; picture: 640x480

%include "boot.inc"

BAND equ 1280

main:
        mov si, mode12
        call set_mode
        call dac_ega
        call clear_planes
        mov ax, 0xA000
        mov es, ax

        ; ---- band 0: map mask
        xor di, di
        mov bx, 16
.b0l:   xor cx, cx
.b0c:   mov dx, 0x3C4
        mov al, 2
        mov ah, cl
        and ah, 0x0F
        out dx, ax
        mov byte [es:di], 0xFF
        inc di
        inc cx
        cmp cx, 80
        jb .b0c
        dec bx
        jnz .b0l
        outidx 0x3C4, 2, 0x0F

        ; ---- band 1: set/reset, enable set/reset, bit mask
        outidx 0x3CE, 1, 0x0F
        outidx 0x3CE, 0, 0x0A
        outidx 0x3CE, 8, 0xF0
        mov di, 1 * BAND
        mov cx, 640
.b1a:   mov al, [es:di]
        mov [es:di], al
        inc di
        loop .b1a
        outidx 0x3CE, 1, 0x03
        outidx 0x3CE, 8, 0xFF
        mov cx, 640
.b1b:   mov byte [es:di], 0x3C
        inc di
        loop .b1b
        outidx 0x3CE, 1, 0x00
        outidx 0x3CE, 0, 0x00

        ; ---- band 2: data rotate
        outidx 0x3CE, 3, 0x03
        mov di, 2 * BAND
        mov cx, 640
.b2a:   mov byte [es:di], 0x81
        inc di
        loop .b2a
        outidx 0x3CE, 1, 0x05
        outidx 0x3CE, 0, 0x04
        mov cx, 640
.b2b:   mov byte [es:di], 0x81
        inc di
        loop .b2b
        outidx 0x3CE, 3, 0x00
        outidx 0x3CE, 1, 0x00
        outidx 0x3CE, 0, 0x00

        ; ---- band 3: the logical functions
        outidx 0x3CE, 1, 0x0F
        outidx 0x3CE, 0, 0x0C
        mov di, 3 * BAND
        mov cx, BAND
.b3f:   mov byte [es:di], 0
        inc di
        loop .b3f
        outidx 0x3CE, 1, 0x00
        mov di, 3 * BAND
        outidx 0x3CE, 3, 0x08   ; AND
        mov ah, 0xF0
        call .rw320
        outidx 0x3CE, 3, 0x10   ; OR
        mov ah, 0x0F
        call .rw320
        outidx 0x3CE, 3, 0x18   ; XOR
        mov ah, 0x3C
        call .rw320
        outidx 0x3CE, 1, 0x0F   ; XOR with set/reset
        outidx 0x3CE, 0, 0x05
        mov ah, 0x00
        call .rw320
        outidx 0x3CE, 3, 0x00
        outidx 0x3CE, 1, 0x00
        outidx 0x3CE, 0, 0x00
        jmp .band4
; reads then writes AH at 320 bytes from ES:DI (DI advances)
.rw320: mov cx, 320
.rw:    mov al, [es:di]
        mov [es:di], ah
        inc di
        loop .rw
        ret

        ; ---- band 4: write mode 1
.band4: outidx 0x3CE, 5, 0x01
        outidx 0x3C4, 2, 0x07
        xor si, si
        mov di, 4 * BAND
        mov cx, BAND
.b4:    mov al, [es:si]
        mov [es:di], al
        inc si
        inc di
        loop .b4
        outidx 0x3CE, 5, 0x00
        outidx 0x3C4, 2, 0x0F

        ; ---- band 5: write mode 2
        outidx 0x3CE, 5, 0x02
        mov di, 5 * BAND
        mov bx, 8
.b5l:   xor cx, cx
.b5c:   mov al, [es:di]
        mov al, cl
        and al, 0x0F
        mov [es:di], al
        inc di
        inc cx
        cmp cx, 80
        jb .b5c
        dec bx
        jnz .b5l
        outidx 0x3CE, 8, 0x81
        mov cx, 640
.b5m:   mov al, [es:di]
        mov byte [es:di], 0x0F
        inc di
        loop .b5m
        outidx 0x3CE, 8, 0xFF
        outidx 0x3CE, 5, 0x00

        ; ---- band 6: write mode 3
        outidx 0x3CE, 5, 0x03
        outidx 0x3CE, 0, 0x0E
        mov di, 6 * BAND
        mov cx, 640
.b6a:   mov al, [es:di]
        mov byte [es:di], 0x3C
        inc di
        loop .b6a
        outidx 0x3CE, 3, 0x04
        outidx 0x3CE, 8, 0x3F
        outidx 0x3CE, 0, 0x01
        mov cx, 640
.b6b:   mov al, [es:di]
        mov byte [es:di], 0x0F
        inc di
        loop .b6b
        outidx 0x3CE, 5, 0x00
        outidx 0x3CE, 3, 0x00
        outidx 0x3CE, 8, 0xFF
        outidx 0x3CE, 0, 0x00

        ; ---- band 7: write mode 2 with a logical function and the map mask
        outidx 0x3CE, 5, 0x02
        mov di, 7 * BAND
        mov cx, BAND
.b7a:   mov byte [es:di], 0x05
        inc di
        loop .b7a
        outidx 0x3CE, 3, 0x18   ; XOR
        outidx 0x3C4, 2, 0x0B   ; planes 0, 1, 3
        mov di, 7 * BAND + 640
        mov cx, 640
.b7b:   mov al, [es:di]
        mov byte [es:di], 0x0C
        inc di
        loop .b7b
        outidx 0x3C4, 2, 0x0F

        ; ---- band 8: write mode 3 with a logical function
        outidx 0x3CE, 3, 0x00
        mov di, 8 * BAND
        mov cx, BAND
.b8a:   mov byte [es:di], 0x03  ; write mode 2: colour 3
        inc di
        loop .b8a
        outidx 0x3CE, 5, 0x03
        outidx 0x3CE, 3, 0x08   ; AND
        outidx 0x3CE, 0, 0x06
        mov di, 8 * BAND
        mov cx, 640
.b8b:   mov al, [es:di]
        mov byte [es:di], 0xFF
        inc di
        loop .b8b
        outidx 0x3CE, 3, 0x10   ; OR
        outidx 0x3CE, 0, 0x08
        mov cx, 640
.b8c:   mov al, [es:di]
        mov byte [es:di], 0x0F
        inc di
        loop .b8c
        outidx 0x3CE, 5, 0x00
        outidx 0x3CE, 3, 0x00
        outidx 0x3CE, 0, 0x00

        ; ---- read back
        xor di, di
        mov bl, '0'
.sums:  print "band "
        mov al, bl
        call putc
        mov cx, BAND
        call print_sums
        newline
        add di, BAND
        inc bl
        cmp bl, '9'
        jb .sums
        outidx 0x3CE, 4, 0x00
        finish

%include "vga.inc"
%include "end.inc"
