#!/usr/bin/env bash
# Times a go vet tool package by package: go vet runs the tool through a
# wrapper that records each package's wall time, CPU time and peak RSS,
# and whether it was analysed for its facts only (a dependency) or for
# findings (a package named by the patterns). Prints the sums, the ten
# costliest packages, the critical path (eval/critpath: the longest chain
# of imports by the processes' wall times, which no number of cores
# shortens), and keeps the per-package lines in $TIMES if set.
# CPU sums hold up on a loaded machine better than wall time does.
#
#   eval/pkgtimes.sh TOOL DIR [FLAGS] PATTERNS...
#   e.g. eval/pkgtimes.sh "$(command -v concurlint)" ~/corpus/nats-server -cpupoolio.blocking=salt.F$RANDOM ./...
#        eval/pkgtimes.sh /tmp/vetfloor ~/corpus/nats-server -vetfloor.salt=$RANDOM ./...
#
# A flag that only changes go vet's cache key (as above) makes it analyse
# every package again.
set -euo pipefail
tool=$(realpath "${1:?usage: eval/pkgtimes.sh TOOL DIR [FLAGS] PATTERNS...}")
dir=${2:?usage: eval/pkgtimes.sh TOOL DIR [FLAGS] PATTERNS...}
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
times=${TIMES:-$work/times}
: >"$times"

# The wrapper: go vet asks the tool for its version and flags, then runs it
# once per package with the package's .cfg file as the last argument.
cat >"$work/wrap" <<WRAP
#!/usr/bin/env bash
cfg="\${@: -1}"
if [[ \$cfg != *.cfg ]]; then exec "$tool" "\$@"; fi
/usr/bin/time -f "%e %U %S %M" -o "\$cfg.time" "$tool" "\$@" && rc=0 || rc=\$?
printf '%s\t%s\t%s\n' "\$(jq -r .ID "\$cfg")" "\$(jq -r .VetxOnly "\$cfg")" "\$(tail -n 1 "\$cfg.time")" >>"$times"
exit \$rc
WRAP
chmod +x "$work/wrap"

(cd "$dir" && go vet -vettool="$work/wrap" "$@" >/dev/null 2>&1) || true

awk -F'\t' '{
	split($3, t, " ")
	cpu = t[2] + t[3]
	if ($2 == "true") { deps += cpu; ndeps++ } else { roots += cpu; nroots++ }
	if (t[4] > peak) { peak = t[4]; peakpkg = $1 }
}
END {
	printf "CPU %.1f s: dependencies (facts only) %.1f s in %d packages, packages analysed %.1f s in %d\n", deps + roots, deps, ndeps, roots, nroots
	printf "largest process %d MB (%s)\n", peak / 1024, peakpkg
}' "$times"
echo "costliest packages (CPU s, peak MB):"
awk -F'\t' '{split($3, t, " "); printf "%8.2f %6d  %s%s\n", t[2] + t[3], t[4] / 1024, $1, ($2 == "true" ? " (facts only)" : "")}' "$times" | sort -rn | head -n 10

# The import graph of the same packages, for the critical path: go list
# takes the build flags (-tags=...), not the analyzers'.
list=()
for arg in "$@"; do
	[[ $arg != -* || $arg == -tags=* ]] && list+=("$arg")
done
(cd "$dir" && go list -deps -test -json=ImportPath,Imports "${list[@]}") | (cd "$(dirname "$0")/.." && go run ./eval/critpath "$times")
