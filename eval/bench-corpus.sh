#!/usr/bin/env bash
# Runs eval/bench.sh on every project of eval/corpus.tsv checked out under
# CORPUS (as for eval/run.sh; $ONLY restricts to the named projects), then
# prints the table of docs/performance.md: per project, median wall time and largest
# process's peak RSS of each tool, and the goal ratios of issue 18:
# concurlint against the floor of any tool run by go vet (eval/vetfloor,
# which does nothing) and against staticcheck.
#
#   RUNS=3 eval/bench-corpus.sh "$CORPUS"
#
# QUICK=1 times only what the goals need (see eval/bench.sh).
# GOLANGCI=1 runs eval/bench-golangci.sh instead, and prints the table of
# golangci-lint's standard linters with and without concurlint; std is left
# out (golangci-lint does not take the std pattern: exit status 7), and
# FINDINGS=1 is refused (golangci-lint's runs keep no findings to compare).
# With FINDINGS=1, concurlint's findings of each project are compared with
# eval/findings.tsv as eval/run.sh does (eval/table rewrites it: git diff
# shows what changed), so that one run both times the tools and checks
# that the findings are the same.
set -euo pipefail
corpus=${1:?usage: eval/bench-corpus.sh CORPUS_DIR}
here=$(cd "$(dirname "$0")" && pwd)
rows=$(mktemp)
findings=$(mktemp -d)
trap 'rm -rf "$rows" "$findings"' EXIT
[[ -n ${FINDINGS:-} ]] && export BENCH_FINDINGS=$findings

# shellcheck source=eval/corpus.bash
source "$here/corpus.bash"
bench=$here/bench.sh
if [[ -n ${GOLANGCI:-} ]]; then
	if [[ -n ${FINDINGS:-} ]]; then
		echo "eval/bench-corpus.sh: FINDINGS=1 compares concurlint's own findings; it cannot go with GOLANGCI=1" >&2
		exit 2
	fi
	bench=$here/bench-golangci.sh
fi
while IFS=$'\t' read -r name dir args; do
	if [[ -n ${GOLANGCI:-} && $name == std ]]; then
		echo "skip std: golangci-lint does not take the std pattern" >&2
		continue
	fi
	echo "== $name" >&2
	# shellcheck disable=SC2086 # args are a list: build flags, patterns
	BENCH_NAME=$name BENCH_TSV=$rows "$bench" "$dir" $args >&2 </dev/null
done < <(corpus_checkouts "$corpus")

if [[ -n ${GOLANGCI:-} ]]; then
	echo "| project | standard | standard + concurlint | ratio (≤ 1.10) | standard RSS | standard + concurlint RSS | ratio (≤ 1.10) |"
	echo "|---|---|---|---|---|---|---|"
	awk -F'\t' '{
		printf "| %s | %.1f s | %.1f s | %.2f | %d MB | %d MB | %.2f |\n", $1, $2, $4, $4 / $2, $3, $5, $5 / $3
	}' "$rows"
	echo
	echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; median of ${RUNS:-3} runs; peak RSS of the process"
	exit
fi

echo "| project | concurlint | no-op vet tool | ratio (≤ 1.25) | staticcheck | ratio (≤ 0.8) | concurlint RSS | staticcheck RSS | ratio (≤ 1) | go vet -vettool=concurlint | go vet |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
awk -F'\t' '
function secs(s) { return s > 0 ? sprintf("%.1f s", s) : "-" } # 0: not measured (QUICK)
{
	printf "| %s | %.1f s | %.1f s | %.2f | %.1f s | %.2f | %d MB | %d MB | %.2f | %s | %s |\n",
		$1, $2, $8, $2 / $8, $10, $2 / $10, $3, $11, $3 / $11, secs($4), secs($6)
}' "$rows"
echo
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; median of ${RUNS:-3} runs; peak RSS of the largest process"
if [[ -n ${FINDINGS:-} ]]; then
	go run "$here/table" -out "$findings" -findings "$here/findings.tsv" -judgements "$here/judgements.tsv" >&2
fi
