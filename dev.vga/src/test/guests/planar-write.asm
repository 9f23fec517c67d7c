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
; The expected sums, worked out by hand, are in planar-write.expected and the test's comment.
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
        cmp bl, '7'
        jb .sums
        outidx 0x3CE, 4, 0x00
        finish

%include "vga.inc"
%include "end.inc"
