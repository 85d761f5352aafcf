#!/usr/bin/env bash
# Where concurlint's CPU goes beyond the floor of any go vet tool: runs go
# vet on the same packages with eval/vetfloor (a tool that does nothing)
# and with concurlint, each under perf (analysis caches defeated by a flag
# that changes only go vet's cache key), and prints the samples of each
# tool's processes, then the functions whose inclusive samples grow most
# from the floor to concurlint (a function's samples count every sample
# with it on the stack).
#
#   eval/perfdiff.sh DIR [BUILD FLAGS] PATTERNS...
#   e.g. eval/perfdiff.sh /work/corpus/nsq ./...
#
# TOP=N prints N functions (default 40). perf must be installed and allowed
# to record (perf_event_paranoid ≤ 1, or root).
set -euo pipefail
dir=${1:?usage: eval/perfdiff.sh DIR [BUILD FLAGS] PATTERNS...}
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/concurlint" "$here/../cmd/concurlint"
go build -o "$work/vetfloor" "$here/vetfloor"
# Warm up, untimed: the dependencies' export data in the build cache.
(cd "$dir" && go vet -printf.funcs="warm$RANDOM" "$@" >/dev/null 2>&1) || true

# record TOOL SALT_FLAG PATTERNS...: perf over go vet with TOOL, then
# TOOL's processes' inclusive samples per function in $work/TOOL.incl
# ("function samples") and their total in $work/TOOL.total. perf gives
# shares of all the samples recorded (the go command's too), hence the
# grand total.
record() {
	local tool=$1 salt=$2
	shift 2
	(cd "$dir" && perf record -q -e cpu-clock -F 2000 -g -o "$work/$tool.data" -- \
		go vet -vettool="$work/$tool" "$salt" "$@" >/dev/null 2>&1) || true
	local line
	line=$(perf report -i "$work/$tool.data" --comm "$tool" -n --sort comm -g none 2>/dev/null | awk '!/^#/ && /%/' | head -n 1)
	awk '{print $3}' <<<"$line" >"$work/$tool.total"
	perf report -i "$work/$tool.data" --comm "$tool" --children --sort symbol -g none 2>/dev/null |
		awk -v total="$(awk '{share = $1; sub("%", "", share); printf "%d", $3 * 100 / share}' <<<"$line")" '!/^#/ && /%/ {
			share = $1; sub("%", "", share)
			printf "%s %d\n", $4, share * total / 100
		}' | sort >"$work/$tool.incl"
}
record vetfloor "-vetfloor.salt=$RANDOM$RANDOM" "$@"
record concurlint "-cpupoolio.blocking=salt.F$RANDOM$RANDOM" "$@"

floor=$(cat "$work/vetfloor.total")
tool=$(cat "$work/concurlint.total")
echo "samples (2000 per CPU-second): no-op tool $floor, concurlint $tool, excess $((tool - floor))"
printf '%10s %10s %10s  %s\n' excess floor concurlint function
join -a 2 -e 0 -o 0,1.2,2.2 "$work/vetfloor.incl" "$work/concurlint.incl" |
	awk '{printf "%10d %10d %10d  %s\n", $3 - $2, $2, $3, $1}' |
	sort -rn | head -n "${TOP:-40}"
