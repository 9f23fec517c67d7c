#!/usr/bin/env bash
# Makes the reference pictures of the guests that draw through a real VGA BIOS (not run by CI;
# CI compares against the committed pictures).
#
#   make-references.sh [NAME...]   default: every NAME.asm of this folder with a NAME.bin
#
# Each guest is one boot sector. QEMU's ISA PC (-M isapc, -vga std) boots it from a floppy after
# its SeaBIOS has run the SeaVGABIOS for an ISA VGA, the same ROM file Tessera is given
# (/usr/share/seabios/vgabios-isavga.bin): the pictures are that VGA BIOS's work on QEMU's VGA.
# Once the guest has printed "done" on port E9h, the monitor's screendump writes the screen,
# and ../ppm2png.py reduces it to the mode's resolution (QEMU doubles mode 13h) as
# ../../resources/vga-reference/NAME.png.
#
# Needs qemu-system-i386 and python3 (standard library only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../../resources/vga-reference"
qemu=${QEMU:-qemu-system-i386}
if ! command -v "$qemu" >/dev/null 2>&1; then
    echo "make-references.sh: skipped: $qemu is not installed (Debian: apt-get install -y qemu-system-x86)" >&2
    exit 0
fi
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
    for asm in "$here"/*.asm; do
        n="$(basename "$asm" .asm)"
        [ -f "$here/$n.bin" ] && names+=("$n")
    done
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

for n in "${names[@]}"; do
    case "$n" in
        *-03) size=720x400 ;;
        *-12) size=640x480 ;;
        *-13) size=320x200 ;;
        *) echo "make-references.sh: $n: no picture size for this mode" >&2; exit 2 ;;
    esac
    rm -f "$tmp/e9.txt" "$tmp/mon.sock"
    cp "$here/$n.bin" "$tmp/floppy.img"
    truncate -s 1474560 "$tmp/floppy.img"
    "$qemu" -M isapc -display none -vga std -m 16 -no-reboot \
        -drive file="$tmp/floppy.img",format=raw,if=floppy -boot a \
        -chardev file,id=e9,path="$tmp/e9.txt" -device isa-debugcon,iobase=0xe9,chardev=e9 \
        -monitor unix:"$tmp/mon.sock",server,nowait &
    pid=$!
    for _ in $(seq 1 200); do grep -q done "$tmp/e9.txt" 2>/dev/null && break; sleep 0.1; done
    grep -q done "$tmp/e9.txt" || { kill "$pid"; echo "make-references.sh: $n did not print done" >&2; exit 1; }
    sleep 0.3
    python3 - "$tmp/mon.sock" "$tmp/$n.ppm" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(sys.argv[1])
s.settimeout(2)
try:
    s.recv(4096)
except socket.timeout:
    pass
s.sendall(("screendump " + sys.argv[2] + "\n").encode())
time.sleep(0.8)
s.sendall(b"quit\n")
time.sleep(0.3)
PY
    wait "$pid" || true
    python3 "$here/../ppm2png.py" "$tmp/$n.ppm" "$out/$n.png" "$size"
    echo "$n: $out/$n.png ($size)"
done
