#!/usr/bin/env bash
# Guest monitor overhead on bench-b (../shared/bench): net guest MIPS of the whole machine
# (launcher/target/tessera.jar) without the monitor and with the monitor watching the guest's page
# directory, page tables and IDT (--monitor paging --monitor-set idt=notify), runs interleaved,
# median of RUNS (default 5). Net MIPS = (N_full - N_1) / (t_full - t_1) as the bench README
# defines it, from the instruction counts and times the launcher reports.
#
#   bench/monitor-overhead.sh [RUNS]        (needs nasm, a built launcher and ../shared/bench)
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$top/../shared}"
runs="${1:-5}"
jar="$top/launcher/target/tessera.jar"
[ -f "$jar" ] || { echo "build the launcher first: mvn -B -q install -DskipTests" >&2; exit 2; }
[ -f "$shared/bench/boot32.asm" ] || { echo "no $shared/bench/boot32.asm" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$shared/bench" && nasm -f bin -DITERS=1600 -DPAGING boot32.asm -o "$tmp/full.bin" \
    && nasm -f bin -DITERS=1 -DPAGING boot32.asm -o "$tmp/one.bin")

# prints "instructions seconds" of one run
one() {
    java -jar "$jar" run --load "$1@0000:8000" --debugcon "$tmp/$(basename "$1").e9" "${@:2}" 2>&1 \
        | sed -n 's/^\([0-9]*\) instructions in \([0-9.]*\) s.*/\1 \2/p'
}

net() {  # full-run and one-iteration "instructions seconds" -> net MIPS
    awk -v a="$1" -v b="$2" 'BEGIN { split(a, f, " "); split(b, o, " "); printf "%.1f", (f[1] - o[1]) / (f[2] - o[2]) / 1e6 }'
}

monitor=(--monitor paging --monitor-set idt=notify)
: > "$tmp/off"; : > "$tmp/on"
for i in $(seq "$runs"); do
    off="$(net "$(one "$tmp/full.bin")" "$(one "$tmp/one.bin")")"
    on="$(net "$(one "$tmp/full.bin" "${monitor[@]}")" "$(one "$tmp/one.bin" "${monitor[@]}")")"
    grep -q "CSUM=1F1BDFA8" "$tmp/full.bin.e9" || { echo "wrong checksum: $(cat "$tmp/full.bin.e9")" >&2; exit 1; }
    echo "run $i: without the monitor $off, with it $on net MIPS"
    echo "$off" >> "$tmp/off"; echo "$on" >> "$tmp/on"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "bench-b median of $runs: without the monitor $(median "$tmp/off"), with the monitor (page tables and IDT watched) $(median "$tmp/on") net MIPS"
