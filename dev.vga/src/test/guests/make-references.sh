#!/usr/bin/env bash
# Makes the reference pictures of the VGA guest programs with QEMU (not run by CI; CI compares
# against the committed pictures).
#
#   make-references.sh [NAME...]   default: every NAME.asm of this folder with a NAME.bin
#
# For each guest: the image is padded to a 1.44 MB floppy and booted by QEMU's SeaBIOS with the
# standard VGA (-vga std); port E9h goes to a file through isa-debugcon. When the guest has
# printed its end marker "done", the monitor's screendump writes the screen; the PPM becomes
# ../resources/vga-reference/NAME.png (and NAME.e9.txt, QEMU's port E9h output, beside it for
# comparison with NAME.expected). A guest states the size of its picture in a comment line
# "; picture: WIDTHxHEIGHT"; QEMU's larger pictures of the low-resolution modes (mode 13h as
# 640x400) are reduced to it by ppm2png.py, which checks that every block is of one colour.
# For guests that blink (text), a second screendump 700 ms later
# is kept as NAME-2.png when it differs (the other blink phase).
#
# Needs qemu-system-i386 and python3 (standard library only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../resources/vga-reference"
qemu=${QEMU:-qemu-system-i386}

if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "make-references.sh: skipped: $qemu is not installed (Debian: apt-get install -y qemu-system-x86)" >&2
    exit 0
fi
command -v python3 >/dev/null 2>&1 || { echo "make-references.sh: python3 is needed" >&2; exit 2; }

mkdir -p "$out"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for asm in "$here"/*.asm; do
        n="$(basename "$asm" .asm)"
        [ -f "$here/$n.bin" ] && names+=("$n")
    done
fi

tmp="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

monitor() { # command...: sends a line to the QEMU monitor socket
    python3 - "$tmp/mon.sock" "$*" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.settimeout(2)
try:
    s.recv(4096)
except socket.timeout:
    pass
s.sendall((sys.argv[2] + "\n").encode())
time.sleep(0.5)
try:
    s.recv(65536)
except (socket.timeout, ConnectionResetError):
    pass
s.close()
PY
}

for n in "${names[@]}"; do
    bin="$here/$n.bin"
    [ -f "$bin" ] || { echo "make-references.sh: $bin is missing (run build.sh)" >&2; exit 2; }
    cp "$bin" "$tmp/floppy.img"
    truncate -s 1474560 "$tmp/floppy.img"
    rm -f "$tmp/e9.txt" "$tmp/mon.sock"
    "$qemu" -display none -vga std -m 16 -no-reboot \
        -drive file="$tmp/floppy.img",format=raw,if=floppy \
        -boot a \
        -chardev file,id=e9,path="$tmp/e9.txt" -device isa-debugcon,iobase=0xe9,chardev=e9 \
        -monitor unix:"$tmp/mon.sock",server,nowait &
    pid=$!
    for _ in $(seq 1 300); do
        [ -f "$tmp/e9.txt" ] && grep -q '^done$' "$tmp/e9.txt" && break
        sleep 0.1
    done
    if ! grep -q '^done$' "$tmp/e9.txt" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        echo "make-references.sh: $n did not print 'done' within 30 s" >&2
        exit 1
    fi
    sleep 0.5
    monitor "screendump $tmp/$n.ppm"
    sleep 0.7
    monitor "screendump $tmp/$n-2.ppm"
    monitor "quit"
    wait "$pid" 2>/dev/null || true
    cp "$tmp/e9.txt" "$out/$n.e9.txt"
    size="$(sed -n 's/^; picture: \([0-9]*x[0-9]*\).*/\1/p' "$here/$n.asm" | head -1)"
    [ -n "$size" ] || { echo "make-references.sh: $n.asm has no '; picture: WxH' line" >&2; exit 2; }
    # "; ninth column black: ROW:COL-COL,..." (text.asm): cells of characters B0h-BFh, whose
    # ninth column QEMU fills against the documentation (see ppm2png.py)
    ninth="$(sed -n 's/^; ninth column black: \([0-9:,-]*\).*/\1/p' "$here/$n.asm" | head -1)"
    python3 "$here/ppm2png.py" "$tmp/$n.ppm" "$out/$n.png" "$size" $ninth
    rm -f "$out/$n-2.png"
    if ! cmp -s "$tmp/$n.ppm" "$tmp/$n-2.ppm"; then
        python3 "$here/ppm2png.py" "$tmp/$n-2.ppm" "$out/$n-2.png" "$size" $ninth
    fi
    echo "$n: $(head -c 20 "$tmp/$n.ppm" | sed -n 2p | tr -d '\n') -> $out/$n.png$( [ -f "$out/$n-2.png" ] && echo " and $n-2.png")"
done
