; memory.asm - Tessera guest program: addressing, string instructions, stack, data movement.
;
; Load: flat binary at 0000:7C00, start with CS:IP = 0000:7C00. The program sets up its own
; segments and stack (SS:SP = 0000:7C00 outside the sections that move it). It clears the
; segments 1000h-5000h (linear 10000h-5FFFFh) first and uses only memory that it wrote.
; Output: text lines on port E9h. Ends with CLI; HLT.
;
; Addressing lines are "FORM OFFSET VALUE": OFFSET from LEA, VALUE loaded through the form after
; C0DEh was stored at that offset in the segment the form must use (0000 if the wrong segment
; or offset was read).

        bits 16
        org 0x7C00

%include "print-macros.inc"
%macro SAVESP 0                 ; spv = SP
        mov [cs:spv], sp
%endmacro
%macro HSPD 0                   ; print " " and spv - SP (how far the stack moved down)
        mov [cs:tmp], sp
        push ax
        mov ax, [cs:spv]
        sub ax, [cs:tmp]
        call sphex16
        pop ax
%endmacro

; AM name, operand, segment: prints "name OFFSET VALUE" (see above); keeps every register
%macro AM 3
        PR %1
        mov [cs:sv_eax], eax
        lea ax, %2
        call sphex16
        mov [cs:ea], ax
        mov [cs:sv_edi], edi
        mov di, ax
        mov word [%3:di], 0xC0DE
        mov edi, [cs:sv_edi]
        mov eax, [cs:sv_eax]
        mov ax, %2
        call sphex16
        mov [cs:sv_edi], edi
        mov di, [cs:ea]
        mov word [%3:di], 0
        mov edi, [cs:sv_edi]
        mov eax, [cs:sv_eax]
        NL
%endmacro

start:
        cli
        xor eax, eax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x7C00
        mov fs, ax
        mov gs, ax
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor esi, esi
        xor edi, edi
        xor ebp, ebp
        cld
        PR "memory: begin", 10
        mov dx, 0x1000          ; clear 1000:0000 .. 5000:FFFF
.clear:
        mov es, dx
        xor di, di
        mov cx, 0x4000
        xor eax, eax
        rep stosd
        add dx, 0x1000
        cmp dx, 0x6000
        jb .clear

; ================================================================ 16-bit addressing
        PR "-- addressing 16", 10
        mov ax, 0x1000
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        mov ax, 0x4000
        mov fs, ax
        mov ax, 0x5000
        mov gs, ax
        mov ax, 0x2000
        mov ss, ax
        mov sp, 0x8000
        mov bx, 0x1000
        mov si, 0x0200
        mov di, 0x0030
        mov bp, 0x0400
        AM "[bx+si]", [bx+si], ds
        AM "[bx+di]", [bx+di], ds
        AM "[bp+si]", [bp+si], ss
        AM "[bp+di]", [bp+di], ss
        AM "[si]", [si], ds
        AM "[di]", [di], ds
        AM "[d16]", [0x2345], ds
        AM "[bx]", [bx], ds
        AM "[bx+si-10]", [bx+si-0x10], ds
        AM "[bx+di+7F]", [bx+di+0x7F], ds
        AM "[bp+si+5]", [bp+si+5], ss
        AM "[bp+di-1]", [bp+di-1], ss
        AM "[si+40]", [si+0x40], ds
        AM "[di-30]", [di-0x30], ds
        AM "[bp+10]", [bp+0x10], ss
        AM "[bp]", [bp], ss
        AM "[bx-1]", [bx-1], ds
        AM "[bx+si+1234]", [bx+si+0x1234], ds
        AM "[bx+di+8000]", [bx+di+0x8000], ds
        AM "[bp+si+w10]", [word bp+si+0x10], ss
        AM "[bp+di+2000]", [bp+di+0x2000], ss
        AM "[si+5000]", [si+0x5000], ds
        AM "[di+6000]", [di+0x6000], ds
        AM "[bp+3000]", [bp+0x3000], ss
        AM "[bx+F000]", [bx+0xF000], ds
        AM "[es:bx+si]", [es:bx+si], es
        AM "[ss:bx]", [ss:bx], ss
        AM "[ds:bp+si]", [ds:bp+si], ds
        AM "[cs:si+300]", [cs:si+0x300], cs
        AM "[fs:si]", [fs:si], fs
        AM "[gs:bp+di]", [gs:bp+di], gs
        mov bx, 0xFFF0
        mov si, 0x0020
        AM "wrap [bx+si]", [bx+si], ds
        mov bp, 0xFFFF
        AM "wrap [bp+2]", [bp+2], ss

; ================================================================ 32-bit addressing
        PR "-- addressing 32", 10
        mov esp, 0x8000
        mov eax, 0x100
        mov ecx, 0x20
        mov edx, 0x3
        mov ebx, 0x1000
        mov esi, 0x200
        mov edi, 0x30
        mov ebp, 0x400
        AM "[eax]", [eax], ds
        AM "[ebx+ecx*4]", [ebx+ecx*4], ds
        AM "[esi+edx*8+10]", [esi+edx*8+0x10], ds
        AM "[ebp+ecx*2-4]", [ebp+ecx*2-4], ss
        AM "[esp+4]", [esp+4], ss
        AM "[esp]", [esp], ss
        AM "[ebp]", [ebp], ss
        AM "[ebp+esi]", [ebp+esi], ss
        AM "[esi+ebp]", [esi+ebp], ds
        AM "[d32]", [dword 0x2345], ds
        AM "[ecx*8+100]", [ecx*8+0x100], ds
        AM "[edi+ebx]", [edi+ebx], ds
        AM "[eax+eax*2]", [eax+eax*2], ds
        AM "[ebx+esi+4000]", [ebx+esi+0x4000], ds
        AM "[fs:eax+ecx]", [fs:eax+ecx], fs
        AM "[gs:esi*4]", [gs:esi*4], gs
        AM "[ss:ebx]", [ss:ebx], ss
        AM "[es:ebp+8]", [es:ebp+8], es
        PR "modrm d32"
        mov word [0x2345], 0x6789
        mov dx, [dword 0x2345]  ; 67 8B 15 d32
        H16 dx
        mov word [0x2345], 0
        NL
        PR "lea"
        mov ebx, 0x80000000
        mov ecx, 0x10000001
        lea eax, [ebx+ecx*8+0x12345678]
        H32 eax
        mov eax, 0xFFFFFFFF
        lea ax, [ebx+ecx*8+0x12345678]
        H32 eax
        mov bx, 0xFFF0
        mov si, 0x0020
        mov eax, 0xFFFFFFFF
        lea eax, [bx+si+0x10]
        H32 eax
        lea dx, [bp+di+0x1234]  ; bp = 0400, di = 0030
        H16 dx
        NL
        ; back to the normal stack and registers
        xor ax, ax
        mov ss, ax
        mov esp, 0x7C00
        xor eax, eax
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor esi, esi
        xor edi, edi
        xor ebp, ebp

; ================================================================ string instructions
        PR "-- strings", 10
        xor ax, ax
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        ; MOVSB forward
        PR "movsb fwd"
        mov si, str1
        mov di, 0x0100
        mov cx, str1_len
        rep movsb
        mov ax, si
        sub ax, str1
        call sphex16
        H16 di
        H16 cx
        mov si, 0x0100
        mov cx, str1_len
        call ptext
        NL
        ; MOVSW backward
        PR "movsw bwd"
        mov si, str2 + 8
        mov di, 0x0208
        mov cx, 5
        std
        rep movsw
        cld
        mov ax, si
        sub ax, str2
        call sphex16
        H16 di
        H16 cx
        mov si, 0x0200
        mov cx, 10
        call ptext
        NL
        ; overlapping MOVSB forward: the pattern repeats
        PR "movsb overlap fwd"
        call initbuf            ; DS = ES = 3000h, buffer at 0300h
        mov si, 0x0300
        mov di, 0x0303
        mov cx, 10
        rep movsb
        H16 si
        H16 di
        mov si, 0x0300
        mov cx, 16
        call ptext
        NL
        ; overlapping MOVSW, one byte apart: each element reads before it writes
        PR "movsw overlap fwd"
        call initbuf
        mov si, 0x0300
        mov di, 0x0301
        mov cx, 4
        rep movsw
        mov si, 0x0300
        mov cx, 16
        call ptext
        NL
        ; overlapping MOVSB backward: a correct memmove
        PR "movsb overlap bwd"
        call initbuf
        mov si, 0x0309
        mov di, 0x030C
        mov cx, 10
        std
        rep movsb
        cld
        H16 si
        H16 di
        mov si, 0x0300
        mov cx, 16
        call ptext
        NL
        ; MOVSD
        PR "movsd"
        xor ax, ax
        mov ds, ax
        mov si, str3
        mov di, 0x0400
        mov cx, 3
        rep movsd
        mov ax, si
        sub ax, str3
        call sphex16
        H16 di
        mov si, 0x0400
        mov cx, 12
        call ptext
        NL
        ; LODS
        PR "lodsb sum"
        mov si, str4            ; "Hello"
        mov cx, 5
        xor bx, bx
.lods:
        lodsb
        xor ah, ah
        add bx, ax
        loop .lods
        H16 bx
        mov ax, si
        sub ax, str4
        call sphex16
        NL
        PR "lodsw/lodsd"
        mov si, str3
        lodsw
        H16 ax
        lodsd
        H32 eax
        std
        lodsw                   ; the word at str3+6, then SI moves back by 2
        cld
        H16 ax
        mov ax, si
        sub ax, str3
        call sphex16
        NL
        PR "fs lodsb"
        mov byte [fs:0x0010], 0x77 ; FS = 4000h
        mov byte [es:0x0010], 0x33
        mov si, 0x0010
        mov ax, 0x3000
        mov ds, ax              ; DS:0010 = 33h, FS:0010 = 77h
        mov al, 0
        fs lodsb
        H8 al
        dec si
        lodsb
        H8 al
        xor ax, ax
        mov ds, ax
        NL
        ; STOS
        PR "stos"
        mov di, 0x0500
        mov al, 'x'
        mov cx, 5
        rep stosb
        H16 di
        mov ax, 'yz'            ; stored "yz"
        mov di, 0x050A
        mov cx, 2
        std
        rep stosw               ; words at 050Ah and 0508h
        cld
        H16 di
        mov eax, 'abcd'
        mov di, 0x050C
        mov cx, 2
        rep stosd
        H16 di
        mov ax, es
        mov ds, ax
        mov si, 0x0500
        mov cx, 20
        call ptext
        xor ax, ax
        mov ds, ax
        NL
        ; SCAS
        mov si, str5            ; "Hello, world"
        mov di, 0x0600
        mov cx, str5_len
        rep movsb
        PR "repne scasb"
        mov al, ','
        mov di, 0x0600
        mov cx, 12
        repne scasb
        HF 0x8D5
        H16 di
        H16 cx
        mov al, 'z'
        mov di, 0x0600
        mov cx, 12
        repne scasb
        HF 0x040
        H16 di
        H16 cx
        NL
        PR "repe scasb"
        mov dword [es:0x0620], '   a'
        mov word [es:0x0624], 'bc'
        mov al, ' '
        mov di, 0x0620
        mov cx, 6
        repe scasb
        HF 0x8D5
        H16 di
        H16 cx
        NL
        PR "repne scasw"
        mov ax, 'o,'            ; the word "o,"
        mov di, 0x0600
        mov cx, 6
        repne scasw
        HF 0x040
        H16 di
        H16 cx
        NL
        PR "std repne scasb"
        mov al, 'l'
        mov di, 0x060B
        mov cx, 12
        std
        repne scasb
        cld
        HF 0x040
        H16 di
        H16 cx
        NL
        ; CMPS
        mov si, str6b           ; "abcxef" to ES:0700
        mov di, 0x0700
        mov cx, 6
        rep movsb
        mov si, str6c           ; "xyzdqq" to ES:0710
        mov di, 0x0710
        mov cx, 6
        rep movsb
        mov si, str6a           ; "abcdef" to ES:0720
        mov di, 0x0720
        mov cx, 6
        rep movsb
        PR "repe cmpsb"
        mov si, str6a
        mov di, 0x0700
        mov cx, 6
        repe cmpsb
        HF 0x8D5
        mov ax, si
        sub ax, str6a
        call sphex16
        H16 di
        H16 cx
        NL
        PR "repne cmpsb"
        mov si, str6a
        mov di, 0x0710
        mov cx, 6
        repne cmpsb
        HF 0x8D5
        mov ax, si
        sub ax, str6a
        call sphex16
        H16 di
        H16 cx
        NL
        PR "repe cmpsd equal"
        mov si, str6a
        mov di, 0x0720
        mov cx, 1
        repe cmpsd
        HF 0x8D5
        H16 cx
        NL
        PR "std repe cmpsw"
        mov si, str6a + 4       ; "ef" vs "ef", then "cd" vs "cx"
        mov di, 0x0704
        mov cx, 3
        std
        repe cmpsw
        cld
        HF 0x8D5
        mov ax, si
        sub ax, str6a
        call sphex16
        H16 di
        H16 cx
        NL
        PR "gs cmpsb"
        mov byte [gs:0x0040], 0x20 ; GS = 5000h
        mov byte [es:0x0040], 0x30
        mov ax, 0x1000
        mov ds, ax
        mov byte [ds:0x0040], 0x30
        mov si, 0x0040
        mov di, 0x0040
        gs cmpsb                ; 20h - 30h (DS would give 30h - 30h)
        HF 0x8D5
        xor ax, ax
        mov ds, ax
        NL
        PR "rep cx=0"
        mov al, 0x80
        add al, 0x80            ; OF ZF PF CF
        mov si, str6a
        mov di, 0x0700
        mov cx, 0
        repe cmpsb
        HF 0x8D5
        rep movsb
        mov ax, si
        sub ax, str6a
        call sphex16
        H16 di
        NL
        ; address size: a 16-bit REP counts with CX only, a 32-bit one with ECX, ESI, EDI
        PR "a16 rep ecx"
        mov ecx, 0x00010003
        mov si, str1
        mov di, 0x0800
        rep movsb
        H32 ecx
        NL
        PR "a32 rep movsb"
        mov esi, str4
        mov edi, 0x0810
        mov ecx, 5
        a32 rep movsb
        mov eax, esi
        sub eax, str4
        call sphex32
        H32 edi
        H32 ecx
        push ds
        mov ax, es
        mov ds, ax
        mov si, 0x0810
        mov cx, 5
        call ptext
        pop ds
        NL
        xor esi, esi
        xor edi, edi

; ================================================================ XLAT
        PR "xlat"
        mov bx, xtab
        mov al, 0x0C
        xlatb
        H8 al
        mov byte [es:xtab + 5], 'Z'
        mov al, 5
        es xlatb
        H8 al
        mov ebx, xtab
        mov al, 0x0F
        a32 xlatb
        H8 al
        NL

; ================================================================ far pointers
        PR "lds/les/lfs/lgs"
        lds si, [cs:fptr]
        H16 ds
        H16 si
        les di, [cs:fptr + 4]
        H16 es
        H16 di
        lfs bx, [cs:fptr]
        H16 fs
        H16 bx
        lgs dx, [cs:fptr + 4]
        H16 gs
        H16 dx
        lds esi, [cs:fptr32]
        H16 ds
        H32 esi
        NL
        PR "lss"
        mov [cs:oldstack], sp
        mov [cs:oldstack + 2], ss
        lss sp, [cs:newstack]   ; 2000:9000
        mov ax, ss
        call sphex16
        mov [cs:tmp], sp
        H16 [cs:tmp]
        push word 0xBEEF
        mov ax, 0x2000
        mov es, ax
        H16 [es:0x8FFE]
        lss sp, [cs:oldstack]
        mov ax, ss
        call sphex16
        mov [cs:tmp], sp
        H16 [cs:tmp]
        NL
        xor ax, ax
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        mov ax, 0x4000
        mov fs, ax
        mov ax, 0x5000
        mov gs, ax
        xor esi, esi

; ================================================================ PUSH / POP
        PR "-- stack", 10
        PR "push imm"
        SAVESP
        push byte -5
        HSPD
        pop ax
        H16 ax
        push word 0x1234
        pop ax
        H16 ax
        SAVESP
        push dword 0x89ABCDEF
        HSPD
        pop eax
        H32 eax
        SAVESP
        o32 push byte -1
        HSPD
        pop eax
        H32 eax
        NL
        PR "push reg/mem"
        mov ebx, 0xCAFEF00D
        push ebx
        pop ecx
        H32 ecx
        push bx
        pop dx
        H16 dx
        push word [cs:var16]
        pop ax
        H16 ax
        push dword [cs:var32]
        pop eax
        H32 eax
        push word 0x5555
        pop word [cs:var16b]
        H16 [cs:var16b]
        push dword 0x66667777
        pop dword [cs:var32b]
        H32 [cs:var32b]
        mov bx, var16b
        push word 0xABCD
        pop word [bx]           ; DS = 0
        H16 [cs:var16b]
        NL
        PR "push sreg"
        mov ax, 0x1000
        mov ds, ax
        SAVESP
        push es
        push cs
        push ss
        push ds
        push fs
        push gs
        HSPD
        pop ax                  ; gs
        H16 ax
        pop ax                  ; fs
        H16 ax
        pop ax                  ; ds
        H16 ax
        pop ax                  ; ss
        H16 ax
        pop ax                  ; cs
        H16 ax
        pop ax                  ; es
        H16 ax
        NL
        PR "pop sreg"
        push word 0x1111
        pop ds
        push word 0x2222
        pop es
        push word 0x4444
        pop fs
        push word 0x5555
        pop gs
        H16 ds
        H16 es
        H16 fs
        H16 gs
        SAVESP
        o32 push fs
        HSPD
        o32 pop gs              ; pops 4 bytes, loads the low word
        HSPD
        H16 gs
        NL
        xor ax, ax
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        mov ax, 0x4000
        mov fs, ax
        mov ax, 0x5000
        mov gs, ax
        PR "push sp"
        SAVESP
        push sp                 ; the 286 and later push the value before the push
        pop ax
        sub ax, [cs:spv]
        call sphex16
        o32 push esp
        pop eax
        mov [cs:tmp], sp
        sub ax, [cs:tmp]
        call sphex16
        mov ax, sp
        sub ax, 0x20
        push ax
        pop sp                  ; SP = the value popped
        HSPD
        add sp, 0x20
        HSPD
        NL
        PR "pop [esp]"
        SAVESP
        push word 0x1111
        push word 0x2222
        pop word [esp]          ; the address is computed after ESP was incremented
        HSPD
        pop ax
        H16 ax
        HSPD
        NL

; ================================================================ PUSHA / POPA
        PR "pusha"
        mov ax, 0xA0A0
        mov cx, 0xC1C1
        mov dx, 0xD2D2
        mov bx, 0xB3B3
        mov bp, 0xB5B5
        mov si, 0x5656
        mov di, 0xD7D7
        SAVESP
        pusha
        HSPD
        mov bp, sp
        H16 [bp + 0]            ; DI
        H16 [bp + 2]            ; SI
        H16 [bp + 4]            ; BP
        mov ax, [cs:spv]
        sub ax, [bp + 6]        ; SP as it was before PUSHA: 0
        call sphex16
        H16 [bp + 8]            ; BX
        H16 [bp + 10]           ; DX
        H16 [bp + 12]           ; CX
        H16 [bp + 14]           ; AX
        NL
        PR "popa"
        mov word [bp + 6], 0x1234 ; ignored by POPA
        mov word [bp + 14], 0x0A0A
        xor ax, ax
        xor cx, cx
        xor dx, dx
        xor bx, bx
        xor bp, bp
        xor si, si
        xor di, di
        popa
        HSPD
        H16 ax
        H16 cx
        H16 dx
        H16 bx
        H16 bp
        H16 si
        H16 di
        NL
        PR "pushad/popad"
        mov eax, 0xA0A0A0A0
        mov ecx, 0xC1C1C1C1
        mov edx, 0xD2D2D2D2
        mov ebx, 0xB3B3B3B3
        mov ebp, 0xB5B5B5B5
        mov esi, 0x56565656
        mov edi, 0xD7D7D7D7
        SAVESP
        pushad
        HSPD
        mov bp, sp
        H32 [bp + 0]            ; EDI
        H32 [bp + 28]           ; EAX
        mov ax, [cs:spv]
        sub ax, [bp + 12]       ; ESP before PUSHAD
        call sphex16
        H16 [bp + 14]           ; its upper half: 0
        mov dword [bp + 8], 0x12345678 ; EBP
        xor eax, eax
        xor ebp, ebp
        popad
        HSPD
        H32 eax
        H32 ebp
        H32 edi
        NL
        xor eax, eax
        xor ebx, ebx
        xor ecx, ecx
        xor edx, edx
        xor esi, esi
        xor edi, edi
        xor ebp, ebp

; ================================================================ ENTER / LEAVE
        ; an outer frame at BP = 7000h holding the display F1F1h, F2F2h below it
        mov word [ss:0x6FFE], 0xF1F1
        mov word [ss:0x6FFC], 0xF2F2
        PR "enter 6,0"
        mov bp, 0x7000
        SAVESP
        enter 6, 0
        mov ax, [cs:spv]
        sub ax, bp
        call sphex16            ; 2: BP = SP after pushing BP
        HSPD                    ; 8
        H16 [bp]                ; the old BP
        leave
        H16 bp
        HSPD
        NL
        PR "enter 4,1"
        mov bp, 0x7000
        SAVESP
        enter 4, 1
        mov ax, [cs:spv]
        sub ax, bp
        call sphex16            ; 2
        HSPD                    ; 8
        H16 [bp]                ; old BP
        mov ax, [cs:spv]
        sub ax, [bp - 2]
        call sphex16            ; the new frame pointer: 2
        leave
        H16 bp
        HSPD
        NL
        PR "enter 8,3"
        mov bp, 0x7000
        SAVESP
        enter 8, 3
        mov ax, [cs:spv]
        sub ax, bp
        call sphex16            ; 2
        HSPD                    ; 10
        H16 [bp]                ; old BP
        H16 [bp - 2]            ; F1F1
        H16 [bp - 4]            ; F2F2
        mov ax, [cs:spv]
        sub ax, [bp - 6]
        call sphex16            ; 2
        leave
        H16 bp
        HSPD
        NL

; ================================================================ exchange, extension, swaps
        PR "xchg"
        mov ax, 0x1111
        mov bx, 0x2222
        xchg ax, bx
        H16 ax
        H16 bx
        mov cx, 0x1234
        xchg cl, ch
        H16 cx
        mov eax, 0x11112222
        mov edx, 0x33334444
        xchg eax, edx
        H32 eax
        H32 edx
        mov si, 0x5A5A
        xchg [cs:var16], si
        H16 si
        H16 [cs:var16]
        xchg [cs:var16], si     ; put it back
        NL
        PR "movzx/movsx"
        mov bl, 0x80
        mov eax, 0xFFFFFFFF
        movzx ax, bl
        H32 eax
        movsx ax, bl
        H32 eax
        mov bx, 0x8001
        movzx eax, bx
        H32 eax
        movsx eax, bx
        H32 eax
        movsx eax, byte [cs:var8]
        H32 eax
        movzx ecx, byte [cs:var8]
        H32 ecx
        movsx edx, word [cs:var16]
        H32 edx
        NL
        PR "bswap"
        mov eax, 0x12345678
        bswap eax
        H32 eax
        mov edi, 0xA1B2C3D4
        bswap edi
        H32 edi
        NL
        PR "xadd"
        mov ax, 0x7FFF
        mov bx, 0x0001
        xadd ax, bx
        HF 0x8D5
        H16 ax
        H16 bx
        mov word [cs:var16b], 0x1000
        mov cx, 0x0234
        xadd [cs:var16b], cx
        H16 [cs:var16b]
        H16 cx
        mov al, 0x41
        xadd al, al
        HF 0x8D5
        H8 al
        mov ecx, 0xFFFFFFFF
        mov edx, 0x00000002
        xadd ecx, edx
        HF 0x8D5
        H32 ecx
        H32 edx
        NL
        PR "cmpxchg"
        mov byte [cs:var8b], 0x10
        mov al, 0x10
        mov bl, 0x99
        cmpxchg [cs:var8b], bl  ; equal: stores BL
        HF 0x8D5
        H8 al
        H8 [cs:var8b]
        mov al, 0x11
        cmpxchg [cs:var8b], bl  ; not equal: AL = 99h
        HF 0x8D5
        H8 al
        H8 [cs:var8b]
        mov ax, 0x1234
        mov cx, 0x1234
        mov dx, 0x5678
        cmpxchg cx, dx
        HF 0x8D5
        H16 ax
        H16 cx
        mov ax, 1
        mov cx, 2
        cmpxchg cx, dx
        HF 0x8D5
        H16 ax
        H16 cx
        xor eax, eax
        mov ebx, 0x01020304
        cmpxchg [cs:var32c], ebx ; DEADBEEFh
        HF 0x8D5
        H32 eax
        H32 [cs:var32c]
        NL
        PR "cbw/cwd/cwde/cdq"
        mov ax, 0x1280
        cbw
        H16 ax
        mov ax, 0xFF7F
        cbw
        H16 ax
        mov ax, 0x8000
        mov dx, 0x1234
        cwd
        H16 dx
        mov ax, 0x7FFF
        cwd
        H16 dx
        mov eax, 0x12348000
        cwde
        H32 eax
        mov eax, 0x80000000
        cdq
        H32 edx
        mov eax, 0x7FFFFFFF
        cdq
        H32 edx
        NL

; ================================================================ MOV forms
        PR "mov moffs/sreg"
        mov word [es:0x0900], 0x4321
        mov ax, [es:0x0900]     ; 26 A1
        H16 ax
        mov al, 0x9C
        mov [fs:0x0902], al     ; 64 A2
        H8 [fs:0x0902]
        mov eax, [cs:var32]     ; 66 2E A1
        H32 eax
        mov bx, es
        H16 bx
        mov ax, 0x1234
        mov es, ax
        H16 es
        mov [cs:var16b], fs
        H16 [cs:var16b]
        mov eax, 0xFFFFFFFF
        mov ax, cs
        H32 eax
        NL

        PR "memory: end", 10
halt:
        cli
        hlt
        jmp halt

; ---------------------------------------------------------------- helpers
; DS = ES = 3000h, "0123456789ABCDEF" at 0300h
initbuf:
        push ax
        push cx
        push si
        push di
        xor ax, ax
        mov ds, ax
        mov ax, 0x3000
        mov es, ax
        mov si, hexdigits
        mov di, 0x0300
        mov cx, 16
        cld
        rep movsb
        mov ds, ax
        pop di
        pop si
        pop cx
        pop ax
        ret

; prints " " and CX characters at ES:SI, "." for a control character (keeps registers, uses
; no DF)
ptext:
        push ax
        push cx
        push si
        mov al, ' '
        out 0xE9, al
        jcxz .e
.l:
        mov al, [es:si]
        cmp al, 0x20
        jb .dot
        cmp al, 0x7F
        jb .out
.dot:
        mov al, '.'
.out:
        out 0xE9, al
        inc si
        loop .l
.e:
        pop si
        pop cx
        pop ax
        ret

; ---------------------------------------------------------------- output (port E9h)
%include "print.inc"

; ---------------------------------------------------------------- data
str1:   db "Hello, strings!"
str1_len equ $ - str1
str2:   db "ABCDEFGHIJ"
str3:   db "ABCDEFGHIJKL"
str4:   db "Hello"
str5:   db "Hello, world"
str5_len equ $ - str5
str6a:  db "abcdef"
str6b:  db "abcxef"
str6c:  db "xyzdqq"
hexdigits:
xtab:   db "0123456789ABCDEF"
fptr:   dw 0x1234, 0x5678, 0x9ABC, 0xDEF0
fptr32: dd 0x89ABCDEF
        dw 0x4321
newstack: dw 0x9000, 0x2000
oldstack: dw 0, 0
        align 4
var32:  dd 0x87654321
var32b: dd 0
var32c: dd 0xDEADBEEF
var16:  dw 0xF00D
var16b: dw 0
var8:   db 0xF0
var8b:  db 0
        align 4
sv_eax: dd 0
sv_edi: dd 0
ea:     dw 0
spv:    dw 0
tmp:    dw 0
