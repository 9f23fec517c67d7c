; diskwrite-spin.asm - see diskwrite.inc: writes sector 2 of its floppy, then spins until stopped from outside.
%include "diskwrite.inc"
