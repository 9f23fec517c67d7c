#!/usr/bin/env bash
# Assembles every guest program of a folder: NAME.asm -> NAME.bin (nasm -f bin). Shared by the
# folders of guest programs (cpu.core, dev.vga and bench guests), whose build.sh calls it.
#
#   build-guests.sh DIR          reassemble every .asm into its .bin
#   build-guests.sh DIR --check  reassemble into a temporary folder and verify that every
#                                committed .bin is identical to the fresh image; exits 1 when one
#                                is missing or differs
#
# Needs nasm (Debian: apt-get install -y nasm).
set -euo pipefail

[ $# -ge 1 ] && [ -d "$1" ] || { echo "usage: $0 DIR [--check]" >&2; exit 2; }
here="$(cd "$1" && pwd)"
mode=build
case "${2:-}" in
    "") ;;
    --check) mode=check ;;
    *) echo "usage: $0 DIR [--check]" >&2; exit 2 ;;
esac

if ! command -v nasm >/dev/null 2>&1; then
    echo "build-guests.sh: nasm is not installed (apt-get install -y nasm)" >&2
    exit 2
fi

shopt -s nullglob
sources=("$here"/*.asm)
if [ ${#sources[@]} -eq 0 ]; then
    echo "build-guests.sh: no .asm in $here" >&2
    exit 2
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

failed=0
for asm in "${sources[@]}"; do
    name="$(basename "$asm" .asm)"
    fresh="$tmp/$name.bin"
    # assemble from the folder so that relative includes would resolve the same way
    if ! (cd "$here" && nasm -f bin -o "$fresh" "$name.asm"); then
        echo "build-guests.sh: $name.asm does not assemble" >&2
        failed=1
        continue
    fi
    if [ "$mode" = build ]; then
        cp "$fresh" "$here/$name.bin"
        echo "$name.bin: $(stat -c %s "$fresh") bytes"
    elif [ ! -f "$here/$name.bin" ]; then
        echo "build-guests.sh --check: $name.bin is missing: run build.sh and commit it" >&2
        failed=1
    elif ! cmp -s "$fresh" "$here/$name.bin"; then
        echo "build-guests.sh --check: $name.bin differs from a fresh assembly of $name.asm: run build.sh and commit it" >&2
        failed=1
    else
        echo "$name.bin: up to date"
    fi
done

for bin in "$here"/*.bin; do
    name="$(basename "$bin" .bin)"
    if [ ! -f "$here/$name.asm" ]; then
        echo "build-guests.sh: $name.bin has no $name.asm" >&2
        [ "$mode" = check ] && failed=1
    fi
done

exit $failed
