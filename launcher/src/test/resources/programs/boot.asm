; boot.asm - a 512-byte boot sector: prints "boot sector, DL=00" on port E9h and halts.
; Test program of ExportedJarIT. Run: java -jar launcher/target/tessera.jar run --floppy boot.img
; Assemble: nasm -f bin -o boot.img boot.asm
        bits 16
        org 0x7C00
        mov si, text
.next:  lodsb
        test al, al
        jz .drive
        out 0xE9, al
        jmp .next
.drive: mov al, dl                  ; the boot drive, two hex digits
        shr al, 4
        call hexdigit
        mov al, dl
        and al, 0x0F
        call hexdigit
        mov al, 10
        out 0xE9, al
        cli
        hlt
hexdigit:
        add al, '0'
        cmp al, '9'
        jbe .out
        add al, 7
.out:   out 0xE9, al
        ret
text:   db "boot sector, DL=", 0
        times 510 - ($ - $$) db 0
        dw 0xAA55
