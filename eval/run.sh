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
# rows of findings.tsv are kept as they were. With DETERMINISM=1 each
# project is analysed twice, go vet's cache defeated by a flag that changes
# nothing else, and the run fails unless the two outputs are identical.
set -euo pipefail
corpus=${1:?usage: eval/run.sh CORPUS_DIR}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
go build -o "$out/concurlint" "$here/../cmd/concurlint"

# shellcheck source=eval/corpus.bash
source "$here/corpus.bash"
while IFS=$'\t' read -r name dir patterns; do
	echo "== $name" >&2
	salt=()
	r=$RANDOM$RANDOM
	[[ -n ${DETERMINISM:-} ]] && salt=("-cpupoolio.blocking=salt.F${r}a")
	# shellcheck disable=SC2086 # patterns are a list
	(cd "$dir" && "$out/concurlint" -json "${salt[@]}" $patterns >"$out/$name.json" </dev/null) || {
		echo "concurlint failed on $name" >&2
		exit 1
	}
	if [[ -n ${DETERMINISM:-} ]]; then
		# shellcheck disable=SC2086
		(cd "$dir" && "$out/concurlint" -json -cpupoolio.blocking=salt.F${r}b $patterns >"$out/$name.again.json" </dev/null)
		if ! cmp -s "$out/$name.json" "$out/$name.again.json"; then
			echo "concurlint's output on $name differs between two runs" >&2
			diff "$out/$name.json" "$out/$name.again.json" | head -20 >&2
			exit 1
		fi
		echo "$name: two runs, identical output" >&2
	fi
	echo "$name	$dir" >>"$out/roots.tsv"
done < <(corpus_checkouts "$corpus")

go run "$here/table" -out "$out" -findings "$here/findings.tsv" -judgements "$here/judgements.tsv"
