#!/usr/bin/env bash
# FreeDOS from ../shared/guests booted to its prompt on each BIOS: the built-in one, the Bochs BIOS
# with the LGPL VGA BIOS, SeaBIOS with SeaVGABIOS (Debian's bochsbios, vgabios, seabios). For each
# floppy and hard disk run (tessera.jar run ... --snapshot --until PROMPT) prints the machine time
# and the wall time at the prompt (the launcher's report: JVM start and machine assembly are not in
# it), the instructions and the MIPS; the median of RUNS (default 3) by wall time.
#
#   bench/boot-times.sh [RUNS]        (needs a built launcher and ../shared/guests)
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$top/../shared}"
runs="${1:-3}"
jar="$top/launcher/target/tessera.jar"
[ -f "$jar" ] || { echo "build the launcher first: mvn -B -q install -DskipTests" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
gunzip -c "$shared/guests/freedos.boot.disk.1.4MB.img.gz" > "$tmp/fd.img"
gunzip -c "$shared/guests/freedos-hd32m.img.gz" > "$tmp/hd.img"

firmware() {
    case "$1" in
        builtin) ;;
        bochs) echo "--bios /usr/share/bochs/BIOS-bochs-latest --vgabios /usr/share/vgabios/vgabios.bin" ;;
        seabios) echo "--bios /usr/share/seabios/bios.bin --vgabios /usr/share/seabios/vgabios-isavga.bin" ;;
    esac
}

for bios in builtin bochs seabios; do
    for disk in "floppy:--fda $tmp/fd.img --boot a:A:\\>" "harddisk:--hda $tmp/hd.img --boot c:C:\\>"; do
        IFS=: read -r name drive prompt <<< "$disk"
        : > "$tmp/runs"
        for i in $(seq "$runs"); do
            # shellcheck disable=SC2046
            java -jar "$jar" run $(firmware "$bios") $drive --snapshot --until "$prompt" --max-seconds 120 2>&1 \
                | sed -n 's/^\([0-9]*\) instructions in \([0-9.]*\) s (\([0-9.]*\) MIPS), machine time \([0-9.]*\) s/\2 \4 \1 \3/p' \
                >> "$tmp/runs"
        done
        sort -n "$tmp/runs" | awk -v b="$bios" -v n="$name" '{ r[NR] = $0 } END {
            split(r[int((NR + 1) / 2)], m, " ");
            printf "%-8s %-9s prompt after %8.3f s machine time, %6.3f s wall, %11d instructions, %6.1f MIPS\n", b, n, m[2], m[1], m[3], m[4] }'
    done
done
