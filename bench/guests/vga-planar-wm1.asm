; write mode 1 variant of the planar drawing benchmark (see vga-planar.inc)
WRITE_MODE equ 1
%include "vga-planar.inc"
