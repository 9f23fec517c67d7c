; vgabios-03.asm - mode 03h through a real VGA BIOS's INT 10h (see vgabios.inc)
MODE equ 0x03
%include "vgabios.inc"
