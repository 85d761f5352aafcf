#!/usr/bin/env bash
# tracebench.sh measures concurlint confirm on a large trace (at least 50 MB
# by default), against go tool trace -d=parsed on the same file.
#
#   eval/tracebench.sh [MIN_MB]        # from the module root
#
# It builds concurlint and testdata/confirm/misuse, runs the example with a
# growing -scale until its trace reaches MIN_MB, then reports throughput (MB/s)
# and peak RSS (from /usr/bin/time -v) of both tools. The trace is written to
# a temporary directory and removed at the end; never commit it.
set -euo pipefail

min_mb=${1:-50}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$root"
go build -o "$work/concurlint" ./cmd/concurlint
go build -o "$work/misuse" ./testdata/confirm/misuse

# The trace grows a little faster than -scale (leaked goroutines are restated
# in every generation): about 0.1 MB per unit at 50 MB. Grow until big enough.
scale=$(( min_mb * 10 + 10 ))
while :; do
	GOMAXPROCS=2 "$work/misuse" -scale "$scale" -trace "$work/big.trace"
	size=$(stat -c %s "$work/big.trace")
	if (( size >= min_mb * 1000000 )); then break; fi
	scale=$(( scale * (min_mb * 1000000) / size + scale / 10 + 1 ))
	echo "trace of $size bytes is too small; retrying with -scale $scale" >&2
done
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1e6 }')
echo "trace: $mb MB (-scale $scale)"

# measure NAME CMD...: prints wall seconds, MB/s and peak RSS of one run.
measure() {
	local name=$1; shift
	/usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$work/time.txt")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
	awk -v n="$name" -v w="$wall" -v r="$rss" -v s="$size" \
		'BEGIN { printf "%-28s %7.2f s  %7.1f MB/s  peak RSS %6.1f MB\n", n, w, s / 1e6 / w, r / 1024 }'
	echo "$wall $rss" >"$work/$name.m"
}

measure confirm "$work/concurlint" confirm -trace "$work/big.trace" -json ./testdata/confirm/misuse
measure go-tool-trace-parsed go tool trace -d=parsed "$work/big.trace"

read -r cw cr <"$work/confirm.m"
read -r gw gr <"$work/go-tool-trace-parsed.m"
awk -v cw="$cw" -v gw="$gw" -v cr="$cr" -v gr="$gr" \
	'BEGIN { printf "confirm / go tool trace: time %.2fx, peak RSS %.2fx\n", cw / gw, cr / gr }'
