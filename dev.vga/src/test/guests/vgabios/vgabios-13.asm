; vgabios-13.asm - mode 13h through a real VGA BIOS's INT 10h (see vgabios.inc)
MODE equ 0x13
%include "vgabios.inc"
