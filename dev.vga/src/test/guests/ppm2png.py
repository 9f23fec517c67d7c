#!/usr/bin/env python3
"""ppm2png.py IN.ppm OUT.png [WIDTHxHEIGHT [NINTH]]: a binary PPM (P6, maxval 255) of QEMU's screendump as an 8-bit
RGB PNG with the project's expansion of the DAC's 6-bit values.

Every colour of a VGA screen comes from the DAC, whose values have 6 bits. QEMU widens a value v
to 8 bits as (v << 2) | (v & 1) * 3; the project (issue 5) as (v << 2) | (v >> 4). Both put v in
the upper six bits, so each channel c of QEMU's picture is read back as v = c >> 2 and written as
(v << 2) | (v >> 4).

With a size, a picture that is an integer multiple of it (QEMU shows mode 13h at 640x400, every
pixel as a 2x2 block) is reduced to it: each block must be of one colour (else the script fails),
and its colour is kept.

NINTH (text pictures of 9x16 cells) lists cells as ROW:COLUMN-COLUMN,... whose ninth pixel column
is made black: QEMU repeats the eighth column into the ninth for characters B0h-DFh, IBM's VGA
documentation (attribute mode control bit 2, line graphics enable) only for C0h-DFh; the cells
given hold characters B0h-BFh on a black background.

Standard library only (zlib for the compressed data, struct and binascii for the chunks).
"""
import binascii
import struct
import sys
import zlib


def read_ppm(path):
    data = open(path, "rb").read()
    fields = []
    pos = 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            while data[pos:pos + 1] not in (b"\n", b""):
                pos += 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        fields.append(data[start:pos])
    if fields[0] != b"P6" or int(fields[3]) != 255:
        raise SystemExit(path + ": not a P6 PPM with maxval 255")
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:pos + 1 + width * height * 3]
    if len(pixels) != width * height * 3:
        raise SystemExit(path + ": truncated")
    return width, height, pixels


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", binascii.crc32(kind + body) & 0xFFFFFFFF)


def write_png(path, width, height, pixels):
    rows = b"".join(b"\x00" + pixels[y * width * 3:(y + 1) * width * 3] for y in range(height))
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(rows, 9))
    png += chunk(b"IEND", b"")
    open(path, "wb").write(png)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4, 5):
        raise SystemExit("usage: ppm2png.py IN.ppm OUT.png [WIDTHxHEIGHT [ROW:COL-COL,...]]")
    w, h, px = read_ppm(sys.argv[1])
    if len(sys.argv) == 4:
        tw, th = (int(v) for v in sys.argv[3].split("x"))
        if w % tw or h % th:
            raise SystemExit("%s: %dx%d is no multiple of %dx%d" % (sys.argv[1], w, h, tw, th))
        sx, sy = w // tw, h // th
        out = bytearray()
        for y in range(th):
            for x in range(tw):
                p = px[((y * sy) * w + x * sx) * 3:((y * sy) * w + x * sx) * 3 + 3]
                for dy in range(sy):
                    for dx in range(sx):
                        i = ((y * sy + dy) * w + x * sx + dx) * 3
                        if px[i:i + 3] != p:
                            raise SystemExit("%s: the %dx%d block at %d,%d is not of one colour" % (sys.argv[1], sx, sy, x, y))
                out += p
        w, h, px = tw, th, bytes(out)
    if len(sys.argv) == 5:
        px = bytearray(px)
        for item in sys.argv[4].split(","):
            row, cols = item.split(":")
            first, last = (int(v) for v in cols.split("-"))
            for col in range(first, last + 1):
                for y in range(int(row) * 16, int(row) * 16 + 16):
                    i = (y * w + col * 9 + 8) * 3
                    px[i:i + 3] = b"\x00\x00\x00"
        px = bytes(px)
    widen = bytes(((c >> 2) << 2) | (c >> 6) for c in range(256))
    write_png(sys.argv[2], w, h, px.translate(widen))
