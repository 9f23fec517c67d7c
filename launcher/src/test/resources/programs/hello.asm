; hello.asm - prints "hello" on port E9h and halts. Test program of ExportedJarIT.
; Run: java -jar launcher/target/tessera.jar run --load hello.bin@1000:0100
; Assemble: nasm -f bin -o hello.bin hello.asm
        bits 16
        org 0x100
        mov si, text
.next:  lodsb
        test al, al
        jz .done
        out 0xE9, al
        jmp .next
.done:  mov ax, 0x1234              ; a value the report must show
        cli
        hlt
text:   db "hello", 10, 0
