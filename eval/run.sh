#!/usr/bin/env bash
# Runs concurlint on every project of eval/corpus.tsv that is checked out
# under CORPUS (one directory per project name, at the listed commit), then
# writes eval/findings.tsv and prints the precision per analyzer from
# eval/judgements.tsv.
#
#   git clone https://github.com/prometheus/prometheus "$CORPUS/prometheus"
#   git -C "$CORPUS/prometheus" checkout d15adb9ad7e5d9fbde3a9a8f30200593a5a14d86
#   eval/run.sh "$CORPUS"
#
# The standard library needs no checkout. Projects missing from CORPUS, or
# not named in $ONLY when it is set ("std restic"), are skipped, and their
# rows of findings.tsv are kept as they were.
set -euo pipefail
corpus=${1:?usage: eval/run.sh CORPUS_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/concurlint" "$here/../cmd/concurlint"

while IFS=$'\t' read -r name repo commit patterns; do
	[[ -z $name || $name == \#* ]] && continue
	[[ -n ${ONLY:-} && " $ONLY " != *" $name "* ]] && continue
	dir="$corpus/$name"
	[[ $name == std ]] && dir=$(go env GOROOT)/src
	if [[ ! -d $dir ]]; then
		echo "skip $name: no checkout at $dir" >&2
		continue
	fi
	echo "== $name" >&2
	# shellcheck disable=SC2086 # patterns are a list
	(cd "$dir" && "$out/concurlint" -json $patterns >"$out/$name.json") || {
		echo "concurlint failed on $name" >&2
		exit 1
	}
	echo "$name	$dir" >>"$out/roots.tsv"
done <"$here/corpus.tsv"

go run "$here/table" -out "$out" -findings "$here/findings.tsv" -judgements "$here/judgements.tsv"
