; triple.asm - a triple fault in real mode: with an IDT limit of 0, INT 3 raises #GP (the vector
; lies beyond the limit), whose delivery raises a double fault, whose delivery shuts the CPU
; down. Test program of ExportedJarIT. Assemble: nasm -f bin -o triple.bin triple.asm
        bits 16
        org 0x100
        lidt [empty]
        int3
        hlt                          ; not reached
empty:  dw 0                         ; limit 0
        dd 0                         ; base 0
