; write mode 0 variant of the planar drawing benchmark (see vga-planar.inc)
WRITE_MODE equ 0
%include "vga-planar.inc"
