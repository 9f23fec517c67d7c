; loop.asm - an endless loop (jmp $), for --max-instructions, --max-seconds and Ctrl-C.
; Test program of ExportedJarIT. Assemble: nasm -f bin -o loop.bin loop.asm
        bits 16
        org 0x100
        jmp $
