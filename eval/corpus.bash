# Sourced by the eval scripts: the projects of eval/corpus.tsv to work on.

# corpus_checkouts CORPUS_DIR prints "name<TAB>dir<TAB>arguments" for each
# project of corpus.tsv checked out under CORPUS_DIR/name (the standard
# library is GOROOT's), and named in $ONLY when it is set ("std restic").
# The arguments are the project's build flags, if any, then its patterns,
# as concurlint, go vet and staticcheck all take them.
corpus_checkouts() {
	local corpus=$1 name flags patterns dir
	while IFS=$'\t' read -r name _ _ flags patterns; do
		[[ -z $name || $name == \#* ]] && continue
		[[ -n ${ONLY:-} && " $ONLY " != *" $name "* ]] && continue
		dir="$corpus/$name"
		[[ $name == std ]] && dir=$(go env GOROOT)/src
		if [[ ! -d $dir ]]; then
			echo "skip $name: no checkout at $dir" >&2
			continue
		fi
		[[ $flags == - ]] && flags=
		printf '%s\t%s\t%s\n' "$name" "$dir" "${flags:+$flags }$patterns"
	done <"$(dirname "${BASH_SOURCE[0]}")/corpus.tsv"
}
