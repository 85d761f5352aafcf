#!/usr/bin/env bash
# Compares the CPU time of go vet tools package by package, on a loaded
# machine: one go vet run (with the first tool) keeps every package's .cfg
# file, then each package is analysed again by each tool in turn, in the
# order go vet started them, and the tools' user and system times are
# summed. Running the tools one after the other on the same package puts
# them under the same load, where comparing whole runs does not.
#
#   eval/replay.sh DIR 'PATTERNS' TOOL[:ENV=VALUE...] TOOL...
#   e.g. eval/replay.sh /work/corpus/caddy ./... /tmp/vetfloor /tmp/concurlint-old /tmp/concurlint
#
# Each tool reads and writes the fact files of its own copy of the
# configuration, so that each reads the facts it wrote itself. A
# tool's name (its file name) must be unique. Prints, per tool, the user,
# system and total CPU seconds and the packages where it failed. With
# KEEP=DIR, each tool's fact files are kept in DIR/NAME, to compare them
# (diff -r).
set -euo pipefail
dir=${1:?usage: eval/replay.sh DIR PATTERNS TOOL...}
read -r -a patterns <<<"${2:?usage: eval/replay.sh DIR PATTERNS TOOL...}"
shift 2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
first=${1%%:*}

# The wrapper keeps each .cfg in the order go vet starts the packages. Its
# own build ID defeats go vet's cache, whatever the tool's flags.
cat >"$work/keep" <<KEEP
#!/usr/bin/env bash
if [[ \$1 == -V=full ]]; then
	echo "keep version devel buildID=$RANDOM$RANDOM$RANDOM"
	exit
fi
cfg="\${@: -1}"
if [[ \$cfg == *.cfg ]]; then
	n=\$(mktemp -p "$work" cfg.XXXXXXXX)
	cp "\$cfg" "\$n"
	echo "\$n" >>"$work/order"
fi
exec "$first" "\$@"
KEEP
chmod +x "$work/keep"
# -work keeps go vet's fact files, which the .cfg files name.
(cd "$dir" && go vet -work -vettool="$work/keep" "${patterns[@]}" 2>"$work/vet.err" >/dev/null) || true
build=$(sed -n 's/^WORK=//p' "$work/vet.err")
trap 'rm -rf "$work" "$build"' EXIT

declare -A cpu
for spec in "$@"; do
	tool=${spec%%:*}
	name=$(basename "$tool")
	mkdir -p "$work/$name"
	cp -r "$build" "$work/$name/b"
	cpu[$name]="0 0 0"
done
while read -r cfg; do
	for spec in "$@"; do
		tool=${spec%%:*}
		name=$(basename "$tool")
		env=()
		[[ $spec == *:* ]] && IFS=: read -r -a env <<<"${spec#*:}"
		sed "s#$build/#$work/$name/b/#g" "$cfg" >"$work/$name/vet.cfg"
		rc=0
		env "${env[@]}" /usr/bin/time -f "%U %S" -o "$work/time" "$tool" "$work/$name/vet.cfg" >/dev/null 2>"$work/$name/err" || rc=$?
		# Findings make a tool exit non-zero too; they are lines that start
		# with a position.
		failed=0
		if [[ $rc -ne 0 ]] && grep -qv '^[^ ]*:[0-9][0-9]*:[0-9][0-9]*: \|^	\|^-' "$work/$name/err"; then
			failed=1
			[[ -s $work/$name.failure ]] || cp "$work/$name/err" "$work/$name.failure"
		fi
		read -r u s f <<<"${cpu[$name]}"
		cpu[$name]=$(awk -v u="$u" -v s="$s" -v f="$f" -v failed=$failed '{printf "%.2f %.2f %d", u + $1, s + $2, f + failed}' <(tail -n 1 "$work/time"))
	done
done <"$work/order"
echo "$(wc -l <"$work/order") packages"
if [[ -n ${KEEP:-} ]]; then
	for spec in "$@"; do
		name=$(basename "${spec%%:*}")
		mkdir -p "$KEEP/$name"
		(cd "$work/$name/b" && find . -name vet.out -exec cp --parents {} "$KEEP/$name/" \;)
	done
fi
for spec in "$@"; do
	name=$(basename "${spec%%:*}")
	read -r u s f <<<"${cpu[$name]}"
	printf '%s\tuser %s s\tsystem %s s\tCPU %s s\tfailed %s\n' "$spec" "$u" "$s" "$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.1f", u + s}')" "$f"
	if [[ -s $work/$name.failure ]]; then
		echo "  first failure: $(head -n 3 "$work/$name.failure")"
	fi
done
