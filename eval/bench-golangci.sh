#!/usr/bin/env bash
# Times golangci-lint on the same packages with its `standard` linters,
# and with the standard linters plus concurlint's module plugin, several
# runs each, and prints the median wall time, CPU time and peak RSS with
# the ratios the project aims at: adding concurlint costs at most 10% more
# wall time and 10% more peak memory.
#
#   eval/bench-golangci.sh DIR [-tags=TAGS] PATTERNS...
#   e.g. eval/bench-golangci.sh ~/corpus/caddy ./...
#
# Build tags are given as to go vet (-tags=noassets, as eval/corpus.tsv
# lists them) and handed to golangci-lint as its --build-tags.
# Both runs use one binary: golangci-lint built with the plugin from the
# module proxy (integration/golangci, as .ci/integration-golangci does).
# golangci-lint's analysis cache is defeated (a fresh GOLANGCI_LINT_CACHE
# per run); the Go build cache stays warm. The project's own golangci
# configuration is not read: each run is given one of its own.
set -euo pipefail
dir=${1:?usage: eval/bench-golangci.sh DIR [-tags=TAGS] PATTERNS...}
shift
lint=()
if [[ ${1:-} == -tags=* ]]; then
	lint=("--build-tags=${1#-tags=}")
	shift
fi
runs=${RUNS:-3}
here=$(cd "$(dirname "$0")" && pwd)
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT

(cd "$here/../integration/golangci" && go build -o "$tools/golangci-lint" .)

# config NAME [PLUGIN]: writes $tools/NAME.yml, the standard linters, and
# concurlint's plugin too if PLUGIN is given. golangci-lint v2 enables every
# module plugin that linters.settings.custom declares, whatever `enable`
# says, so the run without concurlint must not declare it.
config() {
	{
		cat <<YAML
version: "2"
run:
  tests: true
linters:
  default: standard
YAML
		if [[ -n ${2:-} ]]; then
			cat <<YAML
  enable: [concurlint]
  settings:
    custom:
      concurlint:
        type: module
        description: concurrency misuse
YAML
		fi
		cat <<YAML
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
YAML
	} >"$tools/$1.yml"
}
config standard
config concurlint plugin
# Each configuration runs the linters it is named for: concurlint only in
# its own.
for name in standard concurlint; do
	want=without has=without
	[[ $name == concurlint ]] && want=with
	if (cd "$dir" && "$tools/golangci-lint" linters -c "$tools/$name.yml") | sed -n '/^Enabled/,/^$/p' | grep -q '^concurlint:'; then
		has=with
	fi
	if [[ $has != "$want" ]]; then
		echo "eval/bench-golangci.sh: configuration $name runs $has concurlint" >&2
		exit 1
	fi
done

# measure NAME: runs golangci-lint with $tools/NAME.yml $runs times in $dir,
# records "wall user+sys maxrss_kb" lines in $tools/NAME.times.
measure() {
	local name=$1
	shift
	for _ in $(seq "$runs"); do
		local cache
		cache=$(mktemp -d -p "$tools")
		(cd "$dir" && GOLANGCI_LINT_CACHE=$cache /usr/bin/time -f "%e %U %S %M" -o "$tools/time" \
			"$tools/golangci-lint" run -c "$tools/$name.yml" --show-stats=false "${lint[@]}" "$@" >/dev/null 2>&1) || true
		# 1 is "issues found"; anything else is a failure worth a look.
		if grep -q "non-zero status [^1]" "$tools/time"; then
			echo "warning: $name: $(head -n 1 "$tools/time")" >&2
		fi
		tail -n 1 "$tools/time" | awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' >>"$tools/$name.times"
		rm -rf "$cache"
	done
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# Warm up, untimed: one run of the standard linters leaves the export data
# of every dependency, tests' included, in the build cache (go build alone
# leaves the tests' out, and the first timed run paid for them: nsq's 10.8 s
# against 7.5 s).
runs=1 measure standard "$@"
rm "$tools/standard.times"

measure standard "$@"
measure concurlint "$@"

printf '%-28s %10s %10s %14s\n' "golangci-lint linters" "wall (s)" "cpu (s)" "peak RSS (MB)"
declare -A wall mem
for name in standard concurlint; do
	w=$(cut -d' ' -f1 "$tools/$name.times" | median)
	c=$(cut -d' ' -f2 "$tools/$name.times" | median)
	m=$(cut -d' ' -f3 "$tools/$name.times" | median)
	wall[$name]=$w
	mem[$name]=$m
	label=$name
	[[ $name == concurlint ]] && label="standard + concurlint"
	printf '%-28s %10s %10s %14d\n' "$label" "$w" "$c" $((m / 1024))
done
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; median of $runs runs; ${lint[*]} $*"
awk -v a="${wall[concurlint]}" -v b="${wall[standard]}" 'BEGIN {printf "wall with concurlint / without: %.2f (goal ≤ 1.10)\n", a / b}'
awk -v a="${mem[concurlint]}" -v b="${mem[standard]}" 'BEGIN {printf "peak RSS with concurlint / without: %.2f (goal ≤ 1.10)\n", a / b}'
# One row for eval/bench-corpus.sh's table (GOLANGCI=1).
if [[ -n ${BENCH_TSV:-} ]]; then
	printf '%s' "${BENCH_NAME:-$*}" >>"$BENCH_TSV"
	for name in standard concurlint; do
		printf '\t%s\t%d' "${wall[$name]}" $((${mem[$name]} / 1024)) >>"$BENCH_TSV"
	done
	echo >>"$BENCH_TSV"
fi
