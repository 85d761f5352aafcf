#!/usr/bin/env bash
# Times concurlint (standalone and as a vet tool), plain go vet and
# staticcheck on the same packages, several runs each, and prints the
# median wall time, CPU time and peak RSS, with the ratios the project
# aims at (issue 18): concurlint ≤ 1.25 × the floor of any go vet tool (go
# vet with eval/vetfloor, a tool that does nothing, run as concurlint's
# standalone mode runs go vet), ≤ 0.8 × staticcheck's wall time and ≤ its
# peak memory.
#
#   eval/bench.sh DIR [BUILD FLAGS] PATTERNS...
#   e.g. eval/bench.sh "$(go env GOROOT)/src" std
#        eval/bench.sh "$CORPUS/syncthing" -tags=noassets ./...
#
# Build flags (-tags=...) go to every tool: concurlint, go vet and
# staticcheck all take them before the patterns.
# Caches are defeated so that each run analyses: staticcheck gets a fresh
# STATICCHECK_CACHE; go vet, and concurlint which runs go vet with itself
# as the tool, a flag that changes only their cache key. The Go build cache
# stays warm for all (export data and compiled dependencies). Peak RSS is
# that of the largest process (go vet runs one per package).
set -euo pipefail
dir=${1:?usage: eval/bench.sh DIR [BUILD FLAGS] PATTERNS...}
shift
runs=${RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT

go build -o "$tools/concurlint" "$here/../cmd/concurlint"
go build -o "$tools/vetfloor" "$here/vetfloor"
GOBIN=$tools go install honnef.co/go/tools/cmd/staticcheck@v0.8.2

# measure NAME COMMAND...: runs COMMAND $runs times in $dir, records
# "wall user+sys maxrss_kb" lines in $tools/NAME.times and the last run's
# output in $tools/NAME.out.
measure() {
	local name=$1
	shift
	for _ in $(seq "$runs"); do
		local salt=$RANDOM$RANDOM
		local cmd=("${@//SALT/$salt}")
		(cd "$dir" && STATICCHECK_CACHE="$tools/sc-$salt" /usr/bin/time -f "%e %U %S %M" -o "$tools/time" "${cmd[@]}" >"$tools/$name.out" 2>/dev/null) || true
		# time prepends "Command exited with non-zero status N": findings
		# (1, or 3 for concurlint) are expected, anything else is reported.
		if grep -q "non-zero status [^13]" "$tools/time"; then
			echo "warning: $name: $(head -n 1 "$tools/time"): ${cmd[*]}" >&2
		fi
		tail -n 1 "$tools/time" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' >>"$tools/$name.times"
	done
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# Warm up, untimed: compile the dependencies (export data) and read the
# sources into the page cache, so that the first tool measured pays no more.
(cd "$dir" && go vet -printf.funcs="warm$RANDOM" "$@" >/dev/null 2>&1) || true

measure concurlint "$tools/concurlint" -json -cpupoolio.blocking=salt.FSALT "$@"
# QUICK=1 leaves out go vet with concurlint as its tool and plain go vet,
# which no goal needs: their columns are then 0.
if [[ -z ${QUICK:-} ]]; then
	measure vettool go vet -vettool="$tools/concurlint" -cpupoolio.blocking=salt.FSALT "$@"
	measure govet go vet -printf.funcs=saltSALT "$@"
else
	echo "0 0 0" >"$tools/vettool.times"
	echo "0 0 0" >"$tools/govet.times"
fi
measure vetfloor go vet -vettool="$tools/vetfloor" -vetfloor.salt=SALT "$@"
measure staticcheck "$tools/staticcheck" "$@"

printf '%-22s %10s %10s %12s\n' tool "wall (s)" "cpu (s)" "peak RSS (MB)"
declare -A wall mem
for name in concurlint vettool govet vetfloor staticcheck; do
	w=$(cut -d' ' -f1 "$tools/$name.times" | median)
	c=$(cut -d' ' -f2 "$tools/$name.times" | median)
	m=$(cut -d' ' -f3 "$tools/$name.times" | median)
	wall[$name]=$w
	mem[$name]=$m
	printf '%-22s %10s %10s %12d\n' "$name" "$w" "$c" $((m / 1024))
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; median of $runs runs; $*"
awk -v a="${wall[concurlint]}" -v b="${wall[vetfloor]}" 'BEGIN {printf "concurlint / go vet -vettool=vetfloor (does nothing) wall: %.2f (goal ≤ 1.25)\n", a / b}'
awk -v a="${wall[concurlint]}" -v b="${wall[staticcheck]}" 'BEGIN {printf "concurlint / staticcheck wall: %.2f (goal ≤ 0.8)\n", a / b}'
awk -v a="${mem[concurlint]}" -v b="${mem[staticcheck]}" 'BEGIN {printf "concurlint / staticcheck peak RSS: %.2f (goal ≤ 1)\n", a / b}'
[[ -z ${QUICK:-} ]] && awk -v a="${wall[vettool]}" -v b="${wall[govet]}" 'BEGIN {printf "go vet -vettool=concurlint / go vet wall: %.2f\n", a / b}'
# With BENCH_FINDINGS=DIR, concurlint's findings (JSON, as eval/run.sh
# keeps them) go to DIR/NAME.json, and "NAME<TAB>DIR" to DIR/roots.tsv, for
# eval/table to compare with eval/findings.tsv.
if [[ -n ${BENCH_FINDINGS:-} ]]; then
	cp "$tools/concurlint.out" "$BENCH_FINDINGS/${BENCH_NAME:?}.json"
	printf '%s\t%s\n' "$BENCH_NAME" "$dir" >>"$BENCH_FINDINGS/roots.tsv"
fi
# One row for eval/bench-corpus.sh's table.
if [[ -n ${BENCH_TSV:-} ]]; then
	printf '%s' "${BENCH_NAME:-$*}" >>"$BENCH_TSV"
	for name in concurlint vettool govet vetfloor staticcheck; do
		printf '\t%s\t%d' "${wall[$name]}" $((${mem[$name]} / 1024)) >>"$BENCH_TSV"
	done
	echo >>"$BENCH_TSV"
fi
