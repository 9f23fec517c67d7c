; diskwrite-halt.asm - see diskwrite.inc: writes sector 2 of its floppy, then CLI; HLT.
%define HALT
%include "diskwrite.inc"
