; vgabios-12.asm - mode 12h through a real VGA BIOS's INT 10h (see vgabios.inc)
MODE equ 0x12
%include "vgabios.inc"
