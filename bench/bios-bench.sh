#!/usr/bin/env bash
# The benchmark guests of ../shared/bench booted from their floppy images on the built-in BIOS
# (tessera.jar run --fda IMG --snapshot): checks the checksum each prints and reports net guest
# MIPS as the bench README defines it, (N_full - N_1) / (t_full - t_1), from the instruction counts
# and times the launcher reports, median of RUNS (default 3) per variant.
#
#   bench/bios-bench.sh [RUNS]        (needs a built launcher and ../shared/bench)
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$top/../shared}"
runs="${1:-3}"
jar="$top/launcher/target/tessera.jar"
[ -f "$jar" ] || { echo "build the launcher first: mvn -B -q install -DskipTests" >&2; exit 2; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

one() {  # image -> "instructions seconds", checks the checksum
    java -jar "$jar" run --fda "$1" --snapshot --debugcon "$tmp/e9" --max-seconds 120 2>&1 \
        | sed -n 's/^\([0-9]*\) instructions in \([0-9.]*\) s.*/\1 \2/p'
    grep -q "CSUM=$2" "$tmp/e9" || { echo "$(basename "$1"): expected CSUM=$2, got: $(cat "$tmp/e9")" >&2; exit 1; }
}

for v in a:1F1BDFA8:BEE29FC4 b:1F1BDFA8:BEE29FC4 c:C768:DA43; do
    IFS=: read -r name full one_sum <<< "$v"
    gunzip -c "$shared/bench/bench-$name.img.gz" > "$tmp/$name.img"
    gunzip -c "$shared/bench/bench-${name}1.img.gz" > "$tmp/${name}1.img"
    : > "$tmp/net"
    for i in $(seq "$runs"); do
        f="$(one "$tmp/$name.img" "$full")"
        o="$(one "$tmp/${name}1.img" "$one_sum")"
        awk -v a="$f" -v b="$o" 'BEGIN { split(a, f, " "); split(b, o, " "); printf "%.1f\n", (f[1] - o[1]) / (f[2] - o[2]) / 1e6 }' >> "$tmp/net"
    done
    echo "bench-$name: net MIPS $(sort -n "$tmp/net" | tr '\n' ' ')-> median $(sort -n "$tmp/net" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
done
