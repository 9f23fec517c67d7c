; demodisk.asm - the built-in demo disk of the Tessera launcher: a boot sector and a small program
; behind it, booted by the built-in BIOS when `run` is given no program and no disk:
;
;   java -jar launcher/target/tessera.jar run
;
; The launcher copies this image to the start of a zero-filled 1.44 MB floppy image (a temporary
; file) and attaches it as drive A:. The boot sector (at 0000:7C00) reads the program from the
; sectors after it with INT 13h to 0000:7E00 and jumps to it. The program then
;   - sends "Tessera demo disk: ..." lines on COM1 (INT 14h: 9600 bits/s, 8N1),
;   - shows a banner in text mode 03h (INT 10h: scroll to clear, AH=09h for a box and colours,
;     AH=13h for strings),
;   - switches to mode 12h (640x480, 16 colours) and draws through the VGA's planar registers:
;     a blue background written with the map mask alone (plane 0), 16 colour bars in write mode 2,
;     a white frame, a yellow disc and a magenta triangle a pixel at a time (write mode 2 and the
;     bit mask) and a green square a byte at a time,
;   - waits 2 s of machine time (INT 15h AH=86h), returns to text mode 03h, shows the closing
;     screen, sends its last line on COM1, waits until the UART has sent it and halts with CLI;
;     HLT, which ends the run.
;
; Assemble: nasm -f bin -o demodisk.bin demodisk.asm (or ./build.sh)

        bits 16
        org 0x7C00

COM1            equ 0                   ; INT 14h port number
SEQ             equ 0x3C4               ; sequencer index (data at 3C5h); register 2: map mask
GC              equ 0x3CE               ; graphics controller index (data at 3CFh): 5 mode, 8 bit mask

; ------------------------------------------------------------------ boot sector

boot:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        cld
        mov [boot_drive], dl
        mov di, 3                       ; tries
.read:
        mov ax, 0x0200 | PROGRAM_SECTORS ; AH=02h read, AL=sectors
        mov cx, 0x0002                  ; cylinder 0, sector 2
        xor dh, dh                      ; head 0
        mov dl, [boot_drive]
        mov bx, program                 ; ES:BX = 0000:7E00
        int 0x13
        jnc program
        xor ah, ah                      ; reset the drive and try again
        int 0x13
        dec di
        jnz .read
        mov si, msg_boot_failed
.fail:
        lodsb
        test al, al
        jz .halt
        mov ah, 0x0E
        mov bx, 0x0007
        int 0x10
        jmp .fail
.halt:
        cli
        hlt
        jmp .halt

boot_drive      db 0
msg_boot_failed db "Tessera demo disk: cannot read the program (INT 13h)", 13, 10, 0

        times 510 - ($ - $$) db 0
        dw 0xAA55

; ------------------------------------------------------------------ program (0000:7E00)

program:
        ; COM1: 9600 bits/s, no parity, 1 stop bit, 8 data bits
        mov ax, 0x00E3
        mov dx, COM1
        int 0x14
        mov si, ser_booted
        call serial

        ; ---- text mode 03h: the banner
        mov ax, 0x0003
        int 0x10
        call hide_cursor
        mov bh, 0x1F                    ; white on blue
        call clear
        mov bl, 0x1E                    ; yellow on blue
        call box
        mov bp, txt_title
        mov dx, 0x0412
        mov bl, 0x1F
        call print
        mov bp, txt_intro1
        mov dx, 0x060A
        mov bl, 0x17
        call print
        mov bp, txt_intro2
        mov dx, 0x070A
        mov bl, 0x17
        call print
        mov bp, txt_colours
        mov dx, 0x090A
        mov bl, 0x1B
        call print
        ; 16 colour cells of three blocks each, foreground 0-15 on blue
        xor si, si
.cell:
        mov ax, si
        mov dl, 3
        mul dl
        add al, 16
        mov dl, al
        mov dh, 10
        mov ah, 0x02
        xor bh, bh
        int 0x10
        mov ax, 0x09DB                  ; AH=09h, AL=full block
        mov bx, si
        or bl, 0x10
        xor bh, bh
        mov cx, 3
        int 0x10
        inc si
        cmp si, 16
        jb .cell
        mov bp, txt_next
        mov dx, 0x0C0A
        mov bl, 0x1A
        call print
        mov si, ser_text
        call serial
        mov cx, 0x000F                  ; 1 s (0F4240h microseconds)
        mov dx, 0x4240
        call wait_us

        ; ---- mode 12h: planar graphics
        mov ax, 0x0012
        int 0x10
        mov ax, 0xA000
        mov es, ax
        ; background: colour 1 (blue) is plane 0 alone: map mask 01h, FFh in every byte
        mov dx, SEQ
        mov ax, 0x0102
        out dx, ax
        xor di, di
        mov cx, 80 * 480 / 2
        mov ax, 0xFFFF
        rep stosw
        mov dx, SEQ
        mov ax, 0x0F02                  ; map mask: every plane
        out dx, ax
        ; write mode 2: the CPU's byte is the colour, the bit mask picks the pixels
        mov dx, GC
        mov ax, 0x0205
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
        ; 16 colour bars of 40 pixels (5 bytes) from line 40 to 199
        xor bx, bx                      ; colour
.bar:
        mov ax, bx
        mov cl, 5
        mul cl
        mov di, ax
        add di, 40 * 80
        mov dx, 160                     ; lines
.bar_line:
        mov cx, 5
.bar_byte:
        mov al, [es:di]                 ; load the latches (not needed with mask FFh, but honest)
        mov [es:di], bl
        inc di
        loop .bar_byte
        add di, 80 - 5
        dec dx
        jnz .bar_line
        inc bx
        cmp bx, 16
        jb .bar
        ; a green square a byte at a time: bytes 36-50 (x 288-407), lines 280-399
        mov di, 280 * 80 + 36
        mov dx, 120
.square_line:
        mov cx, 15
.square_byte:
        mov al, [es:di]
        mov byte [es:di], 10
        inc di
        loop .square_byte
        add di, 80 - 15
        dec dx
        jnz .square_line
        ; a white frame 4 pixels in from the edges
        mov byte [colour], 15
        mov word [py], 4
        call frame_hline
        mov word [py], 475
        call frame_hline
        mov word [px], 4
        call frame_vline
        mov word [px], 635
        call frame_vline
        ; a yellow disc of radius 80 centred at (150, 340): x*x + y*y <= 6400
        mov byte [colour], 14
        mov word [off_y], -80
.disc_row:
        mov word [off_x], -80
.disc_pixel:
        mov ax, [off_x]
        imul ax
        mov bx, ax
        mov ax, [off_y]
        imul ax
        add ax, bx
        cmp ax, 6400
        ja .disc_next
        mov ax, [off_x]
        add ax, 150
        mov [px], ax
        mov ax, [off_y]
        add ax, 340
        mov [py], ax
        call plot
.disc_next:
        inc word [off_x]
        cmp word [off_x], 80
        jle .disc_pixel
        inc word [off_y]
        cmp word [off_y], 80
        jle .disc_row
        ; a magenta triangle, apex at (530, 290), base 201 wide at line 390
        mov byte [colour], 13
        mov word [off_y], 0
.tri_row:
        mov ax, [off_y]
        add ax, 290
        mov [py], ax
        mov ax, 530
        sub ax, [off_y]
        mov [px], ax
        mov cx, [off_y]
        shl cx, 1
        inc cx
.tri_pixel:
        push cx
        call plot
        pop cx
        inc word [px]
        loop .tri_pixel
        inc word [off_y]
        cmp word [off_y], 100
        jbe .tri_row
        ; back to write mode 0 and a full bit mask
        mov dx, GC
        mov ax, 0x0005
        out dx, ax
        mov ax, 0xFF08
        out dx, ax
        xor ax, ax
        mov es, ax
        mov si, ser_graphics
        call serial
        mov cx, 0x001E                  ; 2 s (1E8480h microseconds)
        mov dx, 0x8480
        call wait_us

        ; ---- text mode 03h: the closing screen
        mov ax, 0x0003
        int 0x10
        call hide_cursor
        mov bh, 0x1F
        call clear
        mov bl, 0x1A                    ; light green on blue
        call box
        mov bp, txt_done
        mov dx, 0x0412
        mov bl, 0x1F
        call print
        mov bp, txt_shown
        mov dx, 0x060A
        mov bl, 0x17
        call print
        mov bp, txt_works
        mov dx, 0x070A
        mov bl, 0x1E
        call print
        mov bp, txt_own
        mov dx, 0x090A
        mov bl, 0x17
        call print
        mov bp, txt_own2
        mov dx, 0x0A0A
        mov bl, 0x17
        call print
        mov si, ser_text_again
        call serial
        mov si, ser_done
        call serial
.drain:                                 ; the last bytes leave the UART before the halt ends the run
        mov ah, 0x03                    ; status: AH = line status, bit 6 transmitter empty
        mov dx, COM1
        int 0x14
        test ah, 0x40
        jz .drain
.end:
        cli
        hlt
        jmp .end

; ------------------------------------------------------------------ subroutines

; sends the zero-terminated string at DS:SI on COM1
serial:
        lodsb
        test al, al
        jz .done
        mov ah, 0x01
        mov dx, COM1
        int 0x14
        jmp serial
.done:
        ret

; prints the zero-terminated string at ES:BP (ES = 0) at row DH, column DL with attribute BL
print:
        push di
        mov di, bp
        xor cx, cx
.len:
        cmp byte [di], 0
        je .go
        inc di
        inc cx
        jmp .len
.go:
        mov ax, 0x1300                  ; AH=13h, AL=0: one attribute, the cursor stays
        xor bh, bh
        int 0x10
        pop di
        ret

; fills the screen with blanks of attribute BH
clear:
        mov ax, 0x0600
        xor cx, cx
        mov dx, 0x184F
        int 0x10
        ret

hide_cursor:
        mov ah, 0x01
        mov cx, 0x2000
        int 0x10
        ret

; a double-line box from row 2, column 6 to row 14, column 73 in attribute BL
box:
        mov [box_attr], bl
        mov dx, 0x0206
        mov al, 0xC9
        mov cx, 1
        call cell
        mov dx, 0x0207
        mov al, 0xCD
        mov cx, 66
        call cell
        mov dx, 0x0249
        mov al, 0xBB
        mov cx, 1
        call cell
        mov dx, 0x0E06
        mov al, 0xC8
        call cell
        mov dx, 0x0E07
        mov al, 0xCD
        mov cx, 66
        call cell
        mov dx, 0x0E49
        mov al, 0xBC
        mov cx, 1
        call cell
        mov dh, 3
.side:
        mov dl, 6
        mov al, 0xBA
        mov cx, 1
        call cell
        mov dl, 73
        call cell
        inc dh
        cmp dh, 14
        jb .side
        ret

; CX copies of AL in the box's attribute at row DH, column DL (AH=02h, then AH=09h)
cell:
        push ax
        push cx
        mov ah, 0x02
        xor bh, bh
        int 0x10
        pop cx
        pop ax
        push ax
        mov ah, 0x09
        mov bl, [box_attr]
        xor bh, bh
        int 0x10
        pop ax
        ret

; waits CX:DX microseconds of machine time
wait_us:
        mov ah, 0x86
        int 0x15
        ret

; mode 12h, write mode 2: the pixel (px, py) in colour; ES = A000h
plot:
        mov ax, [py]
        mov bx, 80
        mul bx
        mov di, ax
        mov ax, [px]
        mov cx, ax
        shr ax, 3
        add di, ax
        and cl, 7
        mov ah, 0x80
        shr ah, cl
        mov al, 0x08                    ; bit mask register
        mov dx, GC
        out dx, ax
        mov al, [es:di]                 ; load the latches: the other pixels keep their colour
        mov al, [colour]
        mov [es:di], al
        ret

; the frame's line at py from x 4 to 635
frame_hline:
        mov word [px], 4
.next:
        call plot
        inc word [px]
        cmp word [px], 635
        jbe .next
        ret

; the frame's line at px from y 4 to 475
frame_vline:
        mov word [py], 4
.next:
        call plot
        inc word [py]
        cmp word [py], 475
        jbe .next
        ret

; ------------------------------------------------------------------ data

box_attr        db 0
colour          db 0
px              dw 0
py              dw 0
off_x           dw 0
off_y           dw 0

ser_booted      db "Tessera demo disk: booted by the BIOS", 13, 10, 0
ser_text        db "Tessera demo disk: text mode 03h, 80x25, 16 colours", 13, 10, 0
ser_graphics    db "Tessera demo disk: drawn in mode 12h, 640x480, 16 colours", 13, 10, 0
ser_text_again  db "Tessera demo disk: back in text mode 03h", 13, 10, 0
ser_done        db "Tessera demo disk: the machine works; halting", 13, 10, 0

txt_title       db "Tessera - an x86 PC assembled from OSGi bundles", 0
txt_intro1      db "This is the built-in demo disk: a boot sector and a small", 0
txt_intro2      db "program of the project's own, loaded by the BIOS (INT 13h).", 0
txt_colours     db "The 16 colours of text mode 03h:", 0
txt_next        db "Next: planar graphics in mode 12h (640x480)...", 0
txt_done        db "Tessera demo disk: done", 0
txt_shown       db "Text mode 03h, 16 colours, planar graphics in mode 12h, COM1:", 0
txt_works       db "the machine works; see README.md for what else it runs.", 0
txt_own         db "A disk image of your own boots with", 0
txt_own2        db "  java -jar tessera.jar run --fda floppy.img --snapshot", 0

program_end:
PROGRAM_SECTORS equ (program_end - program + 511) / 512
        times (PROGRAM_SECTORS * 512) - (program_end - program) db 0
